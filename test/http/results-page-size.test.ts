// Issue 15, point 8: the results page of a catalogue of 10,000 practices stays under 60 KB of HTML.
// Most of it used to be the full facet lists (300 municipalities as checkboxes); now each facet shows
// its most frequent values and the municipalities have a page of their own.
import { expect } from 'chai';
import request from 'supertest';
import { importSyntheticCatalogue } from '../support/synthetic-catalogue.js';
import { useTestApp } from '../support/test-app.js';

const PRACTICES = 10_000;
const LIMIT_BYTES = 60 * 1024;

describe('the results page at 10,000 practices', function () {
  this.timeout(180_000);
  const t = useTestApp();

  before('import 10,000 synthetic practices', async function () {
    this.timeout(180_000);
    await importSyntheticCatalogue(t, PRACTICES);
  });

  // Searches of the benchmark's mix with and without filters, and browsing everything. The index of
  // 10,000 is still being built in the background: these are words the provisional scan finds too.
  for (const query of ['', 'q=zorg', 'q=zorg&province=limburg', 'q=armoede&municipality=11002&municipality=44021', 'q=gezinscoaches&targetGroup=gezinnen-jonge-kinderen&scale=lokaal', 'pageSize=20&sort=title']) {
    it(`is at most 60 KB of HTML for /praktijken?${query}`, async () => {
      const res = await request(t.app).get(`/praktijken?${query}`).expect(200);
      const bytes = Buffer.byteLength(res.text);
      expect(res.text).to.contain('class="result"');
      expect(bytes, `${(bytes / 1024).toFixed(1)} KB`).to.be.at.most(LIMIT_BYTES);
    });
  }

  it('lists every municipality of the result on the page "toon alle gemeenten", grouped by province', async () => {
    const res = await request(t.app).get('/praktijken/filters/municipality').expect(200);
    const groups = res.text.match(/<fieldset class="facet-list__group"/g) ?? [];
    expect(groups).to.have.length(5);
    expect((res.text.match(/name="municipality"/g) ?? []).length).to.be.greaterThan(250);
  });
});
