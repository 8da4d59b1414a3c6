// All SQL about moderator accounts: credentials, failed logins and the lock-out.
import type { Db } from './database.js';

export interface ModeratorAccount {
  readonly id: number;
  readonly email: string;
  readonly passwordHash: string;
  readonly createdAt: string;
  readonly failedLogins: number;
  /** ISO timestamp until which logging in is refused; undefined when not locked. */
  readonly lockedUntil: string | undefined;
  readonly disabled: boolean;
  /** Base32 TOTP secret; undefined until the moderator has set up the second factor. */
  readonly totpSecret: string | undefined;
  /** The TOTP time step of the last code accepted. */
  readonly totpLastStep: number | undefined;
}

interface ModeratorRow {
  id: number;
  email: string;
  password_hash: string;
  created_at: string;
  failed_logins: number;
  locked_until: string | null;
  disabled: 0 | 1;
  totp_secret: string | null;
  totp_last_step: number | null;
}

const COLUMNS = 'id, email, password_hash, created_at, failed_logins, locked_until, disabled, totp_secret, totp_last_step';

function toAccount(row: ModeratorRow): ModeratorAccount {
  return {
    id: row.id,
    email: row.email,
    passwordHash: row.password_hash,
    createdAt: row.created_at,
    failedLogins: row.failed_logins,
    lockedUntil: row.locked_until ?? undefined,
    disabled: row.disabled === 1,
    totpSecret: row.totp_secret ?? undefined,
    totpLastStep: row.totp_last_step ?? undefined,
  };
}

export type RemoveResult = 'removed' | 'not_found' | 'has_history';

export class ModeratorRepository {
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

  /**
   * Counts a failed login; at `maxFailures` the account is locked until `lockUntil` and the count
   * starts again. One transaction, so parallel attempts cannot slip past the limit.
   */
  recordFailedLogin(id: number, maxFailures: number, lockUntil: string): { locked: boolean } {
    return this.db.transaction(() => {
      const row = this.db.prepare('UPDATE moderators SET failed_logins = failed_logins + 1 WHERE id = ? RETURNING failed_logins').get(id) as
        | { failed_logins: number }
        | undefined;
      if (!row || row.failed_logins < maxFailures) return { locked: false };
      this.db.prepare('UPDATE moderators SET failed_logins = 0, locked_until = ? WHERE id = ?').run(lockUntil, id);
      return { locked: true };
    }).immediate();
  }

  /** After a successful login: no failures, no lock. */
  clearFailedLogins(id: number): void {
    this.db.prepare('UPDATE moderators SET failed_logins = 0, locked_until = NULL WHERE id = ?').run(id);
  }

  /** A new password also lifts a lock. */
  setPasswordHash(id: number, passwordHash: string): void {
    this.db.prepare('UPDATE moderators SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?').run(passwordHash, id);
  }

  /**
   * Records that the code of time step `step` was used; false when that step or a later one was
   * already used, so a code (even one seen over a shoulder) works only once. Atomic against a
   * parallel login with the same code.
   */
  useTotpStep(id: number, step: number): boolean {
    return this.db.prepare('UPDATE moderators SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)').run(step, id, step).changes === 1;
  }

  /**
   * Stores a confirmed TOTP secret together with the step of the code that confirmed it; false when
   * the account has one already (set up meanwhile from another browser), which is left as it is.
   */
  setTotpSecret(id: number, secret: string, step: number): boolean {
    return this.db.prepare('UPDATE moderators SET totp_secret = ?, totp_last_step = ? WHERE id = ? AND totp_secret IS NULL').run(secret, step, id).changes === 1;
  }

  /** Forgets the second factor (a lost phone): the next login sets up a new one. */
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
}
