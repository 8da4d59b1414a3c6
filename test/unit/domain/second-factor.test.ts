import { expect } from 'chai';
import { createModerator, MAX_FAILED_LOGINS } from '../../../src/domain/moderators.js';
import { confirmSecondFactor, newTotpSecret, stepOfCode, totpCode, totpUri, verifySecondFactor } from '../../../src/domain/second-factor.js';
import type { Db } from '../../../src/store/database.js';
import { ModeratorRepository } from '../../../src/store/moderator-repository.js';
import { makeTempDir, openStore, removeTempDir } from '../fixtures.js';

const PASSWORD = 'een lang genoeg wachtwoord';
// RFC 6238's own test secret ("12345678901234567890" in base32) and a moment with a known step.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const AT = new Date(59_000);

describe('the second factor (TOTP)', function () {
  this.timeout(20_000);

  describe('codes', () => {
    it('reproduces the RFC 6238 test vector (SHA-1, 59 s → 287082)', () => {
      expect(totpCode(RFC_SECRET, AT)).to.equal('287082');
    });

    it('accepts the code of this step and of one step either side, and no further', () => {
      const step = Math.floor(AT.getTime() / 30_000);
      for (const delta of [-1, 0, 1]) expect(stepOfCode(RFC_SECRET, totpCode(RFC_SECRET, new Date(AT.getTime() + delta * 30_000)), AT)).to.equal(step + delta);
      for (const delta of [-2, 2]) expect(stepOfCode(RFC_SECRET, totpCode(RFC_SECRET, new Date(AT.getTime() + delta * 30_000 + 30_000)), new Date(AT.getTime() + 30_000))).to.equal(undefined);
    });

    it('ignores spaces and a dash, and refuses anything that is not six digits', () => {
      expect(stepOfCode(RFC_SECRET, '287 082', AT)).to.not.equal(undefined);
      expect(stepOfCode(RFC_SECRET, '287-082', AT)).to.not.equal(undefined);
      for (const code of ['', '28708', '2870820', '28708x', '２８７０８２', '287082\u0000']) expect(stepOfCode(RFC_SECRET, code, AT), JSON.stringify(code)).to.equal(undefined);
    });

    it('makes a fresh 160-bit secret every time, and an otpauth address for the app', () => {
      const a = newTotpSecret();
      expect(a).to.match(/^[A-Z2-7]{32}$/).and.not.equal(newTotpSecret());
      expect(totpUri(a, 'an@gemeente.be')).to.equal(`otpauth://totp/Praktijkbank:an%40gemeente.be?issuer=Praktijkbank&secret=${a}&algorithm=SHA1&digits=6&period=30`);
    });
  });

  describe('with an account', () => {
    let dir: string;
    let db: Db;
    let moderators: ModeratorRepository;
    let id: number;
    const now = new Date('2026-03-01T10:00:00.000Z');

    beforeEach(async () => {
      dir = makeTempDir();
      db = openStore(dir).db;
      moderators = new ModeratorRepository(db);
      id = (await createModerator(moderators, 'an@gemeente.be', PASSWORD)).id;
    });

    afterEach(() => {
      db.close();
      removeTempDir(dir);
    });

    it('stores the secret only when a code confirms it, and never overwrites one set up meanwhile', () => {
      const first = newTotpSecret();
      expect(confirmSecondFactor(moderators, id, first, '000000', now)).to.deep.equal({ ok: false, reason: 'invalid' });
      expect(moderators.findById(id)?.totpSecret).to.equal(undefined);
      expect(confirmSecondFactor(moderators, id, first, totpCode(first, now), now)).to.deep.include({ ok: true });
      expect(moderators.findById(id)?.totpSecret).to.equal(first);
      const second = newTotpSecret();
      expect(confirmSecondFactor(moderators, id, second, totpCode(second, now), now)).to.deep.equal({ ok: false, reason: 'unavailable' });
      expect(moderators.findById(id)?.totpSecret).to.equal(first);
    });

    it('lets each code in once: the confirming code, a used code and an older code all fail afterwards', () => {
      const secret = newTotpSecret();
      const confirming = totpCode(secret, now);
      confirmSecondFactor(moderators, id, secret, confirming, now);
      expect(verifySecondFactor(moderators, id, confirming, now)).to.deep.equal({ ok: false, reason: 'invalid' });
      const next = totpCode(secret, new Date(now.getTime() + 30_000));
      expect(verifySecondFactor(moderators, id, next, now)).to.deep.include({ ok: true });
      expect(verifySecondFactor(moderators, id, next, now)).to.deep.equal({ ok: false, reason: 'invalid' });
      expect(verifySecondFactor(moderators, id, totpCode(secret, new Date(now.getTime() - 30_000)), now)).to.deep.equal({ ok: false, reason: 'invalid' });
    });

    it(`locks the account at the ${MAX_FAILED_LOGINS}th wrong code, and a locked account refuses the right code`, () => {
      const secret = newTotpSecret();
      confirmSecondFactor(moderators, id, secret, totpCode(secret, now), now);
      for (let i = 1; i < MAX_FAILED_LOGINS; i++) expect(verifySecondFactor(moderators, id, '000000', now)).to.deep.equal({ ok: false, reason: 'invalid' });
      expect(verifySecondFactor(moderators, id, '000000', now)).to.deep.include({ ok: false, reason: 'locked' });
      const later = new Date(now.getTime() + 60_000);
      expect(verifySecondFactor(moderators, id, totpCode(secret, later), later)).to.deep.include({ reason: 'locked' });
    });
  });
});
