// The guard in front of every moderation page, and the no-store header for all of /beheer.
import type { RequestHandler } from 'express';
import type { ModeratorStore } from '../../domain/moderator-account.js';
import { activeModerator, type Moderator } from '../../domain/moderators.js';
import { beheerPaths } from '../beheer-paths.js';
import { HttpError } from '../errors.js';

declare global {
  namespace Express {
    interface Locals {
      /** The logged-in moderator, on every page behind requireModerator. */
      moderator?: Moderator;
    }
  }
}

/** Moderation pages hold private data (submitters' e-mail addresses): no cache may keep them. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

/**
 * Lets a logged-in moderator through with `res.locals.moderator = { id, email }`. Anyone else is sent
 * to the login page (GET, HEAD) or refused with a 403 (any other method).
 */
export function requireModerator(moderators: ModeratorStore): RequestHandler {
  // Named, so the route-guard test can find it in the router stack.
  return function requireModerator(req, res, next) {
    const id = req.session.moderatorId;
    const moderator = id === undefined ? undefined : activeModerator(moderators, id);
    if (moderator) {
      res.locals.moderator = moderator;
      next();
      return;
    }
    if (id !== undefined) {
      // The account was removed or disabled since the login: the login ends here.
      delete req.session.moderatorId;
      delete req.session.loggedInAt;
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      res.redirect(303, beheerPaths.login(req.originalUrl));
      return;
    }
    next(new HttpError(403, 'forbidden', 'U bent niet (meer) ingelogd. Log opnieuw in en probeer het nog eens.'));
  };
}
