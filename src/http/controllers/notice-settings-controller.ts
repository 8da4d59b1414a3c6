// Mijn e-mailmeldingen: the logged-in moderator chooses how to hear about waiting work (issue 14) — at
// once, one digest a day (the default) or not at all. Only their own choice, never a colleague's.
import type { Request, Response } from 'express';
import { DEFAULT_NOTICE_CHOICE, NOTICE_CHOICES, type ModeratorNoticeStore, type NoticeChoice } from '../../domain/moderator-notice-store.js';
import { noticeChoiceSchema } from '../../domain/moderator-notices.js';
import { beheerPaths } from '../beheer-paths.js';
import { HttpError } from '../errors.js';

const LABELS: Record<NoticeChoice, { readonly label: string; readonly hint: string }> = {
  immediate: { label: 'Meteen bij elke nieuwe inzending of wijziging', hint: 'Eén e-mail per inzending, aangepaste inzending of voorgestelde wijziging, zodra ze binnenkomt.' },
  daily: { label: 'Eén overzicht per dag (standaard)', hint: 'Vanaf 8 uur ’s ochtends één e-mail met alles wat wacht; niets als er niets wacht.' },
  never: { label: 'Geen e-mail', hint: 'U ziet wat wacht alleen in de wachtrij.' },
};

const SAVED = 'Uw keuze is bewaard.';

/** The page's view model: the options with the one to check, and the problem if the choice was refused. */
function noticesView(chosen: string | undefined, saved: boolean, error: string | undefined) {
  return {
    pageTitle: error ? 'Fout: Mijn e-mailmeldingen' : 'Mijn e-mailmeldingen',
    action: beheerPaths.notices(),
    options: NOTICE_CHOICES.map((value) => ({ value, id: `notices-${value}`, ...LABELS[value], checked: value === chosen })),
    saved: saved ? SAVED : undefined,
    error,
    errors: error ? [{ field: `notices-${NOTICE_CHOICES[0]}`, message: error }] : [],
  };
}

export function noticeSettingsController(store: ModeratorNoticeStore) {
  const moderatorIdOf = (res: Response): number => {
    const id = res.locals.moderator?.id;
    // requireModerator stands before every route here; without it, refuse rather than guess.
    if (id === undefined) throw new HttpError(403, 'forbidden', 'U bent niet (meer) ingelogd. Log opnieuw in en probeer het nog eens.');
    return id;
  };
  return {
    show(req: Request, res: Response): void {
      const chosen = store.choiceOf(moderatorIdOf(res)) ?? DEFAULT_NOTICE_CHOICE;
      res.render('beheer/notices', noticesView(chosen, req.query.bewaard === '1', undefined));
    },
    save(req: Request, res: Response): void {
      const id = moderatorIdOf(res);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const parsed = noticeChoiceSchema.safeParse(body.notices);
      if (!parsed.success) {
        // The input is kept where it is one of ours; anything else leaves the saved choice checked.
        res.status(400).render('beheer/notices', noticesView(store.choiceOf(id), false, parsed.error.issues[0]?.message ?? 'Kies hoe u e-mail wilt krijgen.'));
        return;
      }
      store.setChoice(id, parsed.data);
      res.redirect(303, `${beheerPaths.notices()}?bewaard=1`);
    },
  };
}
