// The earlier content of practices (migration 006): kept when a practice's content is replaced, so a
// moderator who acted on an older revision can be shown what changed since.
import { type PracticeInput, withCurrentShape } from '../domain/practice.js';
import type { Db } from './database.js';

export class PracticeSnapshotRepository {
  constructor(private readonly db: Db) {}

  /** Keeps the content a practice showed up to and including `lastRevision`, before it is replaced. */
  record(practiceId: number, lastRevision: number, content: PracticeInput, replacedAt: string): void {
    this.db
      .prepare('INSERT OR REPLACE INTO practice_snapshots (practice_id, last_revision, content, replaced_at) VALUES (?, ?, ?, ?)')
      .run(practiceId, lastRevision, JSON.stringify(content), replacedAt);
  }

  /**
   * The content a practice showed at `revision`, when it has changed since: the first snapshot kept at
   * or after that revision. Undefined when the content has not changed since (the current content holds).
   */
  replacedContentAt(practiceId: number, revision: number): PracticeInput | undefined {
    const row = this.db
      .prepare('SELECT content FROM practice_snapshots WHERE practice_id = ? AND last_revision >= ? ORDER BY last_revision LIMIT 1')
      .get(practiceId, revision) as { content: string } | undefined;
    // Written by record() from a stored practice only, so it has the shape it was given (filled up to
    // today's shape when it is older than the fields it lacks).
    return row ? withCurrentShape(JSON.parse(row.content) as PracticeInput) : undefined;
  }
}
