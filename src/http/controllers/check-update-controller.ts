// "Aanpassen" from the yearly check (decision 48): the check's signed link also opens the update form of
// its practice, as the status link does (update-controller.ts). The link proves the same thing the status
// link does, that its holder reads the practice's contact mailbox, and imported practices have no status
// link at all. The proposal waits for a moderator; the published version stays online until then.
import type { Request, Response } from 'express';
import type { MaterialDependencies } from '../../domain/materials.js';
import type { Practice, PracticeMaterial } from '../../domain/practice.js';
import { type PracticeUpdateStores, UpdateNotAllowed, contentToUpdate, proposeUpdateOf } from '../../domain/practice-updates.js';
import { type SubmissionInput, practiceInputOf, submissionInputSchema } from '../../domain/submission.js';
import { CheckLinkRefused, type YearlyCheckStores, openCheck } from '../../domain/yearly-check.js';
import { paths } from '../../paths.js';
import { type MaterialFieldsView, type MaterialFormState, materialFieldsView, materialHiddenFields, materialsOfPost, materialsOfPractice, splitMaterialIssues, withMaterials } from '../material-form.js';
import { type FormErrors, type PracticeFormValues, draftOf, formErrorsOf, formValuesOf, formValuesOfPractice, withRuleIssues } from '../forms/practice-form.js';
import { keepPrivate } from '../middleware/http-caching.js';
import { completenessReviewView, hiddenFieldsOf, practiceFormView } from '../presenters/practice-form-presenter.js';
import { practicePageView } from '../presenters/practice-presenter.js';

const NOTICE = 'Wat u hier wijzigt, komt eerst bij een moderator. Tot die het goedkeurt, blijft de gepubliceerde versie online zoals ze is.';

export interface CheckUpdateDependencies {
  readonly stores: YearlyCheckStores & Omit<PracticeUpdateStores, 'submissions'>;
  readonly key: string;
  readonly materialStores: MaterialDependencies;
}

export function checkUpdateController({ stores, key, materialStores }: CheckUpdateDependencies, refuse: (res: Response, error: CheckLinkRefused) => void) {
  /** The practice behind a valid link; else the page that says why the link does not open. */
  const practiceOrRefuse = (req: Request<{ token: string }>, res: Response): Practice | undefined => {
    keepPrivate(res);
    try {
      return openCheck(stores, key, req.params.token, new Date()).practice;
    } catch (error) {
      if (!(error instanceof CheckLinkRefused)) throw error;
      refuse(res, error);
      return undefined;
    }
  };

  // Published files are public; a file only in a proposal (or a new upload) is listed without a link.
  const materialHrefOf = (practice: Practice) => {
    const published = new Set(practice.materials.map((m) => m.fileHash));
    return (m: PracticeMaterial) => (published.has(m.fileHash) ? paths.material(practice.slug, m) : undefined);
  };

  const renderForm = (res: Response, status: number, token: string, values: PracticeFormValues, errors: FormErrors | undefined, materials: MaterialFieldsView) => {
    res.status(status).render('submission/form', {
      pageTitle: errors ? 'Fout: uw praktijk aanpassen' : 'Uw praktijk aanpassen',
      heading: 'Uw praktijk aanpassen',
      intro: undefined,
      notice: NOTICE,
      action: paths.checkUpdate(token),
      submitLabel: 'Verder naar controle',
      form: withMaterials(practiceFormView(values, errors, { withSource: false }), materials),
    });
  };

  const renderReview = (res: Response, token: string, values: PracticeFormValues, materials: MaterialFormState, input: SubmissionInput, materialHref: (m: PracticeMaterial) => string | undefined) => {
    const now = new Date().toISOString();
    const preview: Practice = { ...practiceInputOf(input, now), id: 0, slug: '', status: 'published', createdAt: now, updatedAt: now, publishedAt: now, lastVerifiedAt: undefined, evidence: undefined };
    res.render('submission/review', {
      pageTitle: 'Controleer uw wijziging',
      heading: 'Controleer uw wijziging',
      lead: 'Zo zal uw praktijk eruitzien als een moderator uw wijziging goedkeurt. Tot dan blijft de gepubliceerde versie online. Klopt alles? Stel de wijziging dan voor.',
      problem: undefined,
      preview: practicePageView(preview, [], { materialHref }),
      completeness: completenessReviewView(preview),
      lookalikes: [],
      hidden: [...hiddenFieldsOf(values), ...materialHiddenFields(materials.drafts)],
      token,
      action: paths.checkUpdate(token),
      confirmLabel: 'Wijziging voorstellen',
    });
  };

  return {
    form(req: Request<{ token: string }>, res: Response): void {
      const practice = practiceOrRefuse(req, res);
      if (!practice) return;
      if (req.query.voorgesteld !== undefined) {
        res.render('check/proposed', { pageTitle: 'Uw wijziging is voorgesteld', practice: { title: practice.title, href: paths.practice(practice.slug) } });
        return;
      }
      const content = contentToUpdate(stores, practice);
      renderForm(res, 200, req.params.token, formValuesOfPractice(content), undefined, materialFieldsView(materialsOfPractice(content.materials), [], materialHrefOf(practice)));
    },

    /** The steps as the status link's update form has them: review, back to the form, confirm. */
    async propose(req: Request<{ token: string }>, res: Response): Promise<void> {
      const { token } = req.params;
      const practice = practiceOrRefuse(req, res);
      if (!practice) return;
      const values = formValuesOf(req.body);
      const materials = await materialsOfPost(materialStores, req);
      const href = materialHrefOf(practice);
      const step = (req.body as Record<string, unknown> | undefined)?.step;
      if (step === 'edit') {
        renderForm(res, 200, token, values, undefined, materialFieldsView(materials, [], href));
        return;
      }
      const draft = { ...draftOf(values), materials: materials.materials };
      const parsed = submissionInputSchema.safeParse(draft);
      if (!parsed.success || materials.problems.length > 0) {
        const issues = splitMaterialIssues(parsed.success ? [] : withRuleIssues(parsed.error.issues, draft));
        renderForm(res, 400, token, values, formErrorsOf(issues.others), materialFieldsView(materials, issues.materials, href));
        return;
      }
      if (step !== 'confirm') {
        renderReview(res, token, values, materials, parsed.data, href);
        return;
      }
      try {
        const { practiceId, replaced } = proposeUpdateOf(stores, practice.id, parsed.data);
        req.log.info({ event: 'update_proposed', practiceId, replaced, through: 'yearly_check' }, 'update proposed through the yearly check');
      } catch (error) {
        if (!(error instanceof UpdateNotAllowed)) throw error;
      }
      res.redirect(303, `${paths.checkUpdate(token)}?voorgesteld=1`);
    },
  };
}
