// Updates proposed after publication (migration 009): pending until a moderator approves or rejects them.
import { type PracticeInput, withCurrentShape } from '../domain/practice.js';
import type { NewPracticeUpdate, PracticeUpdate, PracticeUpdateStore, UpdateStatus } from '../domain/practice-updates.js';
import type { Db } from './database.js';

interface UpdateRow {
  id: number;
  practice_id: number;
  content: string;
  based_on: number;
  status: UpdateStatus;
  created_at: string;
  decided_at: string | null;
  moderator_email: string | null;
  reason: string | null;
}

const SELECT = `SELECT u.id, u.practice_id, u.content, u.based_on, u.status, u.created_at, u.decided_at, m.email AS moderator_email, u.reason
  FROM practice_updates u LEFT JOIN moderators m ON m.id = u.moderator_id`;

// Written by insert() from content the domain validated with practiceInputSchema; filled up to today's shape.
const updateOf = (r: UpdateRow): PracticeUpdate => ({
  id: r.id,
  practiceId: r.practice_id,
  content: withCurrentShape(JSON.parse(r.content) as PracticeInput),
  basedOn: r.based_on,
  status: r.status,
  createdAt: r.created_at,
  decidedAt: r.decided_at ?? undefined,
  moderatorEmail: r.moderator_email ?? undefined,
  reason: r.reason ?? undefined,
});

export class PracticeUpdateRepository implements PracticeUpdateStore {
  constructor(private readonly db: Db) {}

  insert({ practiceId, content, basedOn, at }: NewPracticeUpdate): number {
    const result = this.db
      .prepare('INSERT INTO practice_updates (practice_id, content, based_on, status, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(practiceId, JSON.stringify(content), basedOn, 'pending', at);
    return Number(result.lastInsertRowid);
  }

  replacePending(practiceId: number, at: string): boolean {
    const result = this.db.prepare("UPDATE practice_updates SET status = 'replaced', decided_at = ? WHERE practice_id = ? AND status = 'pending'").run(at, practiceId);
    return result.changes > 0;
  }

  decide(id: number, { status, moderatorId, reason, at }: { status: 'approved' | 'rejected'; moderatorId: number; reason: string | undefined; at: string }): void {
    this.db
      .prepare("UPDATE practice_updates SET status = ?, moderator_id = ?, reason = ?, decided_at = ? WHERE id = ? AND status = 'pending'")
      .run(status, moderatorId, reason ?? null, at, id);
  }

  findPending(practiceId: number): PracticeUpdate | undefined {
    const row = this.db.prepare(`${SELECT} WHERE u.practice_id = ? AND u.status = 'pending'`).get(practiceId) as UpdateRow | undefined;
    return row && updateOf(row);
  }

  latest(practiceId: number): PracticeUpdate | undefined {
    const row = this.db.prepare(`${SELECT} WHERE u.practice_id = ? ORDER BY u.id DESC LIMIT 1`).get(practiceId) as UpdateRow | undefined;
    return row && updateOf(row);
  }

  listPending(): PracticeUpdate[] {
    return (this.db.prepare(`${SELECT} WHERE u.status = 'pending' ORDER BY u.created_at, u.id`).all() as UpdateRow[]).map(updateOf);
  }
}
