import { expect } from 'chai';
import type { SessionData } from 'express-session';
import type { Db } from '../../../src/store/database.js';
import { SqliteSessionStore } from '../../../src/store/session-store.js';
import { makeTempDir, openStore, removeTempDir } from '../fixtures.js';

const MINUTE = 60_000;

describe('SqliteSessionStore', () => {
  let dir: string;
  let db: Db;
  let now: number;
  let store: SqliteSessionStore;

  const sessionData = (expiresInMs: number | undefined, extra: Partial<SessionData> = {}): SessionData =>
    ({
      cookie: { originalMaxAge: expiresInMs ?? null, expires: expiresInMs === undefined ? undefined : new Date(now + expiresInMs), httpOnly: true, path: '/' },
      ...extra,
    }) as unknown as SessionData;

  const asError = (error: unknown) => (error instanceof Error ? error : new Error('session store failed', { cause: error }));
  const get = (sid: string) =>
    new Promise<SessionData | null | undefined>((resolve, reject) => store.get(sid, (error, data) => (error ? reject(asError(error)) : resolve(data))));
  const set = (sid: string, data: SessionData) => new Promise<void>((resolve, reject) => store.set(sid, data, (error) => (error ? reject(asError(error)) : resolve())));
  const touch = (sid: string, data: SessionData) => new Promise<void>((resolve) => store.touch(sid, data, () => resolve()));
  const destroy = (sid: string) => new Promise<void>((resolve, reject) => store.destroy(sid, (error) => (error ? reject(asError(error)) : resolve())));
  const length = () => new Promise<number | undefined>((resolve, reject) => store.length((error, n) => (error ? reject(asError(error)) : resolve(n))));
  const rows = () => (db.prepare('SELECT sid FROM sessions ORDER BY sid').all() as { sid: string }[]).map((r) => r.sid);

  beforeEach(() => {
    dir = makeTempDir();
    db = openStore(dir).db;
    now = Date.parse('2026-03-01T10:00:00Z');
    store = new SqliteSessionStore(db, { now: () => now, pruneIntervalMs: 0 });
  });

  afterEach(() => {
    store.close();
    db.close();
    removeTempDir(dir);
  });

  it('gives back what was set, with the cookie expiry as a date string', async () => {
    await set('abc', sessionData(30 * MINUTE, { moderatorId: 7, loggedInAt: now }));
    const data = await get('abc');
    expect(data).to.include({ moderatorId: 7, loggedInAt: now });
    expect(data?.cookie.expires).to.equal(new Date(now + 30 * MINUTE).toISOString());
  });

  it('answers null for an unknown session id', async () => {
    expect(await get('bestaat-niet')).to.equal(null);
  });

  it('overwrites a session that is set again', async () => {
    await set('abc', sessionData(30 * MINUTE, { moderatorId: 1 }));
    await set('abc', sessionData(30 * MINUTE, { moderatorId: 2 }));
    expect(await get('abc')).to.include({ moderatorId: 2 });
    expect(rows()).to.deep.equal(['abc']);
  });

  it('no longer gives a session once its cookie has expired', async () => {
    await set('abc', sessionData(30 * MINUTE));
    now += 30 * MINUTE - 1;
    expect(await get('abc')).not.to.equal(null);
    now += 1;
    expect(await get('abc')).to.equal(null);
  });

  it('keeps a touched session alive until the new expiry', async () => {
    await set('abc', sessionData(30 * MINUTE, { moderatorId: 3 }));
    now += 20 * MINUTE;
    await touch('abc', sessionData(30 * MINUTE));
    now += 20 * MINUTE;
    expect(await get('abc')).to.include({ moderatorId: 3 });
    now += 10 * MINUTE;
    expect(await get('abc')).to.equal(null);
  });

  it('gives a session without a cookie expiry the default lifetime', async () => {
    const short = new SqliteSessionStore(db, { now: () => now, pruneIntervalMs: 0, defaultTtlMs: 5 * MINUTE });
    await new Promise<void>((resolve) => short.set('zonder', sessionData(undefined), () => resolve()));
    now += 5 * MINUTE - 1;
    expect(await get('zonder')).not.to.equal(null);
    now += 1;
    expect(await get('zonder')).to.equal(null);
    short.close();
  });

  it('forgets a destroyed session', async () => {
    await set('abc', sessionData(30 * MINUTE));
    await destroy('abc');
    expect(await get('abc')).to.equal(null);
    expect(rows()).to.deep.equal([]);
  });

  it('prunes only expired rows, and reports how many', async () => {
    await set('kort', sessionData(5 * MINUTE));
    await set('lang', sessionData(60 * MINUTE));
    now += 10 * MINUTE;
    expect(store.prune()).to.equal(1);
    expect(rows()).to.deep.equal(['lang']);
  });

  it('prunes expired rows as soon as it is created', async () => {
    await set('kort', sessionData(5 * MINUTE));
    await set('lang', sessionData(60 * MINUTE));
    now += 10 * MINUTE;
    const restarted = new SqliteSessionStore(db, { now: () => now, pruneIntervalMs: 0 });
    restarted.close();
    expect(rows()).to.deep.equal(['lang']);
  });

  it('prunes on a timer while the process runs', async () => {
    await set('kort', sessionData(5 * MINUTE));
    now += 10 * MINUTE;
    const timed = new SqliteSessionStore(db, { now: () => now, pruneIntervalMs: 10 });
    await set('kort2', sessionData(5 * MINUTE));
    now += 10 * MINUTE;
    await new Promise((r) => setTimeout(r, 50));
    timed.close();
    expect(rows()).to.deep.equal([]);
  });

  it('counts and clears the live sessions', async () => {
    await set('a', sessionData(5 * MINUTE));
    await set('b', sessionData(60 * MINUTE));
    now += 10 * MINUTE;
    expect(await length()).to.equal(1);
    await new Promise<void>((resolve) => store.clear(() => resolve()));
    expect(rows()).to.deep.equal([]);
  });

  it("ends every session of one moderator and no one else's", async () => {
    await set('a', sessionData(30 * MINUTE, { moderatorId: 1 }));
    await set('b', sessionData(30 * MINUTE, { moderatorId: 1 }));
    await set('c', sessionData(30 * MINUTE, { moderatorId: 2 }));
    await set('d', sessionData(30 * MINUTE));
    expect(store.destroyByModerator(1)).to.equal(2);
    expect(rows()).to.deep.equal(['c', 'd']);
  });

  it('treats a damaged row as no session rather than an error', async () => {
    db.prepare('INSERT INTO sessions (sid, data, expires_at) VALUES (?, ?, ?)').run('kapot', '{niet json', now + MINUTE);
    expect(await get('kapot')).to.equal(null);
  });
});
