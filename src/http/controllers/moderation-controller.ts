// The moderators' pages: the queue, the review of one practice with its history, decisions and edits.
// Every decision and edit form carries the revision it was made from; when the practice changed since,
// the answer is 409 with what changed, and nothing is done (docs/moderation.md).
import type { Request, Response } from 'express';
import type { Catalogue } from '../../domain/catalogue.js';
import {
  type ChangesSince,
  type Decision,
  type ModerationStores,
  ModerationConflict,
  PracticeNotFound,
  StaleRevision,
  changesSince,
  decide,
  decisionsFor,
  editPractice,
  practiceForReview,
  practiceHistory,
  reasonSchemaFor,
  resubmissionChanges,
  revisionSchema,
} from '../../domain/moderation.js';
import type { PracticeUpdateStore } from '../../domain/practice-updates.js';
import type { MaterialDependencies } from '../../domain/materials.js';
import { moderationQueue } from '../../domain/moderation-queue.js';
import { type Practice, practiceInputSchema } from '../../domain/practice.js';
import type { EventAction, PracticeEvent } from '../../domain/practice-events.js';
import type { RevisedPractice } from '../../domain/practice-store.js';
import { PUBLICATION_STATUSES, type PublicationStatus, labelOf } from '../../domain/vocabulary.js';
import { paths } from '../../paths.js';
import { beheerPaths } from '../beheer-paths.js';
import { BadRequest, HttpError, NotFound } from '../errors.js';
import { type FormErrors, type PracticeFormValues, draftOf, formErrorsOf, formValuesOf, formValuesOfPractice } from '../forms/practice-form.js';
import { type EvidenceFormState, evidenceErrorSummary, evidenceFormView } from '../presenters/evidence-form-presenter.js';
import { type MaterialFormState, materialFieldsView, materialsOfPost, materialsOfPractice, splitMaterialIssues, withMaterials } from '../material-form.js';
import { fieldChangesView } from '../presenters/practice-changes-presenter.js';
import { pendingUpdateView, resubmissionView } from '../presenters/update-presenter.js';
import { practiceFormView } from '../presenters/practice-form-presenter.js';
import { practicePageView } from '../presenters/practice-presenter.js';
import { placeOf } from '../presenters/place-presenter.js';
import { dutchDayAndTimeOf } from '../../domain/calendar.js';

export interface ModerationDependencies extends Omit<ModerationStores, 'catalogueChanged'> {
  readonly catalogue: Catalogue;
  readonly practiceUpdates: PracticeUpdateStore;
  /** Uploaded materials: the moderator adds and removes them in the edit form. */
  readonly materialStores: MaterialDependencies;
}

const DECISIONS: Record<Decision, { label: string; done: string; reasonLabel: string }> = {
  publish: { label: 'Publiceren', done: 'De praktijk is gepubliceerd. Ze is binnen enkele seconden te vinden.', reasonLabel: 'Opmerking (niet verplicht)' },
  requestChanges: { label: 'Aanpassing vragen', done: 'De indiener kan de praktijk nu aanpassen via de statuslink.', reasonLabel: 'Wat moet de indiener aanpassen?' },
  reject: { label: 'Afwijzen', done: 'De praktijk is afgewezen.', reasonLabel: 'Waarom wijst u de praktijk af?' },
  unpublish: { label: 'Offline halen', done: 'De praktijk is niet langer publiek.', reasonLabel: 'Waarom haalt u de praktijk offline? (niet verplicht)' },
  reopen: {
    label: 'Heropenen',
    done: 'De praktijk is heropend en wacht opnieuw op beoordeling. Ze kan nu gepubliceerd worden.',
    reasonLabel: 'Waarom heropent u de praktijk? (komt in de geschiedenis, de indiener ziet dit niet)',
  },
};

const ACTION_LABELS: Record<EventAction, string> = {
  submitted: 'Ingediend',
  resubmitted: 'Aangepast en opnieuw ingediend',
  published: 'Gepubliceerd',
  rejected: 'Afgewezen',
  changes_requested: 'Aanpassing gevraagd',
  edited: 'Bewerkt',
  unpublished: 'Offline gehaald',
  reopened: 'Heropend',
  evidence_judged: 'Stand van de praktijk beoordeeld',
  update_proposed: 'Wijziging voorgesteld',
  update_approved: 'Voorgestelde wijziging goedgekeurd',
  update_rejected: 'Voorgestelde wijziging afgewezen',
  adoption_approved: 'Overname door een andere gemeente goedgekeurd',
  adoption_rejected: 'Overname door een andere gemeente afgewezen',
  check_confirmed: 'Nagekeken door de contactpersoon (jaarlijkse vraag)',
};

// What the review page confirms after the other forms that lead back to it.
const OTHER_DONE = new Map([
  ['bewerkt', 'De wijzigingen zijn opgeslagen.'],
  ['stand', 'De stand van de praktijk is opgeslagen. De publieke pagina toont ze binnen enkele seconden.'],
  ['voorstel-goedgekeurd', 'De voorgestelde wijziging is goedgekeurd en staat online.'],
  ['voorstel-afgewezen', 'De voorgestelde wijziging is afgewezen. De indiener ziet uw reden via de statuslink.'],
]);

// A form without a readable revision is from before revisions existed, or tampered with: show the practice as it is now.
const NO_REVISION_DECISION = 'Uw beslissing is niet uitgevoerd: het formulier zei niet welke versie van de praktijk u zag. Bekijk de praktijk hieronder zoals ze nu is en beslis opnieuw.';
const NO_REVISION_EDIT =
  'Uw wijzigingen zijn niet opgeslagen: het formulier zei niet welke versie van de praktijk u bewerkte. Uw invoer staat hieronder. Vergelijk ze met de praktijk zoals ze nu is (via “Beoordelen”) en sla opnieuw op.';
const STALE_EDIT = 'Uw wijzigingen zijn niet opgeslagen: de praktijk is gewijzigd sinds u het formulier opende. Bekijk wat er veranderde en sla dan opnieuw op.';

const isDecision = (value: unknown): value is Decision => typeof value === 'string' && Object.hasOwn(DECISIONS, value);

function idOf(req: Request<{ id: string }>): number {
  const id = /^\d{1,12}$/.test(req.params.id) ? Number(req.params.id) : Number.NaN;
  if (!Number.isSafeInteger(id)) throw new NotFound('Deze praktijk bestaat niet.');
  return id;
}

function queueItem(p: Practice) {
  return {
    title: p.title,
    href: beheerPaths.practice(p.id),
    organisation: p.contactOrganisation ?? p.source.publisher ?? '',
    place: placeOf(p),
    since: dutchDayAndTimeOf(new Date(p.updatedAt)),
    status: labelOf(PUBLICATION_STATUSES, p.status),
  };
}

function historyItem(e: PracticeEvent) {
  return { action: ACTION_LABELS[e.action], who: e.moderatorEmail ?? 'de indiener', at: dutchDayAndTimeOf(new Date(e.at)), iso: e.at, reason: e.reason };
}

/** What a page shows of the changes since the moderator's revision (views/beheer/partials/changes.ejs). */
function changesView(changes: ChangesSince) {
  return { events: changes.events.map(historyItem), seenKnown: changes.seen !== undefined, fields: fieldChangesView(changes) };
}

/** The parsed form body; a field sent twice or with brackets is no string, and the schemas refuse it. */
const bodyOf = (req: Request) => (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;

/** A problem with one decision's reason, or with the decision as a whole (field: the decisions section). */
interface DecisionProblem {
  readonly message: string;
  readonly decision?: Decision;
  readonly reason?: string;
}

export function moderationController(deps: ModerationDependencies) {
  const stores: ModerationStores = { ...deps, catalogueChanged: () => void deps.catalogue.refreshInBackground() };
  const moderatorId = (res: Response): number => {
    const moderator = res.locals.moderator;
    if (!moderator) throw new HttpError(403, 'forbidden', 'Log in als moderator.');
    return moderator.id;
  };

  /** The decision forms open for a status; `typed` is a decision's reason to show again, with its error if any. */
  const decisionForms = (status: PublicationStatus, typed: { decision?: Decision | undefined; reason?: string | undefined; message?: string | undefined } = {}) =>
    decisionsFor(status).map((d) => ({
      value: d,
      ...DECISIONS[d],
      error: typed.decision === d ? typed.message : undefined,
      reasonValue: typed.decision === d ? (typed.reason ?? '') : '',
    }));

  const errorsOf = (problem: DecisionProblem | undefined) => (problem ? [{ field: problem.decision ? `reason-${problem.decision}` : 'decisions-title', message: problem.message }] : []);

  /** The review page; `revision` is what its forms carry: the revision shown, or the one a moderator's invalid form came from. */
  const renderReview = (
    res: Response,
    { practice, revision }: RevisedPractice,
    status: number,
    options: { revision?: number; problem?: DecisionProblem; done?: string | undefined; evidence?: EvidenceFormState } = {},
  ) => {
    const { problem, done } = options;
    res.status(status).render('beheer/review', {
      pageTitle: `${problem || options.evidence ? 'Fout: ' : ''}Beoordelen: ${practice.title}`,
      practiceId: practice.id,
      status: labelOf(PUBLICATION_STATUSES, practice.status),
      statusCode: practice.status,
      // A pending practice's files are not public yet: the preview links the moderators' address.
      preview: practicePageView(practice, [], { materialHref: (m) => paths.moderationMaterial(practice.id, m) }),
      contactEmail: practice.contactEmail,
      contactEmailPublic: practice.contactEmailPublic,
      publicHref: practice.status === 'published' ? paths.practice(practice.slug) : undefined,
      editHref: beheerPaths.edit(practice.id),
      decisionAction: beheerPaths.decision(practice.id),
      revision: options.revision ?? revision,
      decisions: decisionForms(practice.status, problem),
      errors: [...errorsOf(problem), ...evidenceErrorSummary(options.evidence)],
      done,
      evidence: evidenceFormView(practice, options.evidence),
      resubmission: resubmissionView(resubmissionChanges(stores, practice.id)),
      pendingUpdate: pendingUpdateView(deps.practiceUpdates, practice.id),
      history: practiceHistory(stores, practice.id).map(historyItem),
    });
  };

  /** 409: the practice changed since the moderator's revision. What changed, and the decisions again on the current revision. */
  const renderDecisionConflict = (res: Response, changes: ChangesSince, attempted: Decision, reason: string) => {
    const { practice } = changes;
    res.status(409).render('beheer/conflict', {
      pageTitle: `Intussen gewijzigd: ${practice.title}`,
      title: practice.title,
      reviewHref: beheerPaths.practice(practice.id),
      attempted: DECISIONS[attempted].label,
      status: labelOf(PUBLICATION_STATUSES, practice.status),
      statusCode: practice.status,
      changes: changesView(changes),
      decisionAction: beheerPaths.decision(practice.id),
      revision: changes.revision,
      // The reason typed for the attempted decision stays in its form if that decision is still open, else it is shown to copy.
      decisions: decisionForms(practice.status, { decision: attempted, reason }),
      typedReason: decisionsFor(practice.status).includes(attempted) ? undefined : reason.trim() || undefined,
    });
  };

  const renderEdit = (
    res: Response,
    practice: Practice,
    status: number,
    values: PracticeFormValues,
    { revision, errors, problem, changes }: { revision: number; errors?: FormErrors | undefined; problem?: { message: string; field: string }; changes?: ChangesSince },
    materials: { state: MaterialFormState; issues?: Parameters<typeof materialFieldsView>[1] },
  ) => {
    const materialHref = (m: Parameters<typeof paths.moderationMaterial>[1]) => paths.moderationMaterial(practice.id, m);
    const form = withMaterials(practiceFormView(values, errors, { withSource: true }), materialFieldsView(materials.state, materials.issues, materialHref));
    res.status(status).render('beheer/edit', {
      pageTitle: `${errors || problem ? 'Fout: ' : ''}Bewerken: ${practice.title}`,
      heading: `Bewerken: ${practice.title}`,
      reviewHref: beheerPaths.practice(practice.id),
      action: beheerPaths.edit(practice.id),
      revision,
      errors: [...(problem ? [problem] : []), ...form.errorSummary],
      changes: changes ? changesView(changes) : undefined,
      form,
    });
  };

  const loadRevised = (req: Request<{ id: string }>): RevisedPractice => {
    const revised = practiceForReview(stores, idOf(req));
    if (!revised) throw new NotFound('Deze praktijk bestaat niet.');
    return revised;
  };

  const changesOrNotFound = (practiceId: number, seenRevision: number): ChangesSince => {
    const changes = changesSince(stores, practiceId, seenRevision);
    if (!changes) throw new NotFound('Deze praktijk bestaat niet.');
    return changes;
  };

  return {
    /** The review page, for the forms on it that other controllers answer (evidence-controller). */
    renderReview,

    queue(_req: Request, res: Response): void {
      const queue = moderationQueue({ practices: stores.practices, practiceUpdates: deps.practiceUpdates });
      res.render('beheer/queue', {
        pageTitle: 'Te beoordelen',
        pending: queue.pending.map(queueItem),
        updates: queue.updates.map((u) => ({ ...queueItem(u.practice), href: beheerPaths.update(u.practice.id), since: dutchDayAndTimeOf(new Date(u.proposedAt)) })),
        waiting: queue.waiting.map(queueItem),
        published: queue.published.map(queueItem),
        closed: queue.closed.map(queueItem),
      });
    },

    review(req: Request<{ id: string }>, res: Response): void {
      const revised = loadRevised(req);
      const done = typeof req.query.gedaan === 'string' && isDecision(req.query.gedaan) ? DECISIONS[req.query.gedaan].done : typeof req.query.gedaan === 'string' ? OTHER_DONE.get(req.query.gedaan) : undefined;
      renderReview(res, revised, 200, { done });
    },

    decide(req: Request<{ id: string }>, res: Response): void {
      const revised = loadRevised(req);
      const practiceId = revised.practice.id;
      const body = bodyOf(req);
      const decision = body.decision;
      if (!isDecision(decision)) throw new BadRequest('Kies wat u met de praktijk wilt doen.');
      const seen = revisionSchema.safeParse(body.revision);
      if (!seen.success) {
        renderReview(res, revised, 400, { problem: { message: NO_REVISION_DECISION } });
        return;
      }
      const rawReason = typeof body.reason === 'string' ? body.reason : '';
      const reason = reasonSchemaFor(decision).safeParse(rawReason);
      if (!reason.success) {
        const problem = { decision, message: reason.error.issues[0]?.message ?? 'Geef een reden op.', reason: rawReason.slice(0, 2000) };
        renderReview(res, revised, 400, { revision: seen.data, problem });
        return;
      }
      try {
        decide(stores, { practiceId, decision, moderatorId: moderatorId(res), seenRevision: seen.data, reason: reason.data });
      } catch (error) {
        if (error instanceof StaleRevision) {
          req.log.info({ event: 'moderation_conflict', decision, practiceId, seenRevision: error.seenRevision, currentRevision: error.currentRevision }, 'decision on a changed practice refused');
          renderDecisionConflict(res, changesOrNotFound(practiceId, seen.data), decision, rawReason.slice(0, 2000));
          return;
        }
        if (error instanceof ModerationConflict) {
          renderReview(res, loadRevised(req), 409, { problem: { message: error.message } });
          return;
        }
        if (error instanceof PracticeNotFound) throw new NotFound('Deze praktijk bestaat niet.');
        throw error;
      }
      // The reason is not logged: it is in the history, and may quote the submitter.
      req.log.info({ event: 'moderation_decision', decision, practiceId, moderatorId: moderatorId(res) }, `moderation decision: ${decision}`);
      res.redirect(303, `${beheerPaths.practice(practiceId)}?gedaan=${decision}`);
    },

    editForm(req: Request<{ id: string }>, res: Response): void {
      const { practice, revision } = loadRevised(req);
      renderEdit(res, practice, 200, formValuesOfPractice(practice), { revision }, { state: materialsOfPractice(practice.materials) });
    },

    async edit(req: Request<{ id: string }>, res: Response): Promise<void> {
      const { practice, revision: currentRevision } = loadRevised(req);
      const values = formValuesOf(req.body);
      const materialState = await materialsOfPost(deps.materialStores, req);
      const draft = { ...draftOf(values), materials: materialState.materials };
      const parsed = practiceInputSchema.safeParse(draft);
      const issues = splitMaterialIssues(parsed.success ? [] : parsed.error.issues);
      const materials = { state: materialState, issues: issues.materials };
      const errors = parsed.success && materialState.problems.length === 0 ? undefined : formErrorsOf(issues.others);
      const seen = revisionSchema.safeParse(bodyOf(req).revision);
      if (!seen.success) {
        // The typed input is kept; saving again from here is a choice made with this message in view.
        renderEdit(res, practice, 400, values, { revision: currentRevision, errors, problem: { field: 'title', message: NO_REVISION_EDIT } }, materials);
        return;
      }
      if (!parsed.success || errors) {
        renderEdit(res, practice, 400, values, { revision: seen.data, errors }, materials);
        return;
      }
      try {
        editPractice(stores, { practiceId: practice.id, input: parsed.data, moderatorId: moderatorId(res), seenRevision: seen.data });
      } catch (error) {
        if (error instanceof StaleRevision) {
          req.log.info({ event: 'moderation_conflict', decision: 'edit', practiceId: practice.id, seenRevision: error.seenRevision, currentRevision: error.currentRevision }, 'edit of a changed practice refused');
          const changes = changesOrNotFound(practice.id, seen.data);
          // Their input stays in the form; the form now carries the current revision, so saving again overwrites deliberately.
          renderEdit(res, changes.practice, 409, values, { revision: changes.revision, changes, problem: { field: 'changes-title', message: STALE_EDIT } }, materials);
          return;
        }
        if (error instanceof PracticeNotFound) throw new NotFound('Deze praktijk bestaat niet.');
        throw error;
      }
      req.log.info({ event: 'moderation_edit', practiceId: practice.id, moderatorId: moderatorId(res) }, 'practice edited by a moderator');
      res.redirect(303, `${beheerPaths.practice(practice.id)}?gedaan=bewerkt`);
    },
  };
}
