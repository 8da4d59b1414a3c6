// A submitter's proposed changes to a published practice, as a moderator reviews them: exactly what
// changed, field by field, then approve or reject. The forms carry the practice's revision and the
// proposal's id: a practice edited or a proposal replaced meanwhile → 409 with the proposal as it is now.
import type { Request, Response } from 'express';
import { ModerationConflict, PracticeNotFound, StaleRevision, reasonSchema, revisionSchema } from '../../domain/moderation.js';
import { UpdateChanged, type UpdateModerationStores, approveUpdate, rejectUpdate, updateForReview } from '../../domain/practice-updates.js';
import { paths } from '../../paths.js';
import { beheerPaths } from '../beheer-paths.js';
import { HttpError, NotFound } from '../errors.js';
import { updateFilesView, updateReviewView } from '../presenters/update-presenter.js';

type UpdateDecision = 'approve' | 'reject';
const isDecision = (value: unknown): value is UpdateDecision => value === 'approve' || value === 'reject';

const STALE = 'Uw beslissing is niet uitgevoerd: sinds u de pagina opende, is de praktijk gewijzigd of stuurde de indiener een nieuwer voorstel. Hieronder staat wat het voorstel nu verandert; beslis opnieuw.';
const NO_REVISION = 'Uw beslissing is niet uitgevoerd: het formulier zei niet welke versie u zag. Bekijk het voorstel hieronder en beslis opnieuw.';
const GONE = 'Er wacht geen voorgestelde wijziging meer voor deze praktijk: een collega besliste er al over.';

interface Problem {
  readonly field: string;
  readonly message: string;
}

const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 2000) : '');

export function updateReviewController(stores: UpdateModerationStores) {
  const idOf = (req: Request<{ id: string }>): number => {
    const id = /^\d{1,12}$/.test(req.params.id) ? Number(req.params.id) : Number.NaN;
    if (!Number.isSafeInteger(id) || !stores.practices.findById(id)) throw new NotFound('Deze praktijk bestaat niet.');
    return id;
  };

  /** The proposal page; without a waiting proposal, the review page with a word why. */
  const render = (res: Response, practiceId: number, status: number, problem?: Problem, typedReason = '') => {
    const review = updateForReview(stores, practiceId);
    if (!review) {
      if (status === 200) {
        res.redirect(303, beheerPaths.practice(practiceId));
        return;
      }
      throw new HttpError(409, 'update_gone', GONE);
    }
    const { practice } = review;
    res.status(status).render('beheer/update', {
      pageTitle: `${problem ? 'Fout: ' : ''}Voorgestelde wijziging: ${practice.title}`,
      title: practice.title,
      reviewHref: beheerPaths.practice(practice.id),
      publicHref: paths.practice(practice.slug),
      action: beheerPaths.update(practice.id),
      update: updateReviewView(review),
      // Files the proposal brings are not public yet: both lists link the moderators' address.
      files: updateFilesView(review, (m) => paths.moderationMaterial(practice.id, m)),
      errors: problem ? [problem] : [],
      reasonValue: typedReason,
      reasonError: problem?.field === 'reason-update' ? problem.message : undefined,
    });
  };

  return {
    show(req: Request<{ id: string }>, res: Response): void {
      render(res, idOf(req), 200);
    },

    decide(req: Request<{ id: string }>, res: Response): void {
      const moderator = res.locals.moderator;
      if (!moderator) throw new HttpError(403, 'forbidden', 'Log in als moderator.');
      const practiceId = idOf(req);
      const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
      const decision = body.decision;
      const typedReason = text(body.reason);
      if (!isDecision(decision)) {
        render(res, practiceId, 400, { field: 'update-decisions', message: 'Kies of u de wijziging goedkeurt of afwijst.' }, typedReason);
        return;
      }
      const seen = revisionSchema.safeParse(body.revision);
      const updateId = revisionSchema.safeParse(body.update);
      if (!seen.success || !updateId.success) {
        render(res, practiceId, 400, { field: 'update-decisions', message: NO_REVISION }, typedReason);
        return;
      }
      if (decision === 'reject') {
        const reason = reasonSchema.safeParse(typedReason);
        if (!reason.success) {
          render(res, practiceId, 400, { field: 'reason-update', message: reason.error.issues[0]?.message ?? 'Geef een reden op.' }, typedReason);
          return;
        }
      }
      const request = { practiceId, updateId: updateId.data, seenRevision: seen.data, moderatorId: moderator.id, reason: typedReason.trim() || undefined };
      try {
        if (decision === 'approve') approveUpdate(stores, request);
        else rejectUpdate(stores, request);
      } catch (error) {
        if (error instanceof StaleRevision || error instanceof UpdateChanged) {
          req.log.info({ event: 'moderation_conflict', decision: `update_${decision}`, practiceId }, 'decision on a changed proposal refused');
          render(res, practiceId, 409, { field: 'update-decisions', message: STALE }, typedReason);
          return;
        }
        if (error instanceof ModerationConflict) {
          render(res, practiceId, 409, { field: 'update-decisions', message: error.message }, typedReason);
          return;
        }
        if (error instanceof PracticeNotFound) throw new NotFound('Deze praktijk bestaat niet.');
        throw error;
      }
      req.log.info({ event: `update_${decision === 'approve' ? 'approved' : 'rejected'}`, practiceId, moderatorId: moderator.id }, `proposed update: ${decision}`);
      res.redirect(303, `${beheerPaths.practice(practiceId)}?gedaan=${decision === 'approve' ? 'voorstel-goedgekeurd' : 'voorstel-afgewezen'}`);
    },
  };
}
