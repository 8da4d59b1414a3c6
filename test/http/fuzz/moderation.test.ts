// Every moderation action as a logged-in moderator — publish, reject, request changes, unpublish and
// reopen with their reasons, and edits, each with the revision it was made from — with naughty,
// repeated, bracketed and missing fields and with and without a valid CSRF token: never a 5xx, never
// an unescaped echo, nothing changed unless it redirects. What an edit stores is then read back
// through every public view of the practice, which must escape it.
import { expect } from 'chai';
import fc from 'fast-check';
import request from 'supertest';
import { contentOf } from '../../../src/domain/practice.js';
import type { PublicationStatus } from '../../../src/domain/vocabulary.js';
import {
  type Answer,
  carriesCsrf,
  type CsrfVariant,
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
  send,
  useFuzzWorld,
  StatusTally,
  withCsrf,
} from '../../support/fuzz.js';
import { validFields } from '../../support/submissions.js';
import { type LoggedIn, loginAsModerator } from '../../support/test-app.js';

const STATUSES: readonly PublicationStatus[] = ['pending', 'changes_requested', 'published', 'rejected', 'unpublished'];
const DECISIONS = ['publish', 'reject', 'requestChanges', 'unpublish', 'reopen'] as const;
// Stands for the practice's revision at the moment of sending: every run changes it, so it is filled in then.
const REVISION = 'REVISIONNOW';

describe('fuzzing the moderation actions', function () {
  this.timeout(120_000);
  const w = useFuzzWorld();
  let mod: LoggedIn;
  before(async () => {
    mod = await loginAsModerator(w.t, { email: 'fuzz-moderator@praktijkbank.test' });
  });

  async function fuzzPost(path: string, body: string, variant: CsrfVariant, contentType: string, tally: StatusTally): Promise<Answer> {
    const sent = withCsrf(variant, mod.csrfToken, body);
    let test = mod.agent.post(path).set('Content-Type', contentType);
    if (sent.header) test = test.set('X-CSRF-Token', sent.header);
    const before = fingerprint(w.t.services.db);
    const answer = await send(test.send(sent.body));
    tally.add(answer.status);
    const what = `POST ${path} (${variant} CSRF token, ${contentType}) ${sent.body.slice(0, 2000)}`;
    expectSafeAnswer(answer, { what });
    if (answer.status !== 303) expectUnchanged(before, fingerprint(w.t.services.db), what);
    if (!carriesCsrf(variant)) expect([400, 403, 413, 415], `${what} without a valid token`).to.include(answer.status);
    return answer;
  }

  /** The body with the target's current revision where the form's hidden field had it (if fuzzing left it there). */
  const withRevisionOf = (id: number, body: string) => body.replaceAll(REVISION, String(w.t.services.practices.revisionOf(id) ?? 0));

  /** The id in the path: mostly the practice under test, else another one, one that does not exist, or naughty. */
  const idArb = (target: () => number) =>
    fc.oneof(
      { weight: 8, arbitrary: fc.constant('target') },
      { weight: 1, arbitrary: fc.constantFrom('0', '999999999', '9999999999999', '1e1', '-1', '01') },
      { weight: 1, arbitrary: naughtySegmentArb },
    ).map((id) => (id === 'target' ? String(target()) : id));

  describe('POST /beheer/praktijken/:id/beslissing', () => {
    it('never answers a 5xx or an unescaped echo, and changes nothing unless it redirects back to the practice', async () => {
      const review = await mod.agent.get(`/beheer/praktijken/${w.pendingId}`).expect(200);
      const fields = formFieldNames(review.text, `/beheer/praktijken/${w.pendingId}/beslissing`);
      expect(fields).to.include.members(['decision', 'reason', 'revision']);
      const tally = new StatusTally();
      const bodyArb = fc
        .record({
          decision: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...DECISIONS) }, { weight: 1, arbitrary: naughtyStringArb }),
          reason: fc.oneof(fc.constantFrom('', 'Vul de resultaten aan.', 'Vul de resultaten aan.', ' '.repeat(3), 'x'.repeat(2001)), naughtyStringArb),
          revision: fc.oneof({ weight: 6, arbitrary: fc.constant(REVISION) }, { weight: 1, arbitrary: fc.constantFrom('0', '1', '99999999') }, { weight: 1, arbitrary: naughtyStringArb }),
        })
        .chain((base) => formBodyArb(base, fields, { maxChanges: 1 }));
      const property = fc.asyncProperty(fc.constantFrom(...STATUSES), idArb(() => w.pendingId), bodyArb, csrfVariantArb, formContentTypeArb, async (status, id, body, variant, contentType) => {
        // Each run starts from a status of its own, so every decision meets both allowed and conflicting states.
        w.t.services.practices.setStatus(w.pendingId, status);
        const path = `/beheer/praktijken/${id}/beslissing`;
        const answer = await fuzzPost(path, withRevisionOf(w.pendingId, body), variant, contentType, tally);
        if (answer.status !== 303) return;
        // '01' is practice 1 too: the redirect names the practice by its plain id.
        expect(answer.headers.location).to.match(new RegExp(`^/beheer/praktijken/${Number(id)}\\?gedaan=(${DECISIONS.join('|')})$`));
        // The reason is shown to the submitter and in the history: read it back where it appears.
        if (Number(id) !== w.pendingId) return;
        for (const [client, path] of [
          [mod.agent, answer.headers.location],
          [request(w.baseUrl), `/indienen/status/${w.pendingToken}`],
          [request(w.baseUrl), `/indienen/status/${w.pendingToken}/aanpassen`],
        ] as const) {
          expectSafeAnswer(await send(client.get(path ?? '/')), { what: `GET ${path} after ${body.slice(0, 300)}` });
        }
      });
      await fc.assert(property, fuzzSettings(120));
      console.log(`      answers: ${tally.toString()}`);
      expect(tally.count((s) => s === 303 || s === 400 || s === 409), 'fuzzed decisions that reached the handler').to.be.greaterThan(tally.total / 3);
    });
  });

  describe('POST /beheer/praktijken/:id/bewerken', () => {
    it('never answers a 5xx or an unescaped echo, changes nothing unless it redirects, and every public view escapes what it stored', async () => {
      const page = await mod.agent.get(`/beheer/praktijken/${w.publishedId}/bewerken`).expect(200);
      const fields = formFieldNames(page.text, `/beheer/praktijken/${w.publishedId}/bewerken`);
      expect(fields).to.include.members(['title', 'summary', 'sourceTitle', 'municipalities', 'revision']);
      const tally = new StatusTally();
      const base = { ...validFields({ title: 'Fuzzpraktijk gepubliceerd' }), sourceTitle: 'Stad Kortrijk', sourcePublisher: 'Stad Kortrijk', sourceUrl: 'https://www.kortrijk.be/', revision: REVISION };
      // Naughty text in the fields a practice page shows; the rest of the form stays valid, so many edits go through.
      const shownArb = fc.record(
        { title: naughtyStringArb.map((s) => s.slice(0, 200)), summary: naughtyStringArb.map((s) => s.slice(0, 500)), partners: naughtyStringArb.map((s) => s.slice(0, 200)), sourcePublisher: naughtyStringArb.map((s) => s.slice(0, 200)) },
        { requiredKeys: [] },
      );
      const bodyArb = fc
        .tuple(shownArb, fc.boolean())
        .chain(([shown, mutate]) => (mutate ? formBodyArb({ ...base, ...shown }, fields, { maxChanges: 3 }) : formBodyArb({ ...base, ...shown }, fields, { maxChanges: 0 })));
      let stored = 0;
      const property = fc.asyncProperty(idArb(() => w.publishedId), bodyArb, csrfVariantArb, formContentTypeArb, async (id, body, variant, contentType) => {
        const path = `/beheer/praktijken/${id}/bewerken`;
        const answer = await fuzzPost(path, withRevisionOf(w.publishedId, body), variant, contentType, tally);
        if (answer.status !== 303) return;
        const editedId = Number(id);
        expect(answer.headers.location).to.equal(`/beheer/praktijken/${editedId}?gedaan=bewerkt`);
        stored++;
        // In this thread, at once: a worker per edit would only make the suite slower.
        w.t.services.catalogue.refresh();
        const edited = w.t.services.practices.findById(editedId);
        const [title, slug] = [edited?.title ?? '', edited?.slug ?? ''];
        // Whole code points: half a surrogate pair would make encodeURIComponent throw.
        const words = encodeURIComponent(Array.from(title).slice(0, 50).join(''));
        for (const [path, api] of [
          [`/beheer/praktijken/${editedId}`, false],
          [`/beheer`, false],
          [`/praktijken/${encodeURIComponent(slug)}`, false],
          [`/praktijken?q=${words}`, false],
          ['/praktijken?sort=newest', false],
          [`/praktijken/feed`, false],
          ['/praktijken/export.csv', false],
          ['/praktijken/export.json', false],
          ['/sitemap.xml', false],
          ['/cijfers', false],
          [`/api/v1/practices/${encodeURIComponent(slug)}`, true],
          [`/indienen/gelijkaardig?title=${words}`, false],
        ] as const) {
          const client = path.startsWith('/beheer') ? mod.agent : request(w.baseUrl);
          expectSafeAnswer(await send(client.get(path)), { what: `GET ${path} after storing ${JSON.stringify(title)}`, api });
        }
      });
      await fc.assert(property, fuzzSettings(60));
      console.log(`      answers: ${tally.toString()}; ${stored} edits stored and read back`);
      expect(stored, 'fuzzed edits that were stored and read back').to.be.greaterThan(0);
    });
  });
  describe('POST /beheer/praktijken/:id/stand', () => {
    it('never answers a 5xx or an unescaped echo, and changes nothing unless it redirects back to the practice', async () => {
      const review = await mod.agent.get(`/beheer/praktijken/${w.publishedId}`).expect(200);
      const fields = formFieldNames(review.text, `/beheer/praktijken/${w.publishedId}/stand`);
      expect(fields).to.include.members(['level', 'justification', 'revision']);
      const tally = new StatusTally();
      const bodyArb = fc
        .record({
          level: fc.oneof({ weight: 5, arbitrary: fc.constantFrom('geen', 'beschreven', 'onderbouwd', 'geevalueerd', 'overgenomen') }, { weight: 1, arbitrary: naughtyStringArb }),
          justification: fc.oneof(fc.constantFrom('', 'Goed beschreven.', ' '.repeat(3), 'x'.repeat(1001)), naughtyStringArb),
          revision: fc.oneof({ weight: 6, arbitrary: fc.constant(REVISION) }, { weight: 1, arbitrary: fc.constantFrom('0', '99999999') }, { weight: 1, arbitrary: naughtyStringArb }),
        })
        .chain((base) => formBodyArb(base, fields, { maxChanges: 1 }));
      const property = fc.asyncProperty(idArb(() => w.publishedId), bodyArb, csrfVariantArb, formContentTypeArb, async (id, body, variant, contentType) => {
        const answer = await fuzzPost(`/beheer/praktijken/${id}/stand`, withRevisionOf(w.publishedId, body), variant, contentType, tally);
        if (answer.status !== 303) return;
        expect(answer.headers.location).to.equal(`/beheer/praktijken/${Number(id)}?gedaan=stand`);
        expectSafeAnswer(await send(mod.agent.get(answer.headers.location ?? '/')), { what: `GET ${answer.headers.location} after ${body.slice(0, 300)}` });
        const slug = w.t.services.practices.findById(Number(id))?.slug ?? '';
        expectSafeAnswer(await send(request(w.baseUrl).get(`/praktijken/${encodeURIComponent(slug)}`)), { what: `the practice page after ${body.slice(0, 300)}` });
      });
      await fc.assert(property, fuzzSettings(80));
      console.log(`      answers: ${tally.toString()}`);
      expect(tally.count((s) => s === 303 || s === 400 || s === 409), 'fuzzed judgements that reached the handler').to.be.greaterThan(tally.total / 3);
    });
  });

  describe('POST /beheer/praktijken/:id/voorstel', () => {
    it('never answers a 5xx or an unescaped echo, and changes nothing unless it redirects back to the practice', async () => {
      const tally = new StatusTally();
      const practice = w.t.services.practices.findById(w.publishedId);
      if (!practice) throw new Error('no published practice in the fuzz world');
      const bodyArb = fc
        .record({
          decision: fc.oneof({ weight: 5, arbitrary: fc.constantFrom('approve', 'reject') }, { weight: 1, arbitrary: naughtyStringArb }),
          reason: fc.oneof(fc.constantFrom('', 'Klopt niet.', 'x'.repeat(2001)), naughtyStringArb),
          revision: fc.oneof({ weight: 6, arbitrary: fc.constant(REVISION) }, { weight: 1, arbitrary: naughtyStringArb }),
          update: fc.oneof({ weight: 6, arbitrary: fc.constant('UPDATENOW') }, { weight: 1, arbitrary: fc.constantFrom('0', '1e2', '-1') }, { weight: 1, arbitrary: naughtyStringArb }),
        })
        .chain((base) => formBodyArb(base, ['decision', 'reason', 'revision', 'update'], { maxChanges: 1 }));
      const property = fc.asyncProperty(idArb(() => w.publishedId), bodyArb, csrfVariantArb, formContentTypeArb, async (id, body, variant, contentType) => {
        // Each run has a proposal waiting, with a naughty summary the pages must escape.
        w.t.services.practiceUpdates.replacePending(w.publishedId, new Date().toISOString());
        const revision = w.t.services.practices.revisionOf(w.publishedId) ?? 0;
        const current = w.t.services.practices.findById(w.publishedId);
        const updateId = w.t.services.practiceUpdates.insert({ practiceId: w.publishedId, content: { ...contentOf(current ?? practice), summary: `Voorstel <xfz>"'&` }, basedOn: revision, at: new Date().toISOString() });
        const answer = await fuzzPost(`/beheer/praktijken/${id}/voorstel`, withRevisionOf(w.publishedId, body).replaceAll('UPDATENOW', String(updateId)), variant, contentType, tally);
        if (answer.status !== 303) return;
        expectSafeAnswer(await send(mod.agent.get(answer.headers.location ?? '/')), { what: `GET ${answer.headers.location} after ${body.slice(0, 300)}` });
      });
      await fc.assert(property, fuzzSettings(60));
      console.log(`      answers: ${tally.toString()}`);
      expect(tally.count((s) => s === 303 || s === 400 || s === 409), 'fuzzed decisions that reached the handler').to.be.greaterThan(tally.total / 3);
    });
  });
});
