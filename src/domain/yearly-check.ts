// Keeping practices current (issue 14, point 5): once a year after its last check, the contact of a
// published practice is asked "Klopt uw praktijk nog?" with a signed, expiring link that confirms it
// (laatst nagekeken) and a way to propose changes. Decision 48 says why the link does both.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Paragraph, composeMail, oneLine } from './mail-compose.js';
import type { MailMessage, MailOutbox } from './outbox.js';
import type { EventStore } from './practice-events.js';
import type { PracticeStore } from './practice-store.js';
import type { Practice } from './practice.js';
import type { ScheduledJob } from './scheduled-jobs.js';
import { dutchDayOf } from './calendar.js';
import { CHECK_EVERY_MONTHS, monthsBefore } from './verification.js';
import { paths } from '../paths.js';

/** How long the link in a question works. */
export const CHECK_LINK_DAYS = 60;
/** At most this many questions per run (every five minutes): a large import does not flood the mail server at once. */
export const CHECKS_PER_RUN = 100;

/** A question asked (migration 014). */
export interface PracticeCheck {
  readonly id: number;
  readonly practiceId: number;
  readonly askedAt: string;
  readonly answeredAt: string | undefined;
}

/** Where the questions are kept (the SQLite PracticeCheckRepository). */
export interface PracticeCheckStore {
  /** Published practices with a contact e-mail, last checked and last asked before `before`; the longest unchecked first. */
  due(before: string, limit: number): number[];
  /** Records a question unless the practice was asked after `before`, in one statement; the new question's id, or undefined. */
  ask(practiceId: number, at: string, before: string): number | undefined;
  find(id: number): PracticeCheck | undefined;
  /** The practice's most recent question. */
  latestFor(practiceId: number): PracticeCheck | undefined;
  /** Marks an unanswered question answered; false when it was answered already. */
  answer(id: number, at: string): boolean;
}

export interface YearlyCheckStores {
  readonly practices: PracticeStore;
  readonly checks: PracticeCheckStore;
  readonly events: EventStore;
  /** Called after a confirmation: the catalogue shows the new date of the last check. */
  readonly catalogueChanged: () => void;
}

// The link: which question, which practice, until when, signed with a key derived from SESSION_SECRET
// for this purpose only. Nothing is stored for it: the signature and the question's row are the proof.
interface CheckClaim {
  readonly checkId: number;
  readonly practiceId: number;
  /** Seconds since 1970. */
  readonly expires: number;
}

const signatureOf = (key: string, payload: string) => createHmac('sha256', key).update(`yearly-check:${payload}`).digest('base64url');

/** The token of the link answering question `checkId` about `practiceId`, valid until `expires`. */
export function checkToken(key: string, claim: CheckClaim): string {
  const payload = `${claim.checkId}.${claim.practiceId}.${claim.expires}`;
  return `${payload}.${signatureOf(key, payload)}`;
}

const TOKEN_FORM = /^(\d{1,15})\.(\d{1,15})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

/** The claim of a token the server signed; undefined for anything else (forged, tampered, garbled). */
function claimOf(key: string, token: string): CheckClaim | undefined {
  const parts = TOKEN_FORM.exec(token);
  if (!parts) return undefined;
  const [, checkId, practiceId, expires, signature] = parts as unknown as [string, string, string, string, string];
  const expected = Buffer.from(signatureOf(key, `${checkId}.${practiceId}.${expires}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return { checkId: Number(checkId), practiceId: Number(practiceId), expires: Number(expires) };
}

/** Why a link does not open: unknown (never ours, or its practice is gone or offline), expired, or answered (or checked since). */
export type CheckLinkProblem = 'unknown' | 'expired' | 'answered';

export class CheckLinkRefused extends Error {
  constructor(readonly problem: CheckLinkProblem) {
    super(`yearly check link refused: ${problem}`);
  }
}

/** An open question behind a valid link. */
export interface OpenCheck {
  readonly check: PracticeCheck;
  readonly practice: Practice;
}

/** The open question a link answers, as at `now`; throws CheckLinkRefused when it does not open. */
export function openCheck(stores: Pick<YearlyCheckStores, 'practices' | 'checks'>, key: string, token: string, now: Date): OpenCheck {
  const claim = claimOf(key, token);
  if (!claim) throw new CheckLinkRefused('unknown');
  const check = stores.checks.find(claim.checkId);
  const practice = check && check.practiceId === claim.practiceId ? stores.practices.findById(check.practiceId) : undefined;
  if (!check || !practice || practice.status !== 'published') throw new CheckLinkRefused('unknown');
  if (claim.expires * 1000 <= now.getTime()) throw new CheckLinkRefused('expired');
  // A later question, or a check since (a moderator approved an update), makes this answer moot.
  const checkedSince = practice.lastVerifiedAt !== undefined && practice.lastVerifiedAt > check.askedAt;
  if (check.answeredAt !== undefined || stores.checks.latestFor(practice.id)?.id !== check.id || checkedSince) throw new CheckLinkRefused('answered');
  return { check, practice };
}

/** The contact confirms the practice still runs as described: laatst nagekeken is now, and the history says so. */
export function confirmCheck(stores: YearlyCheckStores, key: string, token: string, now = new Date()): Practice {
  const at = now.toISOString();
  const practice = stores.practices.transaction(() => {
    const { check, practice } = openCheck(stores, key, token, now);
    if (!stores.checks.answer(check.id, at)) throw new CheckLinkRefused('answered');
    stores.practices.markVerified(practice.id, at);
    stores.events.add({ practiceId: practice.id, action: 'check_confirmed', at });
    return practice;
  });
  stores.catalogueChanged();
  return practice;
}

export interface YearlyCheckMessageInput {
  readonly practiceId: number;
  readonly title: string;
  readonly to: string;
  readonly token: string;
  /** The day the link stops working, as a reader writes it. */
  readonly validUntil: string;
}

export function yearlyCheckMessage(links: MailOutbox['links'], m: YearlyCheckMessageInput): MailMessage {
  const paragraphs: Paragraph[] = [
    `Een jaar geleden werd uw praktijk „${oneLine(m.title)}” in Praktijkbank voor het laatst nagekeken. Andere gemeenten lezen ze nog altijd: klopt ze nog?`,
    { text: 'Ja, ze loopt nog zo: bevestig het met één klik op deze pagina.', link: links.absolute(paths.check(m.token)) },
    { text: 'Aanpassen: stel hier uw wijzigingen voor. Een moderator bekijkt ze; tot dan blijft de huidige versie online.', link: links.absolute(paths.checkUpdate(m.token)) },
    `Beide links werken tot ${m.validUntil}. Loopt de praktijk niet meer? Laat het ons weten via de link ‘Aanpassen’, dan passen we de beschrijving aan.`,
  ];
  return composeMail({ kind: 'yearly_check', practiceId: m.practiceId, to: m.to, subject: `Klopt uw praktijk nog? ${m.title}`, paragraphs, home: links.home });
}

export interface YearlyCheckJobDependencies {
  readonly practices: PracticeStore;
  readonly checks: PracticeCheckStore;
  readonly mail: MailOutbox;
  /** The key the links are signed with (derived from SESSION_SECRET for this purpose). */
  readonly key: string;
  readonly limit?: number;
}

/** Asks every practice that is due, each question written with its message in one transaction. */
export function yearlyCheckJob({ practices, checks, mail, key, limit = CHECKS_PER_RUN }: YearlyCheckJobDependencies): ScheduledJob {
  return {
    name: 'yearly_check',
    run(now) {
      const at = now.toISOString();
      const before = monthsBefore(now, CHECK_EVERY_MONTHS).toISOString();
      const expires = new Date(now.getTime() + CHECK_LINK_DAYS * 24 * 60 * 60_000);
      for (const practiceId of checks.due(before, limit)) {
        practices.transaction(() => {
          const practice = practices.findById(practiceId);
          if (!practice || practice.status !== 'published' || !practice.contactEmail) return;
          const checkId = checks.ask(practiceId, at, before);
          if (checkId === undefined) return;
          const token = checkToken(key, { checkId, practiceId, expires: Math.floor(expires.getTime() / 1000) });
          mail.store.add(yearlyCheckMessage(mail.links, { practiceId, title: practice.title, to: practice.contactEmail, token, validUntil: dutchDayOf(expires) }), at);
        });
      }
    },
  };
}

/** Moves the catalogue to `now`: on a new day it takes a new snapshot, so "niet recent nagekeken" is never a day stale. */
export function catalogueDayJob(catalogue: { advanceClock(now: Date): void }): ScheduledJob {
  return { name: 'catalogue_day', run: (now) => catalogue.advanceClock(now) };
}
