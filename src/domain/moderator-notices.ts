// Moderators hear about waiting work by e-mail (issue 14, point 3): each chooses at once (one message per
// waiting item, written in the transaction of its cause), one digest a day from 08:00 Brussels time (the
// default), or none. Every message goes to one moderator: no address is shown to anyone else, and no
// message names a submitter's address.
import { z } from 'zod';
import { calendarDayOf, dutchDayOf } from './calendar.js';
import { type Paragraph, composeMail, oneLine } from './mail-compose.js';
import { NOTICE_CHOICES, type ModeratorNoticeStore, type NoticeRecipient } from './moderator-notice-store.js';
import type { Adoption, AdoptionStore } from './adoptions.js';
import { municipalityByCode } from './municipalities.js';
import type { MailMessage, MailOutbox, SiteLinks } from './outbox.js';
import type { PracticeStore } from './practice-store.js';
import type { PracticeUpdateStore } from './practice-updates.js';
import type { ScheduledJob } from './scheduled-jobs.js';
import type { SubmissionStore } from './submission-record.js';

export const noticeChoiceSchema = z.enum(NOTICE_CHOICES, { error: 'Kies hoe u e-mail wilt krijgen: meteen, één overzicht per dag of geen e-mail.' });

/**
 * The kinds of work that wait for a moderator. Another kind (adoptions awaiting approval, say) is added
 * here, in WAITING_LABELS and linkOf below, and where it is found in waitingWork().
 */
export const WAITING_KINDS = ['submission', 'resubmission', 'update', 'adoption'] as const;
export type WaitingKind = (typeof WAITING_KINDS)[number];

/** One item of waiting work, as a notice names it. */
export interface WaitingItem {
  readonly kind: WaitingKind;
  readonly practiceId: number;
  readonly title: string;
  /** Since when it waits (ISO timestamp). */
  readonly since: string;
  /** For an adoption: the municipality that says it runs the practice too. */
  readonly municipality?: string;
}

const WAITING_LABELS: Record<WaitingKind, string> = {
  submission: 'Nieuwe inzending',
  resubmission: 'Aangepaste inzending',
  update: 'Voorgestelde wijziging',
  adoption: 'Wij doen dit ook',
};

/** The moderators' page where the item is judged. */
function linkOf(links: SiteLinks, item: WaitingItem): string {
  switch (item.kind) {
    case 'submission':
    case 'resubmission':
      return links.beheer.practice(item.practiceId);
    case 'update':
      return links.beheer.update(item.practiceId);
    case 'adoption':
      return links.beheer.adoptions;
  }
}

const SIGNATURE = 'U krijgt deze e-mail als moderator van Praktijkbank.';

const settingsParagraph = (links: SiteLinks): Paragraph => ({ text: 'Liever meteen een e-mail bij elk nieuw item, één overzicht per dag of geen e-mail? Kies het bij Mijn e-mailmeldingen:', link: links.beheer.notices });

function waitingMessage(links: SiteLinks, to: string, item: WaitingItem): MailMessage {
  const title = oneLine(item.title);
  const what: Record<WaitingKind, string> = {
    submission: `Een nieuwe inzending wacht op een beoordeling: „${title}”.`,
    resubmission: `De indiener paste de inzending „${title}” aan zoals gevraagd; ze wacht opnieuw op een beoordeling.`,
    update: `De indiener van de gepubliceerde praktijk „${title}” stelt wijzigingen voor; ze wachten op een beoordeling.`,
    adoption: `${item.municipality ?? 'Een gemeente'} meldt dat ze de praktijk „${title}” ook uitvoert (bevestigd per e-mail); de melding wacht op een beoordeling.`,
  };
  return composeMail({
    kind: 'moderator_waiting',
    practiceId: item.practiceId,
    to,
    subject: `Te beoordelen: ${item.title}`,
    paragraphs: [what[item.kind], { text: 'Beoordeel ze hier:', link: linkOf(links, item) }, settingsParagraph(links)],
    home: links.home,
    signature: SIGNATURE,
  });
}

/** "wacht 3 dagen", "wacht 5 uur": how long an item has waited at `now`. */
export function waitedFor(since: string, now: Date): string {
  const hours = Math.floor((now.getTime() - new Date(since).getTime()) / 3_600_000);
  if (hours < 1) return 'wacht minder dan een uur';
  if (hours < 24) return `wacht ${hours} uur`;
  const days = Math.floor(hours / 24);
  return days === 1 ? 'wacht 1 dag' : `wacht ${days} dagen`;
}

function digestMessage(links: SiteLinks, to: string, items: readonly WaitingItem[], now: Date): MailMessage {
  const count = items.length === 1 ? 'Er wacht 1 item' : `Er wachten ${items.length} items`;
  return composeMail({
    kind: 'moderator_digest',
    to,
    subject: items.length === 1 ? 'Te beoordelen: 1 item wacht' : `Te beoordelen: ${items.length} items wachten`,
    paragraphs: [
      `${count} op een beoordeling in Praktijkbank (${dutchDayOf(now)}), het langst wachtende eerst:`,
      ...items.map((item): Paragraph => ({ text: `${WAITING_LABELS[item.kind]}: „${oneLine(item.title)}”${item.municipality === undefined ? '' : ` in ${item.municipality}`} (${waitedFor(item.since, now)}, sinds ${dutchDayOf(new Date(item.since))})`, link: linkOf(links, item) })),
      { text: 'De volledige wachtrij:', link: links.beheer.queue },
      settingsParagraph(links),
    ],
    home: links.home,
    signature: SIGNATURE,
  });
}

/**
 * Writes a notice of `item` to every active moderator who chose `immediate`. Call it inside the
 * transaction of its cause: a submission that is rolled back leaves no notice.
 */
export function queueWaitingNotices(stores: { readonly mail?: MailOutbox | undefined; readonly moderatorNotices?: ModeratorNoticeStore | undefined }, item: WaitingItem, at: string): void {
  const { mail, moderatorNotices } = stores;
  if (!mail || !moderatorNotices) return;
  for (const moderator of moderatorNotices.activeWith('immediate')) mail.store.add(waitingMessage(mail.links, moderator.email, item), at);
}

export interface WaitingWorkStores {
  readonly practices: Pick<PracticeStore, 'listByStatus' | 'findById'>;
  readonly submissions: Pick<SubmissionStore, 'findByPracticeId'>;
  readonly practiceUpdates: Pick<PracticeUpdateStore, 'listPending'>;
  /** Confirmed "wij doen dit ook" adoptions waiting for a moderator. */
  readonly adoptions?: Pick<AdoptionStore, 'listWaiting'>;
}

/** Everything waiting for a moderator, the longest waiting first. */
export function waitingWork(stores: WaitingWorkStores): WaitingItem[] {
  const submissions = stores.practices.listByStatus(['pending'], 'oldest-first').map((practice): WaitingItem => {
    const record = stores.submissions.findByPracticeId(practice.id);
    return record?.resubmittedAt === undefined
      ? { kind: 'submission', practiceId: practice.id, title: practice.title, since: record?.submittedAt ?? practice.createdAt }
      : { kind: 'resubmission', practiceId: practice.id, title: practice.title, since: record.resubmittedAt };
  });
  const updates = stores.practiceUpdates.listPending().flatMap((update): WaitingItem[] => {
    const practice = stores.practices.findById(update.practiceId);
    return practice ? [{ kind: 'update', practiceId: practice.id, title: practice.title, since: update.createdAt }] : [];
  });
  const adoptions = (stores.adoptions?.listWaiting() ?? []).flatMap((adoption): WaitingItem[] => {
    const practice = stores.practices.findById(adoption.practiceId);
    return practice ? [adoptionWaiting(adoption, practice)] : [];
  });
  return [...submissions, ...updates, ...adoptions].sort((a, b) => a.since.localeCompare(b.since));
}

/** A confirmed adoption as waiting work: it waits since its confirmation. */
export function adoptionWaiting(adoption: Pick<Adoption, 'nisCode' | 'confirmedAt' | 'createdAt'>, practice: { readonly id: number; readonly title: string }): WaitingItem {
  return { kind: 'adoption', practiceId: practice.id, title: practice.title, since: adoption.confirmedAt ?? adoption.createdAt, municipality: municipalityByCode(adoption.nisCode)?.name ?? adoption.nisCode };
}

/** From this hour (Brussels time) the day's digest goes out: in the morning, before the working day. */
export const DIGEST_HOUR = 8;

const brusselsHour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Brussels', hour: '2-digit', hourCycle: 'h23' });

/** The hour of a moment in Brussels, 0–23. */
export function brusselsHourOf(moment: Date): number {
  return Number(brusselsHour.format(moment));
}

export interface DigestStores extends WaitingWorkStores {
  readonly mail: MailOutbox;
  readonly moderatorNotices: ModeratorNoticeStore;
}

/**
 * Sends each active `daily` moderator one digest a day, from 08:00 Brussels time, when anything waits.
 * With nothing waiting nothing is recorded, so work that arrives later that day is in the next digest
 * (the same day's, at the next run). The digest and its day's row are written in one transaction, and
 * the row's key allows one per moderator and day, so neither a second run nor a second process sends two.
 */
export function sendDueDigests(stores: DigestStores, now: Date): NoticeRecipient[] {
  if (brusselsHourOf(now) < DIGEST_HOUR) return [];
  const day = calendarDayOf(now);
  const due = stores.moderatorNotices.dueForDigest(day);
  if (due.length === 0) return [];
  const items = waitingWork(stores);
  if (items.length === 0) return [];
  const at = now.toISOString();
  const sent = due.filter((moderator) =>
    stores.moderatorNotices.atomically(() => {
      if (!stores.moderatorNotices.recordDigest(moderator.id, day, at)) return false;
      stores.mail.store.add(digestMessage(stores.mail.links, moderator.email, items, now), at);
      return true;
    }),
  );
  stores.moderatorNotices.forgetDigestsBefore(day);
  return sent;
}

/** The daily digest as a job of the services' clock. */
export function moderatorDigestJob(stores: DigestStores): ScheduledJob {
  return { name: 'moderator_digest', run: (now) => void sendDueDigests(stores, now) };
}
