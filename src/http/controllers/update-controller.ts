// Through the status link, the submitter of a published practice proposes changes: the practice form,
// prefilled (its materials too: add, retitle, remove), then the review step, then a pending proposal. The published version stays online as it is
// until a moderator approves (update-review-controller.ts).
import type { NextFunction, Request, Response } from 'express';
import type { MaterialDependencies } from '../../domain/materials.js';
import type { Practice, PracticeMaterial } from '../../domain/practice.js';
import { type PracticeUpdateStores, UpdateNotAllowed, contentToUpdate, proposeUpdate, updatable, updateStateOf } from '../../domain/practice-updates.js';
import { type SubmissionInput, findSubmission, practiceInputOf, submissionInputSchema } from '../../domain/submission.js';
import { paths } from '../../paths.js';
import { NotFound } from '../errors.js';
import { type MaterialFieldsView, type MaterialFormState, materialFieldsView, materialHiddenFields, materialsOfPost, materialsOfPractice, splitMaterialIssues, withMaterials } from '../material-form.js';
import { type FormErrors, type PracticeFormValues, draftOf, formErrorsOf, formValuesOf, formValuesOfPractice, withRuleIssues } from '../forms/practice-form.js';
import { completenessReviewView, hiddenFieldsOf, practiceFormView } from '../presenters/practice-form-presenter.js';
import { practicePageView } from '../presenters/practice-presenter.js';
import { updateStateView } from '../presenters/update-presenter.js';

const NOTICE = 'Wat u hier wijzigt, komt eerst bij een moderator. Tot die het goedkeurt, blijft de gepubliceerde versie online zoals ze is.';
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

  /** A link through the status link for the files it serves (published or proposed); a new upload is only listed. */
  const materialHrefOf = (token: string, practice: Practice) => {
    const served = new Set([...practice.materials, ...(stores.practiceUpdates.findPending(practice.id)?.content.materials ?? [])].map((m) => m.fileHash));
    return (m: PracticeMaterial) => (served.has(m.fileHash) ? paths.submissionMaterial(token, m) : undefined);
  };

  const renderForm = (res: Response, status: number, token: string, values: PracticeFormValues, errors: FormErrors | undefined, notice: string, materials: MaterialFieldsView) => {
    res.status(status).render('submission/form', {
      pageTitle: errors ? 'Fout: gepubliceerde praktijk bijwerken' : 'Gepubliceerde praktijk bijwerken',
      heading: 'Uw gepubliceerde praktijk bijwerken',
      intro: undefined,
      notice,
      action: paths.submissionUpdate(token),
      submitLabel: 'Verder naar controle',
      form: withMaterials(practiceFormView(values, errors, { withSource: false }), materials),
    });
  };

  const renderReview = (res: Response, token: string, values: PracticeFormValues, materials: MaterialFormState, input: SubmissionInput, materialHref: (m: PracticeMaterial) => string | undefined) => {
    const now = new Date().toISOString();
    const practice: Practice = { ...practiceInputOf(input, now), id: 0, slug: '', status: 'published', createdAt: now, updatedAt: now, publishedAt: now, lastVerifiedAt: undefined, evidence: undefined };
    res.render('submission/review', {
      pageTitle: 'Controleer uw wijziging',
      heading: 'Controleer uw wijziging',
      lead: 'Zo zal uw praktijk eruitzien als een moderator uw wijziging goedkeurt. Tot dan blijft de gepubliceerde versie online. Klopt alles? Stel de wijziging dan voor.',
      problem: undefined,
      preview: practicePageView(practice, [], { materialHref }),
      completeness: completenessReviewView(practice),
      lookalikes: [],
      hidden: [...hiddenFieldsOf(values), ...materialHiddenFields(materials.drafts)],
      token,
      action: paths.submissionUpdate(token),
      confirmLabel: 'Wijziging voorstellen',
    });
  };

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
      const content = contentToUpdate(stores, practice);
      const materials = materialFieldsView(materialsOfPractice(content.materials), [], materialHrefOf(req.params.token, practice));
      renderForm(res, 200, req.params.token, formValuesOfPractice(content), undefined, pending ? NOTICE_PENDING : NOTICE, materials);
    },

    /** One endpoint for the steps, as the submission form has: review, back to the form, confirm. */
    async propose(req: Request<{ token: string }>, res: Response): Promise<void> {
      const { token } = req.params;
      const practice = publishedOrRedirect(req, res);
      if (!practice) return;
      const values = formValuesOf(req.body);
      const materials = await materialsOfPost(materialStores, req);
      const href = materialHrefOf(token, practice);
      const step = (req.body as Record<string, unknown> | undefined)?.step;
      if (step === 'edit') {
        renderForm(res, 200, token, values, undefined, NOTICE, materialFieldsView(materials, [], href));
        return;
      }
      const draft = { ...draftOf(values), materials: materials.materials };
      const parsed = submissionInputSchema.safeParse(draft);
      if (!parsed.success || materials.problems.length > 0) {
        const issues = splitMaterialIssues(parsed.success ? [] : withRuleIssues(parsed.error.issues, draft));
        renderForm(res, 400, token, values, formErrorsOf(issues.others), NOTICE, materialFieldsView(materials, issues.materials, href));
        return;
      }
      if (step !== 'confirm') {
        renderReview(res, token, values, materials, parsed.data, href);
        return;
      }
      try {
        const { practiceId, replaced } = proposeUpdate(stores, token, parsed.data);
        req.log.info({ event: 'update_proposed', practiceId, replaced }, 'update proposed through the status link');
      } catch (error) {
        if (!(error instanceof UpdateNotAllowed)) throw error;
      }
      res.redirect(303, `${paths.submissionStatus(token)}?voorgesteld=1`);
    },
  };
}
