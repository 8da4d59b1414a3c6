// The moderators' pages: the queue, the review of one practice with its history, decisions and edits.
import type { Request, Response } from 'express';
import type { Catalogue } from '../../domain/catalogue.js';
import { type Decision, type ModerationStores, ModerationConflict, PracticeNotFound, decide, decisionsFor, editPractice, optionalReasonSchema, reasonSchema } from '../../domain/moderation.js';
import { municipalityByCode } from '../../domain/municipalities.js';
import { type Practice, practiceInputSchema } from '../../domain/practice.js';
import { PUBLICATION_STATUSES, labelOf } from '../../domain/vocabulary.js';
import type { EventAction, EventRepository } from '../../store/event-repository.js';
import { paths } from '../../paths.js';
import { beheerPaths } from '../beheer-paths.js';
import { BadRequest, HttpError, NotFound } from '../errors.js';
import { type FormErrors, type PracticeFormValues, draftOf, formErrorsOf, formValuesOf, formValuesOfPractice } from '../forms/practice-form.js';
import { practiceFormView } from '../presenters/practice-form-presenter.js';
import { practicePageView } from '../presenters/practice-presenter.js';

export interface ModerationDependencies extends Omit<ModerationStores, 'catalogueChanged'> {
  readonly events: EventRepository;
  readonly catalogue: Catalogue;
}

const DECISIONS: Record<Decision, { label: string; done: string; reason: 'required' | 'optional'; reasonLabel: string }> = {
  publish: { label: 'Publiceren', done: 'De praktijk is gepubliceerd. Ze is binnen enkele seconden te vinden.', reason: 'optional', reasonLabel: 'Opmerking (niet verplicht)' },
  requestChanges: { label: 'Aanpassing vragen', done: 'De indiener kan de praktijk nu aanpassen via de statuslink.', reason: 'required', reasonLabel: 'Wat moet de indiener aanpassen?' },
  reject: { label: 'Afwijzen', done: 'De praktijk is afgewezen.', reason: 'required', reasonLabel: 'Waarom wijst u de praktijk af?' },
  unpublish: { label: 'Offline halen', done: 'De praktijk is niet langer publiek.', reason: 'optional', reasonLabel: 'Waarom haalt u de praktijk offline? (niet verplicht)' },
};

const ACTION_LABELS: Record<EventAction, string> = {
  submitted: 'Ingediend',
  resubmitted: 'Aangepast en opnieuw ingediend',
  published: 'Gepubliceerd',
  rejected: 'Afgewezen',
  changes_requested: 'Aanpassing gevraagd',
  edited: 'Bewerkt',
  unpublished: 'Offline gehaald',
};

const dateTime = new Intl.DateTimeFormat('nl-BE', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Brussels' });
const isDecision = (value: unknown): value is Decision => typeof value === 'string' && Object.hasOwn(DECISIONS, value);

function idOf(req: Request<{ id: string }>): number {
  const id = /^\d{1,12}$/.test(req.params.id) ? Number(req.params.id) : Number.NaN;
  if (!Number.isSafeInteger(id)) throw new NotFound('Deze praktijk bestaat niet.');
  return id;
}

function queueItem(p: Practice) {
  return {
    title: p.title,
    href: beheerPaths.practice(p.id),
    organisation: p.contactOrganisation ?? p.source.publisher ?? '',
    place: p.municipalities.map((c) => municipalityByCode(c)?.name ?? c).join(', ') || 'Vlaanderen',
    since: dateTime.format(new Date(p.updatedAt)),
    status: labelOf(PUBLICATION_STATUSES, p.status),
  };
}

export function moderationController(deps: ModerationDependencies) {
  const stores: ModerationStores = { ...deps, catalogueChanged: () => void deps.catalogue.refreshInBackground() };
  const moderatorId = (res: Response): number => {
    const moderator = res.locals.moderator;
    if (!moderator) throw new HttpError(403, 'forbidden', 'Log in als moderator.');
    return moderator.id;
  };

  const renderReview = (res: Response, practice: Practice, status: number, problem?: { decision: Decision; message: string; reason: string }, done?: string) => {
    const history = deps.events.listFor(practice.id).map((e) => ({
      action: ACTION_LABELS[e.action],
      who: e.moderatorEmail ?? 'de indiener',
      at: dateTime.format(new Date(e.at)),
      iso: e.at,
      reason: e.reason,
    }));
    res.status(status).render('beheer/review', {
      pageTitle: `${problem ? 'Fout: ' : ''}Beoordelen: ${practice.title}`,
      practiceId: practice.id,
      status: labelOf(PUBLICATION_STATUSES, practice.status),
      statusCode: practice.status,
      preview: practicePageView(practice, []),
      contactEmail: practice.contactEmail,
      contactEmailPublic: practice.contactEmailPublic,
      publicHref: practice.status === 'published' ? paths.practice(practice.slug) : undefined,
      editHref: beheerPaths.edit(practice.id),
      decisionAction: beheerPaths.decision(practice.id),
      decisions: decisionsFor(practice.status).map((d) => ({ value: d, ...DECISIONS[d], error: problem?.decision === d ? problem.message : undefined, reasonValue: problem?.decision === d ? problem.reason : '' })),
      errors: problem ? [{ field: `reason-${problem.decision}`, message: problem.message }] : [],
      done,
      history,
    });
  };

  const renderEdit = (res: Response, practice: Practice, status: number, values: PracticeFormValues, errors: FormErrors | undefined) => {
    res.status(status).render('submission/form', {
      pageTitle: `${errors ? 'Fout: ' : ''}Bewerken: ${practice.title}`,
      heading: `Bewerken: ${practice.title}`,
      intro: 'Wijzigingen aan een gepubliceerde praktijk zijn meteen na het opslaan publiek.',
      action: beheerPaths.edit(practice.id),
      submitLabel: 'Opslaan',
      form: practiceFormView(values, errors, { withSource: true }),
    });
  };

  const load = (req: Request<{ id: string }>): Practice => {
    const practice = deps.practices.findById(idOf(req));
    if (!practice) throw new NotFound('Deze praktijk bestaat niet.');
    return practice;
  };

  return {
    queue(_req: Request, res: Response): void {
      res.render('beheer/queue', {
        pageTitle: 'Te beoordelen',
        pending: deps.practices.listByStatus(['pending'], 'oldest-first').map(queueItem),
        waiting: deps.practices.listByStatus(['changes_requested'], 'oldest-first').map(queueItem),
        published: deps.practices.listByStatus(['published'], 'newest-first').map(queueItem),
        closed: deps.practices.listByStatus(['rejected', 'unpublished'], 'newest-first').map(queueItem),
      });
    },

    review(req: Request<{ id: string }>, res: Response): void {
      const practice = load(req);
      const done = typeof req.query.gedaan === 'string' && isDecision(req.query.gedaan) ? DECISIONS[req.query.gedaan].done : req.query.gedaan === 'bewerkt' ? 'De wijzigingen zijn opgeslagen.' : undefined;
      renderReview(res, practice, 200, undefined, done);
    },

    decide(req: Request<{ id: string }>, res: Response): void {
      const practice = load(req);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const decision = body.decision;
      if (!isDecision(decision)) throw new BadRequest('Kies wat u met de praktijk wilt doen.');
      const rawReason = typeof body.reason === 'string' ? body.reason : '';
      const reason = (DECISIONS[decision].reason === 'required' ? reasonSchema : optionalReasonSchema).safeParse(rawReason);
      if (!reason.success) {
        renderReview(res, practice, 400, { decision, message: reason.error.issues[0]?.message ?? 'Geef een reden op.', reason: rawReason.slice(0, 2000) });
        return;
      }
      try {
        decide(stores, practice.id, decision, moderatorId(res), reason.data);
      } catch (error) {
        if (error instanceof ModerationConflict) throw new HttpError(409, 'conflict', error.message);
        if (error instanceof PracticeNotFound) throw new NotFound('Deze praktijk bestaat niet.');
        throw error;
      }
      // The reason is not logged: it is in the history, and may quote the submitter.
      req.log.info({ event: 'moderation_decision', decision, practiceId: practice.id, moderatorId: moderatorId(res) }, `moderation decision: ${decision}`);
      res.redirect(303, `${beheerPaths.practice(practice.id)}?gedaan=${decision}`);
    },

    editForm(req: Request<{ id: string }>, res: Response): void {
      const practice = load(req);
      renderEdit(res, practice, 200, formValuesOfPractice(practice), undefined);
    },

    edit(req: Request<{ id: string }>, res: Response): void {
      const practice = load(req);
      const values = formValuesOf(req.body);
      const parsed = practiceInputSchema.safeParse(draftOf(values));
      if (!parsed.success) {
        renderEdit(res, practice, 400, values, formErrorsOf(parsed.error.issues));
        return;
      }
      editPractice(stores, practice.id, parsed.data, moderatorId(res));
      req.log.info({ event: 'moderation_edit', practiceId: practice.id, moderatorId: moderatorId(res) }, 'practice edited by a moderator');
      res.redirect(303, `${beheerPaths.practice(practice.id)}?gedaan=bewerkt`);
    },
  };
}
