// A municipality or organisation submits its own practice; it stays private until a moderator publishes it.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import slugify from 'slugify';
import { z } from 'zod';
import { ALWAYS_CHECK_RULES, type Practice, type PracticeInput, cleanString, practiceFieldsSchema, practiceRules } from './practice.js';
import { queueMail, receiptMessage } from './mail-messages.js';
import type { MailOutbox } from './outbox.js';
import type { ModeratorNoticeStore } from './moderator-notice-store.js';
import { queueWaitingNotices } from './moderator-notices.js';
import type { EventStore, PracticeEvent } from './practice-events.js';
import type { PracticeStore } from './practice-store.js';
import type { SubmissionStore } from './submission-record.js';
import { calendarDayOf, dutchDayOf } from './calendar.js';

/** What the submission form asks: every field of a practice but its source, which is the submitter. */
export const submissionInputSchema = practiceFieldsSchema
  .omit({ source: true })
  .extend({
    contactOrganisation: cleanString({ error: 'Vul de naam van uw gemeente of organisatie in.' })
      .min(1, { error: 'Vul de naam van uw gemeente of organisatie in.' })
      .max(200, { error: 'De naam van de organisatie mag hoogstens 200 tekens lang zijn.' }),
    contactEmail: z
      .email({ error: 'Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.be.' })
      .max(254, { error: 'Een e-mailadres mag hoogstens 254 tekens lang zijn.' }),
  })
  .superRefine(practiceRules, ALWAYS_CHECK_RULES);
export type SubmissionInput = z.infer<typeof submissionInputSchema>;

/** The secret of a status link: 32 random bytes, chosen by the server. */
export const submissionTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

/**
 * The one-time key of a review page's form: a new status-link token and the server's signature of it.
 * Confirming needs a key the server issued, so a client cannot choose its own status link (a guessable
 * `AAAA…A`), and the same key sent twice (a double click) finds the first submission.
 */
export function issueSubmissionKey(secret: string): string {
  const token = newSubmissionToken();
  return `${token}.${signatureOf(secret, token)}`;
}

/** A new status-link token, for programs that store a submission without the form (the benchmark). */
export function newSubmissionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The status-link token of a key this server issued, or undefined for any other string. */
export function tokenOfSubmissionKey(secret: string, key: unknown): string | undefined {
  if (typeof key !== 'string') return undefined;
  const [token = '', signature = '', ...rest] = key.split('.');
  if (rest.length > 0 || !submissionTokenSchema.safeParse(token).success) return undefined;
  const expected = Buffer.from(signatureOf(secret, token));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? token : undefined;
}

const signatureOf = (secret: string, token: string) => createHmac('sha256', secret).update(`submission-key\n${token}`).digest('base64url');

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

// What was submitted, as one value: a key sent again with other content is another submission.
const contentHashOf = (input: SubmissionInput) => createHash('sha256').update(JSON.stringify(input)).digest('hex');

export interface SubmissionStores {
  readonly practices: PracticeStore;
  readonly submissions: SubmissionStore;
  readonly events: EventStore;
  /** Where messages to the submitter are written, with their cause; without it none are (tests of other things). */
  readonly mail?: MailOutbox;
  /** Who of the moderators hears of waiting work at once; without it none do. */
  readonly moderatorNotices?: ModeratorNoticeStore;
}

/**
 * The practice as stored: the submitter is its source, and the submission is the source text, so its
 * day is the source's date (a citation then gives the year it was written down, not "z.d.").
 */
export function practiceInputOf(input: SubmissionInput, submittedOn: string): PracticeInput {
  const at = new Date(submittedOn);
  return {
    ...input,
    source: {
      title: `Ingediend door ${input.contactOrganisation}`,
      publisher: undefined,
      url: undefined,
      note: `Ingediend via Praktijkbank op ${dutchDayOf(at)}.`,
      date: calendarDayOf(at),
    },
  };
}

// Paths under /praktijken/ that are not practices: a practice called "Feed" must not hide the feed.
const RESERVED_SLUGS: ReadonlySet<string> = new Set(['feed']);

export function uniqueSlug(title: string, exists: (slug: string) => boolean): string {
  const taken = (slug: string) => RESERVED_SLUGS.has(slug) || exists(slug);
  const base = slugify(title, { lower: true, strict: true, locale: 'nl' }).slice(0, 80).replace(/-+$/, '') || 'praktijk';
  if (!taken(base)) return base;
  for (let n = 2; ; n++) if (!taken(`${base}-${n}`)) return `${base}-${n}`;
}

export type SubmitOutcome =
  /** Stored as a new pending practice. */
  | { readonly outcome: 'created'; readonly practiceId: number }
  /** The same form sent again (a double click, a retry): the first submission stands. */
  | { readonly outcome: 'repeated'; readonly practiceId: number }
  /** The key was used before for other content: nothing stored, the submitter must be told. */
  | { readonly outcome: 'key_reused'; readonly practiceId: number };

/**
 * Stores a submission as pending. Submitting the same token with the same content again returns the
 * first submission rather than a copy; the same token with other content stores nothing.
 */
export function submitPractice(stores: SubmissionStores, input: SubmissionInput, token: string, now = new Date().toISOString()): SubmitOutcome {
  const tokenHash = hashOf(token);
  const contentHash = contentHashOf(input);
  return stores.practices.transaction((): SubmitOutcome => {
    const existing = stores.submissions.findByTokenHash(tokenHash);
    if (existing) {
      // A submission stored before content was remembered counts as the same: that was the old rule.
      const same = existing.contentHash === undefined || existing.contentHash === contentHash;
      return { outcome: same ? 'repeated' : 'key_reused', practiceId: existing.practiceId };
    }
    const slug = uniqueSlug(input.title, (s) => stores.practices.slugExists(s));
    const practiceId = stores.practices.insert({ slug, status: 'pending', input: practiceInputOf(input, now), now });
    stores.submissions.insert({ practiceId, tokenHash, contentHash, at: now });
    stores.events.add({ practiceId, action: 'submitted', at: now });
    // The receipt is the one message that carries the status link: only now is its token known.
    queueMail(stores.mail, input.contactEmail, (links, to) => receiptMessage(links, { practiceId, title: input.title, to }, token), now);
    queueWaitingNotices(stores, { kind: 'submission', practiceId, title: input.title, since: now }, now);
    return { outcome: 'created', practiceId };
  });
}

export interface SubmissionView {
  readonly practice: Practice;
  readonly history: PracticeEvent[];
  /** The latest reason a moderator gave, for the submitter to read. */
  readonly latestReason: string | undefined;
  readonly editable: boolean;
}

/** What the holder of a status link may see of their submission. */
export function findSubmission(stores: SubmissionStores, token: string): SubmissionView | undefined {
  if (!submissionTokenSchema.safeParse(token).success) return undefined;
  const record = stores.submissions.findByTokenHash(hashOf(token));
  const practice = record && stores.practices.findById(record.practiceId);
  if (!practice) return undefined;
  const history = stores.events.listFor(practice.id);
  const decisions = history.filter((e) => e.action === 'rejected' || e.action === 'changes_requested' || e.action === 'unpublished');
  return {
    practice,
    history,
    latestReason: decisions.at(-1)?.reason,
    editable: practice.status === 'changes_requested',
  };
}

export class SubmissionNotEditable extends Error {}

/** The submitter's changes after a moderator asked for them; the practice goes back to the queue. */
export function resubmitPractice(stores: SubmissionStores, token: string, input: SubmissionInput, now = new Date().toISOString()): void {
  stores.practices.transaction(() => {
    const current = findSubmission(stores, token);
    if (!current?.editable) throw new SubmissionNotEditable('Deze inzending kan nu niet aangepast worden.');
    const submittedOn = stores.submissions.findByPracticeId(current.practice.id)?.submittedAt ?? now;
    stores.practices.update(current.practice.id, practiceInputOf(input, submittedOn), now);
    stores.practices.setStatus(current.practice.id, 'pending', now);
    stores.submissions.markResubmitted(current.practice.id, now);
    stores.events.add({ practiceId: current.practice.id, action: 'resubmitted', at: now });
    queueWaitingNotices(stores, { kind: 'resubmission', practiceId: current.practice.id, title: input.title, since: now }, now);
  });
}
