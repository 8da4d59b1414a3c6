import { expect } from 'chai';
import { recogniseDevice } from '../../../src/domain/known-devices.js';
import { THROTTLE_POLICIES } from '../../../src/domain/login-throttle.js';
import {
  ModeratorAccountError,
  activeModerator,
  authenticateModerator,
  createModerator,
  disableModerator,
  enableModerator,
  finishLogin,
  type LoginAttempt,
  listModerators,
  removeModerator,
  resetModeratorPassword,
  timingDummy,
} from '../../../src/domain/moderators.js';
import { issueEnrolmentLink } from '../../../src/domain/second-factor.js';
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
    const FREE = THROTTLE_POLICIES.account.freeFailures;
    const attempt = (email: string, password: string, more: Partial<LoginAttempt> = {}): LoginAttempt => ({ email, password, clientAddress: '203.0.113.7', deviceToken: undefined, ...more });
    const login = (email: string, password: string, at = start, more: Partial<LoginAttempt> = {}) => authenticateModerator(moderators, attempt(email, password, more), at);
    const later = (ms: number) => new Date(start.getTime() + ms);

    it('lets the right password in and answers the moderator', async () => {
      const m = await createModerator(moderators, 'an@gemeente.be', PASSWORD);
      expect(await login('AN@gemeente.be ', PASSWORD)).to.deep.equal({ ok: true, moderator: m, hasSecondFactor: false });
    });

    it('refuses a wrong password, an unknown address and a disabled account alike', async () => {
      await createModerator(moderators, 'an@gemeente.be', PASSWORD);
      await createModerator(moderators, 'weg@gemeente.be', PASSWORD);
      disableModerator(moderators, 'weg@gemeente.be');
      const invalid = { ok: false, reason: 'invalid' };
      expect(await login('an@gemeente.be', 'een verkeerd wachtwoord')).to.deep.equal(invalid);
      expect(await login('niemand@gemeente.be', PASSWORD)).to.deep.equal(invalid);
      expect(await login('weg@gemeente.be', PASSWORD)).to.deep.equal(invalid);
    });

    // Not a timed test (timings on a busy machine prove nothing): the same work, by construction.
    it('verifies an unknown address against a hash that costs what a real one costs', async () => {
      await createModerator(moderators, 'an@gemeente.be', PASSWORD);
      const real = moderators.findByEmail('an@gemeente.be')!.passwordHash;
      const dummy = await timingDummy();
      const costs = (hash: string) => hash.split('$').slice(1, 4); // argon2id, v=19, m=…,t=…,p=…
      expect(costs(dummy)).to.deep.equal(costs(real));
      expect(await login('niemand@gemeente.be', PASSWORD)).to.deep.equal({ ok: false, reason: 'invalid' });
    });

    it(`slows down after ${FREE} wrong passwords: the next attempt, even with the right password, waits until the delay has passed`, async () => {
      await createModerator(moderators, 'an@gemeente.be', PASSWORD);
      for (let i = 1; i <= FREE + 1; i++) expect(await login('an@gemeente.be', `fout ${i}`), `attempt ${i}`).to.deep.equal({ ok: false, reason: 'invalid' });
      // One failure beyond the free ones: the next attempt waits a second.
      expect(await login('an@gemeente.be', PASSWORD, later(999))).to.deep.equal({ ok: false, reason: 'throttled' });
      expect((await login('an@gemeente.be', PASSWORD, later(1_000))).ok).to.equal(true);
    });

    it('counts an unknown address exactly like an existing one, so the slow-down tells nothing either', async () => {
      await createModerator(moderators, 'an@gemeente.be', PASSWORD);
      const answers = async (email: string) => {
        const seen: string[] = [];
        for (let i = 0; i < 12; i++) {
          const result = await login(email, 'fout', later(i * 100), { clientAddress: email });
          seen.push(result.ok ? 'ok' : result.reason);
        }
        return seen;
      };
      const known = await answers('an@gemeente.be');
      expect(known).to.include('throttled');
      expect(await answers('niemand@gemeente.be')).to.deep.equal(known);
    });

    it('slows down guesses sent all at once exactly like guesses sent one after the other', async () => {
      await createModerator(moderators, 'an@gemeente.be', PASSWORD);
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => login('an@gemeente.be', `fout ${i}`)));
      const reasons = results.map((r) => (r.ok ? 'ok' : r.reason));
      expect(reasons.filter((r) => r === 'invalid')).to.have.length(FREE + 1);
      expect(reasons.filter((r) => r === 'throttled')).to.have.length(20 - FREE - 1);
    });

    it('does not count a right password, even though every attempt counts as a failure until its hash is checked', async () => {
      await createModerator(moderators, 'an@gemeente.be', PASSWORD);
      for (let i = 0; i < 20; i++) expect((await login('an@gemeente.be', PASSWORD)).ok, `login ${i + 1}`).to.equal(true);
      expect(db.prepare('SELECT count(*) AS n FROM login_throttle').get()).to.deep.equal({ n: 0 });
    });

    it('does not check a throttled attempt, and does not count it either', async () => {
      await createModerator(moderators, 'an@gemeente.be', PASSWORD);
      for (let i = 0; i <= FREE; i++) await login('an@gemeente.be', 'fout');
      for (let i = 0; i < 20; i++) expect((await login('an@gemeente.be', 'fout', later(500))).ok).to.equal(false);
      // Still one failure beyond the free ones: a second's wait, not a longer one.
      expect((await login('an@gemeente.be', PASSWORD, later(1_000))).ok).to.equal(true);
    });

    it('slows down one client address guessing at many accounts, after thirty failures', async () => {
      await createModerator(moderators, 'an@gemeente.be', PASSWORD);
      for (let i = 0; i < THROTTLE_POLICIES.address.freeFailures + 1; i++) await login(`gok${i}@gemeente.be`, 'fout');
      expect(await login('an@gemeente.be', PASSWORD)).to.deep.equal({ ok: false, reason: 'throttled' });
      expect((await login('an@gemeente.be', PASSWORD, start, { clientAddress: '198.51.100.1' })).ok, 'from another address').to.equal(true);
    });

    it('lets the moderator in from a known device while the account and the address are slowed down', async () => {
      const m = await createModerator(moderators, 'an@gemeente.be', PASSWORD);
      const deviceToken = finishLogin(moderators, m.id, undefined, start);
      // Someone elsewhere guesses at the account; someone at the moderator's office guesses at other accounts.
      for (let i = 0; i < 40; i++) await login('an@gemeente.be', 'fout', later(i * 60_000), { clientAddress: '198.51.100.66' });
      for (let i = 0; i <= THROTTLE_POLICIES.address.freeFailures; i++) await login(`collega${i}@gemeente.be`, 'fout', later(40 * 60_000));
      const at = later(40 * 60_000);
      expect(await login('an@gemeente.be', PASSWORD, at, { clientAddress: '192.0.2.1' }), 'the account is slowed down').to.deep.equal({ ok: false, reason: 'throttled' });
      expect(await login('colleague@gemeente.be', PASSWORD, at), 'the office address is slowed down').to.deep.equal({ ok: false, reason: 'throttled' });
      expect((await login('an@gemeente.be', PASSWORD, at, { deviceToken })).ok).to.equal(true);
    });

    it("counts failures from a known device against that device only, and another moderator's device gives no pass", async () => {
      const m = await createModerator(moderators, 'an@gemeente.be', PASSWORD);
      const other = await createModerator(moderators, 'bert@gemeente.be', PASSWORD);
      const deviceToken = finishLogin(moderators, m.id, undefined, start);
      const otherToken = finishLogin(moderators, other.id, undefined, start);
      for (let i = 0; i <= FREE; i++) await login('an@gemeente.be', 'fout', start, { deviceToken });
      expect(await login('an@gemeente.be', PASSWORD, start, { deviceToken }), 'a stolen laptop guesses no faster').to.deep.equal({ ok: false, reason: 'throttled' });
      expect((await login('an@gemeente.be', PASSWORD, start)).ok, 'the account itself was not slowed').to.equal(true);
      for (let i = 0; i <= FREE; i++) await login('an@gemeente.be', 'fout', later(1), { deviceToken: otherToken });
      expect(await login('an@gemeente.be', PASSWORD, later(2), { deviceToken: otherToken })).to.deep.equal({ ok: false, reason: 'throttled' });
    });

    it('refuses an absurdly long password, hashing no more than the limit', async () => {
      await createModerator(moderators, 'an@gemeente.be', PASSWORD);
      expect(await login('an@gemeente.be', 'x'.repeat(100_000))).to.deep.equal({ ok: false, reason: 'invalid' });
    });

    it('keeps the slow-down through a restart: it lives in the database', async () => {
      await createModerator(moderators, 'an@gemeente.be', PASSWORD);
      for (let i = 0; i <= FREE; i++) await login('an@gemeente.be', 'fout');
      db.close();
      db = openStore(dir).db;
      moderators = new ModeratorRepository(db);
      expect(await login('an@gemeente.be', PASSWORD, later(500))).to.deep.equal({ ok: false, reason: 'throttled' });
    });
  });

  describe('finishLogin', () => {
    it('makes the browser a known device, and keeps its token at the next login', async () => {
      const m = await createModerator(moderators, 'an@gemeente.be', PASSWORD);
      const token = finishLogin(moderators, m.id, undefined, start);
      expect(token).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect(recogniseDevice(moderators, token, start)).to.deep.include({ moderatorId: m.id });
      expect(finishLogin(moderators, m.id, token, start)).to.equal(token);
      expect(moderators.countDevices(m.id)).to.equal(1);
      const stored = db.prepare('SELECT token_hash FROM moderator_devices').get() as { token_hash: string };
      expect(stored.token_hash).to.match(/^[0-9a-f]{64}$/).and.not.equal(token);
    });

    it("gives a browser carrying another moderator's device token a token of its own", async () => {
      const a = await createModerator(moderators, 'an@gemeente.be', PASSWORD);
      const b = await createModerator(moderators, 'bert@gemeente.be', PASSWORD);
      const token = finishLogin(moderators, a.id, undefined, start);
      expect(finishLogin(moderators, b.id, token, start)).not.to.equal(token);
    });
  });

  describe('managing accounts', () => {
    it('resets a password, which also forgets the slow-down of its address', async () => {
      await createModerator(moderators, 'an@gemeente.be', PASSWORD);
      for (let i = 0; i < 10; i++) await authenticateModerator(moderators, { email: 'an@gemeente.be', password: 'fout', clientAddress: undefined, deviceToken: undefined }, start);
      await resetModeratorPassword(moderators, 'an@gemeente.be', 'een heel nieuw wachtwoord');
      const login = (password: string) => authenticateModerator(moderators, { email: 'an@gemeente.be', password, clientAddress: '198.51.100.1', deviceToken: undefined }, start);
      expect((await login('een heel nieuw wachtwoord')).ok).to.equal(true);
      expect(await login(PASSWORD)).to.deep.equal({ ok: false, reason: 'invalid' });
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

    it('lists accounts without their password hashes, with the expiry of an enrolment link while it works', async () => {
      await createModerator(moderators, 'an@gemeente.be', PASSWORD, start);
      const [listed] = listModerators(moderators, start);
      expect(listed).to.deep.equal({ email: 'an@gemeente.be', createdAt: start.toISOString(), disabled: false, hasSecondFactor: false, enrolmentLinkExpiresAt: undefined });
      const link = issueEnrolmentLink(moderators, 'an@gemeente.be', start)!;
      expect(listModerators(moderators, start)[0]?.enrolmentLinkExpiresAt).to.deep.equal(link.expiresAt);
      expect(listModerators(moderators, link.expiresAt)[0]?.enrolmentLinkExpiresAt).to.equal(undefined);
    });
  });
});
