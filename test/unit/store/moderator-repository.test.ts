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
    expect(added).to.deep.include({ email: 'an@gemeente.be', failedLogins: 0, lockedUntil: undefined, disabled: false });
    expect(moderators.findById(added!.id)?.email).to.equal('an@gemeente.be');
    expect(moderators.findByEmail('AN@Gemeente.be')?.id).to.equal(added!.id);
  });

  it('refuses a second account with the same address in another case', () => {
    moderators.add({ email: 'an@gemeente.be', passwordHash: 'h', createdAt });
    expect(moderators.add({ email: 'AN@gemeente.be', passwordHash: 'h2', createdAt })).to.equal(undefined);
    expect(moderators.list()).to.have.length(1);
  });

  it('locks an account at the given number of failures and starts counting again', () => {
    const { id } = moderators.add({ email: 'an@gemeente.be', passwordHash: 'h', createdAt })!;
    for (let i = 1; i < 3; i++) expect(moderators.recordFailedLogin(id, 3, '2026-03-01T10:15:00.000Z')).to.deep.equal({ locked: false });
    expect(moderators.findById(id)?.failedLogins).to.equal(2);
    expect(moderators.recordFailedLogin(id, 3, '2026-03-01T10:15:00.000Z')).to.deep.equal({ locked: true });
    expect(moderators.findById(id)).to.deep.include({ failedLogins: 0, lockedUntil: '2026-03-01T10:15:00.000Z' });
  });

  it('clears failures and the lock after a login or a new password', () => {
    const { id } = moderators.add({ email: 'an@gemeente.be', passwordHash: 'h', createdAt })!;
    moderators.recordFailedLogin(id, 1, '2026-03-01T10:15:00.000Z');
    moderators.clearFailedLogins(id);
    expect(moderators.findById(id)).to.deep.include({ failedLogins: 0, lockedUntil: undefined });
    moderators.recordFailedLogin(id, 1, '2026-03-01T10:15:00.000Z');
    moderators.setPasswordHash(id, 'nieuw');
    expect(moderators.findById(id)).to.deep.include({ passwordHash: 'nieuw', failedLogins: 0, lockedUntil: undefined });
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
