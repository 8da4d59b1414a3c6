// The moderator's choice of e-mail about waiting work, fuzzed: naughty, repeated, bracketed and missing
// fields, with and without a valid CSRF token — never a 5xx, never an unescaped echo, and the choice
// changes only on a redirect, and then to one of the three values.
import { expect } from 'chai';
import fc from 'fast-check';
import { NOTICE_CHOICES } from '../../../src/domain/moderator-notice-store.js';
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
  naughtyStringArb,
  send,
  StatusTally,
  useFuzzWorld,
  withCsrf,
} from '../../support/fuzz.js';
import { type LoggedIn, loginAsModerator } from '../../support/test-app.js';

describe('fuzzing the moderators’ notice settings', function () {
  this.timeout(120_000);
  const w = useFuzzWorld();
  let mod: LoggedIn;
  before(async () => {
    mod = await loginAsModerator(w.t, { email: 'fuzz-meldingen@praktijkbank.test' });
  });

  describe('POST /beheer/meldingen', () => {
    it('never answers a 5xx or an unescaped echo, and changes the choice only when it redirects', async () => {
      const page = await mod.agent.get('/beheer/meldingen').expect(200);
      const fields = formFieldNames(page.text, '/beheer/meldingen');
      expect(fields).to.include.members(['notices']);
      const tally = new StatusTally();
      const bodyArb = fc
        .record({ notices: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...NOTICE_CHOICES) }, { weight: 2, arbitrary: naughtyStringArb }) })
        .chain((base) => formBodyArb(base, fields, { maxChanges: 2 }));
      const property = fc.asyncProperty(bodyArb, csrfVariantArb, formContentTypeArb, async (body, variant, contentType) => {
        const sent = withCsrf(variant, mod.csrfToken, body);
        let test = mod.agent.post('/beheer/meldingen').set('Content-Type', contentType);
        if (sent.header) test = test.set('X-CSRF-Token', sent.header);
        const before = fingerprint(w.t.services.db);
        const answer = await send(test.send(sent.body));
        tally.add(answer.status);
        const what = `POST /beheer/meldingen (${variant} CSRF token, ${contentType}) ${sent.body.slice(0, 2000)}`;
        expectSafeAnswer(answer, { what });
        if (!carriesCsrf(variant)) expect([400, 403, 413, 415], `${what} without a valid token`).to.include(answer.status);
        if (answer.status !== 303) {
          expectUnchanged(before, fingerprint(w.t.services.db), what);
          return;
        }
        expect(answer.headers.location).to.equal('/beheer/meldingen?bewaard=1');
        expect(NOTICE_CHOICES).to.include(w.t.services.moderatorNotices.choiceOf(mod.moderator.id));
      });
      await fc.assert(property, fuzzSettings(80));
      console.log(`      answers: ${tally.toString()}`);
      expect(tally.count((s) => s === 303), 'fuzzed choices that were saved').to.be.greaterThan(0);
      expect(tally.count((s) => s === 400), 'fuzzed choices that were refused').to.be.greaterThan(0);
    });
  });
});
