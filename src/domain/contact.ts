// A visitor's question relayed by e-mail (issue 14, points 4 and 8): to the makers of a published practice
// (*Contacteer de makers*) or to the operator of the site (the *Contact* page). The visitor never learns
// an address that is not public already; the answer comes by Reply-To. Rate-limited per sender address,
// per practice and, for the operator, in all, counted in SQLite so a restart or a second process does not
// reset them. The message itself is kept only in the outbox, until it is sent.
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { contactCopyMessage, makersMessage, operatorMessage } from './contact-messages.js';
import type { MailOutbox } from './outbox.js';
import type { Practice } from './practice.js';
import { withoutControlCharacters } from './plain-text.js';
import type { ScheduledJob } from './scheduled-jobs.js';

// eslint-disable-next-line no-control-regex -- control characters (CR/LF above all) are what a one-line field refuses
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

/** A one-line field: a line break could start a new mail header, so it is refused, not cleaned away silently. */
const oneLineText = (max: number, messages: { missing?: string; tooLong: string; lineBreak: string }) => {
  const base = z
    .string({ error: messages.missing ?? messages.tooLong })
    .refine((v) => !CONTROL_CHARACTERS.test(v), { error: messages.lineBreak, abort: true })
    .overwrite(withoutControlCharacters)
    .trim()
    .max(max, { error: messages.tooLong });
  return messages.missing === undefined ? base : base.min(1, { error: messages.missing });
};

/** What the contact forms ask, the one schema for both: the types and the Dutch messages come from it. */
export const contactMessageSchema = z.object({
  name: oneLineText(100, {
    missing: 'Vul uw naam in.',
    tooLong: 'Uw naam mag hoogstens 100 tekens lang zijn.',
    lineBreak: 'Uw naam moet op één regel staan, zonder regeleinden of tabs.',
  }),
  email: z
    .string({ error: 'Vul uw e-mailadres in.' })
    .trim()
    .min(1, { error: 'Vul uw e-mailadres in, zodat de ontvanger u kan antwoorden.' })
    .pipe(z.email({ error: 'Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.be.' }).max(254, { error: 'Een e-mailadres mag hoogstens 254 tekens lang zijn.' })),
  organisation: oneLineText(200, {
    tooLong: 'De naam van uw organisatie mag hoogstens 200 tekens lang zijn.',
    lineBreak: 'De naam van uw organisatie moet op één regel staan, zonder regeleinden of tabs.',
  })
    .optional()
    .transform((v) => (v ? v : undefined)),
  // Line breaks are kept: a question has paragraphs. Other control characters go.
  message: z
    .string({ error: 'Schrijf uw bericht.' })
    .overwrite(withoutControlCharacters)
    .trim()
    .min(1, { error: 'Schrijf uw bericht.' })
    .max(5000, { error: 'Uw bericht mag hoogstens 5000 tekens lang zijn.' }),
});
export type ContactMessage = z.infer<typeof contactMessageSchema>;
export type ContactField = keyof ContactMessage;
export const CONTACT_FIELDS: readonly ContactField[] = ['name', 'email', 'organisation', 'message'];

/**
 * The limits, each over the last 24 hours (decision 47): a person asks a few questions a day, a practice
 * gets a handful, the operator some dozens; a script that fills in the form gets no further than that.
 */
export const CONTACT_LIMITS = {
  windowMs: 24 * 60 * 60_000,
  /** Per sender address, both forms together. */
  perSender: 5,
  /** Per practice, from all senders. */
  perPractice: 20,
  /** The operator's contact page, from all senders. */
  operatorTotal: 50,
} as const;

/** One relayed message as the limits count it: no content, no address. */
export interface ContactRelay {
  /** undefined: the operator's contact page. */
  readonly practiceId: number | undefined;
  readonly senderHash: string;
  readonly at: string;
}

/** Where relays are counted (the SQLite ContactRelayRepository). */
export interface ContactRelayStore {
  /** Runs fn in one transaction, the outbox's writes included (they share the database). */
  transaction<T>(fn: () => T): T;
  countBySender(senderHash: string, since: string): number;
  /** Relays to one practice, or (undefined) to the operator, since `since`. */
  countFor(practiceId: number | undefined, since: string): number;
  add(relay: ContactRelay): void;
  /** Removes relays from before `before`; returns how many. */
  prune(before: string): number;
}

export interface ContactStores {
  readonly relays: ContactRelayStore;
  readonly mail: MailOutbox;
  /** Keys the hash of a sender's address, so the stored hash cannot be checked against a list of addresses. */
  readonly senderKey: string;
}

export type RelayOutcome = { readonly outcome: 'relayed' } | { readonly outcome: 'limited'; readonly limit: 'sender' | 'practice' | 'operator' };

/** The limit a refused message met, in the words the visitor reads. */
export const LIMIT_MESSAGES: Record<'sender' | 'practice' | 'operator', string> = {
  sender: `Vanaf uw e-mailadres werden de voorbije 24 uur al ${CONTACT_LIMITS.perSender} berichten verstuurd. Dat is het maximum; er is nu niets verstuurd. Probeer het morgen opnieuw.`,
  practice: 'De makers van deze praktijk kregen de voorbije 24 uur al veel berichten via Praktijkbank. Er is nu niets verstuurd. Probeer het morgen opnieuw.',
  operator: 'Via dit formulier kwamen de voorbije 24 uur al veel berichten binnen. Er is nu niets verstuurd. Probeer het morgen opnieuw, of mail ons rechtstreeks.',
};

/** A practice whose makers can be contacted: published, with a contact address (public or not). */
export function makersAddressOf(practice: Practice): string | undefined {
  return practice.status === 'published' && practice.contactEmail ? practice.contactEmail : undefined;
}

/** The same person however they write their address: case, and a "+tag" in the local part, do not make a new sender. */
export function senderHashOf(key: string, email: string): string {
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf('@');
  const local = at < 0 ? address : address.slice(0, at).replace(/\+.*$/, '');
  return createHmac('sha256', key).update(`contact-sender\n${local}${at < 0 ? '' : address.slice(at)}`).digest('hex');
}

function relay(stores: ContactStores, practiceId: number | undefined, message: ContactMessage, now: Date, queue: () => void): RelayOutcome {
  const at = now.toISOString();
  const since = new Date(now.getTime() - CONTACT_LIMITS.windowMs).toISOString();
  const senderHash = senderHashOf(stores.senderKey, message.email);
  return stores.relays.transaction((): RelayOutcome => {
    if (stores.relays.countBySender(senderHash, since) >= CONTACT_LIMITS.perSender) return { outcome: 'limited', limit: 'sender' };
    const max = practiceId === undefined ? CONTACT_LIMITS.operatorTotal : CONTACT_LIMITS.perPractice;
    if (stores.relays.countFor(practiceId, since) >= max) return { outcome: 'limited', limit: practiceId === undefined ? 'operator' : 'practice' };
    stores.relays.add({ practiceId, senderHash, at });
    queue();
    return { outcome: 'relayed' };
  });
}

/** Relays a visitor's message to a practice's contact address, with a copy to the visitor, unless a limit is reached. */
export function relayToMakers(stores: ContactStores, practice: Practice, message: ContactMessage, now = new Date()): RelayOutcome {
  const to = makersAddressOf(practice);
  if (to === undefined) throw new Error(`practice ${practice.id} has no makers to contact`);
  const at = now.toISOString();
  const about = { practiceId: practice.id, title: practice.title, slug: practice.slug };
  return relay(stores, practice.id, message, now, () => {
    stores.mail.store.add(makersMessage(stores.mail.links, { ...about, to, addressPublic: practice.contactEmailPublic }, message), at);
    // The copy names the makers' address only where the practice page shows it already.
    stores.mail.store.add(contactCopyMessage(stores.mail.links, { ...about, publicAddress: practice.contactEmailPublic ? to : undefined }, message), at);
  });
}

/** Relays a visitor's message to the operator's address (the *Contact* page), with a copy to the visitor. */
export function relayToOperator(stores: ContactStores, operator: { readonly name: string; readonly email: string }, message: ContactMessage, now = new Date()): RelayOutcome {
  const at = now.toISOString();
  return relay(stores, undefined, message, now, () => {
    stores.mail.store.add(operatorMessage(stores.mail.links, operator.email, message), at);
    stores.mail.store.add(contactCopyMessage(stores.mail.links, { operator }, message), at);
  });
}

/** Forgets relays once no limit counts them any more. */
export function contactRelayPruneJob(relays: ContactRelayStore): ScheduledJob {
  return {
    name: 'contact_relays_prune',
    run(now: Date) {
      relays.prune(new Date(now.getTime() - CONTACT_LIMITS.windowMs).toISOString());
    },
  };
}
