// What each moderator chose to hear about waiting work by e-mail, and what the domain needs of the place
// it is kept (the SQLite ModeratorNoticeRepository, migration 012). Types only; imports nothing of ours,
// so store/ may use it.

/** At once for every waiting item, one digest a day (the default), or no mail. */
export const NOTICE_CHOICES = ['immediate', 'daily', 'never'] as const;
export type NoticeChoice = (typeof NOTICE_CHOICES)[number];
export const DEFAULT_NOTICE_CHOICE: NoticeChoice = 'daily';

/** A moderator to write to: the address goes to that moderator's own message only. */
export interface NoticeRecipient {
  readonly id: number;
  readonly email: string;
}

export interface ModeratorNoticeStore {
  /** The moderator's choice; undefined for an unknown account. */
  choiceOf(moderatorId: number): NoticeChoice | undefined;
  /** Saves the moderator's choice; false for an unknown account. */
  setChoice(moderatorId: number, choice: NoticeChoice): boolean;
  /** Every moderator who is not disabled and chose `choice`, by e-mail address. */
  activeWith(choice: NoticeChoice): NoticeRecipient[];
  /** The active `daily` moderators who have no digest recorded for `day` (a Brussels calendar day, "2026-12-01"). */
  dueForDigest(day: string): NoticeRecipient[];
  /** Records the digest of `day`; false when one was recorded already. Call it in the transaction that writes the digest. */
  recordDigest(moderatorId: number, day: string, at: string): boolean;
  /** Forgets the digest days before `day`: only today's row keeps a second digest out. */
  forgetDigestsBefore(day: string): void;
  /** Runs `work` in one write transaction (taken at once, so two processes cannot both pass a check). */
  atomically<T>(work: () => T): T;
}
