// The yearly check's link (issue 14, point 5): GET shows the practice and a confirm button and changes
// nothing; POST confirms (laatst nagekeken) and thanks. A link that does not open says why, in Dutch,
// with 404 (never ours, or the practice is offline) or 410 (expired, answered or checked since).
import type { Request, Response } from 'express';
import { calendarDayOf, dutchDayOf } from '../../domain/calendar.js';
import { type CheckLinkProblem, CheckLinkRefused, confirmCheck, openCheck } from '../../domain/yearly-check.js';
import { type CheckUpdateDependencies, checkUpdateController } from './check-update-controller.js';
import type { Practice } from '../../domain/practice.js';
import { lastCheckOf } from '../../domain/verification.js';
import { paths } from '../../paths.js';
import { keepPrivate } from '../middleware/http-caching.js';

export interface CheckControllerDependencies extends CheckUpdateDependencies {
  /** The key the links are signed with: signingKey(SESSION_SECRET, 'yearly-check'). */
  readonly key: string;
}

const REFUSALS: Record<CheckLinkProblem, { readonly status: number; readonly heading: string; readonly message: string }> = {
  unknown: {
    status: 404,
    heading: 'Deze link werkt niet',
    message: 'Deze link om uw praktijk na te kijken bestaat niet, of de praktijk staat niet meer online. Controleer of u de hele link uit de e-mail gekopieerd hebt.',
  },
  expired: {
    status: 410,
    heading: 'Deze link is verlopen',
    message: 'Een link om uw praktijk na te kijken werkt 60 dagen. U krijgt een nieuwe vraag wanneer uw praktijk opnieuw aan de beurt is. Wilt u nu al iets aanpassen? Neem dan contact op met de beheerders van Praktijkbank.',
  },
  answered: {
    status: 410,
    heading: 'Deze vraag is al beantwoord',
    message: 'Uw praktijk werd intussen al nagekeken, via deze link of op een andere manier. U hoeft niets meer te doen.',
  },
};

/** A practice as the check pages show it: its title, summary, page and the day of its last check. */
function practiceView(practice: Practice) {
  const last = lastCheckOf(practice);
  return { title: practice.title, summary: practice.summary, href: paths.practice(practice.slug), lastCheckedOn: last === undefined ? undefined : { iso: calendarDayOf(new Date(last)), label: dutchDayOf(new Date(last)) } };
}

export function checkController(dependencies: CheckControllerDependencies) {
  const { stores, key } = dependencies;
  const refuse = (res: Response, problem: CheckLinkProblem) => {
    const refusal = REFUSALS[problem];
    res.status(refusal.status).render('check/refused', { pageTitle: refusal.heading, heading: refusal.heading, message: refusal.message });
  };

  /** Runs `act`, or answers with the page that says why the link does not open. */
  const withLink = (res: Response, act: () => void) => {
    try {
      act();
    } catch (error) {
      if (!(error instanceof CheckLinkRefused)) throw error;
      keepPrivate(res);
      refuse(res, error.problem);
    }
  };

  const updates = checkUpdateController(dependencies, (res, error) => refuse(res, error.problem));

  return {
    /** "Aanpassen": the practice's update form, opened by the same link. */
    updateForm: updates.form,
    propose: updates.propose,

    /** The question, with a confirm button: a GET changes nothing (a mail scanner may open it). */
    show(req: Request<{ token: string }>, res: Response): void {
      withLink(res, () => {
        const { practice } = openCheck(stores, key, req.params.token, new Date());
        keepPrivate(res);
        res.render('check/confirm', { pageTitle: 'Klopt uw praktijk nog?', practice: practiceView(practice), action: paths.check(req.params.token), updateHref: paths.checkUpdate(req.params.token) });
      });
    },

    confirm(req: Request<{ token: string }>, res: Response): void {
      withLink(res, () => {
        const practice = confirmCheck(stores, key, req.params.token, new Date());
        req.log.info({ event: 'practice_check_confirmed', practiceId: practice.id }, 'practice confirmed through the yearly check');
        keepPrivate(res);
        res.render('check/thanks', { pageTitle: 'Bedankt: uw praktijk is nagekeken', practice: practiceView(stores.practices.findById(practice.id) ?? practice) });
      });
    },
  };
}
