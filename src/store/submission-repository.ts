// The private side of a submitted practice: the hash of its status-link token.
import type { Db } from './database.js';

export interface SubmissionRecord {
  readonly practiceId: number;
  readonly submittedAt: string;
  readonly resubmittedAt: string | undefined;
}

interface SubmissionRow {
  practice_id: number;
  submitted_at: string;
  resubmitted_at: string | null;
}

const toRecord = (row: SubmissionRow): SubmissionRecord => ({
  practiceId: row.practice_id,
  submittedAt: row.submitted_at,
  resubmittedAt: row.resubmitted_at ?? undefined,
});

export class SubmissionRepository {
  constructor(private readonly db: Db) {}

  insert(record: { practiceId: number; tokenHash: string; at: string }): void {
    this.db.prepare('INSERT INTO submissions (practice_id, token_hash, submitted_at) VALUES (@practiceId, @tokenHash, @at)').run(record);
  }

  findByTokenHash(tokenHash: string): SubmissionRecord | undefined {
    const row = this.db.prepare('SELECT * FROM submissions WHERE token_hash = ?').get(tokenHash) as SubmissionRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  findByPracticeId(practiceId: number): SubmissionRecord | undefined {
    const row = this.db.prepare('SELECT * FROM submissions WHERE practice_id = ?').get(practiceId) as SubmissionRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  markResubmitted(practiceId: number, at: string): void {
    this.db.prepare('UPDATE submissions SET resubmitted_at = ? WHERE practice_id = ?').run(at, practiceId);
  }
}
