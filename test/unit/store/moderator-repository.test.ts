import { expect } from 'chai';
import type { Db } from '../../../src/store/database.js';
import { EventRepository } from '../../../src/store/event-repository.js';
import { ModeratorRepository } from '../../../src/store/moderator-repository.js';
import { PracticeRepository } from '../../../src/store/practice-repository.js';
import { makeTempDir, openStore, practiceInput, removeTempDir } from '../fixtures.js';

describe('ModeratorRepository', () => {
  let dir: string;
  let db: Db;
  let moderators: ModeratorRepository;
  const createdAt = '2026-03-01T10:00:00.000Z';

  beforeEach(() => {
    dir = makeTempDir();
    db = openStore(dir).db;
    moderators = new ModeratorRepository(db);
  });

  afterEach(() => {
    db.close();
    removeTempDir(dir);
  });

  it('adds an account and finds it by id and by e-mail address, whatever the case', () => {
    const added = moderators.add({ email: 'an@gemeente.be', passwordHash: '$argon2id$x', createdAt });
    expect(added).to.deep.include({ email: 'an@gemeente.be', disabled: false, totpSecret: undefined });
    expect(moderators.findById(added!.id)?.email).to.equal('an@gemeente.be');
    expect(moderators.findByEmail('AN@Gemeente.be')?.id).to.equal(added!.id);
  });

  it('refuses a second account with the same address in another case', () => {
    moderators.add({ email: 'an@gemeente.be', passwordHash: 'h', createdAt });
    expect(moderators.add({ email: 'AN@gemeente.be', passwordHash: 'h2', createdAt })).to.equal(undefined);
    expect(moderators.list()).to.have.length(1);
  });

  describe('the login throttle', () => {
    it('counts failures per key and starts again from one once the earlier ones are forgotten', () => {
      moderators.recordThrottleFailures([{ key: 'a', forgetAt: 2_000 }, { key: 'b', forgetAt: 5_000 }], 1_000);
      moderators.recordThrottleFailures([{ key: 'a', forgetAt: 2_500 }], 1_500);
      expect(moderators.throttleCounts(['a', 'b', 'c'], 1_600)).to.have.deep.members([
        { key: 'a', failures: 2, lastFailureAt: 1_500 },
        { key: 'b', failures: 1, lastFailureAt: 1_000 },
      ]);
      // At 2,500 the failures of 'a' are forgotten: they no longer count, and a new one is the first again.
      expect(moderators.throttleCounts(['a'], 2_500)).to.deep.equal([]);
      moderators.recordThrottleFailures([{ key: 'a', forgetAt: 9_000 }], 3_000);
      expect(moderators.throttleCounts(['a'], 3_000)).to.deep.equal([{ key: 'a', failures: 1, lastFailureAt: 3_000 }]);
    });

    it('takes back one failure per key, deleting a row that has none left', () => {
      moderators.recordThrottleFailures([{ key: 'a', forgetAt: 9_000 }, { key: 'b', forgetAt: 9_000 }], 1_000);
      moderators.recordThrottleFailures([{ key: 'a', forgetAt: 9_000 }], 1_000);
      moderators.releaseThrottleFailures(['a', 'b', 'c']);
      expect(moderators.throttleCounts(['a', 'b', 'c'], 1_000)).to.deep.equal([{ key: 'a', failures: 1, lastFailureAt: 1_000 }]);
    });

    it('deletes forgotten rows when it records a failure, and clears keys on request', () => {
      moderators.recordThrottleFailures([{ key: 'oud', forgetAt: 1_000 }, { key: 'nieuw', forgetAt: 9_000 }], 500);
      moderators.recordThrottleFailures([{ key: 'ander', forgetAt: 9_000 }], 1_000);
      const keys = () => (db.prepare('SELECT key FROM login_throttle ORDER BY key').all() as { key: string }[]).map((r) => r.key);
      expect(keys()).to.deep.equal(['ander', 'nieuw']);
      moderators.clearThrottle(['nieuw']);
      expect(keys()).to.deep.equal(['ander']);
    });
  });

  describe('known devices', () => {
    it('finds a device by the hash of its token while it was used recently enough', () => {
      const { id } = moderators.add({ email: 'an@gemeente.be', passwordHash: 'h', createdAt })!;
      const device = moderators.addDevice(id, 'hash-1', 1_000, { keep: 10, unusedBefore: 0 });
      expect(moderators.findDevice('hash-1', 999)).to.deep.equal(device);
      expect(moderators.findDevice('hash-1', 1_000), 'not used since').to.equal(undefined);
      moderators.touchDevice(device.id, 2_000);
      expect(moderators.findDevice('hash-1', 1_500)).to.deep.equal({ id: device.id, moderatorId: id });
      expect(moderators.findDevice('hash-2', 0)).to.equal(undefined);
    });

    it('keeps only the most recently used devices of a moderator, and forgets the unused ones of everyone', () => {
      const { id } = moderators.add({ email: 'an@gemeente.be', passwordHash: 'h', createdAt })!;
      const { id: other } = moderators.add({ email: 'bert@gemeente.be', passwordHash: 'h', createdAt })!;
      moderators.addDevice(other, 'oud', 100, { keep: 10, unusedBefore: 0 });
      for (let i = 1; i <= 4; i++) moderators.addDevice(id, `hash-${i}`, 1_000 + i, { keep: 3, unusedBefore: 0 });
      expect(moderators.countDevices(id)).to.equal(3);
      expect(moderators.findDevice('hash-1', 0), 'the least recently used went first').to.equal(undefined);
      moderators.addDevice(id, 'hash-5', 2_000, { keep: 3, unusedBefore: 500 });
      expect(moderators.countDevices(other), 'unused since before 500').to.equal(0);
    });

    it('forgets the devices of a removed account', () => {
      const { id } = moderators.add({ email: 'an@gemeente.be', passwordHash: 'h', createdAt })!;
      moderators.addDevice(id, 'hash-1', 1_000, { keep: 10, unusedBefore: 0 });
      expect(moderators.remove(id)).to.equal('removed');
      expect(moderators.findDevice('hash-1', 0)).to.equal(undefined);
    });
  });

  describe('enrolment links', () => {
    it('keeps one link per moderator: a new one replaces the old', () => {
      const { id } = moderators.add({ email: 'an@gemeente.be', passwordHash: 'h', createdAt })!;
      moderators.replaceEnrolmentLink(id, 'eerste', 1_000, 10_000);
      moderators.replaceEnrolmentLink(id, 'tweede', 2_000, 20_000);
      expect(moderators.findEnrolmentLink('eerste', 2_000)).to.equal(undefined);
      expect(moderators.findEnrolmentLink('tweede', 2_000)).to.deep.equal({ moderatorId: id, expiresAt: 20_000 });
      expect(moderators.enrolmentLinkOf(id, 2_000)).to.deep.equal({ moderatorId: id, expiresAt: 20_000 });
      expect(moderators.findEnrolmentLink('tweede', 20_000), 'expired').to.equal(undefined);
      expect(moderators.enrolmentLinkOf(id, 20_000)).to.equal(undefined);
    });

    it('is used up with the secret stored in one go, once', () => {
      const { id } = moderators.add({ email: 'an@gemeente.be', passwordHash: 'h', createdAt })!;
      moderators.replaceEnrolmentLink(id, 'link', 1_000, 10_000);
      expect(moderators.completeEnrolment('link', id, 'GEHEIM', 7, 2_000)).to.equal(true);
      expect(moderators.findById(id)).to.deep.include({ totpSecret: 'GEHEIM', totpLastStep: 7 });
      expect(moderators.findEnrolmentLink('link', 2_000)).to.equal(undefined);
      expect(moderators.completeEnrolment('link', id, 'ANDER', 8, 2_000)).to.equal(false);
      expect(moderators.findById(id)?.totpSecret).to.equal('GEHEIM');
    });

    it('changes nothing for an expired link, a disabled account or one set up meanwhile', () => {
      const { id } = moderators.add({ email: 'an@gemeente.be', passwordHash: 'h', createdAt })!;
      moderators.replaceEnrolmentLink(id, 'link', 1_000, 10_000);
      expect(moderators.completeEnrolment('link', id, 'GEHEIM', 7, 10_000), 'expired').to.equal(false);
      moderators.setDisabled(id, true);
      expect(moderators.completeEnrolment('link', id, 'GEHEIM', 7, 2_000), 'disabled').to.equal(false);
      moderators.setDisabled(id, false);
      expect(moderators.findEnrolmentLink('link', 2_000), 'the refused attempts left the link').not.to.equal(undefined);
      expect(moderators.completeEnrolment('link', id, 'GEHEIM', 7, 2_000)).to.equal(true);
      moderators.clearTotpSecret(id);
      expect(moderators.findById(id)).to.deep.include({ totpSecret: undefined, totpLastStep: undefined });
    });
  });

  it('disables and enables an account', () => {
    const { id } = moderators.add({ email: 'an@gemeente.be', passwordHash: 'h', createdAt })!;
    moderators.setDisabled(id, true);
    expect(moderators.findById(id)?.disabled).to.equal(true);
    moderators.setDisabled(id, false);
    expect(moderators.findById(id)?.disabled).to.equal(false);
  });

  it('removes an account without history, but keeps one that made decisions', () => {
    const { id: fresh } = moderators.add({ email: 'nieuw@gemeente.be', passwordHash: 'h', createdAt })!;
    expect(moderators.remove(fresh)).to.equal('removed');
    expect(moderators.remove(fresh)).to.equal('not_found');

    const { id: busy } = moderators.add({ email: 'actief@gemeente.be', passwordHash: 'h', createdAt })!;
    const pid = new PracticeRepository(db).insert({ slug: 'testpraktijk', status: 'pending', input: practiceInput(), now: createdAt });
    new EventRepository(db).add({ practiceId: pid, action: 'published', moderatorId: busy, at: createdAt });
    expect(moderators.remove(busy)).to.equal('has_history');
    expect(moderators.findById(busy)).not.to.equal(undefined);
  });

  it('lists accounts by e-mail address', () => {
    moderators.add({ email: 'zeno@gemeente.be', passwordHash: 'h', createdAt });
    moderators.add({ email: 'an@gemeente.be', passwordHash: 'h', createdAt });
    expect(moderators.list().map((m) => m.email)).to.deep.equal(['an@gemeente.be', 'zeno@gemeente.be']);
  });
});
