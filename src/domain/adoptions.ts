// "Wij doen dit ook" (issue 14, point 6): an employee of another municipality says it runs a published
// practice too. The adoption is confirmed by a link mailed to the given address (so nobody speaks for a
// municipality with someone else's address), then a moderator approves or rejects it. Approved adoptions
// are part of the published practice: *Ook in: Gemeente X (sinds 2025)*, the API, a facet, the figures.
// The address is kept only until it is confirmed, or until its link expired (decision 48).
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { adoptionConfirmationMessage } from './adoption-messages.js';
import { isMunicipalityCode, municipalityByCode } from './municipalities.js';
import type { MailOutbox } from './outbox.js';
import type { ModeratorNoticeStore } from './moderator-notice-store.js';
import { adoptionWaiting, queueWaitingNotices } from './moderator-notices.js';
import { withoutControlCharacters } from './plain-text.js';
import { FIRST_YEAR, type Practice } from './practice.js';
import type { EventStore } from './practice-events.js';
import type { PracticeStore } from './practice-store.js';
import type { ScheduledJob } from './scheduled-jobs.js';

export const ADOPTION_STATUSES = ['unconfirmed', 'confirmed', 'approved', 'rejected'] as const;
export type AdoptionStatus = (typeof ADOPTION_STATUSES)[number];

/** How long the confirmation link works; an unconfirmed adoption (and its address) is deleted after it. */
export const CONFIRMATION_HOURS = 72;
/** Unconfirmed adoptions (each a message) per address within the link's lifetime: enough for a person, not a mail cannon. */
export const ADOPTIONS_PER_ADDRESS = 3;
export const NOTE_MAX_LENGTH = 500;

// eslint-disable-next-line no-control-regex -- CR/LF in an address could start a new mail header
const LINE_BREAK_OR_CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

/** The note keeps its line breaks (as \n); tabs become spaces and other control characters go. */
const cleanNote = (value: string) => withoutControlCharacters(value.replace(/\r\n?/g, '\n').replace(/\t/g, ' '));

/**
 * The form, the one schema for it: the types and the Dutch messages come from here. The practice's own
 * municipalities and this year are what the rules depend on.
 */
export function adoptionFormSchema(practice: Pick<Practice, 'municipalities'>, thisYear: number) {
  const sinceMessage = `Vul het jaar in waarin uw gemeente ermee begon: een jaartal van ${FIRST_YEAR} tot ${thisYear}.`;
  return z.object({
    municipality: z
      .string({ error: 'Kies uw gemeente uit de lijst.' })
      .trim()
      .min(1, { error: 'Kies uw gemeente uit de lijst.' })
      .refine(isMunicipalityCode, { error: 'Kies een Vlaamse gemeente uit de lijst.', abort: true })
      .refine((code) => !practice.municipalities.includes(code), {
        error: 'Deze praktijk komt al uit die gemeente: kies de gemeente die ze overnam.',
      }),
    since: z
      .string({ error: sinceMessage })
      .trim()
      .regex(/^\d{4}$/, { error: sinceMessage })
      .transform(Number)
      .pipe(z.number().int().min(FIRST_YEAR, { error: sinceMessage }).max(thisYear, { error: sinceMessage })),
    email: z
      .string({ error: 'Vul uw e-mailadres in.' })
      .refine((v) => !LINE_BREAK_OR_CONTROL.test(v), { error: 'Een e-mailadres staat op één regel, zonder regeleinden of tabs.', abort: true })
      .trim()
      .min(1, { error: 'Vul uw e-mailadres in: we sturen er een link naartoe om de overname te bevestigen.' })
      .pipe(z.email({ error: 'Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.be.' }).max(254, { error: 'Een e-mailadres mag hoogstens 254 tekens lang zijn.' })),
    note: z
      .string()
      .overwrite(cleanNote)
      .trim()
      .max(NOTE_MAX_LENGTH, { error: `De toelichting mag hoogstens ${NOTE_MAX_LENGTH} tekens lang zijn.` })
      .optional()
      .transform((v) => (v ? v : undefined)),
    // People never see this field; a bot fills it in.
    website: z
      .string()
      .optional()
      .refine((v) => v === undefined || v.trim() === '', { error: 'Uw melding kon niet verwerkt worden. Laad de pagina opnieuw en probeer het nog eens.' }),
  });
}
export type AdoptionForm = z.infer<ReturnType<typeof adoptionFormSchema>>;
export type AdoptionField = Exclude<keyof AdoptionForm, 'website'>;
export const ADOPTION_FIELDS: readonly AdoptionField[] = ['municipality', 'since', 'email', 'note'];

/** The secret of a confirmation link: 32 random bytes. */
export const adoptionTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** An adoption as the store keeps it; `email` only while unconfirmed. */
export interface Adoption {
  readonly id: number;
  readonly practiceId: number;
  readonly nisCode: string;
  readonly since: number;
  readonly note: string | undefined;
  readonly email: string | undefined;
  readonly emailDomain: string;
  readonly status: AdoptionStatus;
  readonly tokenExpiresAt: string | undefined;
  readonly createdAt: string;
  readonly confirmedAt: string | undefined;
  readonly decidedAt: string | undefined;
  readonly moderatorEmail: string | undefined;
  readonly reason: string | undefined;
}

export interface NewAdoption {
  readonly practiceId: number;
  readonly nisCode: string;
  readonly since: number;
  readonly note: string | undefined;
  readonly email: string;
  readonly tokenHash: string;
  readonly tokenExpiresAt: string;
  readonly at: string;
}

/** Where adoptions are kept (the SQLite AdoptionRepository). */
export interface AdoptionStore {
  insert(adoption: NewAdoption): number;
  findByTokenHash(tokenHash: string): Adoption | undefined;
  findById(id: number): Adoption | undefined;
  /** Is this municipality named for this practice by an adoption waiting for a moderator or approved? */
  counts(practiceId: number, nisCode: string): boolean;
  /** Unconfirmed adoptions with this address (any case) made since `since`. */
  unconfirmedFor(email: string, since: string): number;
  /** Confirmed: the address dropped, waiting for a moderator. */
  confirm(id: number, at: string): void;
  decide(id: number, decision: { readonly status: 'approved' | 'rejected'; readonly moderatorId: number; readonly reason: string | undefined; readonly at: string }): void;
  /** Deletes unconfirmed adoptions whose link expired before `now`; returns how many. */
  deleteExpired(now: string): number;
  /** Confirmed adoptions waiting for a moderator, the longest waiting first. */
  listWaiting(): Adoption[];
  /** The latest decisions, newest first. */
  listDecided(limit: number): Adoption[];
  countWaiting(): number;
}

export interface AdoptionStores {
  readonly practices: PracticeStore;
  readonly adoptions: AdoptionStore;
  readonly events: EventStore;
  readonly mail?: MailOutbox | undefined;
  /** Moderators who chose to hear at once get a notice when an adoption is confirmed. */
  readonly moderatorNotices?: ModeratorNoticeStore | undefined;
}

const DUPLICATE = (name: string) => `${name} staat al bij deze praktijk, of wacht al op een moderator. U hoeft niets meer te doen.`;

export type SubmitAdoptionOutcome =
  | { readonly outcome: 'queued'; readonly adoptionId: number }
  | { readonly outcome: 'duplicate'; readonly message: string }
  | { readonly outcome: 'too_many'; readonly message: string };

/** Stores an unconfirmed adoption and queues the confirmation mail with it, in one transaction. */
export function submitAdoption(stores: AdoptionStores, practice: Pick<Practice, 'id' | 'slug' | 'title'>, form: AdoptionForm, now = new Date()): SubmitAdoptionOutcome {
  const at = now.toISOString();
  const name = municipalityByCode(form.municipality)?.name ?? form.municipality;
  return stores.practices.transaction((): SubmitAdoptionOutcome => {
    if (stores.adoptions.counts(practice.id, form.municipality)) return { outcome: 'duplicate', message: DUPLICATE(name) };
    const windowStart = new Date(now.getTime() - CONFIRMATION_HOURS * 3_600_000).toISOString();
    if (stores.adoptions.unconfirmedFor(form.email, windowStart) >= ADOPTIONS_PER_ADDRESS) {
      return {
        outcome: 'too_many',
        message: `Naar dit e-mailadres zijn al ${ADOPTIONS_PER_ADDRESS} bevestigingslinks gestuurd die nog niet gebruikt zijn. Bevestig die eerst via de link in uw mailbox, of probeer het over ${CONFIRMATION_HOURS / 24} dagen opnieuw.`,
      };
    }
    const token = randomBytes(32).toString('base64url');
    const tokenExpiresAt = new Date(now.getTime() + CONFIRMATION_HOURS * 3_600_000).toISOString();
    const adoptionId = stores.adoptions.insert({
      practiceId: practice.id,
      nisCode: form.municipality,
      since: form.since,
      note: form.note,
      email: form.email,
      tokenHash: hashOf(token),
      tokenExpiresAt,
      at,
    });
    if (stores.mail) {
      const message = adoptionConfirmationMessage(stores.mail.links, { practiceId: practice.id, title: practice.title, slug: practice.slug, municipality: name, since: form.since, to: form.email, token, hours: CONFIRMATION_HOURS });
      stores.mail.store.add(message, at);
    }
    return { outcome: 'queued', adoptionId };
  });
}

/** What a confirmation link leads to. */
export type ConfirmationState =
  | { readonly state: 'unknown' }
  | { readonly state: 'expired' }
  | { readonly state: 'open'; readonly adoption: Adoption; readonly practice: Practice }
  | { readonly state: 'confirmed'; readonly adoption: Adoption; readonly practice: Practice }
  /** Another confirmation for the same municipality came first. */
  | { readonly state: 'duplicate'; readonly adoption: Adoption; readonly practice: Practice };

/** Where a confirmation link stands; reads only. */
export function confirmationState(stores: AdoptionStores, token: string, now = new Date()): ConfirmationState {
  if (!adoptionTokenSchema.safeParse(token).success) return { state: 'unknown' };
  const adoption = stores.adoptions.findByTokenHash(hashOf(token));
  const practice = adoption && stores.practices.findById(adoption.practiceId);
  if (!adoption || !practice || practice.status !== 'published') return { state: 'unknown' };
  if (adoption.status !== 'unconfirmed') return { state: 'confirmed', adoption, practice };
  if (adoption.tokenExpiresAt === undefined || adoption.tokenExpiresAt <= now.toISOString()) return { state: 'expired' };
  if (stores.adoptions.counts(adoption.practiceId, adoption.nisCode)) return { state: 'duplicate', adoption, practice };
  return { state: 'open', adoption, practice };
}

export type ConfirmOutcome = Exclude<ConfirmationState, { readonly state: 'open' }> | { readonly state: 'just_confirmed'; readonly adoption: Adoption; readonly practice: Practice };

/** Confirms the adoption of a link that is open; otherwise changes nothing and says where the link stands. */
export function confirmAdoption(stores: AdoptionStores, token: string, now = new Date()): ConfirmOutcome {
  return stores.practices.transaction(() => {
    const current = confirmationState(stores, token, now);
    if (current.state !== 'open') return current;
    stores.adoptions.confirm(current.adoption.id, now.toISOString());
    const adoption = stores.adoptions.findById(current.adoption.id) ?? current.adoption;
    // Now it waits for a moderator: those who chose "at once" hear of it in this transaction.
    queueWaitingNotices(stores, adoptionWaiting(adoption, current.practice), now.toISOString());
    return { state: 'just_confirmed', adoption, practice: current.practice };
  });
}

export class AdoptionNotWaiting extends Error {}

/** Reason to reject: required, as every moderator's rejection. */
export const adoptionReasonSchema = z
  .string({ error: 'Geef een reden op: ze komt in de geschiedenis van de praktijk.' })
  .overwrite(withoutControlCharacters)
  .trim()
  .min(1, { error: 'Geef een reden op: ze komt in de geschiedenis van de praktijk.' })
  .max(1000, { error: 'De reden mag hoogstens 1000 tekens lang zijn.' });

/** A moderator's decision on a confirmed adoption; recorded in the practice's history, naming the municipality. */
export function decideAdoption(
  stores: AdoptionStores,
  decision: { readonly id: number; readonly approve: boolean; readonly moderatorId: number; readonly reason: string | undefined },
  now = new Date(),
): Adoption {
  return stores.practices.transaction(() => {
    const adoption = stores.adoptions.findById(decision.id);
    if (!adoption || adoption.status !== 'confirmed') throw new AdoptionNotWaiting('Deze overname wacht niet (meer) op een beslissing: een collega besliste er al over.');
    const at = now.toISOString();
    const status = decision.approve ? 'approved' : 'rejected';
    stores.adoptions.decide(adoption.id, { status, moderatorId: decision.moderatorId, reason: decision.reason, at });
    const name = municipalityByCode(adoption.nisCode)?.name ?? adoption.nisCode;
    const what = `${name} (sinds ${adoption.since})`;
    stores.events.add({
      practiceId: adoption.practiceId,
      action: decision.approve ? 'adoption_approved' : 'adoption_rejected',
      moderatorId: decision.moderatorId,
      reason: decision.reason ? `${what}: ${decision.reason}` : what,
      at,
    });
    return stores.adoptions.findById(adoption.id) ?? adoption;
  });
}

/** Deletes unconfirmed adoptions, and their addresses, once their link expired. */
export function expiredAdoptionsJob(adoptions: Pick<AdoptionStore, 'deleteExpired'>): ScheduledJob {
  return { name: 'expired_adoptions', run: (now) => void adoptions.deleteExpired(now.toISOString()) };
}
