// What a moderator may do with a practice. Every action is one transaction, leaves a history event, and
// is tied to the revision the moderator saw: a practice that changed since is never decided on blindly.
import { z } from 'zod';
import type { EventAction, EventStore, PracticeEvent } from './practice-events.js';
import { type EvidenceForm, judgementOf } from './evidence.js';
import { changesRequestedMessage, publishedMessage, queueMail, rejectedMessage } from './mail-messages.js';
import type { MailOutbox } from './outbox.js';
import type { PracticeStore, RevisedPractice } from './practice-store.js';
import { type Practice, type PracticeInput, cleanString, contentOf } from './practice.js';
import { PUBLICATION_STATUSES, type PublicationStatus, labelOf } from './vocabulary.js';

const TOO_LONG = 'De reden mag hoogstens 2000 tekens lang zijn.';
const requiredReason = (missing: string) => cleanString({ error: 'Geef een reden op.' }).min(1, { error: missing }).max(2000, { error: TOO_LONG });

export const reasonSchema = requiredReason('Geef een reden op: de indiener leest ze.');
/** Reopening overturns a colleague's rejection: the history says why. */
export const reopenReasonSchema = requiredReason('Geef een reden op: ze komt in de geschiedenis, zodat uw collega’s weten waarom.');
export const optionalReasonSchema = cleanString().max(2000, { error: TOO_LONG }).optional().transform((v) => v || undefined);

/**
 * The revision a moderation form was made from, as its hidden field sends it: a whole number. Anything
 * else (missing, repeated, text) is a form from before revisions or a tampered one.
 */
export const revisionSchema = z.string().regex(/^\d{1,15}$/).transform(Number);

export interface ModerationStores {
  readonly practices: PracticeStore;
  readonly events: EventStore;
  /** Called after a change that may alter what the public catalogue holds. */
  readonly catalogueChanged: () => void;
  /** Where messages to the submitter are written, with the decision; without it none are (tests of other things). */
  readonly mail?: MailOutbox;
}

export type Decision = 'publish' | 'reject' | 'requestChanges' | 'unpublish' | 'reopen';

const TRANSITIONS: Record<Decision, { from: readonly PublicationStatus[]; to: PublicationStatus; action: EventAction }> = {
  // Not from 'rejected': a rejected practice is reopened first, so publishing it is a decision of its own.
  // 'unpublished' was published before; publishing it again is tied to the revision like any decision.
  publish: { from: ['pending', 'changes_requested', 'unpublished', 'draft'], to: 'published', action: 'published' },
  requestChanges: { from: ['pending'], to: 'changes_requested', action: 'changes_requested' },
  reject: { from: ['pending', 'changes_requested'], to: 'rejected', action: 'rejected' },
  unpublish: { from: ['published'], to: 'unpublished', action: 'unpublished' },
  reopen: { from: ['rejected'], to: 'pending', action: 'reopened' },
};

/** The decisions open for a practice in its current status. */
export function decisionsFor(status: PublicationStatus): Decision[] {
  return (Object.keys(TRANSITIONS) as Decision[]).filter((d) => TRANSITIONS[d].from.includes(status));
}

/** The schema of a decision's reason: required where the submitter or colleagues must know why. */
export function reasonSchemaFor(decision: Decision): z.ZodType<string | undefined, string | undefined> {
  if (decision === 'reject' || decision === 'requestChanges') return reasonSchema;
  if (decision === 'reopen') return reopenReasonSchema;
  return optionalReasonSchema;
}

/** A decision that does not apply to the practice as it is now (its current revision). */
export class ModerationConflict extends Error {}
export class PracticeNotFound extends Error {}

/** The practice changed after the revision the moderator acted on: nothing was done. */
export class StaleRevision extends Error {
  constructor(
    readonly seenRevision: number,
    readonly currentRevision: number,
  ) {
    super(`the practice changed since revision ${seenRevision} (now ${currentRevision})`);
  }
}

function notAllowed(decision: Decision, status: PublicationStatus): string {
  if (decision === 'publish' && status === 'rejected') return 'Een afgewezen praktijk kan pas gepubliceerd worden als ze eerst heropend is. Heropen ze, met een reden.';
  return `Die beslissing kan niet bij een praktijk met de status ‘${labelOf(PUBLICATION_STATUSES, status)}’. Kies een van de beslissingen die de pagina aanbiedt.`;
}

/** A practice as a moderator reviews it: with the revision its forms will carry; undefined for an unknown practice. */
export function practiceForReview(stores: Pick<ModerationStores, 'practices'>, practiceId: number): RevisedPractice | undefined {
  return stores.practices.findWithRevision(practiceId);
}

/** A practice's history, oldest first: who (a moderator's e-mail address, or the submitter) did what, when and why. */
export function practiceHistory(stores: Pick<ModerationStores, 'events'>, practiceId: number): PracticeEvent[] {
  return stores.events.listFor(practiceId);
}

/** Reads the practice at the revision the moderator saw, inside a transaction; throws when it is gone or changed. */
function currentAt(stores: Pick<ModerationStores, 'practices'>, practiceId: number, seenRevision: number): Practice {
  const current = stores.practices.findWithRevision(practiceId);
  if (!current) throw new PracticeNotFound();
  if (current.revision !== seenRevision) throw new StaleRevision(seenRevision, current.revision);
  return current.practice;
}

export interface DecisionRequest {
  readonly practiceId: number;
  readonly decision: Decision;
  readonly moderatorId: number;
  /** The revision of the practice the moderator saw when deciding. */
  readonly seenRevision: number;
  readonly reason?: string | undefined;
}

/** Applies a moderator's decision to the practice as they saw it. */
export function decide(stores: ModerationStores, { practiceId, decision, moderatorId, seenRevision, reason }: DecisionRequest, now = new Date().toISOString()): void {
  const transition = TRANSITIONS[decision];
  const parsedReason = reasonSchemaFor(decision).safeParse(reason ?? '');
  if (!parsedReason.success) throw new ModerationConflict(parsedReason.error.issues[0]?.message ?? 'Geef een reden op.');
  stores.practices.transaction(() => {
    const practice = currentAt(stores, practiceId, seenRevision);
    if (!transition.from.includes(practice.status)) throw new ModerationConflict(notAllowed(decision, practice.status));
    stores.practices.setStatus(practiceId, transition.to, now);
    // Publishing is a moderator having read the practice through: that is when it was last checked.
    if (transition.to === 'published') stores.practices.markVerified(practiceId, now);
    stores.events.add({ practiceId, action: transition.action, moderatorId, reason: parsedReason.data, at: now });
    const about = { practiceId, title: practice.title };
    const reasonGiven = parsedReason.data ?? '';
    if (decision === 'publish') queueMail(stores.mail, practice.contactEmail, (links, to) => publishedMessage(links, { ...about, to, slug: practice.slug }), now);
    if (decision === 'requestChanges') queueMail(stores.mail, practice.contactEmail, (links, to) => changesRequestedMessage(links, { ...about, to, reason: reasonGiven }), now);
    if (decision === 'reject') queueMail(stores.mail, practice.contactEmail, (links, to) => rejectedMessage(links, { ...about, to, reason: reasonGiven }), now);
  });
  stores.catalogueChanged();
}

export interface EditRequest {
  readonly practiceId: number;
  readonly input: PracticeInput;
  readonly moderatorId: number;
  /** The revision of the practice the edit form was opened on. */
  readonly seenRevision: number;
}

/** A moderator's edit, before publishing or of a published practice; the status stays. */
export function editPractice(stores: ModerationStores, { practiceId, input, moderatorId, seenRevision }: EditRequest, now = new Date().toISOString()): void {
  stores.practices.transaction(() => {
    currentAt(stores, practiceId, seenRevision);
    stores.practices.update(practiceId, input, now);
    stores.events.add({ practiceId, action: 'edited', moderatorId, at: now });
  });
  stores.catalogueChanged();
}

export interface EvidenceRequest {
  readonly practiceId: number;
  /** A form that passed evidenceJudgementSchema for the practice at `seenRevision`. */
  readonly form: EvidenceForm;
  readonly moderatorId: number;
  readonly seenRevision: number;
}

/** Records the moderator's "stand van de praktijk" (or clears it), with the justification in the history. */
export function judgeEvidence(stores: ModerationStores, { practiceId, form, moderatorId, seenRevision }: EvidenceRequest, now = new Date().toISOString()): void {
  stores.practices.transaction(() => {
    currentAt(stores, practiceId, seenRevision);
    stores.practices.setEvidence(practiceId, judgementOf(form, now), moderatorId);
    stores.events.add({ practiceId, action: 'evidence_judged', moderatorId, reason: form.justification, at: now });
  });
  stores.catalogueChanged();
}

// What a difference between two versions of a practice is made of: the fields of the form, one by one,
// in the order the form shows them (the form's field list is derived from this one).
export const CONTENT_FIELDS = [
  'title',
  'summary',
  'aanleiding',
  'aanpak',
  'resultaten',
  'leerpunten',
  'workingElements',
  'transferability',
  'scale',
  'municipalities',
  'provinces',
  'themes',
  'targetGroups',
  'lifeDomains',
  'partners',
  'startYear',
  'endYear',
  'ongoing',
  'links',
  'costAmountEur',
  'costPeriod',
  'costNote',
  'funding',
  'staffFte',
  'reachCount',
  'reachUnit',
  'reachYear',
  'evaluationKind',
  'evaluationSummary',
  'evaluationUrl',
  'materials',
  'sourceTitle',
  'sourcePublisher',
  'sourceUrl',
  'sourceNote',
  'sourceDate',
  'contactName',
  'contactRole',
  'contactOrganisation',
  'contactEmail',
  'contactEmailPublic',
] as const;
export type ContentField = (typeof CONTENT_FIELDS)[number];
export type ContentValue = string | number | boolean | readonly string[] | undefined;

// Choices whose order means nothing: the same ticks in another order are no change.
const UNORDERED: ReadonlySet<ContentField> = new Set(['municipalities', 'provinces', 'themes', 'targetGroups', 'lifeDomains', 'funding']);

/**
 * One field's value; a link is "address description", as the form shows it, and a material is
 * "title (file name)", so a file that came or went, or was renamed, shows as added or removed.
 */
export function contentValue(input: PracticeInput, field: ContentField): ContentValue {
  switch (field) {
    case 'aanleiding':
    case 'aanpak':
    case 'resultaten':
    case 'leerpunten':
      return input.sections[field];
    case 'sourceTitle':
      return input.source.title;
    case 'sourcePublisher':
      return input.source.publisher;
    case 'sourceUrl':
      return input.source.url;
    case 'sourceNote':
      return input.source.note;
    case 'sourceDate':
      return input.source.date;
    case 'links':
      return input.links.map((l) => (l.label ? `${l.url} ${l.label}` : l.url));
    case 'costAmountEur':
      return input.costs.amountEur;
    case 'costPeriod':
      return input.costs.period;
    case 'costNote':
      return input.costs.note;
    case 'reachCount':
      return input.reach.count;
    case 'reachUnit':
      return input.reach.unit;
    case 'reachYear':
      return input.reach.year;
    case 'evaluationKind':
      return input.evaluation.kind;
    case 'evaluationSummary':
      return input.evaluation.summary;
    case 'evaluationUrl':
      return input.evaluation.url;
    case 'materials':
      return input.materials.map((m) => `${m.title} (${m.fileName}, ${m.fileHash.slice(0, 8)})${m.description ? `: ${m.description}` : ''}`);
    default:
      return input[field];
  }
}

const comparable = (field: ContentField, value: ContentValue) => JSON.stringify(Array.isArray(value) && UNORDERED.has(field) ? [...(value as readonly string[])].sort() : (value ?? null));

/** The fields whose value differs between two versions of a practice, in the order of the form. */
export function changedFields(before: PracticeInput, after: PracticeInput): ContentField[] {
  return CONTENT_FIELDS.filter((field) => comparable(field, contentValue(before, field)) !== comparable(field, contentValue(after, field)));
}

/** What a moderator who saw `seenRevision` has not seen yet. */
export interface ChangesSince {
  /** The practice as it is now, and its revision. */
  readonly practice: Practice;
  readonly revision: number;
  /** The history since the seen revision, oldest first: who changed the status or the content, when and why. */
  readonly events: PracticeEvent[];
  /** The content at the seen revision; undefined when it is not known (a revision from before a restored backup). */
  readonly seen: PracticeInput | undefined;
  readonly changedFields: ContentField[];
}

/** The changes to a practice since a revision, read in one transaction; undefined for an unknown practice. */
export function changesSince(stores: Pick<ModerationStores, 'practices' | 'events'>, practiceId: number, seenRevision: number): ChangesSince | undefined {
  return stores.practices.transaction(() => {
    const current = stores.practices.findWithRevision(practiceId);
    if (!current) return undefined;
    const seen = stores.practices.contentAt(practiceId, seenRevision);
    return {
      practice: current.practice,
      revision: current.revision,
      events: stores.events.listSince(practiceId, seenRevision),
      seen,
      changedFields: seen ? changedFields(seen, current.practice) : [],
    };
  });
}

/** What the submitter changed after a moderator asked for changes, for the review of a resubmission. */
export interface ResubmissionChanges {
  readonly before: PracticeInput;
  readonly after: PracticeInput;
  readonly changedFields: ContentField[];
}

/**
 * For a practice back in the queue after its submitter changed it: the content when changes were asked
 * for against the content now. Undefined when the practice was never resubmitted since such a request.
 */
export function resubmissionChanges(stores: Pick<ModerationStores, 'practices' | 'events'>, practiceId: number): ResubmissionChanges | undefined {
  return stores.practices.transaction(() => {
    const practice = stores.practices.findById(practiceId);
    if (practice?.status !== 'pending') return undefined;
    const asked = stores.events.revisionAfterLatest(practiceId, 'changes_requested');
    const resubmitted = stores.events.revisionAfterLatest(practiceId, 'resubmitted');
    if (asked === undefined || resubmitted === undefined || resubmitted < asked) return undefined;
    const before = stores.practices.contentAt(practiceId, asked);
    if (!before) return undefined;
    const after = contentOf(practice);
    return { before, after, changedFields: changedFields(before, after) };
  });
}
