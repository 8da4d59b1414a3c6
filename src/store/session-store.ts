// Server-side sessions in the `sessions` table: an express-session Store over better-sqlite3.
// It extends express-session's Store because express-session needs its prototype (load, regenerate,
// createSession); everything else here is plain SQL.
import session, { type SessionData } from 'express-session';
import type { Db } from './database.js';

export interface SessionStoreOptions {
  /** Milliseconds since the epoch; injected by tests. */
  readonly now?: () => number;
  /** How often expired rows are removed while the process runs; 0 turns the timer off. */
  readonly pruneIntervalMs?: number;
  /** Lifetime of a session whose cookie carries no expiry (express-session's maxAge unset). */
  readonly defaultTtlMs?: number;
}

type Callback = (error?: unknown) => void;

export class SqliteSessionStore extends session.Store {
  private readonly now: () => number;
  private readonly defaultTtlMs: number;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly statements;

  constructor(db: Db, { now = Date.now, pruneIntervalMs = 15 * 60_000, defaultTtlMs = 24 * 60 * 60_000 }: SessionStoreOptions = {}) {
    super();
    this.now = now;
    this.defaultTtlMs = defaultTtlMs;
    this.statements = {
      get: db.prepare<[string, number], { data: string }>('SELECT data FROM sessions WHERE sid = ? AND expires_at > ?'),
      set: db.prepare<[string, string, number]>(
        'INSERT INTO sessions (sid, data, expires_at) VALUES (?, ?, ?) ON CONFLICT (sid) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at',
      ),
      touch: db.prepare<[number, string]>('UPDATE sessions SET expires_at = ? WHERE sid = ?'),
      destroy: db.prepare<[string]>('DELETE FROM sessions WHERE sid = ?'),
      // A half-finished login (password given, second factor not yet) belongs to the moderator too.
      destroyByModerator: db.prepare<[number]>("DELETE FROM sessions WHERE ? IN (json_extract(data, '$.moderatorId'), json_extract(data, '$.pendingLogin.moderatorId'))"),
      prune: db.prepare<[number]>('DELETE FROM sessions WHERE expires_at <= ?'),
      count: db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM sessions WHERE expires_at > ?'),
      clear: db.prepare('DELETE FROM sessions'),
    };
    this.prune();
    if (pruneIntervalMs > 0) {
      this.timer = setInterval(() => this.prune(), pruneIntervalMs);
      // A pending prune must never keep the process (or a test run) alive.
      this.timer.unref();
    }
  }

  override get(sid: string, callback: (error: unknown, session?: SessionData | null) => void): void {
    let row: { data: string } | undefined;
    try {
      row = this.statements.get.get(sid, this.now());
    } catch (error) {
      callback(error);
      return;
    }
    callback(null, row ? parseSession(row.data) : null);
  }

  override set(sid: string, data: SessionData, callback?: Callback): void {
    this.run(() => this.statements.set.run(sid, JSON.stringify(data), this.expiresAt(data)), callback);
  }

  override touch(sid: string, data: SessionData, callback?: () => void): void {
    this.run(() => this.statements.touch.run(this.expiresAt(data), sid), callback && (() => callback()));
  }

  override destroy(sid: string, callback?: Callback): void {
    this.run(() => this.statements.destroy.run(sid), callback);
  }

  override length(callback: (error: unknown, length?: number) => void): void {
    try {
      callback(null, this.statements.count.get(this.now())?.n ?? 0);
    } catch (error) {
      callback(error);
    }
  }

  override clear(callback?: Callback): void {
    this.run(() => this.statements.clear.run(), callback);
  }

  /** Ends every session of one moderator (after a password reset or when the account is disabled). */
  destroyByModerator(moderatorId: number): number {
    return this.statements.destroyByModerator.run(moderatorId).changes;
  }

  /** Removes expired sessions; returns how many. */
  prune(): number {
    return this.statements.prune.run(this.now()).changes;
  }

  /** Stops the prune timer; call before closing the database. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private expiresAt(data: SessionData): number {
    const expires = data.cookie?.expires;
    if (expires) {
      const at = new Date(expires).getTime();
      if (Number.isFinite(at)) return at;
    }
    return this.now() + this.defaultTtlMs;
  }

  private run(statement: () => unknown, callback?: Callback): void {
    try {
      statement();
    } catch (error) {
      callback?.(error);
      return;
    }
    callback?.();
  }
}

// A row that is not valid JSON (a hand edit, a partial restore) counts as no session, not as a 500.
function parseSession(data: string): SessionData | null {
  try {
    const parsed: unknown = JSON.parse(data);
    return typeof parsed === 'object' && parsed !== null ? (parsed as SessionData) : null;
  } catch {
    return null;
  }
}
