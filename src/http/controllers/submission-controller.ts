// The public submission form: fill in → review (with look-alike practices) → confirm → status link.
// Every step is a plain form post, so it all works without JavaScript.
import type { Request, Response } from 'express';
import type { Catalogue } from '../../domain/catalogue.js';
import type { MaterialDependencies } from '../../domain/materials.js';
import type { Practice } from '../../domain/practice.js';
import {
  type SubmissionInput,
  type SubmissionStores,
  SubmissionNotEditable,
  findSubmission,
  issueSubmissionKey,
  practiceInputOf,
  resubmitPractice,
  submissionInputSchema,
  submitPractice,
  tokenOfSubmissionKey,
} from '../../domain/submission.js';
import { PUBLICATION_STATUSES, labelOf } from '../../domain/vocabulary.js';
import { paths } from '../../paths.js';
import { NotFound } from '../errors.js';
import { absoluteUrl } from '../public-url.js';
import { type MaterialFormState, NO_MATERIALS, materialFieldsView, materialHiddenFields, materialsOfPost, materialsOfPractice, splitMaterialIssues, withMaterials } from '../material-form.js';
import { type FormErrors, type PracticeFormValues, draftOf, emptyFormValues, formErrorsOf, formValuesOf, formValuesOfPractice } from '../forms/practice-form.js';
import { completenessReviewView, hiddenFieldsOf, practiceFormView } from '../presenters/practice-form-presenter.js';
import { practicePageView } from '../presenters/practice-presenter.js';
import { placeOf } from '../presenters/place-presenter.js';
import { dutchDayOf } from '../../domain/calendar.js';

export interface SubmissionDependencies extends SubmissionStores {
  readonly catalogue: Catalogue;
  /** The site's public origin (PUBLIC_URL), for the status link the submitter keeps. */
  readonly publicUrl: string;
  /** Signs the form keys of the review page, so only keys this server issued are accepted. */
  readonly formKeySecret: string;
  /** Uploaded materials: their rows and their files. */
  readonly materialStores: MaterialDependencies;
}

const STATUS_EXPLANATIONS: Record<Practice['status'], string> = {
  draft: 'Uw inzending is nog niet ingediend.',
  pending: 'Uw inzending wacht op een moderator. U hoeft niets te doen.',
  changes_requested: 'De moderator vraagt u iets aan te passen. Lees de toelichting en pas uw praktijk aan; daarna komt ze opnieuw bij de moderator.',
  rejected: 'De moderator publiceert deze praktijk niet. Lees de toelichting hieronder.',
  published: 'Uw praktijk is gepubliceerd en voor iedereen te vinden.',
  unpublished: 'Uw praktijk is niet langer gepubliceerd. Lees de toelichting hieronder.',
};


function previewPractice(input: SubmissionInput, now: string): Practice {
  return { ...practiceInputOf(input, now), id: 0, slug: '', status: 'pending', createdAt: now, updatedAt: now, publishedAt: undefined, lastVerifiedAt: undefined, evidence: undefined };
}

const honeypotFilled = (body: unknown) => {
  const value = (body as Record<string, unknown> | undefined)?.website;
  return typeof value === 'string' && value.trim() !== '';
};

const KEY_REFUSED = 'Dit formulier is verlopen of ongeldig, en er is nog niets ingediend. Controleer uw praktijk hieronder en klik opnieuw op "Praktijk indienen".';
const KEY_REUSED =
  'Met dit formulier werd al een praktijk ingediend, met een andere inhoud dan wat u nu stuurt. Wat u nu stuurde is nog niet ingediend. Controleer het hieronder en klik op "Praktijk indienen" om het als nieuwe praktijk in te dienen; de eerdere inzending blijft bestaan.';

const SUBMIT_EVENTS = { created: 'submission_received', repeated: 'submission_repeated', key_reused: 'submission_key_reused' } as const;

const HONEYPOT_ERRORS: FormErrors = {
  byField: {},
  summary: [{ field: 'title', message: 'Uw inzending kon niet verwerkt worden. Laad de pagina opnieuw en probeer het nog eens.' }],
};

export function submissionController(deps: SubmissionDependencies) {
  const { catalogue } = deps;

  const renderForm = (res: Response, status: number, values: PracticeFormValues, errors: FormErrors | undefined, materials = materialFieldsView(NO_MATERIALS)) => {
    res.status(status).render('submission/form', {
      pageTitle: errors ? 'Fout: praktijk indienen' : 'Praktijk indienen',
      heading: 'Een praktijk indienen',
      intro: 'Deel een goede praktijk van uw gemeente of organisatie. Een moderator bekijkt ze voor ze gepubliceerd wordt. Velden zonder "(niet verplicht)" zijn verplicht. Gepubliceerde praktijken zijn open data onder de Modellicentie Gratis Hergebruik; uw e-mailadres blijft privé, tenzij u toestemming geeft.',
      action: paths.submit(),
      submitLabel: 'Verder naar controle',
      form: withMaterials(practiceFormView(values, errors, { withSource: false }), materials),
    });
  };

  const renderEditForm = (res: Response, status: number, token: string, values: PracticeFormValues, errors: FormErrors | undefined, materials: ReturnType<typeof materialFieldsView>, notice?: string) => {
    res.status(status).render('submission/form', {
      pageTitle: errors ? 'Fout: praktijk aanpassen' : 'Praktijk aanpassen',
      heading: 'Uw praktijk aanpassen',
      intro: undefined,
      notice,
      action: paths.submissionEdit(token),
      submitLabel: 'Verder naar controle',
      form: withMaterials(practiceFormView(values, errors, { withSource: false }), materials),
    });
  };

  const renderReview = (
    res: Response,
    action: string,
    values: PracticeFormValues,
    materials: MaterialFormState,
    input: SubmissionInput,
    token: string,
    confirmLabel: string,
    problem?: { status: number; message: string },
  ) => {
    const practice = previewPractice(input, new Date().toISOString());
    res.status(problem?.status ?? 200).render('submission/review', {
      pageTitle: problem ? 'Fout: controleer uw praktijk' : 'Controleer uw praktijk',
      problem: problem?.message,
      // Not stored as a practice yet: its files are listed, not linked.
      preview: practicePageView(practice, [], { materialHref: () => undefined }),
      completeness: completenessReviewView(practice),
      lookalikes: catalogue.lookalikes(input.title, input.municipalities).map((p) => ({ title: p.title, href: paths.practice(p.slug), place: placeOf(p) })),
      hidden: [...hiddenFieldsOf(values), ...materialHiddenFields(materials.drafts)],
      token,
      action,
      confirmLabel,
    });
  };

  const newKey = () => issueSubmissionKey(deps.formKeySecret);

  return {
    form(_req: Request, res: Response): void {
      renderForm(res, 200, emptyFormValues(), undefined);
    },

    /** One endpoint for the steps: review (validate, show), edit (back to the form), confirm (store). */
    async submit(req: Request, res: Response): Promise<void> {
      const values = formValuesOf(req.body);
      if (honeypotFilled(req.body)) {
        renderForm(res, 400, values, HONEYPOT_ERRORS);
        return;
      }
      const materials = await materialsOfPost(deps.materialStores, req);
      const step = (req.body as Record<string, unknown> | undefined)?.step;
      if (step === 'edit') {
        renderForm(res, 200, values, undefined, materialFieldsView(materials));
        return;
      }
      const draft = { ...draftOf(values), materials: materials.materials };
      const parsed = submissionInputSchema.safeParse(draft);
      if (!parsed.success || materials.problems.length > 0) {
        const issues = splitMaterialIssues(parsed.success ? [] : parsed.error.issues);
        renderForm(res, 400, values, formErrorsOf(issues.others), materialFieldsView(materials, issues.materials));
        return;
      }
      if (step !== 'confirm') {
        renderReview(res, paths.submit(), values, materials, parsed.data, newKey(), 'Praktijk indienen');
        return;
      }
      const token = tokenOfSubmissionKey(deps.formKeySecret, (req.body as Record<string, unknown>).token);
      if (token === undefined) {
        // A key this server did not issue (made up, or from before a restart without SESSION_SECRET):
        // nothing is stored, and the review is shown again with a key that will work.
        renderReview(res, paths.submit(), values, materials, parsed.data, newKey(), 'Praktijk indienen', { status: 400, message: KEY_REFUSED });
        return;
      }
      const submitted = submitPractice(deps, parsed.data, token);
      // No contact details and no token in the log: the practice id leads to them for those allowed.
      req.log.info({ event: SUBMIT_EVENTS[submitted.outcome], practiceId: submitted.practiceId }, `submission: ${submitted.outcome}`);
      if (submitted.outcome === 'key_reused') {
        renderReview(res, paths.submit(), values, materials, parsed.data, newKey(), 'Praktijk indienen', { status: 409, message: KEY_REUSED });
        return;
      }
      res.redirect(303, `${paths.submissionStatus(token)}?ontvangen=1`);
    },

    status(req: Request<{ token: string }>, res: Response): void {
      const submission = findSubmission(deps, req.params.token);
      if (!submission) throw new NotFound('Deze statuslink bestaat niet. Controleer of u de hele link gekopieerd hebt.');
      const { practice } = submission;
      res.set('Cache-Control', 'no-store').render('submission/status', {
        pageTitle: 'Status van uw inzending',
        received: req.query.ontvangen !== undefined,
        statusUrl: absoluteUrl(deps.publicUrl, paths.submissionStatus(req.params.token)),
        title: practice.title,
        status: practice.status,
        statusLabel: labelOf(PUBLICATION_STATUSES, practice.status),
        submittedOn: dutchDayOf(new Date(practice.createdAt)),
        explanation: STATUS_EXPLANATIONS[practice.status],
        reason: practice.status === 'pending' || practice.status === 'published' ? undefined : submission.latestReason,
        editHref: submission.editable ? paths.submissionEdit(req.params.token) : undefined,
        publicHref: practice.status === 'published' ? paths.practice(practice.slug) : undefined,
      });
    },

    editForm(req: Request<{ token: string }>, res: Response): void {
      const submission = findSubmission(deps, req.params.token);
      if (!submission) throw new NotFound('Deze statuslink bestaat niet.');
      if (!submission.editable) {
        res.redirect(303, paths.submissionStatus(req.params.token));
        return;
      }
      const materials = materialFieldsView(materialsOfPractice(submission.practice.materials), [], (m) => paths.submissionMaterial(req.params.token, m));
      renderEditForm(res, 200, req.params.token, formValuesOfPractice(submission.practice), undefined, materials, submission.latestReason ? `Toelichting van de moderator: ${submission.latestReason}` : undefined);
    },

    async edit(req: Request<{ token: string }>, res: Response): Promise<void> {
      const { token } = req.params;
      const submission = findSubmission(deps, token);
      if (!submission) throw new NotFound('Deze statuslink bestaat niet.');
      if (!submission.editable) {
        res.redirect(303, paths.submissionStatus(token));
        return;
      }
      const values = formValuesOf(req.body);
      const materials = await materialsOfPost(deps.materialStores, req);
      // Only files stored with the practice are served through the status link; a fresh upload is only listed.
      const stored = new Set(submission.practice.materials.map((m) => m.fileHash));
      const materialHref = (m: Parameters<typeof paths.submissionMaterial>[1]) => (stored.has(m.fileHash) ? paths.submissionMaterial(token, m) : undefined);
      const step = (req.body as Record<string, unknown> | undefined)?.step;
      if (step === 'edit') {
        renderEditForm(res, 200, token, values, undefined, materialFieldsView(materials, [], materialHref));
        return;
      }
      const draft = { ...draftOf(values), materials: materials.materials };
      const parsed = submissionInputSchema.safeParse(draft);
      if (!parsed.success || materials.problems.length > 0) {
        const issues = splitMaterialIssues(parsed.success ? [] : parsed.error.issues);
        renderEditForm(res, 400, token, values, formErrorsOf(issues.others), materialFieldsView(materials, issues.materials, materialHref));
        return;
      }
      if (step !== 'confirm') {
        renderReview(res, paths.submissionEdit(token), values, materials, parsed.data, token, 'Aanpassing indienen');
        return;
      }
      try {
        resubmitPractice(deps, token, parsed.data);
        req.log.info({ event: 'submission_resubmitted', practiceId: submission.practice.id }, 'submission changed and sent again');
      } catch (error) {
        if (!(error instanceof SubmissionNotEditable)) throw error;
      }
      res.redirect(303, paths.submissionStatus(token));
    },

    /** Published practices that look like the one being typed, for the form's script. */
    lookalikes(req: Request, res: Response): void {
      const title = typeof req.query.title === 'string' ? req.query.title.slice(0, 200) : '';
      const municipalities = ([] as unknown[]).concat(req.query.municipality ?? []).filter((m): m is string => typeof m === 'string').slice(0, 50);
      const items = catalogue.lookalikes(title, municipalities).map((p) => ({ title: p.title, url: paths.practice(p.slug), place: placeOf(p) }));
      res.json({ items });
    },
  };
}
