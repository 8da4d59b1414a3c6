// Through the status link, the submitter of a published practice proposes changes, in the steps of
// update-proposal-steps.ts; the status page shows where the latest proposal stands.
import type { NextFunction, Request, Response } from 'express';
import type { MaterialDependencies } from '../../domain/materials.js';
import type { Practice, PracticeMaterial } from '../../domain/practice.js';
import { type PracticeUpdateStores, contentToUpdate, proposeUpdate, updatable, updateStateOf } from '../../domain/practice-updates.js';
import { findSubmission } from '../../domain/submission.js';
import { paths } from '../../paths.js';
import { NotFound } from '../errors.js';
import { updateStateView } from '../presenters/update-presenter.js';
import { PROPOSAL_NOTICE, updateProposalSteps } from './update-proposal-steps.js';

const NOTICE_PENDING = 'U stelde al een wijziging voor die nog wacht; het formulier toont ze. Wat u nu indient, vervangt dat voorstel. Tot een moderator het goedkeurt, blijft de gepubliceerde versie online zoals ze is.';

/** What the status page shows of updates: the latest proposal's state, and the link to propose one. */
export function statusUpdateView(stores: PracticeUpdateStores, practice: Practice, token: string) {
  return { href: updatable(practice) ? paths.submissionUpdate(token) : undefined, state: updateStateView(updateStateOf(stores, practice.id)) };
}

export function updateController(stores: PracticeUpdateStores, materialStores: MaterialDependencies) {
  /** The submission behind a status link, only while its practice is published; else back to the status page. */
  const publishedOrRedirect = (req: Request<{ token: string }>, res: Response): Practice | undefined => {
    const submission = findSubmission(stores, req.params.token);
    if (!submission) throw new NotFound('Deze statuslink bestaat niet. Controleer of u de hele link gekopieerd hebt.');
    if (updatable(submission.practice)) return submission.practice;
    res.redirect(303, paths.submissionStatus(req.params.token));
    return undefined;
  };

  const steps = updateProposalSteps(
    {
      action: paths.submissionUpdate,
      pageTitle: 'Gepubliceerde praktijk bijwerken',
      heading: 'Uw gepubliceerde praktijk bijwerken',
      // Through the status link: the files of the published version and of a waiting proposal.
      materialHref: (token, practice) => {
        const served = new Set([...practice.materials, ...(stores.practiceUpdates.findPending(practice.id)?.content.materials ?? [])].map((m) => m.fileHash));
        return (m: PracticeMaterial) => (served.has(m.fileHash) ? paths.submissionMaterial(token, m) : undefined);
      },
      propose: (token, _practice, input) => proposeUpdate(stores, token, input),
      proposed: (token) => `${paths.submissionStatus(token)}?voorgesteld=1`,
      through: 'status_link',
    },
    materialStores,
  );

  return {
    /** Before the status page: what it shows of updates, as res.locals.update (views/submission/partials/update-status.ejs). */
    statusLocals(req: Request<{ token: string }>, res: Response, next: NextFunction): void {
      const submission = findSubmission(stores, req.params.token);
      if (submission) res.locals.update = { ...statusUpdateView(stores, submission.practice, req.params.token), proposed: req.query.voorgesteld !== undefined };
      next();
    },

    form(req: Request<{ token: string }>, res: Response): void {
      const practice = publishedOrRedirect(req, res);
      if (!practice) return;
      const pending = stores.practiceUpdates.findPending(practice.id) !== undefined;
      steps.form(res, req.params.token, practice, contentToUpdate(stores, practice), pending ? NOTICE_PENDING : PROPOSAL_NOTICE);
    },

    /** One endpoint for the steps, as the submission form has: review, back to the form, confirm. */
    async propose(req: Request<{ token: string }>, res: Response): Promise<void> {
      const practice = publishedOrRedirect(req, res);
      if (!practice) return;
      await steps.propose(req, res, practice);
    },
  };
}
