import { expect } from 'chai';
import {
  clientAddressKey,
  delayAfter,
  forgetFailedAttempts,
  recordFailedAttempt,
  THROTTLE_POLICIES,
  type ThrottleSubject,
  throttleKey,
  throttleWait,
} from '../../../src/domain/login-throttle.js';
import type { Db } from '../../../src/store/database.js';
import { ModeratorRepository } from '../../../src/store/moderator-repository.js';
import { makeTempDir, openStore, removeTempDir } from '../fixtures.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

describe('the login throttle', () => {
  describe('delayAfter', () => {
    it('lets five failures per account pass, then waits 1 s, 2 s, 4 s... up to a quarter of an hour', () => {
      const account = THROTTLE_POLICIES.account;
      const delays = Array.from({ length: 17 }, (_, i) => delayAfter(i + 1, account) / SECOND);
      expect(delays).to.deep.equal([0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]);
      expect(delayAfter(1_000_000, account)).to.equal(15 * MINUTE);
    });

    it('lets thirty failures per client address pass (an office shares one), then doubles up to five minutes', () => {
      const address = THROTTLE_POLICIES.address;
      expect(delayAfter(30, address)).to.equal(0);
      expect(delayAfter(31, address)).to.equal(SECOND);
      expect(delayAfter(35, address)).to.equal(16 * SECOND);
      expect(delayAfter(100, address)).to.equal(5 * MINUTE);
    });

    it('treats the code step and a known device like an account', () => {
      expect(THROTTLE_POLICIES.code).to.deep.equal(THROTTLE_POLICIES.account);
      expect(THROTTLE_POLICIES.device).to.deep.equal(THROTTLE_POLICIES.account);
    });
  });

  describe('clientAddressKey', () => {
    it('counts an IPv4 address as itself, also when mapped into IPv6', () => {
      expect(clientAddressKey('203.0.113.7')).to.equal('203.0.113.7');
      expect(clientAddressKey('::ffff:203.0.113.7')).to.equal('203.0.113.7');
    });

    it('counts an IPv6 address by its /64 network, however it is written', () => {
      const key = clientAddressKey('2001:db8:1:2:aaaa::1');
      expect(key).to.equal('2001:db8:1:2::/64');
      for (const same of ['2001:0db8:0001:0002:ffff:ffff:ffff:ffff', '2001:DB8:1:2::', '2001:db8:1:2:0:0:0:9']) expect(clientAddressKey(same), same).to.equal(key);
      expect(clientAddressKey('2001:db8::1')).to.equal('2001:db8:0:0::/64');
      expect(clientAddressKey('2001:db8:1:3::1')).not.to.equal(key);
      expect(clientAddressKey('::1')).to.equal('0:0:0:0::/64');
    });

    it('counts a request without an address under one shared key', () => {
      expect(clientAddressKey(undefined)).to.equal('unknown');
      expect(clientAddressKey('')).to.equal('unknown');
    });
  });

  it('stores a hash of what it throttles, never the e-mail or IP address', () => {
    const key = throttleKey({ kind: 'account', email: 'an@gemeente.be' });
    expect(key).to.match(/^[0-9a-f]{64}$/);
    expect(key).not.to.equal(throttleKey({ kind: 'address', address: 'an@gemeente.be' }));
  });

  describe('with a database', () => {
    let dir: string;
    let db: Db;
    let moderators: ModeratorRepository;
    const start = new Date('2026-03-01T10:00:00.000Z');
    const at = (ms: number) => new Date(start.getTime() + ms);
    const account: ThrottleSubject = { kind: 'account', email: 'an@gemeente.be' };
    const address: ThrottleSubject = { kind: 'address', address: '203.0.113.7' };

    beforeEach(() => {
      dir = makeTempDir();
      db = openStore(dir).db;
      moderators = new ModeratorRepository(db);
    });

    afterEach(() => {
      db.close();
      removeTempDir(dir);
    });

    it('makes the next attempt wait once the free failures are used, and only as long as the delay', () => {
      for (let i = 0; i < 5; i++) recordFailedAttempt(moderators, [account], start);
      expect(throttleWait(moderators, [account], start)).to.equal(0);
      recordFailedAttempt(moderators, [account], start);
      expect(throttleWait(moderators, [account], start)).to.equal(SECOND);
      expect(throttleWait(moderators, [account], at(400))).to.equal(600);
      expect(throttleWait(moderators, [account], at(SECOND))).to.equal(0);
    });

    it('waits for the slowest of the subjects of an attempt', () => {
      for (let i = 0; i < 8; i++) recordFailedAttempt(moderators, [account], start);
      for (let i = 0; i < 31; i++) recordFailedAttempt(moderators, [address], start);
      expect(throttleWait(moderators, [address], start)).to.equal(SECOND);
      expect(throttleWait(moderators, [account, address], start)).to.equal(4 * SECOND);
      expect(throttleWait(moderators, [{ kind: 'account', email: 'bert@gemeente.be' }], start), 'another address is not slowed').to.equal(0);
    });

    it('forgets failures an hour after the last one for a client address, and a day after it for an account', () => {
      for (let i = 0; i < 31; i++) recordFailedAttempt(moderators, [account, address], start);
      const counted = (subject: ThrottleSubject, ms: number) => moderators.throttleCounts([throttleKey(subject)], at(ms).getTime()).map((c) => c.failures);
      expect(counted(address, 60 * MINUTE - 1)).to.deep.equal([31]);
      expect(counted(address, 60 * MINUTE)).to.deep.equal([]);
      expect(counted(account, 60 * MINUTE)).to.deep.equal([31]);
      // A failure within the day keeps the count growing; after a quiet day it starts from one.
      recordFailedAttempt(moderators, [account], at(23 * 60 * MINUTE));
      expect(counted(account, 23 * 60 * MINUTE)).to.deep.equal([32]);
      recordFailedAttempt(moderators, [account], at(47 * 60 * MINUTE + 1));
      expect(counted(account, 47 * 60 * MINUTE + 1)).to.deep.equal([1]);
      expect(throttleWait(moderators, [account], at(47 * 60 * MINUTE + 1))).to.equal(0);
    });

    it('forgets the failures of a subject when told to', () => {
      for (let i = 0; i < 10; i++) recordFailedAttempt(moderators, [account, address], start);
      forgetFailedAttempts(moderators, [account]);
      expect(throttleWait(moderators, [account], start)).to.equal(0);
      expect(moderators.throttleCounts([throttleKey(address)], start.getTime())).to.have.length(1);
    });
  });
});
