// The moderators' list of confirmed adoptions (/beheer/overnames): approve, or reject with a reason.
// Behind requireModerator like every /beheer route; every decision goes into the practice's history.
import type { Request, Response } from 'express';
import { AdoptionNotWaiting, type AdoptionStores, adoptionReasonSchema, decideAdoption } from '../../domain/adoptions.js';
import { beheerPaths } from '../beheer-paths.js';
import { HttpError } from '../errors.js';
import { type FormError, adoptionReviewRow } from '../presenters/adoption-presenter.js';

const RECENT_DECISIONS = 20;

const DONE = new Map([
  ['goedgekeurd', 'De overname is goedgekeurd. De praktijkpagina toont ze binnen enkele seconden.'],
  ['afgewezen', 'De overname is afgewezen. De reden staat in de geschiedenis van de praktijk.'],
]);

const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 2000) : '');

export function adoptionReviewController(stores: AdoptionStores & { readonly catalogueChanged: () => void }) {
  const render = (req: Request, res: Response, status: number, errors: readonly FormError[] = [], typed?: { id: number; reason: string }) => {
    const rowOf = (a: Parameters<typeof adoptionReviewRow>[0]) => adoptionReviewRow(a, stores.practices.findById(a.practiceId));
    const done = typeof req.query.gedaan === 'string' ? DONE.get(req.query.gedaan) : undefined;
    res.status(status).render('beheer/adoptions', {
      pageTitle: `${errors.length ? 'Fout: ' : ''}Overnames`,
      waiting: stores.adoptions.listWaiting().map(rowOf),
      decided: stores.adoptions.listDecided(RECENT_DECISIONS).map(rowOf),
      errors,
      typed,
      done: errors.length ? undefined : done,
    });
  };

  return {
    list(req: Request, res: Response): void {
      render(req, res, 200);
    },

    decide(req: Request<{ id: string }>, res: Response): void {
      const moderator = res.locals.moderator;
      if (!moderator) throw new HttpError(403, 'forbidden', 'Log in als moderator.');
      const id = /^\d{1,12}$/.test(req.params.id) ? Number(req.params.id) : Number.NaN;
      const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
      const typedReason = text(body.reason);
      const decision = body.decision;
      const adoption = Number.isSafeInteger(id) ? stores.adoptions.findById(id) : undefined;
      if (!adoption || adoption.status !== 'confirmed') {
        render(req, res, 409, [{ field: 'adoptions-waiting', message: 'Deze overname wacht niet (meer) op een beslissing: een collega besliste er al over, of ze bestaat niet.' }]);
        return;
      }
      if (decision !== 'approve' && decision !== 'reject') {
        render(req, res, 400, [{ field: `decision-${id}`, message: 'Kies of u de overname goedkeurt of afwijst.' }], { id, reason: typedReason });
        return;
      }
      let reason: string | undefined;
      if (decision === 'reject') {
        const parsed = adoptionReasonSchema.safeParse(typedReason);
        if (!parsed.success) {
          render(req, res, 400, [{ field: `reason-${id}`, message: parsed.error.issues[0]?.message ?? 'Geef een reden op.' }], { id, reason: typedReason });
          return;
        }
        reason = parsed.data;
      } else {
        reason = adoptionReasonSchema.safeParse(typedReason).data;
      }
      try {
        decideAdoption(stores, { id, approve: decision === 'approve', moderatorId: moderator.id, reason });
      } catch (error) {
        if (error instanceof AdoptionNotWaiting) {
          render(req, res, 409, [{ field: 'adoptions-waiting', message: error.message }]);
          return;
        }
        throw error;
      }
      stores.catalogueChanged();
      req.log.info({ event: decision === 'approve' ? 'adoption_approved' : 'adoption_rejected', practiceId: adoption.practiceId, adoptionId: id, moderatorId: moderator.id }, `adoption: ${decision}`);
      res.redirect(303, `${beheerPaths.adoptions()}?gedaan=${decision === 'approve' ? 'goedgekeurd' : 'afgewezen'}`);
    },
  };
}
