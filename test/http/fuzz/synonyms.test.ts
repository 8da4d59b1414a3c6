// The moderators' synonym list, fuzzed: naughty, repeated, bracketed and missing fields, lines of
// control characters and separators, with and without a valid CSRF token — never a 5xx, never an
// unescaped echo; the list changes only on a redirect, and then to a list every search can read.
import { expect } from 'chai';
import fc from 'fast-check';
import { currentSynonyms } from '../../../src/domain/synonyms.js';
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
  send,
  StatusTally,
  useFuzzWorld,
  withCsrf,
} from '../../support/fuzz.js';
import { type LoggedIn, loginAsModerator } from '../../support/test-app.js';

const lineArb = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.constantFrom('ouderen', 'senioren', 'loket', 'onthaal', 'CAW', 'één gezin', 'de'), { minLength: 1, maxLength: 4 }).map((terms) => terms.join(', ')) },
  { weight: 2, arbitrary: naughtyStringArb },
  { weight: 1, arbitrary: fc.string({ maxLength: 120 }) },
);
const listArb = fc.tuple(fc.array(lineArb, { maxLength: 12 }), fc.constantFrom('\n', '\r\n', '\r', '\u2028')).map(([lines, separator]) => lines.join(separator));
/** Stands for the id of the list in use when the body is sent (a save changes it). */
const CURRENT = 'CURRENT-REVISION';

describe('fuzzing the moderators’ synonym list', function () {
  this.timeout(120_000);
  const w = useFuzzWorld();
  let mod: LoggedIn;
  before(async () => {
    mod = await loginAsModerator(w.t, { email: 'fuzz-synoniemen@praktijkbank.test' });
  });

  describe('POST /beheer/synoniemen', () => {
    it('never answers a 5xx or an unescaped echo, and saves only a list that search reads', async () => {
      const page = await mod.agent.get('/beheer/synoniemen').expect(200);
      const fields = formFieldNames(page.text, '/beheer/synoniemen');
      expect(fields).to.include.members(['text', 'note', 'basedOn']);
      const tally = new StatusTally();
      const bodyArb = fc
        .record({ text: listArb, note: fc.oneof(fc.constant(''), naughtyStringArb), basedOn: fc.oneof({ weight: 3, arbitrary: fc.constant(CURRENT) }, { weight: 1, arbitrary: naughtyStringArb }) })
        .chain((base) => formBodyArb(base, fields, { maxChanges: 2 }));
      const property = fc.asyncProperty(bodyArb, csrfVariantArb, formContentTypeArb, async (body, variant, contentType) => {
        const current = String(currentSynonyms(w.t.services.synonyms).revision?.id ?? 0);
        const sent = withCsrf(variant, mod.csrfToken, body.split(CURRENT).join(current));
        let test = mod.agent.post('/beheer/synoniemen').set('Content-Type', contentType);
        if (sent.header) test = test.set('X-CSRF-Token', sent.header);
        const before = fingerprint(w.t.services.db);
        const answer = await send(test.send(sent.body));
        tally.add(answer.status);
        const what = `POST /beheer/synoniemen (${variant} CSRF token, ${contentType}) ${sent.body.slice(0, 2000)}`;
        expectSafeAnswer(answer, { what });
        if (!carriesCsrf(variant)) expect([400, 403, 413, 415], `${what} without a valid token`).to.include(answer.status);
        if (answer.status !== 303) {
          expectUnchanged(before, fingerprint(w.t.services.db), what);
          return;
        }
        expect(answer.headers.location).to.equal('/beheer/synoniemen?klaar=bewaard');
        const { groups } = currentSynonyms(w.t.services.synonyms);
        expect(groups.every((g) => g.length >= 2 && g.every((term) => !/[\r\n\u2028\u2029]/.test(term))), what).to.equal(true);
        // Whatever was saved, a search still answers.
        await mod.agent.get('/api/v1/practices?q=senioren%20loket').expect(200);
      });
      await fc.assert(property, fuzzSettings(60));
      console.log(`      answers: ${tally.toString()}`);
    });
  });

  describe('POST /beheer/synoniemen/:id/terugzetten', () => {
    it('answers 404 for a version that does not exist, whatever the id, and never a 5xx', async () => {
      await fc.assert(
        // Percent-encoded and within Node's header limit (naughtySegmentArb): a longer address is
        // refused by Node before the app sees it, and Node 24 may reset the connection while doing so.
        fc.asyncProperty(fc.oneof(naughtySegmentArb, fc.integer({ min: -5, max: 10_000_000 }).map(String)), async (id) => {
          const answer = await send(mod.agent.post(`/beheer/synoniemen/${id}/terugzetten`).set('X-CSRF-Token', mod.csrfToken).type('form').send(''));
          expectSafeAnswer(answer, { what: `restore ${id}` });
          expect([303, 400, 404], `restore ${id.slice(0, 80)}`).to.include(answer.status);
        }),
        fuzzSettings(40),
      );
    });
  });

  describe('POST /beheer/synoniemen/standaard', () => {
    it('puts the default list back, whatever the body, and never a 5xx', async () => {
      await fc.assert(
        fc.asyncProperty(naughtyStringArb, async (body) => {
          const answer = await send(mod.agent.post('/beheer/synoniemen/standaard').set('X-CSRF-Token', mod.csrfToken).type('form').send(body));
          expectSafeAnswer(answer, { what: `default ${body}` });
          expect([303, 400, 413], `default ${body.slice(0, 80)}`).to.include(answer.status);
        }),
        fuzzSettings(20),
      );
      const answer = await mod.agent.post('/beheer/synoniemen/standaard').set('X-CSRF-Token', mod.csrfToken).type('form').send('').expect(303);
      expect(answer.headers.location).to.equal('/beheer/synoniemen?klaar=standaard');
    });
  });
});
