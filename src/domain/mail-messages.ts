// The messages to a practice's submitter (issue 14, point 3), composed the house way (mail-compose.ts).
import { type Paragraph, composeMail, oneLine } from './mail-compose.js';
import type { MailKind, MailMessage, MailOutbox } from './outbox.js';

function compose(kind: MailKind, practiceId: number | undefined, to: string, subject: string, paragraphs: readonly Paragraph[], home: string): MailMessage {
  return composeMail({ kind, practiceId, to, subject, paragraphs, home });
}

// The status link is a key only the receipt carries (decision 44): later messages point to it, never repeat it.
const EDIT_HINT = 'Zo past u ze aan: open de statuslink uit de ontvangstbevestiging die u bij het indienen kreeg, en kies ‘Aanpassen’. Bent u die e-mail kwijt? Neem dan contact op met de beheerders van Praktijkbank (zie de website).';

export interface SubmitterMessageInput {
  readonly practiceId: number;
  readonly title: string;
  /** The submitter's address (the practice's contact e-mail). */
  readonly to: string;
}

export function receiptMessage(links: MailOutbox['links'], m: SubmitterMessageInput, token: string): MailMessage {
  return compose(
    'submission_received',
    m.practiceId,
    m.to,
    `Ontvangen: ${m.title}`,
    [
      `Bedankt om uw praktijk „${oneLine(m.title)}” in te dienen. Een moderator bekijkt ze; u krijgt een e-mail zodra er een beslissing is.`,
      { text: 'Via deze statuslink volgt u uw inzending en past u ze aan als de moderatoren dat vragen. Bewaar deze e-mail: wie de link heeft, kan de inzending aanpassen. Stuur hem dus niet door.', link: links.submissionStatus(token) },
    ],
    links.home,
  );
}

export function publishedMessage(links: MailOutbox['links'], m: SubmitterMessageInput & { readonly slug: string }): MailMessage {
  return compose(
    'published',
    m.practiceId,
    m.to,
    `Gepubliceerd: ${m.title}`,
    [`Goed nieuws: uw praktijk „${oneLine(m.title)}” staat nu in Praktijkbank, zodat andere gemeenten ervan kunnen leren.`, { text: 'U vindt ze hier:', link: links.practice(m.slug) }],
    links.home,
  );
}

export function changesRequestedMessage(links: MailOutbox['links'], m: SubmitterMessageInput & { readonly reason: string }): MailMessage {
  return compose(
    'changes_requested',
    m.practiceId,
    m.to,
    `Aanpassing gevraagd: ${m.title}`,
    [
      `Een moderator vraagt u om uw praktijk „${oneLine(m.title)}” aan te passen voor ze gepubliceerd wordt. De reden:`,
      m.reason,
      EDIT_HINT,
    ],
    links.home,
  );
}

export function rejectedMessage(links: MailOutbox['links'], m: SubmitterMessageInput & { readonly reason: string }): MailMessage {
  return compose(
    'rejected',
    m.practiceId,
    m.to,
    `Niet gepubliceerd: ${m.title}`,
    [`Uw praktijk „${oneLine(m.title)}” wordt niet gepubliceerd in Praktijkbank. De reden van de moderator:`, m.reason, 'Bedankt voor de moeite die u erin stak.'],
    links.home,
  );
}

export function updateApprovedMessage(links: MailOutbox['links'], m: SubmitterMessageInput & { readonly slug: string }): MailMessage {
  return compose(
    'update_approved',
    m.practiceId,
    m.to,
    `Wijziging gepubliceerd: ${m.title}`,
    [`De wijzigingen die u voorstelde aan „${oneLine(m.title)}” zijn goedgekeurd en staan nu online.`, { text: 'Bekijk de praktijk:', link: links.practice(m.slug) }],
    links.home,
  );
}

export function updateRejectedMessage(links: MailOutbox['links'], m: SubmitterMessageInput & { readonly slug: string; readonly reason: string }): MailMessage {
  return compose(
    'update_rejected',
    m.practiceId,
    m.to,
    `Wijziging niet overgenomen: ${m.title}`,
    [
      `De wijzigingen die u voorstelde aan „${oneLine(m.title)}” worden niet overgenomen; de gepubliceerde versie blijft online. De reden van de moderator:`,
      m.reason,
      'Via de statuslink uit uw ontvangstbevestiging kunt u een nieuw voorstel doen.',
      { text: 'De gepubliceerde praktijk:', link: links.practice(m.slug) },
    ],
    links.home,
  );
}

/** Writes the message to the outbox when the practice has a contact address; call it inside the transaction of its cause. */
export function queueMail(mail: MailOutbox | undefined, to: string | undefined, make: (links: MailOutbox['links'], to: string) => MailMessage, at: string): void {
  if (!mail || to === undefined || to === '') return;
  mail.store.add(make(mail.links, to), at);
}
