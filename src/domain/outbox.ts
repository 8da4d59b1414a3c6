// The outbox (issue 14): a message is stored in the same transaction as the event that causes it and
// sent afterwards by a worker (outbox-worker.ts). Types and the retry policy; imports nothing of ours.

export const MAIL_KINDS = [
  // To the submitter of a practice.
  'submission_received',
  'published',
  'changes_requested',
  'rejected',
  'update_approved',
  'update_rejected',
  // To moderators: one waiting item at once, or the day's digest.
  'moderator_waiting',
  'moderator_digest',
  // Relayed for a visitor: to a practice's makers or to the operator, and the sender's copy.
  'contact_makers',
  'contact_operator',
  'contact_copy',
  // Keeping practices current and "wij doen dit ook".
  'yearly_check',
  'adoption_confirmation',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export const OUTBOX_STATUSES = ['waiting', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** A message as the domain composes it: one recipient, plain text with an HTML alternative. */
export interface MailMessage {
  readonly kind: MailKind;
  readonly practiceId: number | undefined;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Where an answer goes: the visitor whose message is relayed; undefined for system mail. */
  readonly replyTo?: string | undefined;
}

/** A message a worker claimed to send. */
export interface ClaimedMail extends MailMessage {
  readonly id: number;
  /** Fixed when the message was stored: every attempt carries the same Message-ID. */
  readonly messageKey: string;
  /** This attempt included. */
  readonly attempts: number;
  readonly createdAt: string;
  /** The worker's claim; marking the row needs it, so a worker whose lease ran out changes nothing. */
  readonly claim: string;
}

/** A row as the moderators' overview shows it: no content. */
export interface OutboxEntry {
  readonly id: number;
  readonly kind: MailKind;
  readonly practiceId: number | undefined;
  readonly recipient: string;
  readonly subject: string;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly createdAt: string;
  readonly nextAttemptAt: string;
  readonly lastResponse: string | undefined;
  readonly finishedAt: string | undefined;
}

/** Where the outbox is kept (the SQLite OutboxRepository). */
export interface OutboxStore {
  /** Stores a message as waiting, due at once; call it inside the transaction of its cause. */
  add(message: MailMessage, at: string): void;
  /** Claims the oldest due message until `leaseUntil`, in one statement; undefined when none is due. */
  claimDue(now: string, leaseUntil: string): ClaimedMail | undefined;
  /** The server accepted it: sent, its content dropped. */
  markSent(id: number, claim: string, response: string, at: string): void;
  /** Try again at `nextAttemptAt`. */
  retryLater(id: number, claim: string, response: string, nextAttemptAt: string): void;
  /** No more attempts: failed, with the server's last answer. */
  markFailed(id: number, claim: string, response: string, at: string): void;
  /** Removes sent and failed messages finished before `before`; returns how many. */
  prune(before: string): number;
  /** The most recent messages of a status, newest first. */
  list(status: OutboxStatus, limit: number): OutboxEntry[];
  count(status: OutboxStatus): number;
  /** When the next waiting message is due, for the worker's timer. */
  nextDueAt(): string | undefined;
}

/** Absolute addresses of the site, from PUBLIC_URL (never from a request's Host). */
export interface SiteLinks {
  readonly home: string;
  practice(slug: string): string;
  submissionStatus(token: string): string;
  /** Any path of this site (from paths.ts or beheerPaths), made absolute. */
  absolute(path: string): string;
  /** The moderators' pages a notice to moderators points to (beheerPaths), absolute. */
  readonly beheer: {
    readonly queue: string;
    /** Where a moderator chooses how to hear about waiting work. */
    readonly notices: string;
    practice(id: number): string;
    update(id: number): string;
    /** Confirmed "wij doen dit ook" adoptions waiting for approval. */
    readonly adoptions: string;
  };
}

/** What a domain operation needs to write a message with its cause. */
export interface MailOutbox {
  readonly store: OutboxStore;
  readonly links: SiteLinks;
}

/** What a transport answers or throws: `permanent` for a 5xx refusal, which no retry will change. */
export class MailDeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** A message ready for the wire: the domain's message, the sender and a stable Message-ID. */
export interface OutgoingMail extends MailMessage {
  readonly messageId: string;
}

/** Sends one message; resolves with the server's answer once accepted, throws MailDeliveryError otherwise. */
export interface MailTransport {
  readonly description: string;
  send(mail: OutgoingMail): Promise<string>;
  close(): void;
}

/** The retry policy: 1 minute, doubling, at most 6 hours apart; given up 3 days after the message was stored. */
export const RETRY = { firstMs: 60_000, maxMs: 6 * 60 * 60_000, giveUpAfterMs: 3 * 24 * 60 * 60_000 } as const;

/** Sent and failed messages are kept this long for the moderators' overview, then pruned (the privacy statement says so). */
export const OUTBOX_RETENTION_DAYS = 90;

/** When to try again after the attempt-th failed attempt; undefined when the message should be given up. */
export function nextAttemptAfter(attempts: number, createdAt: string, now: Date): Date | undefined {
  const delay = Math.min(RETRY.firstMs * 2 ** Math.max(0, attempts - 1), RETRY.maxMs);
  const next = new Date(now.getTime() + delay);
  return next.getTime() - new Date(createdAt).getTime() > RETRY.giveUpAfterMs ? undefined : next;
}

/** "j…@gemeente.be": enough for a moderator to tell messages apart, not enough to read an address. */
export function maskedAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1) return '…';
  return `${address.slice(0, 1)}…${address.slice(at)}`;
}
