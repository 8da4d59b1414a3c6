// All SQL about moderator accounts: credentials, the second factor, the login throttle, known devices
// and enrolment links. Times in the tables of migration 005 are milliseconds since the epoch.
import type { EnrolmentLink, KnownDevice, ModeratorAccount, ModeratorStore, RemoveResult, ThrottleCount } from '../domain/moderator-account.js';
import type { Db } from './database.js';

interface ModeratorRow {
  id: number;
  email: string;
  password_hash: string;
  created_at: string;
  disabled: 0 | 1;
  totp_secret: string | null;
  totp_last_step: number | null;
}

// failed_logins and locked_until (migration 002) are left unread: the lock-out is gone (migration 005).
const COLUMNS = 'id, email, password_hash, created_at, disabled, totp_secret, totp_last_step';

function toAccount(row: ModeratorRow): ModeratorAccount {
  return {
    id: row.id,
    email: row.email,
    passwordHash: row.password_hash,
    createdAt: row.created_at,
    disabled: row.disabled === 1,
    totpSecret: row.totp_secret ?? undefined,
    totpLastStep: row.totp_last_step ?? undefined,
  };
}

export class ModeratorRepository implements ModeratorStore {
  constructor(private readonly db: Db) {}

  /** Adds an account; undefined when the e-mail address (case-insensitive) is already taken. */
  add(account: { email: string; passwordHash: string; createdAt: string }): ModeratorAccount | undefined {
    const row = this.db
      .prepare(`INSERT INTO moderators (email, password_hash, created_at) VALUES (?, ?, ?) ON CONFLICT (email) DO NOTHING RETURNING ${COLUMNS}`)
      .get(account.email, account.passwordHash, account.createdAt) as ModeratorRow | undefined;
    return row && toAccount(row);
  }

  findByEmail(email: string): ModeratorAccount | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM moderators WHERE email = ?`).get(email) as ModeratorRow | undefined;
    return row && toAccount(row);
  }

  findById(id: number): ModeratorAccount | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM moderators WHERE id = ?`).get(id) as ModeratorRow | undefined;
    return row && toAccount(row);
  }

  /** Every account, by e-mail address. */
  list(): ModeratorAccount[] {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM moderators ORDER BY email`).all() as ModeratorRow[]).map(toAccount);
  }

  setPasswordHash(id: number, passwordHash: string): void {
    this.db.prepare('UPDATE moderators SET password_hash = ? WHERE id = ?').run(passwordHash, id);
  }

  /**
   * Records that the code of time step `step` was used; false when that step or a later one was
   * already used, so a code (even one seen over a shoulder) works only once. Atomic against a
   * parallel login with the same code.
   */
  useTotpStep(id: number, step: number): boolean {
    return this.db.prepare('UPDATE moderators SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)').run(step, id, step).changes === 1;
  }

  /** Forgets the second factor (a lost phone): only an enrolment link sets up a new one. */
  clearTotpSecret(id: number): void {
    this.db.prepare('UPDATE moderators SET totp_secret = NULL, totp_last_step = NULL WHERE id = ?').run(id);
  }

  setDisabled(id: number, disabled: boolean): void {
    this.db.prepare('UPDATE moderators SET disabled = ? WHERE id = ?').run(disabled ? 1 : 0, id);
  }

  /** Deletes an account that has done nothing yet; one with recorded decisions must stay for the history. */
  remove(id: number): RemoveResult {
    try {
      return this.db.prepare('DELETE FROM moderators WHERE id = ?').run(id).changes === 1 ? 'removed' : 'not_found';
    } catch (error) {
      if ((error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return 'has_history';
      throw error;
    }
  }

  // The login throttle.

  /** The failures still counted at `now` for these keys; a key without any is left out. */
  throttleCounts(keys: readonly string[], now: number): ThrottleCount[] {
    if (keys.length === 0) return [];
    const rows = this.db
      .prepare(`SELECT key, failures, last_failure_at FROM login_throttle WHERE forget_at > ? AND key IN (${keys.map(() => '?').join(', ')})`)
      .all(now, ...keys) as { key: string; failures: number; last_failure_at: number }[];
    return rows.map((r) => ({ key: r.key, failures: r.failures, lastFailureAt: r.last_failure_at }));
  }

  /**
   * Counts one failure against each key, starting again from one where the earlier failures were
   * forgotten, and deletes every row forgotten by now. One transaction, so parallel attempts all count.
   */
  recordThrottleFailures(failures: readonly { key: string; forgetAt: number }[], now: number): void {
    const upsert = this.db.prepare(
      `INSERT INTO login_throttle (key, failures, last_failure_at, forget_at) VALUES (?, 1, ?, ?)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN forget_at <= excluded.last_failure_at THEN 1 ELSE failures + 1 END,
         last_failure_at = excluded.last_failure_at,
         forget_at = excluded.forget_at`,
    );
    this.db
      .transaction(() => {
        this.db.prepare('DELETE FROM login_throttle WHERE forget_at <= ?').run(now);
        for (const f of failures) upsert.run(f.key, now, f.forgetAt);
      })
      .immediate();
  }

  /** Takes back one failure from each key (an attempt counted before it was checked, that succeeded). */
  releaseThrottleFailures(keys: readonly string[]): void {
    if (keys.length === 0) return;
    const list = keys.map(() => '?').join(', ');
    this.db
      .transaction(() => {
        this.db.prepare(`DELETE FROM login_throttle WHERE failures <= 1 AND key IN (${list})`).run(...keys);
        this.db.prepare(`UPDATE login_throttle SET failures = failures - 1 WHERE key IN (${list})`).run(...keys);
      })
      .immediate();
  }

  /** Runs `work` in one write transaction: a check and the write that depends on it, with no other writer between. */
  atomically<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  clearThrottle(keys: readonly string[]): void {
    if (keys.length === 0) return;
    this.db.prepare(`DELETE FROM login_throttle WHERE key IN (${keys.map(() => '?').join(', ')})`).run(...keys);
  }

  // Known devices.

  /** The device whose cookie token hashes to `tokenHash`, when it was used after `usedAfter`. */
  findDevice(tokenHash: string, usedAfter: number): KnownDevice | undefined {
    const row = this.db.prepare('SELECT id, moderator_id FROM moderator_devices WHERE token_hash = ? AND last_used_at > ?').get(tokenHash, usedAfter) as
      | { id: number; moderator_id: number }
      | undefined;
    return row && { id: row.id, moderatorId: row.moderator_id };
  }

  /**
   * Remembers a device; keeps only the `keep` most recently used devices of that moderator and deletes
   * every device unused since `unusedBefore`.
   */
  addDevice(moderatorId: number, tokenHash: string, now: number, { keep, unusedBefore }: { keep: number; unusedBefore: number }): KnownDevice {
    return this.db
      .transaction(() => {
        this.db.prepare('DELETE FROM moderator_devices WHERE last_used_at <= ?').run(unusedBefore);
        const { id } = this.db
          .prepare('INSERT INTO moderator_devices (moderator_id, token_hash, created_at, last_used_at) VALUES (?, ?, ?, ?) RETURNING id')
          .get(moderatorId, tokenHash, now, now) as { id: number };
        this.db
          .prepare('DELETE FROM moderator_devices WHERE moderator_id = ? AND id NOT IN (SELECT id FROM moderator_devices WHERE moderator_id = ? ORDER BY last_used_at DESC, id DESC LIMIT ?)')
          .run(moderatorId, moderatorId, keep);
        return { id, moderatorId };
      })
      .immediate();
  }

  touchDevice(id: number, now: number): void {
    this.db.prepare('UPDATE moderator_devices SET last_used_at = ? WHERE id = ?').run(now, id);
  }

  /** How many devices the moderator has logged in from (and that are still remembered). */
  countDevices(moderatorId: number): number {
    return (this.db.prepare('SELECT count(*) AS n FROM moderator_devices WHERE moderator_id = ?').get(moderatorId) as { n: number }).n;
  }

  // Enrolment links.

  /** Stores the one enrolment link of a moderator, replacing any earlier one. */
  replaceEnrolmentLink(moderatorId: number, tokenHash: string, now: number, expiresAt: number): void {
    this.db
      .transaction(() => {
        this.db.prepare('DELETE FROM enrolment_links WHERE moderator_id = ? OR expires_at <= ?').run(moderatorId, now);
        this.db.prepare('INSERT INTO enrolment_links (token_hash, moderator_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(tokenHash, moderatorId, now, expiresAt);
      })
      .immediate();
  }

  /** The link whose token hashes to `tokenHash`, unless it has expired by `now`. */
  findEnrolmentLink(tokenHash: string, now: number): EnrolmentLink | undefined {
    const row = this.db.prepare('SELECT moderator_id, expires_at FROM enrolment_links WHERE token_hash = ? AND expires_at > ?').get(tokenHash, now) as
      | { moderator_id: number; expires_at: number }
      | undefined;
    return row && { moderatorId: row.moderator_id, expiresAt: row.expires_at };
  }

  /** The moderator's enrolment link that has not expired by `now`, if any. */
  enrolmentLinkOf(moderatorId: number, now: number): EnrolmentLink | undefined {
    const row = this.db.prepare('SELECT expires_at FROM enrolment_links WHERE moderator_id = ? AND expires_at > ?').get(moderatorId, now) as { expires_at: number } | undefined;
    return row && { moderatorId, expiresAt: row.expires_at };
  }

  /**
   * Uses an enrolment link: deletes it and stores the confirmed TOTP secret with the step of the code
   * that confirmed it, all or nothing. False (and nothing changed) when the link is gone or expired, the
   * account disabled, or a second factor set up meanwhile.
   */
  completeEnrolment(tokenHash: string, moderatorId: number, secret: string, step: number, now: number): boolean {
    return this.db
      .transaction(() => {
        const account = this.db.prepare('SELECT disabled, totp_secret FROM moderators WHERE id = ?').get(moderatorId) as { disabled: 0 | 1; totp_secret: string | null } | undefined;
        if (!account || account.disabled === 1 || account.totp_secret !== null) return false;
        if (this.db.prepare('DELETE FROM enrolment_links WHERE token_hash = ? AND moderator_id = ? AND expires_at > ?').run(tokenHash, moderatorId, now).changes !== 1) return false;
        this.db.prepare('UPDATE moderators SET totp_secret = ?, totp_last_step = ? WHERE id = ?').run(secret, step, moderatorId);
        return true;
      })
      .immediate();
  }
}
