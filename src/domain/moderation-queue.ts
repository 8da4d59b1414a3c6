// What the moderators' home page lists: every practice that is not a draft, grouped by what it waits for.
import type { Practice } from './practice.js';
import type { PracticeStore } from './practice-store.js';

export interface ModerationQueue {
  /** Submitted or resubmitted, waiting for a decision: the longest waiting first. */
  readonly pending: Practice[];
  /** Waiting for the submitter to make the changes asked for: the longest waiting first. */
  readonly waiting: Practice[];
  /** Public: the most recently changed first. */
  readonly published: Practice[];
  /** Rejected or taken offline: the most recently changed first. */
  readonly closed: Practice[];
}

/** The moderation queue, by status. */
export function moderationQueue(stores: { readonly practices: Pick<PracticeStore, 'listByStatus'> }): ModerationQueue {
  const { practices } = stores;
  return {
    pending: practices.listByStatus(['pending'], 'oldest-first'),
    waiting: practices.listByStatus(['changes_requested'], 'oldest-first'),
    published: practices.listByStatus(['published'], 'newest-first'),
    closed: practices.listByStatus(['rejected', 'unpublished'], 'newest-first'),
  };
}
