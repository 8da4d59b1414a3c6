// The contact forms (*Contacteer de makers*, the *Contact* page) with naughty, repeated, bracketed and
// missing fields, with and without a valid CSRF token: never a 5xx, never an unescaped echo, nothing
// stored or queued unless it redirects to the confirmation, and then one relay with two messages at most.
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
import { insertPractice } from '../../support/practices.js';
import type { Agent } from '../../support/test-app.js';
import { csrfTokenIn } from '../../support/test-app.js';

const question = (n: number) => ({
  name: 'An Peeters',
  // A sender of its own now and then, so the limit per address does not refuse every valid post.
  email: `fuzz${n}@testdorp.test`,
  organisation: 'OCMW Testdorp',
  message: 'Hoe vonden jullie vrijwilligers?\nWij starten iets gelijkaardigs.',
});

describe('fuzzing the contact forms', function () {
  this.timeout(120_000);
  const w = useFuzzWorld();
  let agent: Agent;
  let csrf: string;
  let fields: string[];
  let slug: string;
  before(async () => {
    slug = await insertPractice(w.t, { title: 'Fuzzpraktijk met makers', contactEmail: 'fuzz.makers@testdorp.test', contactEmailPublic: false }, { slug: 'fuzzpraktijk-met-makers' });
    agent = request.agent(w.baseUrl);
    const form = await agent.get(`/praktijken/${slug}/contact`).expect(200);
    csrf = csrfTokenIn(form.text);
    fields = formFieldNames(form.text, `/praktijken/${slug}/contact`);
    expect(fields, 'the fields of the contact form').to.include.members(['name', 'email', 'organisation', 'message', 'website']);
  });

  const outboxSize = () => w.t.services.outbox.count('waiting') + w.t.services.outbox.count('sent') + w.t.services.outbox.count('failed');
  // Sending an earlier message clears its Reply-To in the background (outbox-repository markSent): delivery, not this request.
  const stored = () => fingerprint(w.t.services.db, { ignoreColumns: { outbox: ['reply_to'] } });
  const relays = () => Number(w.t.services.db.prepare('SELECT count(*) FROM contact_relays').pluck().get());

  /** A fuzzed POST; returns the answer after the checks every answer must pass. */
  async function postForm(path: string, body: string, variant: Parameters<typeof withCsrf>[0], contentType: string, tally: StatusTally) {
    const sent = withCsrf(variant, csrf, body);
    let test = agent.post(path).set('Content-Type', contentType).set('X-Forwarded-For', randomClientAddress());
    if (sent.header) test = test.set('X-CSRF-Token', sent.header);
    const before = stored();
    const [outboxBefore, relaysBefore] = [outboxSize(), relays()];
    const answer = await send(test.send(sent.body));
    tally.add(answer.status);
    const what = `POST ${path} (${variant} CSRF token, ${contentType}) ${sent.body.slice(0, 2000)}`;
    expectSafeAnswer(answer, { what });
    if (answer.status !== 303) expectUnchanged(before, stored(), what);
    if (!carriesCsrf(variant)) expect([400, 403, 413, 415], `${what} without a valid token`).to.include(answer.status);
    const relayed = relays() - relaysBefore;
    expect(relayed, `${what} records at most one relay`).to.be.at.most(1);
    expect(outboxSize() - outboxBefore, `${what} queues the message and its copy, or nothing`).to.equal(2 * relayed);
    return answer;
  }

  const bodyArb = fc.nat({ max: 10_000 }).chain((n) => formBodyArb(question(n), fields));

  describe('POST /praktijken/:slug/contact', () => {
    it('never answers a 5xx or an unescaped echo, and relays nothing unless it redirects to the confirmation', async () => {
      const tally = new StatusTally();
      const slugArb = fc.oneof(
        { weight: 6, arbitrary: fc.constant(slug) },
        { weight: 1, arbitrary: fc.constant(w.publishedSlug) },
        { weight: 1, arbitrary: fc.constant(w.pendingSlug) },
        { weight: 2, arbitrary: naughtySegmentArb },
      );
      const property = fc.asyncProperty(slugArb, bodyArb, csrfVariantArb, formContentTypeArb, async (target, body, variant, contentType) => {
        const answer = await postForm(`/praktijken/${target}/contact`, body, variant, contentType, tally);
        if (answer.status !== 303) return;
        expect(answer.headers.location).to.equal(`/praktijken/${slug}/contact/verzonden`);
        expectSafeAnswer(await send(request(w.baseUrl).get(answer.headers.location ?? '/')), { what: `GET ${answer.headers.location} after ${body.slice(0, 300)}` });
      });
      await fc.assert(property, fuzzSettings(100));
      console.log(`      answers: ${tally.toString()}`);
      expect(tally.count((s) => s === 200 || s === 303 || s === 400 || s === 429), 'fuzzed posts that reached the form handler').to.be.greaterThan(tally.total / 3);
      expect(tally.count((s) => s === 303), 'fuzzed posts that were relayed (or caught by the honeypot)').to.be.greaterThan(0);
    });
  });

  describe('POST /contact', () => {
    it('never answers a 5xx or an unescaped echo, and relays nothing unless it redirects to the confirmation', async () => {
      const tally = new StatusTally();
      const property = fc.asyncProperty(bodyArb, csrfVariantArb, formContentTypeArb, async (body, variant, contentType) => {
        const answer = await postForm('/contact', body, variant, contentType, tally);
        if (answer.status !== 303) return;
        expect(answer.headers.location).to.equal('/contact/verzonden');
      });
      await fc.assert(property, fuzzSettings(80));
      console.log(`      answers: ${tally.toString()}`);
      expect(tally.count((s) => s === 200 || s === 303 || s === 400 || s === 429), 'fuzzed posts that reached the form handler').to.be.greaterThan(tally.total / 3);
    });
  });
});
