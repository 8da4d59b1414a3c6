import { expect } from 'chai';
import {
  LOCK_DURATION_MS,
  MAX_FAILED_LOGINS,
  ModeratorAccountError,
  activeModerator,
  authenticateModerator,
  createModerator,
  disableModerator,
  enableModerator,
  listModerators,
  removeModerator,
  resetModeratorPassword,
} from '../../../src/domain/moderators.js';
import type { Db } from '../../../src/store/database.js';
import { ModeratorRepository } from '../../../src/store/moderator-repository.js';
import { makeTempDir, openStore, removeTempDir } from '../fixtures.js';

const PASSWORD = 'een lang genoeg wachtwoord';

async function refusal(promise: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    if (error instanceof ModeratorAccountError) return error.message;
    throw error;
  }
  throw new Error('expected a ModeratorAccountError');
}

describe('moderator accounts', function () {
  // argon2id takes about 0.1 s a hash, on purpose.
  this.timeout(20_000);
  let dir: string;
  let db: Db;
  let moderators: ModeratorRepository;
  const start = new Date('2026-03-01T10:00:00.000Z');

  beforeEach(() => {
    dir = makeTempDir();
    db = openStore(dir).db;
    moderators = new ModeratorRepository(db);
  });

  afterEach(() => {
    db.close();
    removeTempDir(dir);
  });

  describe('createModerator', () => {
    it('stores an argon2id hash with OWASP parameters, never the password', async () => {
      const m = await createModerator(moderators, 'an@gemeente.be', PASSWORD, start);
      const stored = moderators.findById(m.id)!;
      expect(stored.passwordHash).to.match(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(stored.passwordHash).not.to.contain(PASSWORD);
      expect(stored.createdAt).to.equal(start.toISOString());
    });

    it('salts every hash: two accounts with one password get different hashes', async () => {
      const a = await createModerator(moderators, 'a@gemeente.be', PASSWORD);
      const b = await createModerator(moderators, 'b@gemeente.be', PASSWORD);
      expect(moderators.findById(a.id)!.passwordHash).not.to.equal(moderators.findById(b.id)!.passwordHash);
    });

    it('keeps the address in lower case without surrounding spaces', async () => {
      expect((await createModerator(moderators, '  An@Gemeente.BE ', PASSWORD)).email).to.equal('an@gemeente.be');
    });

    it('refuses a password shorter than 12 characters, in Dutch', async () => {
      expect(await refusal(createModerator(moderators, 'an@gemeente.be', 'elf tekens!'))).to.equal('Het wachtwoord moet minstens 12 tekens lang zijn.');
      expect(moderators.list()).to.deep.equal([]);
    });

    it('refuses something that is not an e-mail address', async () => {
      expect(await refusal(createModerator(moderators, 'geen-adres', PASSWORD))).to.contain('geldig e-mailadres');
    });

    it('refuses an address that already has an account', async () => {
      await createModerator(moderators, 'an@gemeente.be', PASSWORD);
      expect(await refusal(createModerator(moderators, 'AN@gemeente.be', PASSWORD))).to.contain('bestaat al');
    });
  });

  describe('authenticateModerator', () => {
    it('lets the right password in and answers the moderator', async () => {
      const m = await createModerator(moderators, 'an@gemeente.be', PASSWORD);
      expect(await authenticateModerator(moderators, 'AN@gemeente.be ', PASSWORD, start)).to.deep.equal({ ok: true, moderator: m, hasSecondFactor: false });
    });

    it('refuses a wrong password, an unknown address and a disabled account alike', async () => {
      await createModerator(moderators, 'an@gemeente.be', PASSWORD);
      await createModerator(moderators, 'weg@gemeente.be', PASSWORD);
      disableModerator(moderators, 'weg@gemeente.be');
      const invalid = { ok: false, reason: 'invalid' };
      expect(await authenticateModerator(moderators, 'an@gemeente.be', 'een verkeerd wachtwoord', start)).to.deep.equal(invalid);
      expect(await authenticateModerator(moderators, 'niemand@gemeente.be', PASSWORD, start)).to.deep.equal(invalid);
      expect(await authenticateModerator(moderators, 'weg@gemeente.be', PASSWORD, start)).to.deep.equal(invalid);
    });

    it('takes about as long for an unknown address as for a wrong password', async () => {
      await createModerator(moderators, 'an@gemeente.be', PASSWORD);
      await authenticateModerator(moderators, 'warm@gemeente.be', 'x', start); // the dummy hash is made once
      const time = async (email: string) => {
        const t0 = process.hrtime.bigint();
        await authenticateModerator(moderators, email, 'een verkeerd wachtwoord', start);
        return Number(process.hrtime.bigint() - t0) / 1e6;
      };
      const known = await time('an@gemeente.be');
      const unknown = await time('niemand@gemeente.be');
      expect(unknown).to.be.greaterThan(known / 3);
    });

    it(`locks the account after ${MAX_FAILED_LOGINS} wrong passwords, even for the right one, and lets it in once the lock has passed`, async () => {
      await createModerator(moderators, 'an@gemeente.be', PASSWORD);
      for (let i = 1; i < MAX_FAILED_LOGINS; i++) {
        expect(await authenticateModerator(moderators, 'an@gemeente.be', `fout ${i}`, start)).to.deep.equal({ ok: false, reason: 'invalid' });
      }
      const lockedUntil = new Date(start.getTime() + LOCK_DURATION_MS);
      expect(await authenticateModerator(moderators, 'an@gemeente.be', 'fout 5', start)).to.deep.equal({ ok: false, reason: 'locked', lockedUntil });

      const almost = new Date(lockedUntil.getTime() - 1);
      expect(await authenticateModerator(moderators, 'an@gemeente.be', PASSWORD, almost)).to.deep.equal({ ok: false, reason: 'locked', lockedUntil });
      expect((await authenticateModerator(moderators, 'an@gemeente.be', PASSWORD, lockedUntil)).ok).to.equal(true);
    });

    it('starts counting failures again after a successful login', async () => {
      await createModerator(moderators, 'an@gemeente.be', PASSWORD);
      for (let i = 1; i < MAX_FAILED_LOGINS; i++) await authenticateModerator(moderators, 'an@gemeente.be', 'fout', start);
      expect((await authenticateModerator(moderators, 'an@gemeente.be', PASSWORD, start)).ok).to.equal(true);
      expect(await authenticateModerator(moderators, 'an@gemeente.be', 'fout', start)).to.deep.equal({ ok: false, reason: 'invalid' });
    });

    it('gives a locked-out account a fresh set of attempts after the lock', async () => {
      await createModerator(moderators, 'an@gemeente.be', PASSWORD);
      for (let i = 0; i < MAX_FAILED_LOGINS; i++) await authenticateModerator(moderators, 'an@gemeente.be', 'fout', start);
      const later = new Date(start.getTime() + LOCK_DURATION_MS);
      expect(await authenticateModerator(moderators, 'an@gemeente.be', 'fout', later)).to.deep.equal({ ok: false, reason: 'invalid' });
    });

    it('refuses an absurdly long password, hashing no more than the limit', async () => {
      await createModerator(moderators, 'an@gemeente.be', PASSWORD);
      expect(await authenticateModerator(moderators, 'an@gemeente.be', 'x'.repeat(100_000), start)).to.deep.equal({ ok: false, reason: 'invalid' });
    });
  });

  describe('managing accounts', () => {
    it('resets a password, which also lifts a lock', async () => {
      await createModerator(moderators, 'an@gemeente.be', PASSWORD);
      for (let i = 0; i < MAX_FAILED_LOGINS; i++) await authenticateModerator(moderators, 'an@gemeente.be', 'fout', start);
      await resetModeratorPassword(moderators, 'an@gemeente.be', 'een heel nieuw wachtwoord');
      expect((await authenticateModerator(moderators, 'an@gemeente.be', 'een heel nieuw wachtwoord', start)).ok).to.equal(true);
      expect((await authenticateModerator(moderators, 'an@gemeente.be', PASSWORD, start)).ok).to.equal(false);
    });

    it('refuses a short new password and names an unknown account', async () => {
      await createModerator(moderators, 'an@gemeente.be', PASSWORD);
      expect(await refusal(resetModeratorPassword(moderators, 'an@gemeente.be', 'kort'))).to.contain('minstens 12 tekens');
      expect(await refusal(resetModeratorPassword(moderators, 'niemand@gemeente.be', PASSWORD))).to.contain('geen moderator');
    });

    it('disables and enables an account; a disabled one is no active moderator', async () => {
      const m = await createModerator(moderators, 'an@gemeente.be', PASSWORD);
      expect(activeModerator(moderators, m.id)).to.deep.equal(m);
      disableModerator(moderators, 'an@gemeente.be');
      expect(activeModerator(moderators, m.id)).to.equal(undefined);
      expect(listModerators(moderators)[0]).to.include({ email: 'an@gemeente.be', disabled: true });
      enableModerator(moderators, 'an@gemeente.be');
      expect(activeModerator(moderators, m.id)).to.deep.equal(m);
    });

    it('removes an account; a removed one is no active moderator', async () => {
      const m = await createModerator(moderators, 'an@gemeente.be', PASSWORD);
      removeModerator(moderators, 'an@gemeente.be');
      expect(activeModerator(moderators, m.id)).to.equal(undefined);
      expect(await refusal(() => removeModerator(moderators, 'an@gemeente.be'))).to.contain('geen moderator');
    });

    it('lists accounts without their password hashes, with a lock while it lasts', async () => {
      await createModerator(moderators, 'an@gemeente.be', PASSWORD, start);
      for (let i = 0; i < MAX_FAILED_LOGINS; i++) await authenticateModerator(moderators, 'an@gemeente.be', 'fout', start);
      const [listed] = listModerators(moderators, start);
      expect(listed).to.deep.equal({
        email: 'an@gemeente.be',
        createdAt: start.toISOString(),
        disabled: false,
        hasSecondFactor: false,
        lockedUntil: new Date(start.getTime() + LOCK_DURATION_MS).toISOString(),
      });
      expect(listModerators(moderators, new Date(start.getTime() + LOCK_DURATION_MS))[0]?.lockedUntil).to.equal(undefined);
    });
  });
});
