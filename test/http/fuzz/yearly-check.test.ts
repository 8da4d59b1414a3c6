// The yearly check's link (POST /nakijken/:token and its update form) with naughty tokens and bodies,
// with and without a valid CSRF token: never a 5xx, never an unescaped echo, and nothing changes unless
// a valid link confirmed (200) or proposed (303).
import { expect } from 'chai';
import fc from 'fast-check';
import request from 'supertest';
import {
  carriesCsrf,
  csrfVariantArb,
  expectSafeAnswer,
  expectUnchanged,
  fingerprint,
  formBodyArb,
  formContentTypeArb,
  fuzzSettings,
  naughtySegmentArb,
  randomClientAddress,
  send,
  useFuzzWorld,
  StatusTally,
  withCsrf,
} from '../../support/fuzz.js';
import { checkTokens } from '../../support/check-links.js';
import { csrfTokenIn } from '../../support/test-app.js';

describe('fuzzing the yearly check link', function () {
  this.timeout(120_000);
  const w = useFuzzWorld();
  let csrf: string;
  let agent: ReturnType<typeof request.agent>;
  before(async () => {
    agent = request.agent(w.baseUrl);
    csrf = csrfTokenIn((await agent.get('/indienen').expect(200)).text);
  });

  // Near misses only: the valid token (the first) would confirm, which is a change on purpose.
  const tokenArb = () => fc.oneof(fc.constantFrom(...checkTokens(w).slice(1)).map(encodeURIComponent), naughtySegmentArb);

  async function postTo(path: string, body: string, variant: Parameters<typeof withCsrf>[0], contentType: string, tally: StatusTally) {
    const sent = withCsrf(variant, csrf, body);
    let test = agent.post(path).set('Content-Type', contentType).set('X-Forwarded-For', randomClientAddress());
    if (sent.header) test = test.set('X-CSRF-Token', sent.header);
    const before = fingerprint(w.t.services.db);
    const answer = await send(test.send(sent.body));
    tally.add(answer.status);
    const what = `POST ${path} (${variant} CSRF token, ${contentType}) ${sent.body.slice(0, 500)}`;
    expectSafeAnswer(answer, { what });
    expectUnchanged(before, fingerprint(w.t.services.db), what);
    if (!carriesCsrf(variant)) expect([400, 403, 404, 410, 413, 415], `${what} without a valid token`).to.include(answer.status);
    return answer;
  }

  describe('POST /nakijken/:token', () => {
    it('never answers a 5xx or an unescaped echo, and changes nothing for a link that is not valid', async () => {
      const tally = new StatusTally();
      const property = fc.asyncProperty(tokenArb(), formBodyArb({}, ['x']), csrfVariantArb, formContentTypeArb, async (token, body, variant, contentType) => {
        const answer = await postTo(`/nakijken/${token}`, body, variant, contentType, tally);
        expect(answer.status, `POST /nakijken/${token}`).to.be.oneOf([400, 403, 404, 410, 413, 415]);
      });
      await fc.assert(property, fuzzSettings(60));
      console.log(`      answers: ${tally.toString()}`);
    });
  });

  describe('POST /nakijken/:token/bijwerken', () => {
    it('never answers a 5xx or an unescaped echo, and proposes nothing through a link that is not valid', async () => {
      const tally = new StatusTally();
      const fields = ['title', 'summary', 'step', 'scale', 'municipalities', 'themes', 'contactOrganisation'];
      const property = fc.asyncProperty(
        tokenArb(),
        formBodyArb({ title: 'Een titel', summary: 'Een samenvatting.', step: 'confirm', scale: 'lokaal', municipalities: '11002', themes: 'netwerken', contactOrganisation: 'Stad' }, fields),
        csrfVariantArb,
        formContentTypeArb,
        async (token, body, variant, contentType) => {
          const answer = await postTo(`/nakijken/${token}/bijwerken`, body, variant, contentType, tally);
          expect(answer.status, `POST /nakijken/${token}/bijwerken`).not.to.equal(303);
        },
      );
      await fc.assert(property, fuzzSettings(60));
      console.log(`      answers: ${tally.toString()}`);
    });
  });
});
