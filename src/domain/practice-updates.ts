// Updates after publication (issue 12, point 5): the submitter of a published practice proposes new
// content through the status link; the published version stays online, unchanged, until a moderator
// approves the proposal (and so checks the practice: laatst nagekeken) or rejects it with a reason.
import { queueMail, updateApprovedMessage, updateRejectedMessage } from './mail-messages.js';
import { queueWaitingNotices } from './moderator-notices.js';
import { type ContentField, ModerationConflict, type ModerationStores, PracticeNotFound, StaleRevision, changedFields, reasonSchema } from './moderation.js';
import { type Practice, type PracticeInput, contentOf, practiceInputSchema } from './practice.js';
import type { PracticeStore } from './practice-store.js';
import { type SubmissionInput, type SubmissionStores, findSubmission } from './submission.js';

export const UPDATE_STATUSES = ['pending', 'approved', 'rejected', 'replaced'] as const;
export type UpdateStatus = (typeof UPDATE_STATUSES)[number];

/** A proposed update as stored (migration 009). */
export interface PracticeUpdate {
  readonly id: number;
  readonly practiceId: number;
  readonly content: PracticeInput;
  /** The practice's revision when the submitter started from it. */
  readonly basedOn: number;
  readonly status: UpdateStatus;
  readonly createdAt: string;
  readonly decidedAt: string | undefined;
  readonly moderatorEmail: string | undefined;
  readonly reason: string | undefined;
}

export interface NewPracticeUpdate {
  readonly practiceId: number;
  readonly content: PracticeInput;
  readonly basedOn: number;
  readonly at: string;
}

/** Where proposals are kept (the SQLite PracticeUpdateRepository). */
export interface PracticeUpdateStore {
  /** Stores a pending proposal; there must be no other pending one for the practice. Returns its id. */
  insert(update: NewPracticeUpdate): number;
  /** Marks the practice's pending proposal, if any, as replaced by a newer one; true when there was one. */
  replacePending(practiceId: number, at: string): boolean;
  /** Records a moderator's decision on a pending proposal. */
  decide(id: number, decision: { status: 'approved' | 'rejected'; moderatorId: number; reason: string | undefined; at: string }): void;
  findPending(practiceId: number): PracticeUpdate | undefined;
  /** The practice's most recent proposal, whatever became of it. */
  latest(practiceId: number): PracticeUpdate | undefined;
  /** Every pending proposal, the longest waiting first. */
  listPending(): PracticeUpdate[];
}

export interface PracticeUpdateStores extends SubmissionStores {
  readonly practiceUpdates: PracticeUpdateStore;
}

export interface UpdateModerationStores extends ModerationStores {
  readonly practiceUpdates: PracticeUpdateStore;
}

/** The proposal the moderator looked at was replaced or decided on meanwhile: nothing was done. */
export class UpdateChanged extends Error {}
export class UpdateNotAllowed extends Error {}

/** Whether the holder of a status link may propose an update: only to a practice that is published. */
export function updatable(practice: Practice): boolean {
  return practice.status === 'published';
}

/**
 * The submitter's proposal for their published practice. The source stays as the moderators keep it;
 * a pending proposal is replaced by the newer one (the submitter's latest word is what a moderator judges).
 */
export function proposeUpdate(stores: PracticeUpdateStores, token: string, input: SubmissionInput, now = new Date().toISOString()): { readonly practiceId: number; readonly replaced: boolean } {
  return stores.practices.transaction(() => {
    const submission = findSubmission(stores, token);
    if (!submission) throw new UpdateNotAllowed('Deze praktijk kan nu niet bijgewerkt worden.');
    return proposeUpdateOf(stores, submission.practice.id, input, now);
  });
}

/**
 * A proposal for a published practice by whoever holds a key to it: the status link, or the yearly
 * check's link (decision 48). The caller has checked the key; the proposal waits for a moderator.
 */
export function proposeUpdateOf(stores: Omit<PracticeUpdateStores, 'submissions'>, practiceId: number, input: SubmissionInput, now = new Date().toISOString()): { readonly practiceId: number; readonly replaced: boolean } {
  return stores.practices.transaction(() => {
    const current = stores.practices.findWithRevision(practiceId);
    if (!current || !updatable(current.practice)) throw new UpdateNotAllowed('Deze praktijk kan nu niet bijgewerkt worden.');
    const content = practiceInputSchema.parse({ ...input, source: current.practice.source });
    const replaced = stores.practiceUpdates.replacePending(practiceId, now);
    stores.practiceUpdates.insert({ practiceId, content, basedOn: current.revision, at: now });
    stores.events.add({ practiceId, action: 'update_proposed', at: now });
    queueWaitingNotices(stores, { kind: 'update', practiceId, title: current.practice.title, since: now }, now);
    return { practiceId, replaced };
  });
}

/** What the status page says of the submitter's latest proposal. */
export type UpdateState = { readonly state: 'pending'; readonly since: string } | { readonly state: 'rejected'; readonly reason: string | undefined; readonly at: string } | { readonly state: 'approved'; readonly at: string };

export function updateStateOf(stores: { readonly practiceUpdates: PracticeUpdateStore }, practiceId: number): UpdateState | undefined {
  const latest = stores.practiceUpdates.latest(practiceId);
  if (!latest) return undefined;
  if (latest.status === 'pending') return { state: 'pending', since: latest.createdAt };
  if (latest.status === 'rejected') return { state: 'rejected', reason: latest.reason, at: latest.decidedAt ?? latest.createdAt };
  if (latest.status === 'approved') return { state: 'approved', at: latest.decidedAt ?? latest.createdAt };
  return undefined;
}

/** What the submitter's form starts from: their pending proposal if they have one, else the published content. */
export function contentToUpdate(stores: { readonly practiceUpdates: PracticeUpdateStore }, practice: Practice): PracticeInput {
  return stores.practiceUpdates.findPending(practice.id)?.content ?? contentOf(practice);
}

/** A pending proposal as a moderator reviews it: what approving would change, field by field. */
export interface UpdateReview {
  readonly practice: Practice;
  /** The practice's revision, which the decision forms carry. */
  readonly revision: number;
  readonly update: PracticeUpdate;
  /** The published content now, against the proposal. */
  readonly current: PracticeInput;
  readonly changedFields: ContentField[];
  /** Fields changed (by a moderator) since the submitter started from the practice: approving overwrites them. */
  readonly changedSinceProposal: ContentField[];
}

/** The pending proposal of a practice and what it changes; undefined when none waits. */
export function updateForReview(stores: { readonly practices: PracticeStore; readonly practiceUpdates: PracticeUpdateStore }, practiceId: number): UpdateReview | undefined {
  return stores.practices.transaction(() => {
    const current = stores.practices.findWithRevision(practiceId);
    const update = current && stores.practiceUpdates.findPending(practiceId);
    if (!current || !update) return undefined;
    const content = contentOf(current.practice);
    const base = stores.practices.contentAt(practiceId, update.basedOn);
    return {
      practice: current.practice,
      revision: current.revision,
      update,
      current: content,
      changedFields: changedFields(content, update.content),
      changedSinceProposal: base ? changedFields(base, content) : [],
    };
  });
}

export interface UpdateDecisionRequest {
  readonly practiceId: number;
  /** The proposal the moderator saw, and the practice's revision then. */
  readonly updateId: number;
  readonly seenRevision: number;
  readonly moderatorId: number;
  readonly reason?: string | undefined;
}

/** Reads the practice and its pending proposal as the moderator saw them; throws when either changed. */
function pendingAsSeen(stores: UpdateModerationStores, { practiceId, updateId, seenRevision }: UpdateDecisionRequest): { practice: Practice; update: PracticeUpdate } {
  const current = stores.practices.findWithRevision(practiceId);
  if (!current) throw new PracticeNotFound();
  if (current.revision !== seenRevision) throw new StaleRevision(seenRevision, current.revision);
  const update = stores.practiceUpdates.findPending(practiceId);
  if (update?.id !== updateId) throw new UpdateChanged('De indiener stuurde intussen een nieuwer voorstel, of een collega besliste al over dit voorstel.');
  return { practice: current.practice, update };
}

/** Replaces the published content by the proposal; a moderator checked it, so it counts as verified. */
export function approveUpdate(stores: UpdateModerationStores, request: UpdateDecisionRequest, now = new Date().toISOString()): void {
  stores.practices.transaction(() => {
    const { practice, update } = pendingAsSeen(stores, request);
    if (practice.status !== 'published') throw new ModerationConflict('Alleen een gepubliceerde praktijk kan bijgewerkt worden.');
    // Today's rules, not those of the day it was proposed: nothing invalid reaches the catalogue.
    const content = practiceInputSchema.safeParse(update.content);
    if (!content.success) throw new ModerationConflict(`Het voorstel voldoet niet aan de regels van het formulier: ${content.error.issues[0]?.message ?? ''} Wijs het af met die uitleg.`);
    stores.practices.update(practice.id, content.data, now);
    stores.practices.markVerified(practice.id, now);
    stores.practiceUpdates.decide(update.id, { status: 'approved', moderatorId: request.moderatorId, reason: request.reason, at: now });
    stores.events.add({ practiceId: practice.id, action: 'update_approved', moderatorId: request.moderatorId, reason: request.reason, at: now });
    // To the address of the approved content: a submitter who changed it wants the news at the new one.
    queueMail(stores.mail, content.data.contactEmail, (links, to) => updateApprovedMessage(links, { practiceId: practice.id, title: content.data.title, slug: practice.slug, to }), now);
  });
  stores.catalogueChanged();
}

/** Keeps the published content; the reason is shown to the submitter on the status page. */
export function rejectUpdate(stores: UpdateModerationStores, request: UpdateDecisionRequest, now = new Date().toISOString()): void {
  const reason = reasonSchema.safeParse(request.reason ?? '');
  if (!reason.success) throw new ModerationConflict(reason.error.issues[0]?.message ?? 'Geef een reden op.');
  stores.practices.transaction(() => {
    const { practice, update } = pendingAsSeen(stores, request);
    stores.practiceUpdates.decide(update.id, { status: 'rejected', moderatorId: request.moderatorId, reason: reason.data, at: now });
    stores.events.add({ practiceId: practice.id, action: 'update_rejected', moderatorId: request.moderatorId, reason: reason.data, at: now });
    // To the address the submitter proposed, as for an approval: it is where they expect the answer.
    const to = update.content.contactEmail ?? practice.contactEmail;
    queueMail(stores.mail, to, (links, address) => updateRejectedMessage(links, { practiceId: practice.id, title: practice.title, slug: practice.slug, reason: reason.data, to: address }), now);
  });
}
