// "Wij doen dit ook" with naughty, repeated, bracketed and missing fields, with and without a valid CSRF
// token: the form beside a practice, the confirmation link's button and the moderators' decision. Never
// a 5xx, never an unescaped echo, nothing stored, queued or changed unless the answer redirects.
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
  randomClientAddress,
  send,
  useFuzzWorld,
  StatusTally,
  withCsrf,
} from '../../support/fuzz.js';
import { adoptionTokens, storeAdoption } from '../../support/adoption-links.js';
import { MUNICIPALITIES } from '../../../src/domain/municipalities.js';
import type { Agent, LoggedIn } from '../../support/test-app.js';
import { csrfTokenIn, loginAsModerator } from '../../support/test-app.js';

describe('fuzzing wij doen dit ook', function () {
  this.timeout(120_000);
  const w = useFuzzWorld();
  let agent: Agent;
  let csrf: string;
  let fields: string[];
  before(async () => {
    agent = request.agent(w.baseUrl);
    const form = await agent.get(`/praktijken/${w.publishedSlug}/wij-doen-dit-ook`).expect(200);
    csrf = csrfTokenIn(form.text);
    fields = formFieldNames(form.text, `/praktijken/${w.publishedSlug}/wij-doen-dit-ook`);
    expect(fields, 'the fields of the form').to.include.members(['municipality', 'since', 'email', 'note', 'website']);
  });

  const count = (sql: string) => Number(w.t.services.db.prepare(sql).pluck().get());
  const outboxSize = () => w.t.services.outbox.count('waiting') + w.t.services.outbox.count('sent') + w.t.services.outbox.count('failed');
  const stored = () => fingerprint(w.t.services.db);

  /** A fuzzed POST; returns the answer after the checks every answer must pass. */
  async function postForm(path: string, body: string, variant: Parameters<typeof withCsrf>[0], contentType: string, tally: StatusTally, as: { agent: Agent; csrf: string }) {
    const sent = withCsrf(variant, as.csrf, body);
    let test = as.agent.post(path).set('Content-Type', contentType).set('X-Forwarded-For', randomClientAddress());
    if (sent.header) test = test.set('X-CSRF-Token', sent.header);
    const before = stored();
    const answer = await send(test.send(sent.body));
    tally.add(answer.status);
    const what = `POST ${path} (${variant} CSRF token, ${contentType}) ${sent.body.slice(0, 2000)}`;
    expectSafeAnswer(answer, { what });
    if (answer.status !== 303) expectUnchanged(before, stored(), what);
    if (!carriesCsrf(variant)) expect([400, 403, 413, 415], `${what} without a valid token`).to.include(answer.status);
    return answer;
  }

  describe('POST /praktijken/:slug/wij-doen-dit-ook', () => {
    it('never answers a 5xx or an unescaped echo, and stores and mails nothing unless it redirects', async () => {
      const tally = new StatusTally();
      const practice = w.t.services.catalogue.findPublished(w.publishedSlug)!;
      const others = MUNICIPALITIES.filter((m) => !practice.municipalities.includes(m.nisCode));
      const valid = (n: number) => ({ municipality: others[n % others.length]!.nisCode, since: String(1990 + (n % 30)), email: `fuzz${n}@gemeente.test`, note: 'Wij doen het\nook.' });
      const bodyArb = fc.nat({ max: 10_000 }).chain((n) => formBodyArb(valid(n), fields));
      const slugArb = fc.oneof(
        { weight: 6, arbitrary: fc.constant(w.publishedSlug) },
        { weight: 1, arbitrary: fc.constant(w.pendingSlug) },
        { weight: 2, arbitrary: naughtySegmentArb },
      );
      const property = fc.asyncProperty(slugArb, bodyArb, csrfVariantArb, formContentTypeArb, async (slug, body, variant, contentType) => {
        const [adoptionsBefore, outboxBefore] = [count('SELECT count(*) FROM adoptions'), outboxSize()];
        const answer = await postForm(`/praktijken/${slug}/wij-doen-dit-ook`, body, variant, contentType, tally, { agent, csrf });
        const added = count('SELECT count(*) FROM adoptions') - adoptionsBefore;
        expect(outboxSize() - outboxBefore, 'one confirmation per stored adoption').to.equal(added);
        if (answer.status !== 303) return;
        expect(added).to.equal(1);
        expect(answer.headers.location).to.equal(`/praktijken/${w.publishedSlug}/wij-doen-dit-ook?verstuurd=1`);
      });
      await fc.assert(property, fuzzSettings(100));
      console.log(`      answers: ${tally.toString()}`);
      expect(tally.count((s) => s === 200 || s === 303 || s === 400 || s === 409 || s === 429), 'fuzzed posts that reached the form handler').to.be.greaterThan(tally.total / 3);
      expect(tally.count((s) => s === 303), 'fuzzed posts that were stored').to.be.greaterThan(0);
    });
  });

  describe('POST /wij-doen-dit-ook/bevestigen/:token', () => {
    it('never answers a 5xx, and confirms only an open link, once', async () => {
      const tally = new StatusTally();
      const tokens = adoptionTokens(w);
      const tokenArb = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...tokens) }, { weight: 1, arbitrary: fc.constant(storeAdoption(w.t)) }, { weight: 2, arbitrary: naughtySegmentArb });
      const bodyArb = formBodyArb({}, ['x']);
      const property = fc.asyncProperty(tokenArb, bodyArb, csrfVariantArb, formContentTypeArb, async (token, body, variant, contentType) => {
        const confirmedBefore = count("SELECT count(*) FROM adoptions WHERE status = 'confirmed'");
        const answer = await postForm(`/wij-doen-dit-ook/bevestigen/${token}`, body, variant, contentType, tally, { agent, csrf });
        const confirmed = count("SELECT count(*) FROM adoptions WHERE status = 'confirmed'") - confirmedBefore;
        expect(confirmed).to.equal(answer.status === 303 ? 1 : 0);
        if (answer.status === 303) expect(answer.headers.location).to.equal(`/wij-doen-dit-ook/bevestigen/${token}`);
      });
      await fc.assert(property, fuzzSettings(60));
      console.log(`      answers: ${tally.toString()}`);
      expect(tally.count((s) => [303, 404, 409, 410].includes(s)), 'fuzzed posts that reached the handler').to.be.greaterThan(tally.total / 3);
    });
  });

  describe('POST /beheer/overnames/:id/beslissing', () => {
    let mod: LoggedIn;
    before(async () => {
      mod = await loginAsModerator(w.t);
    });
    it('never answers a 5xx, and decides only a waiting adoption, once', async () => {
      const tally = new StatusTally();
      const ids = () => [...(w.t.services.db.prepare('SELECT id FROM adoptions ORDER BY id DESC LIMIT 5').pluck().all() as number[]).map(String), '0', '999999999999', '1e2', '-1'];
      for (let i = 0; i < 4; i++) storeAdoption(w.t, { confirmed: true });
      const idArb = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...ids()) }, { weight: 1, arbitrary: naughtySegmentArb });
      const bodyArb = fc.constantFrom('approve', 'reject').chain((decision) => formBodyArb({ decision, reason: 'Geen bron.' }, ['decision', 'reason']));
      const property = fc.asyncProperty(idArb, bodyArb, csrfVariantArb, formContentTypeArb, async (id, body, variant, contentType) => {
        const decidedBefore = count("SELECT count(*) FROM adoptions WHERE status IN ('approved', 'rejected')");
        const answer = await postForm(`/beheer/overnames/${id}/beslissing`, body, variant, contentType, tally, { agent: mod.agent, csrf: mod.csrfToken });
        const decided = count("SELECT count(*) FROM adoptions WHERE status IN ('approved', 'rejected')") - decidedBefore;
        expect(decided).to.equal(answer.status === 303 ? 1 : 0);
      });
      await fc.assert(property, fuzzSettings(60));
      console.log(`      answers: ${tally.toString()}`);
      expect(tally.count((s) => [303, 400, 404, 409].includes(s)), 'fuzzed posts that reached the handler').to.be.greaterThan(tally.total / 3);
    });
  });
});
