// GET /healthz as a load balancer or monitor reads it: the database and the search index, in JSON.
import { expect } from 'chai';
import request from 'supertest';
import { practiceInput } from '../support/practices.js';
import { useTestApp } from '../support/test-app.js';

describe('GET /healthz', function () {
  this.timeout(20_000);
  const t = useTestApp({ per: 'test', serverErrors: 'allow' });

  it('answers 200 with the database and the index state, uncached and without a session', async () => {
    const res = await request(t.app).get('/healthz').expect(200).expect('Content-Type', /json/);
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(res.headers['set-cookie']).to.equal(undefined);
    expect(res.body).to.include({ status: 'ok', practices: 16 });
    expect(res.body.database).to.deep.include({ status: 'ok', journalMode: 'wal', synchronous: 'full' });
    expect(res.body.database.schemaVersion).to.be.at.least(4);
    expect(res.body.index).to.include({ version: res.body.catalogueVersion, provisional: false });
    expect(res.body.index).to.have.keys(['version', 'mainIndexVersion', 'pendingChanges', 'rebuilding', 'persisted', 'provisional']);
  });

  it('shows a change waiting for the merge into the main index', async () => {
    t.services.practices.insert({ slug: 'nieuw-voor-de-index', status: 'published', input: practiceInput({ title: 'Nieuw voor de index' }) });
    await t.services.catalogue.refreshInBackground();
    const { body } = await request(t.app).get('/healthz').expect(200);
    expect(body.practices).to.equal(17);
    expect(body.index.pendingChanges).to.be.at.least(1);
    await t.services.catalogue.settled();
    const after = await request(t.app).get('/healthz').expect(200);
    expect(after.body.index).to.include({ pendingChanges: 0, mainIndexVersion: after.body.catalogueVersion });
  });

  it('answers 503 "unavailable" when the database cannot be read', async () => {
    t.services.db.close();
    const res = await request(t.app).get('/healthz').expect(503);
    expect(res.body.status).to.equal('unavailable');
    expect(res.body.database.status).to.equal('error');
  });
});
