// The private side of a submitted practice, and what the domain needs of the place it is kept (the
// SQLite SubmissionRepository). Types only; imports nothing of ours, so store/ may use it.

export interface SubmissionRecord {
  readonly practiceId: number;
  readonly submittedAt: string;
  readonly resubmittedAt: string | undefined;
  /** SHA-256 of what was submitted; undefined for submissions stored before it was kept. */
  readonly contentHash: string | undefined;
}

export interface SubmissionStore {
  /** Keeps a new submission; only the hash of its status-link token is stored. */
  insert(record: { practiceId: number; tokenHash: string; contentHash: string; at: string }): void;
  findByTokenHash(tokenHash: string): SubmissionRecord | undefined;
  findByPracticeId(practiceId: number): SubmissionRecord | undefined;
  markResubmitted(practiceId: number, at: string): void;
}
