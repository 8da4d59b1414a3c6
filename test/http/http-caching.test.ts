// HTTP caching of public answers: a catalogue-version ETag and a 304 before any work, a minute in a
// shared cache; nothing personal (a moderator's view, a page with a session's token) is ever public.
import { expect } from 'chai';
import request from 'supertest';
import { PRIVATE_CACHE_CONTROL, PUBLIC_CACHE_CONTROL } from '../../src/http/middleware/http-caching.js';
import { insertPractice } from '../support/practices.js';
import { loginAsModerator, useTestApp } from '../support/test-app.js';

const PUBLIC_ADDRESSES = ['/', '/praktijken?q=mantelzorg', '/api/v1/practices?theme=netwerken', '/praktijken/export.csv?q=zorg', '/praktijken/feed', '/cijfers', '/sitemap.xml', '/over'];

// supertest listens on a new port for every request; the Host header makes no difference to an answer
// (absolute URLs come from PUBLIC_URL), but name one host all the same, as a browser would.
const HOST = 'praktijkbank.test';

describe('HTTP caching of public answers', function () {
  this.timeout(20_000);
  const t = useTestApp();

  for (const address of PUBLIC_ADDRESSES) {
    it(`GET ${address}: public for a minute in a shared cache, and a 304 for the ETag it gave`, async () => {
      const first = await request(t.app).get(address).set('Host', HOST).expect(200);
      expect(first.headers['cache-control']).to.equal(PUBLIC_CACHE_CONTROL);
      const etag = first.headers.etag;
      expect(etag).to.match(/^W\/"[\w-]+"$/);
      const again = await request(t.app).get(address).set('Host', HOST).set('If-None-Match', etag!).expect(304);
      expect(again.text ?? '').to.equal('');
      expect(again.headers.etag).to.equal(etag);
    });
  }

  it('gives another address another ETag, but not another host: the answer is the same for every host', async () => {
    const a = (await request(t.app).get('/praktijken?q=zorg').set('Host', HOST).expect(200)).headers.etag;
    const b = (await request(t.app).get('/praktijken?q=wonen').set('Host', HOST).expect(200)).headers.etag;
    const c = (await request(t.app).get('/praktijken?q=zorg').set('Host', 'andere.example').expect(200)).headers.etag;
    expect(a).not.to.equal(b);
    expect(c).to.equal(a);
  });

  it('answers 200 with the new page once the catalogue changed, to a client holding the old ETag', async () => {
    const old = await request(t.app).get('/praktijken?q=buurtkruidenier').set('Host', HOST).expect(200);
    await insertPractice(t, { title: 'Buurtkruidenier in de wijk' });
    const fresh = await request(t.app).get('/praktijken?q=buurtkruidenier').set('Host', HOST).set('If-None-Match', old.headers.etag!).expect(200);
    expect(fresh.headers.etag).not.to.equal(old.headers.etag);
    expect(fresh.text).to.contain('Buurtkruidenier in de wijk');
  });

  it('keeps a page with a form token (the submission form) out of every cache, without an ETag', async () => {
    const res = await request(t.app).get('/indienen').expect(200);
    expect(res.headers['cache-control']).to.equal(PRIVATE_CACHE_CONTROL);
    expect(res.headers.etag).to.equal(undefined);
  });

  it("keeps a moderator's view of a public page private", async () => {
    const { agent } = await loginAsModerator(t);
    const res = await agent.get('/praktijken?q=zorg').expect(200);
    expect(res.headers['cache-control']).to.equal(PRIVATE_CACHE_CONTROL);
    expect(res.headers.etag).to.equal(undefined);
    const anonymous = await request(t.app).get('/praktijken?q=zorg').set('Host', HOST).expect(200);
    await agent.get('/praktijken?q=zorg').set('Host', HOST).set('If-None-Match', anonymous.headers.etag!).expect(200);
  });

  it('gives errors and refusals no public copy', async () => {
    const missing = await request(t.app).get('/praktijken/bestaat-niet').expect(404);
    expect(missing.headers['cache-control']).to.equal('no-cache');
    expect(missing.headers.etag).to.equal(undefined);
    const bad = await request(t.app).get('/api/v1/practices?page=0').expect(400);
    expect(bad.headers.etag).to.equal(undefined);
  });

  it('leaves the health check and the moderation area uncached as before', async () => {
    expect((await request(t.app).get('/healthz').expect(200)).headers['cache-control']).to.equal('no-store');
    expect((await request(t.app).get('/beheer/inloggen').expect(200)).headers['cache-control']).to.equal('no-store');
  });
});
