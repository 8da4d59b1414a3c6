// The moderators' judgement of a practice's "stand van de praktijk", posted from its review page. Like
// every moderation form it carries the revision it was made from: a practice changed since → 409.
import type { Request, Response } from 'express';
import { evidenceJudgementSchema } from '../../domain/evidence.js';
import { type ModerationStores, PracticeNotFound, StaleRevision, judgeEvidence, practiceForReview, revisionSchema } from '../../domain/moderation.js';
import type { RevisedPractice } from '../../domain/practice-store.js';
import { beheerPaths } from '../beheer-paths.js';
import { HttpError, NotFound } from '../errors.js';
import type { EvidenceFormState } from '../presenters/evidence-form-presenter.js';
import type { moderationController } from './moderation-controller.js';

type RenderReview = ReturnType<typeof moderationController>['renderReview'];

const STALE = 'Uw beoordeling is niet opgeslagen: de praktijk is gewijzigd sinds u de pagina opende. Bekijk ze hieronder zoals ze nu is; uw keuze en motivering staan nog in het formulier.';
const NO_REVISION = 'Uw beoordeling is niet opgeslagen: het formulier zei niet welke versie van de praktijk u zag. Bekijk de praktijk hieronder en beoordeel opnieuw.';

const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 2000) : '');

export function evidenceController(stores: ModerationStores, renderReview: RenderReview) {
  const load = (req: Request<{ id: string }>): RevisedPractice => {
    const id = /^\d{1,12}$/.test(req.params.id) ? Number(req.params.id) : Number.NaN;
    const revised = Number.isSafeInteger(id) ? practiceForReview(stores, id) : undefined;
    if (!revised) throw new NotFound('Deze praktijk bestaat niet.');
    return revised;
  };

  return {
    judge(req: Request<{ id: string }>, res: Response): void {
      const moderator = res.locals.moderator;
      if (!moderator) throw new HttpError(403, 'forbidden', 'Log in als moderator.');
      const revised = load(req);
      const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
      const typed = { level: text(body.level), justification: text(body.justification) };
      const seen = revisionSchema.safeParse(body.revision);
      if (!seen.success) {
        renderReview(res, revised, 400, { problem: { message: NO_REVISION }, evidence: { ...typed, errors: {} } });
        return;
      }
      // Judged against the content the moderator saw; if that changed, the revision check below refuses it anyway.
      const parsed = evidenceJudgementSchema(revised.practice).safeParse(body);
      if (!parsed.success) {
        const errors: { level?: string; justification?: string } = {};
        for (const issue of parsed.error.issues) {
          const field = issue.path[0] === 'justification' ? 'justification' : 'level';
          errors[field] ??= issue.message;
        }
        renderReview(res, revised, 400, { revision: seen.data, evidence: { ...typed, errors } satisfies EvidenceFormState });
        return;
      }
      try {
        judgeEvidence(stores, { practiceId: revised.practice.id, form: parsed.data, moderatorId: moderator.id, seenRevision: seen.data });
      } catch (error) {
        if (error instanceof StaleRevision) {
          req.log.info({ event: 'moderation_conflict', decision: 'evidence', practiceId: revised.practice.id, seenRevision: error.seenRevision, currentRevision: error.currentRevision }, 'evidence judgement on a changed practice refused');
          renderReview(res, load(req), 409, { problem: { message: STALE }, evidence: { ...typed, errors: {} } });
          return;
        }
        if (error instanceof PracticeNotFound) throw new NotFound('Deze praktijk bestaat niet.');
        throw error;
      }
      req.log.info({ event: 'evidence_judged', practiceId: revised.practice.id, moderatorId: moderator.id, level: parsed.data.level }, 'evidence level judged');
      res.redirect(303, `${beheerPaths.practice(revised.practice.id)}?gedaan=stand`);
    },
  };
}
