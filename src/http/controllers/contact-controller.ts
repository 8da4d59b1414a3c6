// *Contacteer de makers* and the *Contact* page: a form, a relay by e-mail, a confirmation (PRG). Both
// forms are plain posts, so they work without JavaScript; the form lives on a page of its own, kept out
// of shared caches, because the practice page is cached publicly and the form carries a CSRF token.
import type { Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Catalogue } from '../../domain/catalogue.js';
import {
  CONTACT_FIELDS,
  type ContactField,
  type ContactStores,
  LIMIT_MESSAGES,
  type RelayOutcome,
  contactMessageSchema,
  makersAddressOf,
  relayToMakers,
  relayToOperator,
} from '../../domain/contact.js';
import type { Practice } from '../../domain/practice.js';
import { paths } from '../../paths.js';
import { NotFound } from '../errors.js';
import { keepPrivate } from '../middleware/http-caching.js';

export interface ContactDependencies {
  readonly catalogue: Catalogue;
  readonly stores: ContactStores;
  /** Who runs the site: the *Contact* page relays to this address. */
  readonly operator: { readonly name: string; readonly email: string };
}

/** Posts to both forms per client address and hour: no person writes this many, a script gets no further. */
export const CONTACT_POSTS_PER_HOUR = 30;

const FLOOD_MESSAGE = 'Van uw internetadres kwamen het voorbije uur te veel berichten. Er is nu niets verstuurd. Wacht een uur en probeer het dan opnieuw; wat u schreef, staat hieronder nog.';
const NO_MAKERS = 'Deze praktijk bestaat niet, is niet (meer) gepubliceerd of heeft geen contactadres.';

type Values = Record<ContactField, string>;

interface FormView {
  readonly values: Values;
  readonly errors: Partial<Record<ContactField, string>>;
  readonly errorSummary: readonly { field: string; message: string }[];
  /** A refusal that is no one field's fault: a limit reached. */
  readonly problem: string | undefined;
}

const EMPTY: Values = { name: '', email: '', organisation: '', message: '' };

function valuesOf(body: unknown): Values {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const text = (name: ContactField) => {
    const value = fields[name];
    return typeof value === 'string' ? value : '';
  };
  return { name: text('name'), email: text('email'), organisation: text('organisation'), message: text('message') };
}

const honeypotFilled = (body: unknown) => {
  const value = (body as Record<string, unknown> | undefined)?.website;
  return typeof value === 'string' && value.trim() !== '';
};

/** The contact form's flood guard; a refusal is marked for the handler, which shows the form again with a 429. */
function contactFloodLimit(): RequestHandler {
  return rateLimit({
    windowMs: 60 * 60_000,
    limit: CONTACT_POSTS_PER_HOUR,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res, next) => {
      res.locals.contactFlooded = true;
      next();
    },
  });
}

export function contactController({ catalogue, stores, operator }: ContactDependencies) {
  const makersOf = (slug: string): Practice => {
    const practice = catalogue.findPublished(slug);
    if (!practice || makersAddressOf(practice) === undefined) throw new NotFound(NO_MAKERS);
    return practice;
  };

  const renderMakersForm = (res: Response, status: number, practice: Practice, form: FormView) => {
    keepPrivate(res);
    res.status(status).render('contact/form', {
      pageTitle: `${form.errorSummary.length > 0 || form.problem ? 'Fout: ' : ''}Contacteer de makers van ${practice.title}`,
      heading: 'Contacteer de makers',
      about: { title: practice.title, href: paths.practice(practice.slug) },
      intro: practice.contactEmailPublic
        ? 'Stel uw vraag aan de makers van deze praktijk. Praktijkbank stuurt ze door; het antwoord komt rechtstreeks bij u, en u krijgt een kopie van wat u stuurde.'
        : 'Stel uw vraag aan de makers van deze praktijk. Praktijkbank stuurt ze door zonder hun e-mailadres te tonen; het antwoord komt rechtstreeks bij u, en u krijgt een kopie van wat u stuurde.',
      action: paths.practiceContact(practice.slug),
      form,
    });
  };

  const renderOperatorForm = (res: Response, status: number, form: FormView) => {
    keepPrivate(res);
    res.status(status).render('contact/form', {
      pageTitle: `${form.errorSummary.length > 0 || form.problem ? 'Fout: ' : ''}Contact`,
      heading: 'Contact',
      about: undefined,
      intro: `Hebt u een vraag over Praktijkbank, een opmerking over een praktijk of een probleem met de website? Schrijf ons hier; ${operator.name} beheert de website en antwoordt u per e-mail. U krijgt een kopie van wat u stuurde.`,
      action: paths.contact(),
      form,
    });
  };

  const emptyForm = (): FormView => ({ values: EMPTY, errors: {}, errorSummary: [], problem: undefined });

  /** Validates and relays; renders the form again or redirects to the confirmation. */
  const handle = (req: Request, res: Response, render: (status: number, form: FormView) => void, send: (message: ReturnType<typeof contactMessageSchema.parse>) => RelayOutcome, sentPath: string, practiceId: number | null) => {
    const values = valuesOf(req.body);
    if (res.locals.contactFlooded === true) {
      req.log.info({ event: 'contact_limited', limit: 'client', practiceId }, 'contact message refused: too many from one client');
      render(429, { values, errors: {}, errorSummary: [], problem: FLOOD_MESSAGE });
      return;
    }
    if (honeypotFilled(req.body)) {
      // Answered as if sent: a bot learns nothing, and nothing leaves.
      req.log.info({ event: 'contact_discarded', practiceId }, 'contact message discarded: honeypot filled');
      res.redirect(303, sentPath);
      return;
    }
    const parsed = contactMessageSchema.safeParse(values);
    if (!parsed.success) {
      const errors: Partial<Record<ContactField, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if (typeof field === 'string' && (CONTACT_FIELDS as readonly string[]).includes(field) && errors[field as ContactField] === undefined) errors[field as ContactField] = issue.message;
      }
      const errorSummary = CONTACT_FIELDS.flatMap((field) => (errors[field] === undefined ? [] : [{ field, message: errors[field] }]));
      render(400, { values, errors, errorSummary, problem: undefined });
      return;
    }
    const outcome = send(parsed.data);
    if (outcome.outcome === 'limited') {
      req.log.info({ event: 'contact_limited', limit: outcome.limit, practiceId }, 'contact message refused: limit reached');
      render(429, { values, errors: {}, errorSummary: [], problem: LIMIT_MESSAGES[outcome.limit] });
      return;
    }
    // The practice, never the content, the names or the addresses.
    req.log.info({ event: 'contact_relayed', practiceId }, 'contact message relayed');
    res.redirect(303, sentPath);
  };

  return {
    flood: contactFloodLimit(),

    makersForm(req: Request<{ slug: string }>, res: Response): void {
      renderMakersForm(res, 200, makersOf(req.params.slug), emptyForm());
    },

    makersSend(req: Request<{ slug: string }>, res: Response): void {
      const practice = makersOf(req.params.slug);
      handle(
        req,
        res,
        (status, form) => renderMakersForm(res, status, practice, form),
        (message) => relayToMakers(stores, practice, message),
        paths.practiceContactSent(practice.slug),
        practice.id,
      );
    },

    makersSent(req: Request<{ slug: string }>, res: Response): void {
      const practice = makersOf(req.params.slug);
      res.render('contact/sent', {
        pageTitle: 'Uw bericht is verstuurd',
        recipient: `de makers van „${practice.title}”`,
        back: { href: paths.practice(practice.slug), label: `Terug naar ${practice.title}` },
      });
    },

    operatorForm(_req: Request, res: Response): void {
      renderOperatorForm(res, 200, emptyForm());
    },

    operatorSend(req: Request, res: Response): void {
      handle(req, res, (status, form) => renderOperatorForm(res, status, form), (message) => relayToOperator(stores, operator, message), paths.contactSent(), null);
    },

    operatorSent(_req: Request, res: Response): void {
      res.render('contact/sent', {
        pageTitle: 'Uw bericht is verstuurd',
        recipient: operator.name,
        back: { href: paths.home(), label: 'Naar de startpagina' },
      });
    },
  };
}
