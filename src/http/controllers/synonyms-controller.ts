// Synoniemen (/beheer/synoniemen, issue 15): the moderators edit the sector's synonym list, see its
// history and restore an earlier revision or the list that comes with the code. Every save is a new
// revision and counts for searches at once. Behind requireModerator like every /beheer route.
import type { Request, Response } from 'express';
import { type SynonymDependencies, currentSynonyms, formatSynonyms, restoreSynonyms, reviseSynonyms, synonymHistory } from '../../domain/synonyms.js';
import { beheerPaths } from '../beheer-paths.js';
import { HttpError, NotFound } from '../errors.js';
import { type SynonymForm, type SynonymPageState, revisionLabel, synonymsView } from '../presenters/synonyms-presenter.js';

const DONE = new Map([
  ['bewaard', 'De synoniemen zijn bewaard. Zoekopdrachten gebruiken ze meteen.'],
  ['teruggezet', 'De gekozen versie is teruggezet als nieuwe versie. Zoekopdrachten gebruiken ze meteen.'],
  ['standaard', 'De standaardlijst is teruggezet als nieuwe versie. Zoekopdrachten gebruiken ze meteen.'],
]);

const typed = (value: unknown, max: number) => (typeof value === 'string' ? value.slice(0, max) : '');

export function synonymsController(deps: SynonymDependencies) {
  const moderatorOf = (res: Response): { id: number } => {
    const moderator = res.locals.moderator;
    // requireModerator stands before every route here; without it, refuse rather than guess.
    if (!moderator) throw new HttpError(403, 'forbidden', 'U bent niet (meer) ingelogd. Log opnieuw in en probeer het nog eens.');
    return moderator;
  };

  const render = (res: Response, status: number, state: Omit<SynonymPageState, 'current' | 'history' | 'form'> & { form?: SynonymForm }) => {
    const current = currentSynonyms(deps.synonyms);
    const form = state.form ?? { text: formatSynonyms(current.groups), note: '', basedOn: current.revision?.id ?? 0 };
    res.status(status).render('beheer/synonyms', synonymsView({ ...state, form, current: { groupCount: current.groups.length, revision: current.revision }, history: synonymHistory(deps.synonyms) }));
  };

  return {
    show(req: Request, res: Response): void {
      render(res, 200, { done: typeof req.query.klaar === 'string' ? DONE.get(req.query.klaar) : undefined });
    },

    save(req: Request, res: Response): void {
      const moderator = moderatorOf(res);
      const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
      const text = typed(body.text, 200_000);
      const note = typed(body.note, 2_000);
      const currentId = deps.synonyms.latestId();
      const basedOn = typeof body.basedOn === 'string' && /^\d{1,15}$/.test(body.basedOn) ? Number(body.basedOn) : undefined;
      if (basedOn === undefined) {
        // A form from elsewhere, or tampered: keep what was typed, with the list in use as its base now.
        render(res, 400, { form: { text, note, basedOn: currentId }, conflict: 'Het formulier mist de versie van de lijst waarop u verder werkte. Uw tekst staat hieronder nog: controleer hem en bewaar opnieuw.' });
        return;
      }
      const result = reviseSynonyms(deps, moderator, { text: body.text, note: body.note, basedOn });
      if (result.ok) {
        req.log.info({ event: 'synonyms_revised', revisionId: result.revisionId, moderatorId: moderator.id }, 'synonym list saved');
        res.redirect(303, `${beheerPaths.synonyms()}?klaar=bewaard`);
        return;
      }
      if (result.reason === 'invalid') {
        render(res, 400, { form: { text, note, basedOn }, problems: result.problems });
        return;
      }
      const by = result.current.revision ? revisionLabel(result.current.revision) : 'de standaardlijst';
      render(res, 409, {
        form: { text, note, basedOn: result.current.revision?.id ?? 0 },
        conflict: `Een collega bewaarde de lijst intussen (${by}). Uw tekst staat hieronder nog; vergelijk hem met de geschiedenis. Bewaart u opnieuw, dan vervangt uw tekst die van de collega.`,
      });
    },

    restore(req: Request<{ id: string }>, res: Response): void {
      const moderator = moderatorOf(res);
      const id = /^\d{1,12}$/.test(req.params.id) ? Number(req.params.id) : undefined;
      const restored = id === undefined ? undefined : restoreSynonyms(deps, moderator, { revisionId: id });
      if (!restored) throw new NotFound('Deze versie van de synoniemen bestaat niet.');
      req.log.info({ event: 'synonyms_restored', revisionId: restored.revisionId, from: id, moderatorId: moderator.id }, 'synonym list restored');
      res.redirect(303, `${beheerPaths.synonyms()}?klaar=teruggezet`);
    },

    restoreDefault(req: Request, res: Response): void {
      const moderator = moderatorOf(res);
      const restored = restoreSynonyms(deps, moderator, 'default');
      req.log.info({ event: 'synonyms_restored', revisionId: restored?.revisionId, from: 'default', moderatorId: moderator.id }, 'default synonym list restored');
      res.redirect(303, `${beheerPaths.synonyms()}?klaar=standaard`);
    },
  };
}
