// The history of a practice: every submission, review decision and edit, with who, when and why, and
// what the domain needs of the place it is kept. Types only; imports nothing of ours, so store/ may use it.

export const EVENT_ACTIONS = [
  'submitted',
  'resubmitted',
  'published',
  'rejected',
  'changes_requested',
  'edited',
  'unpublished',
  'reopened',
  // Migration 009: the moderators' evidence judgement, and updates proposed after publication.
  'evidence_judged',
  'update_proposed',
  'update_approved',
  'update_rejected',
  // Migration 015: a moderator's decision on a "wij doen dit ook" adoption (the reason says which municipality).
  'adoption_approved',
  'adoption_rejected',
  // Migration 014: the contact confirmed, by the yearly check's link, that the practice still runs as described.
  'check_confirmed',
] as const;
export type EventAction = (typeof EVENT_ACTIONS)[number];

export interface PracticeEvent {
  readonly id: number;
  readonly practiceId: number;
  readonly action: EventAction;
  /** Undefined when the submitter acted, not a moderator. */
  readonly moderatorEmail: string | undefined;
  readonly reason: string | undefined;
  readonly at: string;
}

/** An event to record; `moderatorId` is left out when the submitter acted. */
export interface NewPracticeEvent {
  readonly practiceId: number;
  readonly action: EventAction;
  readonly moderatorId?: number | undefined;
  readonly reason?: string | undefined;
  readonly at: string;
}

/** Where the history is kept (the SQLite EventRepository). */
export interface EventStore {
  /** Records an event after the change it describes, in the same transaction: it takes the practice's revision as it is then. */
  add(event: NewPracticeEvent): void;
  /** A practice's history, oldest first, each event with its moderator's e-mail address. */
  listFor(practiceId: number): PracticeEvent[];
  /** What happened to a practice after it had `revision`, oldest first. */
  listSince(practiceId: number, revision: number): PracticeEvent[];
  /** The practice's revision right after its latest event of this action; undefined when there is none (or it predates migration 006). */
  revisionAfterLatest(practiceId: number, action: EventAction): number | undefined;
}
