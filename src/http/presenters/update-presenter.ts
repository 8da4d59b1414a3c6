// What changed in a practice, field by field, for a moderator about to decide on a resubmission or on
// an update proposed after publication; and what the submitter's status page says of their proposal.
import { contentValue } from '../../domain/moderation.js';
import type { ResubmissionChanges } from '../../domain/moderation.js';
import type { PracticeUpdateStore, UpdateReview, UpdateState } from '../../domain/practice-updates.js';
import type { PracticeMaterial } from '../../domain/practice.js';
import { beheerPaths } from '../beheer-paths.js';
import { fieldChangeView } from './practice-changes-presenter.js';
import { dutchDayAndTimeOf } from '../../domain/calendar.js';

const when = (iso: string) => ({ at: dutchDayAndTimeOf(new Date(iso)), iso });

/** For views/beheer/partials/field-changes.ejs: each changed field, its value before and after. */
export function resubmissionView(changes: ResubmissionChanges | undefined) {
  if (!changes) return undefined;
  return { fields: changes.changedFields.map((f) => fieldChangeView(f, contentValue(changes.before, f), contentValue(changes.after, f))) };
}

/** The review page's pointer to a waiting proposal of a published practice. */
export function pendingUpdateView(updates: PracticeUpdateStore, practiceId: number) {
  const pending = updates.findPending(practiceId);
  return pending ? { href: beheerPaths.update(practiceId), ...when(pending.createdAt) } : undefined;
}

/** The page of a proposal: what approving it would change in the published practice. */
export function updateReviewView(review: UpdateReview) {
  return {
    updateId: review.update.id,
    revision: review.revision,
    proposed: when(review.update.createdAt),
    fields: review.changedFields.map((f) => fieldChangeView(f, contentValue(review.current, f), contentValue(review.update.content, f))),
    overwrites: review.changedSinceProposal.map((f) => fieldChangeView(f, undefined, undefined).label),
  };
}

/** Which files the proposal adds and removes, each with the link a moderator opens it by. */
export function updateFilesView(review: UpdateReview, href: (m: PracticeMaterial) => string) {
  const hashesOf = (materials: readonly PracticeMaterial[]) => new Set(materials.map((m) => m.fileHash));
  const [was, is] = [hashesOf(review.current.materials), hashesOf(review.update.content.materials)];
  const item = (m: PracticeMaterial) => ({ title: m.title, fileName: m.fileName, href: href(m) });
  return {
    added: review.update.content.materials.filter((m) => !was.has(m.fileHash)).map(item),
    removed: review.current.materials.filter((m) => !is.has(m.fileHash)).map(item),
  };
}

/** The status page's words for the submitter's latest proposal. */
export function updateStateView(state: UpdateState | undefined) {
  if (!state) return undefined;
  if (state.state === 'pending')
    return { kind: state.state, message: 'Uw voorgestelde wijziging wacht op een moderator. Tot die ze goedkeurt, blijft de gepubliceerde versie online.', reason: undefined, ...when(state.since) };
  if (state.state === 'rejected') return { kind: state.state, message: 'De moderator nam uw voorgestelde wijziging niet over. De gepubliceerde versie blijft online.', reason: state.reason, ...when(state.at) };
  return { kind: state.state, message: 'Uw laatste voorgestelde wijziging is goedgekeurd en staat online.', reason: undefined, ...when(state.at) };
}
