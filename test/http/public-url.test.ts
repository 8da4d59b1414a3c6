// Every absolute URL the site hands out comes from PUBLIC_URL, never from the request: a Host or
// X-Forwarded-Host header is whatever the client says, and an answer built from it would be cached by
// the proxy and served to every visitor and crawler (cache poisoning).
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { rawBody } from '../support/raw-body.js';
import { submitThroughForm } from '../support/submissions.js';
import { useTestApp } from '../support/test-app.js';

const SITE = 'https://praktijkbank.example.be';
const EVIL = 'evil.example';

// Every answer that holds absolute URLs, and what a poisoned copy would look like.
const ABSOLUTE_URL_ANSWERS = [
  '/sitemap.xml',
  '/robots.txt',
  '/praktijken/feed',
  '/praktijken/feed?theme=armoedebestrijding',
  '/open-data',
  '/open-data/catalogus.jsonld',
  '/praktijken/gbo-zoersel',
  '/praktijken/export.csv?q=onthaal',
  '/praktijken/export.json?q=onthaal',
  '/api',
];

const ATTACKS: Record<string, Record<string, string>> = {
  'a Host of another site': { Host: EVIL },
  'an X-Forwarded-Host from a trusted proxy': { 'X-Forwarded-Host': EVIL, 'X-Forwarded-Proto': 'http' },
  'both, with a port': { Host: `${EVIL}:8443`, 'X-Forwarded-Host': `${EVIL}:8443` },
};

describe('absolute URLs from PUBLIC_URL only', () => {
  // Behind the documented proxy: the app believes X-Forwarded-* from loopback.
  const t = useTestApp({ environment: { PUBLIC_URL: SITE, TRUST_PROXY: 'loopback' } });

  const get = (path: string, headers: Record<string, string> = {}) => {
    let req = request(t.app).get(path);
    for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
    return req.buffer(true).parse(rawBody);
  };
  const textOf = (res: request.Response) => (res.body as Buffer).toString('utf8');

  for (const path of ABSOLUTE_URL_ANSWERS) {
    for (const [attack, headers] of Object.entries(ATTACKS)) {
      it(`GET ${path} with ${attack} answers exactly what it answers without, naming only ${SITE}`, async () => {
        const honest = await get(path).expect(200);
        const poisoned = await get(path, headers).expect(200);
        expect(textOf(honest), 'the honest answer holds the public address').to.contain(SITE);
        expect(textOf(poisoned)).not.to.contain(EVIL);
        // Exports carry the moment they were made; everything else must be byte for byte the same.
        const stable = (text: string) => text.replace(/"generatedAt": ?"[^"]+"/, '');
        expect(stable(textOf(poisoned))).to.equal(stable(textOf(honest)));
        expect(poisoned.headers.etag, 'the cache validator cannot tell them apart either').to.equal(honest.headers.etag);
      });
    }
  }

  it("a practice page's JSON-LD and citation name the practice at the public address", async () => {
    const res = await get('/praktijken/gbo-zoersel', { Host: EVIL }).expect(200);
    const $ = cheerio.load(textOf(res));
    const jsonLd = JSON.parse($('script[type="application/ld+json"]').text()) as { url?: string; '@id'?: string };
    expect(jsonLd.url ?? jsonLd['@id']).to.equal(`${SITE}/praktijken/gbo-zoersel`);
    expect($('main').text()).to.contain(`${SITE}/praktijken/gbo-zoersel`);
  });

  it('the status link shown to a submitter is at the public address, whatever host the form was sent to', async () => {
    const { agent, statusPath } = await submitThroughForm(t);
    const res = await agent.get(`${statusPath}?ontvangen=1`).set('Host', EVIL).set('X-Forwarded-Host', EVIL).expect(200);
    const shown = cheerio.load(res.text)('.status-link__url a').attr('href');
    expect(shown).to.equal(`${SITE}${statusPath}`);
    expect(res.text).not.to.contain(EVIL);
  });

  it('robots.txt points crawlers to the sitemap at the public address', async () => {
    const res = await get('/robots.txt', { Host: EVIL }).expect(200);
    expect(textOf(res)).to.contain(`Sitemap: ${SITE}/sitemap.xml`);
  });
});
