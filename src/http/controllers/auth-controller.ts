// Logging in and out of the moderators' area.
import type { NextFunction, Request, Response } from 'express';
import QRCode from 'qrcode';
import { z } from 'zod';
import { authenticateModerator, type Moderator } from '../../domain/moderators.js';
import { confirmSecondFactor, groupedSecret, newTotpSecret, type SecondFactorCheck, totpUri, verifySecondFactor } from '../../domain/second-factor.js';
import type { ModeratorRepository } from '../../store/moderator-repository.js';
import type { SessionCookieFlags } from '../middleware/session.js';
import { beheerPaths, localBeheerPath } from '../beheer-paths.js';

export const LOGIN_FAILED_MESSAGE = 'Het e-mailadres of wachtwoord klopt niet.';
export const CODE_FAILED_MESSAGE = 'Deze code klopt niet of is al gebruikt. Wacht op de volgende code in uw app en probeer opnieuw.';
// Between the password and the code: long enough to install an authenticator app, short enough that
// a password typed on a shared computer does not stay half a login for long.
export const PENDING_LOGIN_MS = 10 * 60_000;

// A field sent twice, or not at all, is read as empty rather than as an error page.
const text = z.string().catch('');
const loginForm = z.object({ email: text.transform((s) => s.trim()), password: text, returnTo: text });
type LoginForm = z.infer<typeof loginForm>;
const codeForm = z.object({ code: text.transform((s) => s.trim()) });

interface FieldError {
  readonly field: 'email' | 'password' | 'code';
  readonly message: string;
}

export interface AuthControllerOptions {
  readonly moderators: ModeratorRepository;
  /** Options for clearing the session cookie at logout: the same name, path and flags it was set with. */
  readonly cookie: { readonly name: string; readonly options: SessionCookieFlags };
  /** Whether a code from an authenticator app must follow the password. */
  readonly secondFactor: boolean;
  readonly now?: () => Date;
}

function renderLogin(res: Response, status: number, form: { email: string; returnTo: string | undefined }, errors: readonly FieldError[], notice?: string): void {
  res.status(status).render('beheer/login', {
    pageTitle: 'Inloggen voor moderatoren',
    action: beheerPaths.login(),
    email: form.email,
    returnTo: form.returnTo ?? '',
    errors,
    notice,
  });
}

async function renderSecondFactor(res: Response, status: number, pending: PendingLogin, email: string, errors: readonly FieldError[]): Promise<void> {
  const setup = pending.setupSecret === undefined ? undefined : await setupViewModel(pending.setupSecret, email);
  res.status(status).render('beheer/second-factor', {
    pageTitle: setup ? 'Tweede factor instellen' : 'Code uit uw app',
    action: beheerPaths.secondFactor(),
    setup,
    errors,
  });
}

async function setupViewModel(secret: string, email: string) {
  // An inline SVG (paths only, no style attributes), so the strict CSP needs no exception for it.
  const qrSvg = await QRCode.toString(totpUri(secret, email), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return { qrSvg, secret: groupedSecret(secret), email };
}

type PendingLogin = NonNullable<Request['session']['pendingLogin']>;

/** The half-finished login of this session, when it is recent enough to finish. */
function pendingLoginOf(req: Request, now: Date): PendingLogin | undefined {
  const pending = req.session.pendingLogin;
  if (!pending || now.getTime() - pending.since > PENDING_LOGIN_MS) return undefined;
  return pending;
}

const regenerate = (req: Request) => new Promise<void>((resolve, reject) => req.session.regenerate((error: unknown) => (error ? reject(error instanceof Error ? error : new Error('session not regenerated', { cause: error })) : resolve())));

export function authController({ moderators, cookie, secondFactor, now = () => new Date() }: AuthControllerOptions) {
  // A new session id whenever the login gains a step: an id planted before (session fixation) is worthless.
  async function completeLogin(req: Request, res: Response, moderator: Moderator, at: Date, returnTo: string | undefined, how: 'password' | 'code' | 'setup'): Promise<void> {
    await regenerate(req);
    // Moderators are named by id in the log, never by e-mail address.
    req.log.info({ event: 'login', moderatorId: moderator.id, secondFactor: how }, 'moderator logged in');
    req.session.moderatorId = moderator.id;
    req.session.loggedInAt = at.getTime();
    res.redirect(303, returnTo ?? beheerPaths.home());
  }

  function lockedMessage(lockedUntil: Date, at: Date): string {
    return `Dit account is tijdelijk geblokkeerd na te veel mislukte pogingen. Probeer het over ${minutesUntil(lockedUntil, at)} opnieuw.`;
  }

  return {
    showLogin(req: Request, res: Response): void {
      const returnTo = localBeheerPath(req.query.returnTo);
      if (req.session.moderatorId !== undefined) {
        res.redirect(303, returnTo ?? beheerPaths.home());
        return;
      }
      const notice = req.query.uitgelogd === '1' ? 'U bent uitgelogd.' : undefined;
      renderLogin(res, 200, { email: '', returnTo }, [], notice);
    },

    async login(req: Request, res: Response): Promise<void> {
      const form: LoginForm = loginForm.parse(req.body ?? {});
      const returnTo = localBeheerPath(form.returnTo);
      const missing: FieldError[] = [];
      if (form.email === '') missing.push({ field: 'email', message: 'Vul uw e-mailadres in.' });
      if (form.password === '') missing.push({ field: 'password', message: 'Vul uw wachtwoord in.' });
      if (missing.length > 0) {
        renderLogin(res, 400, { email: form.email, returnTo }, missing);
        return;
      }

      const at = now();
      const result = await authenticateModerator(moderators, form.email, form.password, at, { secondFactorFollows: secondFactor });
      if (!result.ok) {
        req.log.warn({ event: 'login_failed', step: 'password', reason: result.reason }, 'login failed');
        const message = result.reason === 'locked' ? lockedMessage(result.lockedUntil, at) : LOGIN_FAILED_MESSAGE;
        renderLogin(res, 400, { email: form.email, returnTo }, [{ field: 'email', message }]);
        return;
      }
      if (!secondFactor) {
        await completeLogin(req, res, result.moderator, at, returnTo, 'password');
        return;
      }
      await regenerate(req);
      req.log.info({ event: 'login_password_accepted', moderatorId: result.moderator.id, secondFactor: result.hasSecondFactor ? 'code' : 'setup' }, 'password accepted, second factor next');
      req.session.pendingLogin = {
        moderatorId: result.moderator.id,
        since: at.getTime(),
        ...(returnTo === undefined ? {} : { returnTo }),
        // The first login sets up the second factor; the secret is kept only once a code confirms it.
        ...(result.hasSecondFactor ? {} : { setupSecret: newTotpSecret() }),
      };
      res.redirect(303, beheerPaths.secondFactor());
    },

    async showSecondFactor(req: Request, res: Response): Promise<void> {
      const pending = pendingLoginOf(req, now());
      const account = pending && moderators.findById(pending.moderatorId);
      if (!pending || !account) {
        res.redirect(303, beheerPaths.login());
        return;
      }
      await renderSecondFactor(res, 200, pending, account.email, []);
    },

    async checkSecondFactor(req: Request, res: Response): Promise<void> {
      const at = now();
      const pending = pendingLoginOf(req, at);
      const account = pending && moderators.findById(pending.moderatorId);
      if (!pending || !account) {
        delete req.session.pendingLogin;
        renderLogin(res, 400, { email: '', returnTo: undefined }, [{ field: 'email', message: 'Uw login is verlopen. Vul uw e-mailadres en wachtwoord opnieuw in.' }]);
        return;
      }
      const { code } = codeForm.parse(req.body ?? {});
      if (code === '') {
        await renderSecondFactor(res, 400, pending, account.email, [{ field: 'code', message: 'Vul de code van zes cijfers uit uw app in.' }]);
        return;
      }
      const check: SecondFactorCheck =
        pending.setupSecret === undefined
          ? verifySecondFactor(moderators, pending.moderatorId, code, at)
          : confirmSecondFactor(moderators, pending.moderatorId, pending.setupSecret, code, at);
      const step = pending.setupSecret === undefined ? 'code' : 'setup';
      if (check.ok) {
        await completeLogin(req, res, check.moderator, at, pending.returnTo, step);
        return;
      }
      req.log.warn({ event: 'login_failed', step, reason: check.reason, moderatorId: pending.moderatorId }, 'login failed');
      if (check.reason === 'invalid') {
        await renderSecondFactor(res, 400, pending, account.email, [{ field: 'code', message: CODE_FAILED_MESSAGE }]);
        return;
      }
      // Locked, disabled, or set up meanwhile from another browser: this login starts over.
      delete req.session.pendingLogin;
      const message = check.reason === 'locked' ? lockedMessage(check.lockedUntil, at) : 'Log opnieuw in.';
      renderLogin(res, 400, { email: account.email, returnTo: pending.returnTo }, [{ field: 'email', message }]);
    },

    logout(req: Request, res: Response, next: NextFunction): void {
      const moderatorId = req.session.moderatorId;
      req.session.destroy((error: unknown) => {
        if (error) {
          next(error);
          return;
        }
        if (moderatorId !== undefined) req.log.info({ event: 'logout', moderatorId }, 'moderator logged out');
        res.clearCookie(cookie.name, cookie.options);
        res.redirect(303, beheerPaths.loggedOut());
      });
    },
  };
}

function minutesUntil(until: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return minutes === 1 ? '1 minuut' : `${minutes} minuten`;
}
