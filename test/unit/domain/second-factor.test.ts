import { expect } from 'chai';
import { finishLogin, createModerator, disableModerator, resetSecondFactor } from '../../../src/domain/moderators.js';
import { THROTTLE_POLICIES } from '../../../src/domain/login-throttle.js';
import {
  completeEnrolment,
  ENROLMENT_LINK_LIFETIME_MS,
  type EnrolmentAttempt,
  enrolmentSecret,
  issueEnrolmentLink,
  openEnrolmentLink,
  stepOfCode,
  totpCode,
  totpUri,
  verifySecondFactor,
} from '../../../src/domain/second-factor.js';
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

    it('derives a 160-bit secret from an enrolment token, the same every time, another for another token', () => {
      const token = 'a'.repeat(43);
      const secret = enrolmentSecret(token);
      expect(secret).to.match(/^[A-Z2-7]{32}$/).and.equal(enrolmentSecret(token));
      expect(enrolmentSecret('b'.repeat(43))).not.to.equal(secret);
      expect(totpUri(secret, 'an@gemeente.be')).to.equal(`otpauth://totp/Praktijkbank:an%40gemeente.be?issuer=Praktijkbank&secret=${secret}&algorithm=SHA1&digits=6&period=30`);
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

    /** Enrols the account through a new link at `at`; answers the secret it set up. */
    async function enrol(at = now): Promise<string> {
      const link = issueEnrolmentLink(moderators, 'an@gemeente.be', at)!;
      const secret = enrolmentSecret(link.token);
      expect(await completeEnrolment(moderators, { token: link.token, password: PASSWORD, code: totpCode(secret, at), clientAddress: undefined }, at)).to.deep.include({ ok: true });
      return secret;
    }

    describe('verifySecondFactor', () => {
      it('lets each code in once: the enrolling code, a used code and an older code all fail afterwards', async () => {
        const secret = await enrol();
        const enrolling = totpCode(secret, now);
        expect(verifySecondFactor(moderators, id, enrolling, now)).to.deep.equal({ ok: false, reason: 'invalid' });
        const next = totpCode(secret, new Date(now.getTime() + 30_000));
        expect(verifySecondFactor(moderators, id, next, now)).to.deep.include({ ok: true });
        expect(verifySecondFactor(moderators, id, next, now)).to.deep.equal({ ok: false, reason: 'invalid' });
        expect(verifySecondFactor(moderators, id, totpCode(secret, new Date(now.getTime() - 30_000)), now)).to.deep.equal({ ok: false, reason: 'invalid' });
      });

      it(`slows down after ${THROTTLE_POLICIES.code.freeFailures} wrong codes: even the right code waits until the delay has passed`, async () => {
        const secret = await enrol();
        for (let i = 0; i <= THROTTLE_POLICIES.code.freeFailures; i++) expect(verifySecondFactor(moderators, id, '000000', now)).to.deep.equal({ ok: false, reason: 'invalid' });
        const soon = new Date(now.getTime() + 30_000);
        expect(verifySecondFactor(moderators, id, totpCode(secret, soon), new Date(now.getTime() + 999))).to.deep.equal({ ok: false, reason: 'throttled', retryAfterMs: 1 });
        expect(verifySecondFactor(moderators, id, totpCode(secret, soon), new Date(now.getTime() + 1_000))).to.deep.include({ ok: true });
      });

      it('lets a code from a known device through while wrong codes elsewhere slow the account down', async () => {
        const secret = await enrol();
        const deviceToken = finishLogin(moderators, id, undefined, now);
        for (let i = 0; i < 12; i++) verifySecondFactor(moderators, id, '000000', new Date(now.getTime() + i * 60_000));
        const at = new Date(now.getTime() + 12 * 60_000);
        expect(verifySecondFactor(moderators, id, totpCode(secret, at), at)).to.deep.include({ reason: 'throttled' });
        expect(verifySecondFactor(moderators, id, totpCode(secret, at), at, deviceToken)).to.deep.include({ ok: true });
      });

      it('is unavailable for an account without a second factor, or a disabled one', async () => {
        expect(verifySecondFactor(moderators, id, '000000', now)).to.deep.equal({ ok: false, reason: 'unavailable' });
        const secret = await enrol();
        disableModerator(moderators, 'an@gemeente.be');
        expect(verifySecondFactor(moderators, id, totpCode(secret, now), now)).to.deep.equal({ ok: false, reason: 'unavailable' });
      });
    });

    describe('enrolment links', () => {
      const attemptWith = (token: string, more: Partial<EnrolmentAttempt> = {}): EnrolmentAttempt => ({
        token,
        password: PASSWORD,
        code: totpCode(enrolmentSecret(token), now),
        clientAddress: '203.0.113.7',
        ...more,
      });

      it('stores only the hash of the token, and expires after 72 hours', () => {
        const link = issueEnrolmentLink(moderators, 'AN@gemeente.be', now)!;
        expect(link.token).to.match(/^[A-Za-z0-9_-]{43}$/);
        expect(link.expiresAt.getTime() - now.getTime()).to.equal(ENROLMENT_LINK_LIFETIME_MS).and.equal(72 * 60 * 60_000);
        const stored = db.prepare('SELECT token_hash FROM enrolment_links').get() as { token_hash: string };
        expect(stored.token_hash).to.match(/^[0-9a-f]{64}$/).and.not.contain(link.token);
        expect(openEnrolmentLink(moderators, link.token, new Date(link.expiresAt.getTime() - 1))).to.deep.include({ secret: enrolmentSecret(link.token) });
        expect(openEnrolmentLink(moderators, link.token, link.expiresAt)).to.equal(undefined);
        expect(issueEnrolmentLink(moderators, 'niemand@gemeente.be', now)).to.equal(undefined);
      });

      it('sets up the second factor with the password and a code, once; opening the link changes nothing', async () => {
        const link = issueEnrolmentLink(moderators, 'an@gemeente.be', now)!;
        openEnrolmentLink(moderators, link.token, now);
        expect(moderators.findById(id)?.totpSecret).to.equal(undefined);
        expect(await completeEnrolment(moderators, attemptWith(link.token), now)).to.deep.equal({ ok: true, moderator: { id, email: 'an@gemeente.be' } });
        expect(moderators.findById(id)?.totpSecret).to.equal(enrolmentSecret(link.token));
        expect(openEnrolmentLink(moderators, link.token, now)).to.equal(undefined);
        expect(await completeEnrolment(moderators, attemptWith(link.token), now)).to.deep.equal({ ok: false, reason: 'link' });
      });

      it('refuses a wrong password or a wrong code and keeps the link', async () => {
        const link = issueEnrolmentLink(moderators, 'an@gemeente.be', now)!;
        expect(await completeEnrolment(moderators, attemptWith(link.token, { password: 'niet het wachtwoord' }), now)).to.deep.equal({ ok: false, reason: 'password' });
        expect(await completeEnrolment(moderators, attemptWith(link.token, { code: totpCode('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', now) }), now)).to.deep.equal({ ok: false, reason: 'code' });
        expect(moderators.findById(id)?.totpSecret).to.equal(undefined);
        expect(openEnrolmentLink(moderators, link.token, now)).not.to.equal(undefined);
      });

      it('slows down wrong passwords and codes like a login does', async () => {
        const link = issueEnrolmentLink(moderators, 'an@gemeente.be', now)!;
        for (let i = 0; i <= THROTTLE_POLICIES.code.freeFailures; i++) await completeEnrolment(moderators, attemptWith(link.token, { code: '000000' }), now);
        expect(await completeEnrolment(moderators, attemptWith(link.token), now)).to.deep.equal({ ok: false, reason: 'throttled', retryAfterMs: 1_000 });
        const later = new Date(now.getTime() + 1_000);
        expect(await completeEnrolment(moderators, attemptWith(link.token, { code: totpCode(enrolmentSecret(link.token), later) }), later)).to.deep.include({ ok: true });
      });

      it('refuses a replaced link, an expired link, a disabled account and an account set up already', async () => {
        const first = issueEnrolmentLink(moderators, 'an@gemeente.be', now)!;
        const second = issueEnrolmentLink(moderators, 'an@gemeente.be', now)!;
        expect(await completeEnrolment(moderators, attemptWith(first.token), now), 'replaced').to.deep.equal({ ok: false, reason: 'link' });
        expect(await completeEnrolment(moderators, attemptWith(second.token), second.expiresAt), 'expired').to.deep.equal({ ok: false, reason: 'link' });
        disableModerator(moderators, 'an@gemeente.be');
        expect(openEnrolmentLink(moderators, second.token, now), 'disabled').to.equal(undefined);
        expect(await completeEnrolment(moderators, attemptWith(second.token), now), 'disabled').to.deep.equal({ ok: false, reason: 'link' });
        db.prepare('UPDATE moderators SET disabled = 0').run();
        const third = issueEnrolmentLink(moderators, 'an@gemeente.be', now)!;
        await enrol();
        expect(openEnrolmentLink(moderators, third.token, now), 'set up already').to.equal(undefined);
        for (const token of ['', 'kort', `${second.token}x`, '../../etc/passwd']) expect(openEnrolmentLink(moderators, token, now), token).to.equal(undefined);
      });

      it('after reset-2fa the old secret is gone, and only a new link sets up another', async () => {
        await enrol();
        resetSecondFactor(moderators, 'an@gemeente.be');
        expect(moderators.findById(id)?.totpSecret).to.equal(undefined);
        expect(moderators.enrolmentLinkOf(id, now.getTime())).to.equal(undefined);
        const secret = await enrol(new Date(now.getTime() + 60_000));
        expect(moderators.findById(id)?.totpSecret).to.equal(secret);
      });
    });
  });
});
