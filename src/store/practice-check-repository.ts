// The yearly check's questions (migration 014): which practices are due, and each question asked once.
import type { PracticeCheck, PracticeCheckStore } from '../domain/yearly-check.js';
import type { Db } from './database.js';

interface CheckRow {
  id: number;
  practice_id: number;
  asked_at: string;
  answered_at: string | null;
}

const checkOf = (r: CheckRow): PracticeCheck => ({ id: r.id, practiceId: r.practice_id, askedAt: r.asked_at, answeredAt: r.answered_at ?? undefined });

export class PracticeCheckRepository implements PracticeCheckStore {
  constructor(private readonly db: Db) {}

  due(before: string, limit: number): number[] {
    const rows = this.db
      .prepare(
        `SELECT p.id FROM practices p
          WHERE p.status = 'published' AND trim(coalesce(p.contact_email, '')) <> ''
            AND coalesce(p.last_verified_at, p.published_at) <= @before
            AND NOT EXISTS (SELECT 1 FROM practice_checks c WHERE c.practice_id = p.id AND c.asked_at > @before)
          ORDER BY coalesce(p.last_verified_at, p.published_at), p.id
          LIMIT @limit`,
      )
      .all({ before, limit }) as { id: number }[];
    return rows.map((r) => r.id);
  }

  // One statement: SQLite runs writes one at a time, so of two processes asking at once only one inserts.
  ask(practiceId: number, at: string, before: string): number | undefined {
    const result = this.db
      .prepare(
        `INSERT INTO practice_checks (practice_id, asked_at)
           SELECT @practiceId, @at WHERE NOT EXISTS (SELECT 1 FROM practice_checks WHERE practice_id = @practiceId AND asked_at > @before)`,
      )
      .run({ practiceId, at, before });
    return result.changes === 1 ? Number(result.lastInsertRowid) : undefined;
  }

  find(id: number): PracticeCheck | undefined {
    const row = this.db.prepare('SELECT * FROM practice_checks WHERE id = ?').get(id) as CheckRow | undefined;
    return row && checkOf(row);
  }

  latestFor(practiceId: number): PracticeCheck | undefined {
    const row = this.db.prepare('SELECT * FROM practice_checks WHERE practice_id = ? ORDER BY asked_at DESC, id DESC LIMIT 1').get(practiceId) as CheckRow | undefined;
    return row && checkOf(row);
  }

  answer(id: number, at: string): boolean {
    return this.db.prepare('UPDATE practice_checks SET answered_at = ? WHERE id = ? AND answered_at IS NULL').run(at, id).changes === 1;
  }
}
