// The results page as production sends it: in parts, the results and facet values kept as bytes
// (src/http/view-fragments.ts). It must be, byte for byte, the page rendered whole, as development
// sends it, for every kind of search, asked once and again.
import { expect } from 'chai';
import request from 'supertest';
import { useTestApp } from '../support/test-app.js';
import { OPERATOR_ENVIRONMENT } from '../support/operator.js';

const PUBLIC_URL = 'https://praktijkbank.example';

const SEARCHES = [
  '/praktijken',
  '/praktijken?q=zorg',
  '/praktijken?q=ZORG',
  '/praktijken?q=gezinscoahces',
  '/praktijken?q=zorg&page=2&pageSize=5',
  '/praktijken?q=zorg&sort=newest',
  '/praktijken?q=onthaal&theme=breed-onthaal',
  '/praktijken?q=%3Cb%3E%22mantelzorg%22%20%26%20%27zorg%27',
  '/praktijken?q=xyzzyq',
  '/praktijken?q=zorg&page=99',
  '/praktijken?theme=nope',
];

describe('Results page sent in parts (production)', () => {
  const production = useTestApp({ environment: { NODE_ENV: 'production', PUBLIC_URL, SESSION_SECRET: 'een-geheim-van-minstens-32-tekens-lang', ...OPERATOR_ENVIRONMENT } });
  // The same seeded catalogue rendered whole; its absolute URLs and its footer's operator are the same.
  const whole = useTestApp({ environment: { PUBLIC_URL, ...OPERATOR_ENVIRONMENT } });

  it('is, byte for byte, the page rendered whole, for every kind of search, asked once and again', async () => {
    for (const path of SEARCHES) {
      const expected = await request(whole.app).get(path);
      for (const time of ['first', 'second']) {
        const sent = await request(production.app).get(path);
        expect(sent.status, `${path} (${time})`).to.equal(expected.status);
        expect(sent.text, `${path} (${time})`).to.equal(expected.text);
        expect(Number(sent.headers['content-length']), `${path} (${time})`).to.equal(Buffer.byteLength(sent.text));
      }
    }
  });

  it('shows a NUL typed in the search as U+FFFD and keeps the page whole', async () => {
    const res = await request(production.app).get('/praktijken?q=zorg%00thuis').expect(200);
    expect(res.text).to.contain('zorg\uFFFDthuis').and.not.contain('\u0000');
    expect(res.text).to.contain('</html>');
  });
});
