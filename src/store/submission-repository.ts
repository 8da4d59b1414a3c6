// The private side of a submitted practice: the hash of its status-link token.
import type { SubmissionRecord, SubmissionStore } from '../domain/submission-record.js';
import type { Db } from './database.js';

interface SubmissionRow {
  practice_id: number;
  submitted_at: string;
  resubmitted_at: string | null;
  content_hash: string | null;
}

const toRecord = (row: SubmissionRow): SubmissionRecord => ({
  practiceId: row.practice_id,
  submittedAt: row.submitted_at,
  resubmittedAt: row.resubmitted_at ?? undefined,
  contentHash: row.content_hash ?? undefined,
});

export class SubmissionRepository implements SubmissionStore {
  constructor(private readonly db: Db) {}

  insert(record: { practiceId: number; tokenHash: string; contentHash: string; at: string }): void {
    this.db.prepare('INSERT INTO submissions (practice_id, token_hash, content_hash, submitted_at) VALUES (@practiceId, @tokenHash, @contentHash, @at)').run(record);
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
