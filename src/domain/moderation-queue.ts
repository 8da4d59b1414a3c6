// What the moderators' home page lists: every practice that is not a draft, grouped by what it waits for,
// and the changes submitters proposed to published practices.
import type { Practice } from './practice.js';
import type { PracticeStore } from './practice-store.js';
import type { PracticeUpdateStore } from './practice-updates.js';

/** A published practice whose submitter proposed changes, with when they did. */
export interface WaitingUpdate {
  readonly practice: Practice;
  readonly proposedAt: string;
}

export interface ModerationQueue {
  /** Submitted or resubmitted, waiting for a decision: the longest waiting first. */
  readonly pending: Practice[];
  /** Proposed changes to published practices, waiting for a decision: the longest waiting first. */
  readonly updates: WaitingUpdate[];
  /** Waiting for the submitter to make the changes asked for: the longest waiting first. */
  readonly waiting: Practice[];
  /** Public: the most recently changed first. */
  readonly published: Practice[];
  /** Rejected or taken offline: the most recently changed first. */
  readonly closed: Practice[];
}

/** The moderation queue, by status. */
export function moderationQueue(stores: { readonly practices: Pick<PracticeStore, 'listByStatus' | 'findById'>; readonly practiceUpdates: Pick<PracticeUpdateStore, 'listPending'> }): ModerationQueue {
  const { practices } = stores;
  return {
    pending: practices.listByStatus(['pending'], 'oldest-first'),
    updates: stores.practiceUpdates.listPending().flatMap((u) => {
      const practice = practices.findById(u.practiceId);
      return practice ? [{ practice, proposedAt: u.createdAt }] : [];
    }),
    waiting: practices.listByStatus(['changes_requested'], 'oldest-first'),
    published: practices.listByStatus(['published'], 'newest-first'),
    closed: practices.listByStatus(['rejected', 'unpublished'], 'newest-first'),
  };
}
