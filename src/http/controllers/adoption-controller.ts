// "Wij doen dit ook": the form beside a published practice, and the page the confirmation mail links to.
// The practice page is cached publicly, so the form (with its CSRF token) lives on a page of its own,
// kept private. A GET of the confirmation link changes nothing; its button POSTs.
import type { Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { type AdoptionStores, adoptionFormSchema, confirmAdoption, confirmationState, submitAdoption } from '../../domain/adoptions.js';
import type { Catalogue } from '../../domain/catalogue.js';
import { municipalityByCode } from '../../domain/municipalities.js';
import type { Practice } from '../../domain/practice.js';
import { paths } from '../../paths.js';
import { HttpError, NotFound } from '../errors.js';
import { keepPrivate } from '../middleware/http-caching.js';
import { type FormError, adoptionFormErrors, adoptionFormValues, adoptionFormView, type AdoptionFormValues } from '../presenters/adoption-presenter.js';

const NO_PRACTICE = 'Deze praktijk bestaat niet of is niet (meer) gepubliceerd.';
const UNKNOWN_LINK = 'Deze bevestigingslink kennen we niet. Misschien werd hij niet volledig gekopieerd, of besliste een moderator al over de overname. Kopieer de volledige link uit de e-mail, of meld de overname opnieuw via de pagina van de praktijk.';
const EXPIRED_LINK = 'Deze bevestigingslink is verlopen: hij werkt drie dagen. Er is niets bewaard. Meld de overname opnieuw via de pagina van de praktijk; u krijgt dan een nieuwe link.';
const ALREADY_CONFIRMED = 'Deze overname is al bevestigd. Een moderator bekijkt ze; u hoeft niets meer te doen.';

/** Posts of the form per client address and hour: a municipality reports a handful, a script is stopped. */
export const ADOPTION_POSTS_PER_HOUR = 30;
const FLOODED = 'Er kwamen te veel meldingen van uw adres. Wacht een uur en probeer het dan opnieuw; wat u invulde staat hieronder nog.';

/** The form's flood guard; a refusal is marked for the handler, which shows the form again with a 429. */
function adoptionFloodLimit(): RequestHandler {
  return rateLimit({
    windowMs: 60 * 60_000,
    limit: ADOPTION_POSTS_PER_HOUR,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res, next) => {
      res.locals.adoptionFlooded = true;
      next();
    },
  });
}

export function adoptionController({ catalogue, stores }: { readonly catalogue: Catalogue; readonly stores: AdoptionStores }) {
  const practiceOf = (req: Request<{ slug: string }>): Practice => {
    const practice = catalogue.findPublished(req.params.slug);
    if (!practice) throw new NotFound(NO_PRACTICE);
    return practice;
  };

  const renderForm = (res: Response, practice: Practice, status: number, values: AdoptionFormValues, errors: readonly FormError[]) => {
    keepPrivate(res);
    const view = adoptionFormView(practice, values, errors, new Date().getFullYear());
    res.status(status).render('adoptions/form', { view, pageTitle: `${errors.length ? 'Fout: ' : ''}Wij doen dit ook: ${practice.title}` });
  };

  const renderConfirmation = (res: Response, status: number, view: { state: 'open' | 'confirmed' | 'duplicate'; token: string; practice: Practice; municipality: string; since: number; notice?: string }) => {
    keepPrivate(res);
    res.status(status).render('adoptions/confirm', {
      view: { ...view, title: view.practice.title, practiceHref: paths.practice(view.practice.slug), action: paths.adoptionConfirmation(view.token) },
      pageTitle: view.state === 'open' ? 'Overname bevestigen' : 'Overname bevestigd',
    });
  };

  return {
    flood: adoptionFloodLimit(),

    form(req: Request<{ slug: string }>, res: Response): void {
      const practice = practiceOf(req);
      if (req.query.verstuurd === '1') {
        keepPrivate(res);
        res.render('adoptions/sent', { view: { title: practice.title, practiceHref: paths.practice(practice.slug) }, pageTitle: 'Bekijk uw mailbox' });
        return;
      }
      renderForm(res, practice, 200, {}, []);
    },

    submit(req: Request<{ slug: string }>, res: Response): void {
      const practice = practiceOf(req);
      const values = adoptionFormValues(req.body);
      if (res.locals.adoptionFlooded === true) {
        renderForm(res, practice, 429, values, [{ field: 'municipality', message: FLOODED }]);
        return;
      }
      const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
      const parsed = adoptionFormSchema(practice, new Date().getFullYear()).safeParse(body);
      if (!parsed.success) {
        renderForm(res, practice, 400, values, adoptionFormErrors(parsed.error));
        return;
      }
      const outcome = submitAdoption(stores, practice, parsed.data);
      if (outcome.outcome === 'duplicate') {
        renderForm(res, practice, 409, values, [{ field: 'municipality', message: outcome.message }]);
        return;
      }
      if (outcome.outcome === 'too_many') {
        req.log.info({ event: 'adoption_refused_address_limit', practiceId: practice.id }, 'adoption refused: too many unconfirmed for one address');
        renderForm(res, practice, 429, values, [{ field: 'email', message: outcome.message }]);
        return;
      }
      // Never the address or the note: which practice and which municipality are enough to follow it.
      req.log.info({ event: 'adoption_submitted', practiceId: practice.id, adoptionId: outcome.adoptionId }, 'adoption waiting for its e-mail confirmation');
      res.redirect(303, `${paths.adopt(practice.slug)}?verstuurd=1`);
    },

    confirmPage(req: Request<{ token: string }>, res: Response): void {
      const current = confirmationState(stores, req.params.token);
      if (current.state === 'unknown') throw new NotFound(UNKNOWN_LINK);
      if (current.state === 'expired') throw new HttpError(410, 'gone', EXPIRED_LINK);
      const municipality = municipalityByCode(current.adoption.nisCode)?.name ?? current.adoption.nisCode;
      renderConfirmation(res, 200, { state: current.state, token: req.params.token, practice: current.practice, municipality, since: current.adoption.since });
    },

    confirm(req: Request<{ token: string }>, res: Response): void {
      const result = confirmAdoption(stores, req.params.token);
      if (result.state === 'unknown') throw new NotFound(UNKNOWN_LINK);
      if (result.state === 'expired') throw new HttpError(410, 'gone', EXPIRED_LINK);
      if (result.state === 'confirmed') throw new HttpError(409, 'already_confirmed', ALREADY_CONFIRMED);
      const municipality = municipalityByCode(result.adoption.nisCode)?.name ?? result.adoption.nisCode;
      if (result.state === 'duplicate') {
        renderConfirmation(res, 409, { state: 'duplicate', token: req.params.token, practice: result.practice, municipality, since: result.adoption.since });
        return;
      }
      req.log.info({ event: 'adoption_confirmed', practiceId: result.practice.id, adoptionId: result.adoption.id }, 'adoption confirmed, waiting for a moderator');
      res.redirect(303, paths.adoptionConfirmation(req.params.token));
    },
  };
}
