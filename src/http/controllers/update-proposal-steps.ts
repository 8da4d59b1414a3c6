// The steps of proposing a change to a published practice, shared by the two ways in: the status link
// (update-controller.ts) and the yearly check's link (check-update-controller.ts). The practice form,
// prefilled (its materials too), then the review step, then a pending proposal; the published version
// stays online as it is until a moderator approves (update-review-controller.ts).
import type { Request, Response } from 'express';
import type { MaterialDependencies } from '../../domain/materials.js';
import type { Practice, PracticeMaterial } from '../../domain/practice.js';
import { UpdateNotAllowed } from '../../domain/practice-updates.js';
import { type SubmissionInput, practiceInputOf, submissionInputSchema } from '../../domain/submission.js';
import { type MaterialFieldsView, type MaterialFormState, materialFieldsView, materialHiddenFields, materialsOfPost, materialsOfPractice, splitMaterialIssues, withMaterials } from '../material-form.js';
import { type FormErrors, type PracticeFormValues, draftOf, formErrorsOf, formValuesOf, formValuesOfPractice } from '../forms/practice-form.js';
import { completenessReviewView, hiddenFieldsOf, practiceFormView } from '../presenters/practice-form-presenter.js';
import { practicePageView } from '../presenters/practice-presenter.js';

export const PROPOSAL_NOTICE = 'Wat u hier wijzigt, komt eerst bij een moderator. Tot die het goedkeurt, blijft de gepubliceerde versie online zoals ze is.';

/** What differs between the ways in. */
export interface ProposalRoute {
  /** Where the form posts its steps. */
  action(token: string): string;
  readonly pageTitle: string;
  readonly heading: string;
  /** A link for the files this way in serves; a new upload is only listed. */
  materialHref(token: string, practice: Practice): (m: PracticeMaterial) => string | undefined;
  /** Stores the proposal (the domain call this way in is allowed to make). */
  propose(token: string, practice: Practice, input: SubmissionInput): { readonly practiceId: number; readonly replaced: boolean };
  /** Where the submitter lands after proposing (a 303). */
  proposed(token: string): string;
  /** For the log: 'status_link', 'yearly_check'. */
  readonly through: string;
}

export function updateProposalSteps(route: ProposalRoute, materialStores: MaterialDependencies) {
  const renderForm = (res: Response, status: number, token: string, values: PracticeFormValues, errors: FormErrors | undefined, notice: string, materials: MaterialFieldsView) => {
    res.status(status).render('submission/form', {
      pageTitle: errors ? `Fout: ${route.pageTitle.toLowerCase()}` : route.pageTitle,
      heading: route.heading,
      intro: undefined,
      notice,
      action: route.action(token),
      submitLabel: 'Verder naar controle',
      form: withMaterials(practiceFormView(values, errors, { withSource: false }), materials),
    });
  };

  const renderReview = (res: Response, token: string, practice: Practice, values: PracticeFormValues, materials: MaterialFormState, input: SubmissionInput, materialHref: (m: PracticeMaterial) => string | undefined) => {
    const now = new Date().toISOString();
    // The published version's dates: the proposal itself is published by no one yet.
    const preview: Practice = { ...practiceInputOf(input, now), id: 0, slug: '', status: 'published', createdAt: practice.createdAt, updatedAt: practice.updatedAt, publishedAt: practice.publishedAt, lastVerifiedAt: undefined, evidence: undefined };
    res.render('submission/review', {
      pageTitle: 'Controleer uw wijziging',
      heading: 'Controleer uw wijziging',
      lead: 'Zo zal uw praktijk eruitzien als een moderator uw wijziging goedkeurt. Tot dan blijft de gepubliceerde versie online. Klopt alles? Stel de wijziging dan voor.',
      problem: undefined,
      preview: practicePageView(preview, [], { materialHref, pendingChange: true }),
      completeness: completenessReviewView(preview),
      lookalikes: [],
      hidden: [...hiddenFieldsOf(values), ...materialHiddenFields(materials.drafts)],
      token,
      action: route.action(token),
      confirmLabel: 'Wijziging voorstellen',
    });
  };

  return {
    /** The form, prefilled with `content` (the pending proposal if there is one, else the published version). */
    form(res: Response, token: string, practice: Practice, content: Parameters<typeof formValuesOfPractice>[0] & { readonly materials: readonly PracticeMaterial[] }, notice = PROPOSAL_NOTICE): void {
      const materials = materialFieldsView(materialsOfPractice(content.materials), [], route.materialHref(token, practice));
      renderForm(res, 200, token, formValuesOfPractice(content), undefined, notice, materials);
    },

    /** One endpoint for the steps, as the submission form has: review, back to the form, confirm. */
    async propose(req: Request<{ token: string }>, res: Response, practice: Practice): Promise<void> {
      const { token } = req.params;
      const values = formValuesOf(req.body);
      const materials = await materialsOfPost(materialStores, req);
      const href = route.materialHref(token, practice);
      const step = (req.body as Record<string, unknown> | undefined)?.step;
      if (step === 'edit') {
        renderForm(res, 200, token, values, undefined, PROPOSAL_NOTICE, materialFieldsView(materials, [], href));
        return;
      }
      const draft = { ...draftOf(values), materials: materials.materials };
      const parsed = submissionInputSchema.safeParse(draft);
      if (!parsed.success || materials.problems.length > 0) {
        const issues = splitMaterialIssues(parsed.success ? [] : parsed.error.issues);
        renderForm(res, 400, token, values, formErrorsOf(issues.others), PROPOSAL_NOTICE, materialFieldsView(materials, issues.materials, href));
        return;
      }
      if (step !== 'confirm') {
        renderReview(res, token, practice, values, materials, parsed.data, href);
        return;
      }
      try {
        const { practiceId, replaced } = route.propose(token, practice, parsed.data);
        req.log.info({ event: 'update_proposed', practiceId, replaced, through: route.through }, 'update proposed');
      } catch (error) {
        if (!(error instanceof UpdateNotAllowed)) throw error;
      }
      res.redirect(303, route.proposed(token));
    },
  };
}
