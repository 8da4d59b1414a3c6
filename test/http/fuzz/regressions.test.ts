// Bugs the fuzzers found, each pinned down by the smallest request that showed it.
import { expect } from 'chai';
import request from 'supertest';
import { rawBody } from '../../support/raw-body.js';
import { useTestApp } from '../../support/test-app.js';

describe('bugs found by fuzzing', () => {
  const t = useTestApp();

  for (const path of ['/open-data/catalogus.jsonld', '/sitemap.xml', '/robots.txt']) {
    it(`GET ${path} with a Host that is no host answers the file itself, with the addresses of PUBLIC_URL`, async () => {
      const res = await request(t.app).get(path).set('Host', '<xfz>.example').buffer(true).parse(rawBody).expect(200);
      expect(res.headers['content-type']).not.to.match(/^text\/html/);
      expect(String(res.body)).to.contain(t.config.publicUrl);
      expect(String(res.body)).not.to.contain('xfz');
    });
  }

  it('sends someone who is not logged in from a very long /beheer address to the login without that address, so the Location header stays small', async () => {
    const long = `/beheer/praktijken/1?x=${'%25'.repeat(1000)}`;
    const res = await request(t.app).get(long).expect(303);
    expect(res.headers.location).to.equal('/beheer/inloggen');
    const short = await request(t.app).get('/beheer/praktijken/1?x=1').expect(303);
    expect(short.headers.location).to.equal('/beheer/inloggen?returnTo=%2Fbeheer%2Fpraktijken%2F1%3Fx%3D1');
  });
});
