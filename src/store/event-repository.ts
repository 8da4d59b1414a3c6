// The history of a practice: every submission, review decision and edit, with who, when and why.
import type { EventAction, EventStore, NewPracticeEvent, PracticeEvent } from '../domain/practice-events.js';
import type { Db } from './database.js';

interface EventRow {
  id: number;
  practice_id: number;
  action: EventAction;
  moderator_email: string | null;
  reason: string | null;
  at: string;
}

export class EventRepository implements EventStore {
  constructor(private readonly db: Db) {}

  /** Records an event after the change it describes, in the same transaction: it takes the practice's revision as it is then. */
  add(event: NewPracticeEvent): void {
    this.db
      .prepare(
        `INSERT INTO practice_events (practice_id, action, moderator_id, reason, at, revision)
         VALUES (@practiceId, @action, @moderatorId, @reason, @at, (SELECT revision FROM practice_revisions WHERE practice_id = @practiceId))`,
      )
      .run({ practiceId: event.practiceId, action: event.action, moderatorId: event.moderatorId ?? null, reason: event.reason ?? null, at: event.at });
  }

  /** A practice's history, oldest first. */
  listFor(practiceId: number): PracticeEvent[] {
    return this.list('e.practice_id = ?', practiceId);
  }

  /** What happened to a practice after it had `revision`, oldest first (events from before migration 006 have no revision: never). */
  listSince(practiceId: number, revision: number): PracticeEvent[] {
    return this.list('e.practice_id = ? AND e.revision > ?', practiceId, revision);
  }

  /** The practice's revision right after its latest event of this action; undefined when there is none (or it predates migration 006). */
  revisionAfterLatest(practiceId: number, action: EventAction): number | undefined {
    const row = this.db.prepare('SELECT revision FROM practice_events WHERE practice_id = ? AND action = ? ORDER BY id DESC LIMIT 1').get(practiceId, action) as
      | { revision: number | null }
      | undefined;
    return row?.revision ?? undefined;
  }

  private list(where: string, ...parameters: number[]): PracticeEvent[] {
    const rows = this.db
      .prepare(
        `SELECT e.id, e.practice_id, e.action, m.email AS moderator_email, e.reason, e.at
         FROM practice_events e LEFT JOIN moderators m ON m.id = e.moderator_id
         WHERE ${where} ORDER BY e.id`,
      )
      .all(...parameters) as EventRow[];
    return rows.map((r) => ({
      id: r.id,
      practiceId: r.practice_id,
      action: r.action,
      moderatorEmail: r.moderator_email ?? undefined,
      reason: r.reason ?? undefined,
      at: r.at,
    }));
  }
}
