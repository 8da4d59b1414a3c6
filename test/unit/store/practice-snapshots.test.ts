// Migration 006 and what it keeps: the earlier content of a practice per revision, and the revision
// of every history event, so a moderator can be shown what changed since the page they decided on.
import { expect } from 'chai';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventRepository } from '../../../src/store/event-repository.js';
import { applyMigrations, readMigrations } from '../../../src/store/migrations.js';
import { Database } from '../../../src/store/sqlite-driver.js';
import { MIGRATIONS_DIR, makeTempDir, openStore, practiceInput, removeTempDir, type TestStore } from '../fixtures.js';

describe('migration 006: practice snapshots and event revisions', () => {
  let dir: string | undefined;
  let migrations: string | undefined;
  let db: Database | undefined;
  afterEach(() => {
    if (db?.open) db.close();
    removeTempDir(dir);
    removeTempDir(migrations);
  });

  it('keeps every event when it rebuilds practice_events, accepts the action "reopened" and still refuses unknown ones', () => {
    dir = makeTempDir();
    migrations = makeTempDir();
    for (const m of readMigrations(MIGRATIONS_DIR).filter((m) => m.version < 6)) copyFileSync(join(MIGRATIONS_DIR, m.name), join(migrations, m.name));
    db = new Database(join(dir, 'voor-006.sqlite'));
    db.pragma('foreign_keys = ON');
    applyMigrations(db, migrations);
    db.exec(`
      INSERT INTO practices (id, slug, title, summary, scale, source_title, status, created_at, updated_at)
        VALUES (7, 'oud', 'Oud', 'Van voor 006.', 'lokaal', 'Bron', 'rejected', '2025-01-01T00:00:00Z', '2025-01-02T00:00:00Z');
      INSERT INTO moderators (id, email, password_hash, created_at) VALUES (3, 'an@praktijkbank.test', 'x', '2025-01-01T00:00:00Z');
      INSERT INTO practice_events (id, practice_id, action, moderator_id, reason, at) VALUES
        (11, 7, 'submitted', NULL, NULL, '2025-01-01T00:00:00Z'),
        (12, 7, 'rejected', 3, 'Geen lokaal beleid.', '2025-01-02T00:00:00Z');
    `);
    const before = db.prepare('SELECT * FROM practice_events ORDER BY id').all();

    applyMigrations(db, MIGRATIONS_DIR);

    const after = db.prepare('SELECT id, practice_id, action, moderator_id, reason, at FROM practice_events ORDER BY id').all();
    expect(after).to.deep.equal(before);
    expect(db.prepare('SELECT DISTINCT revision FROM practice_events').pluck().all()).to.deep.equal([null]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'practice_events'").pluck().all()).to.include('practice_events_practice');
    expect(db.pragma('foreign_key_check')).to.deep.equal([]);
    new EventRepository(db).add({ practiceId: 7, action: 'reopened', moderatorId: 3, reason: 'Toch relevant.', at: '2025-01-03T00:00:00Z' });
    expect(() => db!.prepare("INSERT INTO practice_events (practice_id, action, at) VALUES (7, 'verwijderd', 'x')").run()).to.throw(/CHECK/);
    expect(() => db!.prepare("INSERT INTO practice_events (practice_id, action, at) VALUES (999, 'edited', 'x')").run()).to.throw(/FOREIGN KEY/);
  });
});

describe('PracticeRepository: revisions and earlier content', () => {
  let dir: string | undefined;
  let store: TestStore;
  beforeEach(() => {
    dir = makeTempDir();
    store = openStore(dir);
  });
  afterEach(() => {
    store.db.close();
    removeTempDir(dir);
  });

  it('tells the content a practice had at each of its revisions, whether a status or the content changed', () => {
    const id = store.practices.insert({ slug: 'een', status: 'pending', input: practiceInput({ title: 'Eerste titel' }) });
    const first = store.practices.revisionOf(id)!;
    store.practices.update(id, practiceInput({ title: 'Tweede titel', partners: ['CAW'] }));
    const second = store.practices.revisionOf(id)!;
    store.practices.setStatus(id, 'published');
    const published = store.practices.revisionOf(id)!;
    store.practices.update(id, practiceInput({ title: 'Derde titel' }));
    const third = store.practices.revisionOf(id)!;

    expect([first, second, published, third]).to.satisfy((revisions: number[]) => revisions.every((r, i) => i === 0 || r > revisions[i - 1]!));
    expect(store.practices.contentAt(id, first)?.title).to.equal('Eerste titel');
    expect(store.practices.contentAt(id, second)).to.deep.include({ title: 'Tweede titel', partners: ['CAW'] });
    expect(store.practices.contentAt(id, published)?.title).to.equal('Tweede titel');
    expect(store.practices.contentAt(id, third)?.title).to.equal('Derde titel');
    expect(store.practices.contentAt(id, third + 1), 'a revision the practice never had').to.equal(undefined);
    expect(store.practices.contentAt(id + 1, first), 'an unknown practice').to.equal(undefined);
  });

  it('keeps the earlier content in the transaction of the change: a failed update keeps nothing', () => {
    const id = store.practices.insert({ slug: 'twee', status: 'pending', input: practiceInput() });
    const revision = store.practices.revisionOf(id)!;
    // A municipality twice breaks the child table's primary key after the row and the snapshot were written.
    expect(() => store.practices.update(id, { ...practiceInput({ title: 'Nooit bewaard' }), municipalities: ['11002', '11002'] })).to.throw(/UNIQUE|PRIMARY KEY/);
    expect(store.db.prepare('SELECT count(*) FROM practice_snapshots').pluck().get()).to.equal(0);
    expect(store.practices.revisionOf(id)).to.equal(revision);
    expect(store.practices.findById(id)?.title).to.equal('Testpraktijk');
  });

  it('gives every event the revision of its change, so only what happened after a revision is listed since it', () => {
    const events = new EventRepository(store.db);
    const id = store.practices.insert({ slug: 'drie', status: 'pending', input: practiceInput() });
    events.add({ practiceId: id, action: 'submitted', at: '2025-01-01T00:00:00Z' });
    const seen = store.practices.revisionOf(id)!;
    store.practices.setStatus(id, 'rejected');
    events.add({ practiceId: id, action: 'rejected', reason: 'Nee.', at: '2025-01-02T00:00:00Z' });
    store.practices.setStatus(id, 'pending');
    events.add({ practiceId: id, action: 'reopened', reason: 'Toch wel.', at: '2025-01-03T00:00:00Z' });

    expect(events.listSince(id, seen).map((e) => e.action)).to.deep.equal(['rejected', 'reopened']);
    expect(events.listSince(id, store.practices.revisionOf(id)!)).to.deep.equal([]);
    expect(events.listFor(id).map((e) => e.action)).to.deep.equal(['submitted', 'rejected', 'reopened']);
  });
});
