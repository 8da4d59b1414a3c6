// All SQL about "wij doen dit ook" adoptions (migration 015).
import type { Adoption, AdoptionStatus, AdoptionStore, NewAdoption } from '../domain/adoptions.js';
import type { Db } from './database.js';

interface AdoptionRow {
  id: number;
  practice_id: number;
  nis_code: string;
  since_year: number;
  note: string | null;
  email: string | null;
  email_domain: string;
  status: AdoptionStatus;
  token_expires_at: string | null;
  created_at: string;
  confirmed_at: string | null;
  decided_at: string | null;
  moderator_email: string | null;
  reason: string | null;
}

const SELECT = `SELECT a.id, a.practice_id, a.nis_code, a.since_year, a.note, a.email, a.email_domain, a.status, a.token_expires_at,
  a.created_at, a.confirmed_at, a.decided_at, m.email AS moderator_email, a.reason
  FROM adoptions a LEFT JOIN moderators m ON m.id = a.moderator_id`;

const toAdoption = (r: AdoptionRow): Adoption => ({
  id: r.id,
  practiceId: r.practice_id,
  nisCode: r.nis_code,
  since: r.since_year,
  note: r.note ?? undefined,
  email: r.email ?? undefined,
  emailDomain: r.email_domain,
  status: r.status,
  tokenExpiresAt: r.token_expires_at ?? undefined,
  createdAt: r.created_at,
  confirmedAt: r.confirmed_at ?? undefined,
  decidedAt: r.decided_at ?? undefined,
  moderatorEmail: r.moderator_email ?? undefined,
  reason: r.reason ?? undefined,
});

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

export class AdoptionRepository implements AdoptionStore {
  constructor(private readonly db: Db) {}

  insert(a: NewAdoption): number {
    const result = this.db
      .prepare(
        `INSERT INTO adoptions (practice_id, nis_code, since_year, note, email, email_domain, token_hash, token_expires_at, status, created_at)
         VALUES (@practiceId, @nisCode, @since, @note, @email, @emailDomain, @tokenHash, @tokenExpiresAt, 'unconfirmed', @at)`,
      )
      .run({ ...a, note: a.note ?? null, emailDomain: domainOf(a.email) });
    return Number(result.lastInsertRowid);
  }

  findByTokenHash(tokenHash: string): Adoption | undefined {
    const row = this.db.prepare(`${SELECT} WHERE a.token_hash = ?`).get(tokenHash) as AdoptionRow | undefined;
    return row && toAdoption(row);
  }

  findById(id: number): Adoption | undefined {
    const row = this.db.prepare(`${SELECT} WHERE a.id = ?`).get(id) as AdoptionRow | undefined;
    return row && toAdoption(row);
  }

  counts(practiceId: number, nisCode: string): boolean {
    return this.db.prepare("SELECT 1 FROM adoptions WHERE practice_id = ? AND nis_code = ? AND status IN ('confirmed', 'approved')").get(practiceId, nisCode) !== undefined;
  }

  unconfirmedFor(email: string, since: string): number {
    const row = this.db.prepare("SELECT count(*) AS n FROM adoptions WHERE status = 'unconfirmed' AND email = ? COLLATE NOCASE AND created_at >= ?").get(email, since) as { n: number };
    return row.n;
  }

  /** The address goes with the confirmation; the token's hash stays until the decision, so a second click is recognised. */
  confirm(id: number, at: string): void {
    this.db.prepare("UPDATE adoptions SET status = 'confirmed', confirmed_at = ?, email = NULL, token_expires_at = NULL WHERE id = ? AND status = 'unconfirmed'").run(at, id);
  }

  decide(id: number, decision: { status: 'approved' | 'rejected'; moderatorId: number; reason: string | undefined; at: string }): void {
    this.db
      .prepare("UPDATE adoptions SET status = @status, decided_at = @at, moderator_id = @moderatorId, reason = @reason, token_hash = NULL WHERE id = @id AND status = 'confirmed'")
      .run({ id, status: decision.status, at: decision.at, moderatorId: decision.moderatorId, reason: decision.reason ?? null });
  }

  deleteExpired(now: string): number {
    return this.db.prepare("DELETE FROM adoptions WHERE status = 'unconfirmed' AND token_expires_at <= ?").run(now).changes;
  }

  listWaiting(): Adoption[] {
    return (this.db.prepare(`${SELECT} WHERE a.status = 'confirmed' ORDER BY a.confirmed_at, a.id`).all() as AdoptionRow[]).map(toAdoption);
  }

  listDecided(limit: number): Adoption[] {
    return (this.db.prepare(`${SELECT} WHERE a.status IN ('approved', 'rejected') ORDER BY a.decided_at DESC, a.id DESC LIMIT ?`).all(limit) as AdoptionRow[]).map(toAdoption);
  }

  countWaiting(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM adoptions WHERE status = 'confirmed'").get() as { n: number }).n;
  }
}
