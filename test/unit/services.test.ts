// The services behind the app: what they do on their own, without a request.
import { join } from 'node:path';
import { expect } from 'chai';
import { loadConfig } from '../../src/config.js';
import { parseSearchQuery } from '../../src/domain/search-query.js';
import { openServices, type Services } from '../../src/services.js';
import { captureLog } from '../support/log-capture.js';
import { makeTempDir, openStore, practiceInput, removeTempDir } from './fixtures.js';

describe('openServices', function () {
  this.timeout(20_000);
  let dir: string;
  let services: Services | undefined;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => {
    services?.close();
    removeTempDir(dir);
  });

  it('finds practices another process published (an import while the app runs) within the poll interval', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_PATH: join(dir, 'praktijkbank.sqlite') });
    services = openServices(config, captureLog().logger, { cataloguePollMs: 50 });
    const query = parseSearchQuery({ q: 'schaapherder' });
    if (!query.ok) throw new Error('a valid query');
    expect(services.catalogue.search(query.query).total).to.equal(0);

    // A second connection to the same file, as `npm run import` has.
    const other = openStore(dir);
    other.practices.insert({ slug: 'schaapherder-in-de-wijk', status: 'published', input: practiceInput({ title: 'Een schaapherder in de wijk' }) });
    other.db.close();

    const start = Date.now();
    while (services.catalogue.search(query.query).total === 0) {
      if (Date.now() - start > 5_000) throw new Error('the catalogue did not find the practice within 5 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(services.catalogue.search(query.query).items[0]?.practice.slug).to.equal('schaapherder-in-de-wijk');
  });
});
