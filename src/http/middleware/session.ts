// Server-side sessions: a signed cookie holding only the session id, the data in SQLite. A session
// idles out after `sessionIdleTimeoutMs` without requests (rolling) and a login ends
// `sessionAbsoluteTimeoutMs` after it began, however busy the moderator is.
import type { Request, RequestHandler } from 'express';
import session, { type Store } from 'express-session';
import type { Config } from '../../config.js';

declare module 'express-session' {
  interface SessionData {
    /** Set at login, after the session id was regenerated. */
    moderatorId: number;
    /** Milliseconds since the epoch. */
    loggedInAt: number;
    /** A login whose password was right and whose second factor is still to come. */
    pendingLogin: {
      moderatorId: number;
      /** Milliseconds since the epoch, when the password was accepted. */
      since: number;
      returnTo?: string;
    };
  }
}

/** `__Host-` binds the cookie to our exact origin over HTTPS; plain-http localhost cannot carry it. */
export function sessionCookieName(config: Pick<Config, 'env'>): string {
  return config.env === 'production' ? '__Host-praktijkbank' : 'praktijkbank';
}

export interface SessionCookieFlags {
  readonly path: '/';
  readonly httpOnly: true;
  readonly sameSite: 'lax';
  readonly secure: boolean;
}

export function sessionCookieOptions(config: Pick<Config, 'env'>): SessionCookieFlags {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure: config.env === 'production' };
}

export interface SessionOptions {
  readonly config: Config;
  readonly store: Store;
  /** Milliseconds since the epoch; injected by tests. */
  readonly now?: () => number;
}

export function sessions({ config, store, now = Date.now }: SessionOptions): RequestHandler[] {
  const name = sessionCookieName(config);
  return [
    session({
      name,
      secret: config.sessionSecret,
      store,
      resave: false,
      // No cookie and no row until a login stores something: visitors' forms need no session (csrf.ts).
      saveUninitialized: false,
      rolling: true,
      cookie: { ...sessionCookieOptions(config), maxAge: config.sessionIdleTimeoutMs },
    }),
    endExpiredLogins(config.sessionAbsoluteTimeoutMs, now),
  ].map((handler) => onlyWhereNeeded(handler, name));
}

/**
 * A session is needed under /beheer (where a login begins) and wherever the browser brings its cookie
 * (a moderator reading the public pages, which are then private). Elsewhere there is no session:
 * express-session would make one up for every visitor's request (a random id and an object) only to
 * throw it away, since none is stored before a login. There `req.session` is undefined.
 */
function onlyWhereNeeded(handler: RequestHandler, cookieName: string): RequestHandler {
  const cookie = `${cookieName}=`;
  return (req, res, next) => {
    const needed = req.path === '/beheer' || req.path.startsWith('/beheer/') || (req.headers.cookie ?? '').split(';').some((part) => part.trimStart().startsWith(cookie));
    if (needed) handler(req, res, next);
    else next();
  };
}

// The absolute timeout: a login older than the limit is thrown away with its session id.
function endExpiredLogins(absoluteTimeoutMs: number, now: () => number): RequestHandler {
  return (req, _res, next) => {
    const { moderatorId, loggedInAt } = req.session;
    if (moderatorId === undefined) {
      next();
      return;
    }
    if (loggedInAt !== undefined && now() - loggedInAt < absoluteTimeoutMs) {
      next();
      return;
    }
    req.session.regenerate((error: unknown) => next(error));
  };
}

/**
 * Stores the session now rather than when the answer ends: express-session saves after the answer is
 * written, so a failed save (a full disk) would follow a redirect that promised a login. Awaited
 * before answering, the failure becomes the 503 that says nothing was stored.
 */
export function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.save((error: unknown) => (error ? reject(error instanceof Error ? error : new Error('session not saved', { cause: error })) : resolve()));
  });
}
