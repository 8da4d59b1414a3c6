// The public submission form with naughty, repeated, bracketed and missing fields, in each of its
// steps (review, confirm, back to edit) and on the edit-and-resubmit path of a status link, with and
// without a valid CSRF token: never a 5xx, never an unescaped echo, nothing stored unless it redirects.
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
  formFieldNames,
  fuzzSettings,
  naughtySegmentArb,
  naughtyStringArb,
  randomClientAddress,
  send,
  useFuzzWorld,
  StatusTally,
  withCsrf,
} from '../../support/fuzz.js';
import { submitThroughForm, validFields } from '../../support/submissions.js';
import type { Agent } from '../../support/test-app.js';
import { csrfTokenIn } from '../../support/test-app.js';

const STEPS = ['review', 'confirm', 'confirm', 'edit'] as const;

describe('fuzzing the submission form', function () {
  this.timeout(120_000);
  const w = useFuzzWorld();
  let agent: Agent;
  let csrf: string;
  let fields: string[];
  before(async () => {
    agent = request.agent(w.baseUrl);
    const form = await agent.get('/indienen').expect(200);
    csrf = csrfTokenIn(form.text);
    fields = formFieldNames(form.text, '/indienen');
    expect(fields, 'the fields of the submission form').to.include.members(['title', 'summary', 'municipalities', 'themes', 'contactEmail', 'website']);
  });

  /** A fuzzed POST; returns the answer after the checks every answer must pass. */
  async function postForm(path: string, body: string, variant: Parameters<typeof withCsrf>[0], contentType: string, tally: StatusTally) {
    const sent = withCsrf(variant, csrf, body);
    let test = agent.post(path).set('Content-Type', contentType).set('X-Forwarded-For', randomClientAddress());
    if (sent.header) test = test.set('X-CSRF-Token', sent.header);
    const before = fingerprint(w.t.services.db);
    const practicesBefore = w.t.services.practices.count();
    const answer = await send(test.send(sent.body));
    tally.add(answer.status);
    const what = `POST ${path} (${variant} CSRF token, ${contentType}) ${sent.body.slice(0, 2000)}`;
    expectSafeAnswer(answer, { what });
    if (answer.status !== 303) expectUnchanged(before, fingerprint(w.t.services.db), what);
    if (!carriesCsrf(variant)) expect([400, 403, 413, 415], `${what} without a valid token`).to.include(answer.status);
    expect(w.t.services.practices.count() - practicesBefore, `${what} stores at most one practice`).to.be.at.most(1);
    return answer;
  }

  describe('POST /indienen', () => {
    it('never answers a 5xx or an unescaped echo, and stores nothing unless it redirects to a status link', async () => {
      const tally = new StatusTally();
      const tokenArb = fc.oneof(
        { weight: 4, arbitrary: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes).toString('base64url')) },
        { weight: 1, arbitrary: fc.constant(w.pendingToken) },
        { weight: 2, arbitrary: naughtyStringArb },
      );
      const bodyArb = fc
        .record({ step: fc.constantFrom(...STEPS), token: fc.option(tokenArb, { freq: 5 }) })
        .chain(({ step, token }) => formBodyArb({ ...validFields(), step, ...(token === null ? {} : { token }) }, fields));
      const property = fc.asyncProperty(bodyArb, csrfVariantArb, formContentTypeArb, async (body, variant, contentType) => {
        const answer = await postForm('/indienen', body, variant, contentType, tally);
        if (answer.status !== 303) return;
        expect(answer.headers.location).to.match(/^\/indienen\/status\/[A-Za-z0-9_-]{43}\?ontvangen=1$/);
        // What was stored is shown on the status page: read it back.
        expectSafeAnswer(await send(request(w.baseUrl).get(answer.headers.location ?? '/')), { what: `GET ${answer.headers.location} after storing ${body.slice(0, 300)}` });
      });
      await fc.assert(property, fuzzSettings(100));
      console.log(`      answers: ${tally.toString()}`);
      expect(tally.count((s) => s === 200 || s === 303 || s === 400), 'fuzzed posts that reached the form handler').to.be.greaterThan(tally.total / 3);
    });
  });

  describe('POST /indienen/status/:token/aanpassen', () => {
    it('never answers a 5xx or an unescaped echo, and changes nothing unless it redirects to the status link', async () => {
      const tally = new StatusTally();
      const tokenArb = fc.oneof(
        { weight: 6, arbitrary: fc.constant(w.editableToken) },
        { weight: 1, arbitrary: fc.constant(w.pendingToken) },
        { weight: 2, arbitrary: naughtySegmentArb },
      );
      const bodyArb = fc.constantFrom(...STEPS).chain((step) => formBodyArb({ ...validFields({ title: 'Fuzzpraktijk om aan te passen' }), step }, fields));
      const property = fc.asyncProperty(tokenArb, bodyArb, csrfVariantArb, formContentTypeArb, async (token, body, variant, contentType) => {
        // A fuzzed resubmission that went through leaves the practice pending: send it back again first.
        w.makeEditableAgain();
        const path = `/indienen/status/${token}/aanpassen`;
        const answer = await postForm(path, body, variant, contentType, tally);
        if (answer.status !== 303) return;
        expect(answer.headers.location).to.equal(`/indienen/status/${token}`);
        expectSafeAnswer(await send(request(w.baseUrl).get(`/indienen/status/${token}`)), { what: `GET /indienen/status/${token} after ${body.slice(0, 300)}` });
      });
      await fc.assert(property, fuzzSettings(100));
      console.log(`      answers: ${tally.toString()}`);
      expect(tally.count((s) => s === 200 || s === 303 || s === 400), 'fuzzed posts that reached the edit handler').to.be.greaterThan(tally.total / 3);
    });
  });
  describe('POST /indienen/status/:token/bijwerken', () => {
    it('never answers a 5xx or an unescaped echo, and stores nothing unless it redirects to the status link; the published practice stays as it is', async () => {
      const tally = new StatusTally();
      const published = await submitThroughForm(w.t, validFields({ title: 'Fuzzpraktijk gepubliceerd om bij te werken' }));
      const id = w.t.services.practices.listByStatus(['pending']).find((p) => p.title === 'Fuzzpraktijk gepubliceerd om bij te werken')?.id ?? 0;
      w.t.services.practices.setStatus(id, 'published');
      const tokenArb = fc.oneof(
        { weight: 6, arbitrary: fc.constant(published.token) },
        { weight: 1, arbitrary: fc.constant(w.pendingToken) },
        { weight: 2, arbitrary: naughtySegmentArb },
      );
      const bodyArb = fc.constantFrom(...STEPS).chain((step) => formBodyArb({ ...validFields({ title: 'Fuzzpraktijk gepubliceerd om bij te werken' }), step }, fields));
      const property = fc.asyncProperty(tokenArb, bodyArb, csrfVariantArb, formContentTypeArb, async (token, body, variant, contentType) => {
        const before = w.t.services.practices.findById(id)?.updatedAt;
        const answer = await postForm(`/indienen/status/${token}/bijwerken`, body, variant, contentType, tally);
        expect(w.t.services.practices.findById(id)?.updatedAt, 'a proposal never changes the published practice').to.equal(before);
        if (answer.status !== 303) return;
        expect(answer.headers.location).to.match(new RegExp(`^/indienen/status/${token}(\\?voorgesteld=1)?$`));
        expectSafeAnswer(await send(request(w.baseUrl).get(`/indienen/status/${token}`)), { what: `GET /indienen/status/${token} after ${body.slice(0, 300)}` });
      });
      await fc.assert(property, fuzzSettings(80));
      console.log(`      answers: ${tally.toString()}`);
      expect(tally.count((s) => s === 200 || s === 303 || s === 400), 'fuzzed posts that reached the update handler').to.be.greaterThan(tally.total / 3);
    });
  });
});
