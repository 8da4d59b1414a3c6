// Logging in and out of the moderators' area, and setting up the second factor through an enrolment link.
import type { NextFunction, Request, Response } from 'express';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { ModeratorStore } from '../../domain/moderator-account.js';
import { authenticateModerator, finishLogin, loginFromKnownDevice, type Moderator } from '../../domain/moderators.js';
import { awaitsSecondFactor, completeEnrolment, groupedSecret, openEnrolmentLink, type SecondFactorCheck, totpUri, verifySecondFactor } from '../../domain/second-factor.js';
import { saveSession, type SessionCookieFlags } from '../middleware/session.js';
import { beheerPaths, localBeheerPath } from '../beheer-paths.js';
import { deviceCookie } from '../device-cookie.js';
import { HttpError } from '../errors.js';

/**
 * The one answer to every failed login: a wrong password, an unknown address, a disabled account, an
 * attempt that came too soon. The page and status are the same for all, so they tell no one whether an
 * address has an account.
 */
export const LOGIN_FAILED_MESSAGE =
  'Inloggen lukt niet met dit e-mailadres en wachtwoord. Controleer ze en probeer opnieuw. Na enkele mislukte pogingen moet u telkens wat langer wachten, tot een kwartier.';
/** Shown only after the right password, so it reveals nothing to whoever does not know it. */
export const NO_SECOND_FACTOR_MESSAGE =
  'Uw account heeft nog geen tweede factor. Stel die in via de persoonlijke inschrijvingslink die u van de beheerder van Praktijkbank kreeg. Is die link verlopen of kwijt, vraag dan een nieuwe.';
export const CODE_FAILED_MESSAGE = 'Deze code klopt niet of is al gebruikt. Wacht op de volgende code in uw app en probeer opnieuw.';
export const ENROLMENT_LINK_INVALID_MESSAGE = 'Deze inschrijvingslink werkt niet: hij is al gebruikt, verlopen of vervangen door een nieuwe. Vraag de beheerder van Praktijkbank om een nieuwe link.';
// Between the password and the code: long enough to find the phone, short enough that a password typed
// on a shared computer does not stay half a login for long.
export const PENDING_LOGIN_MS = 10 * 60_000;

// A field sent twice, or not at all, is read as empty rather than as an error page.
const text = z.string().catch('');
const loginForm = z.object({ email: text.transform((s) => s.trim()), password: text, returnTo: text });
type LoginForm = z.infer<typeof loginForm>;
const codeForm = z.object({ code: text.transform((s) => s.trim()) });
const enrolmentForm = z.object({ password: text, code: text.transform((s) => s.trim()) });

interface FieldError {
  readonly field: 'email' | 'password' | 'code';
  readonly message: string;
}

export interface AuthControllerOptions {
  readonly moderators: ModeratorStore;
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

function renderSecondFactor(res: Response, status: number, errors: readonly FieldError[]): void {
  res.status(status).render('beheer/second-factor', { pageTitle: 'Code uit uw app', action: beheerPaths.secondFactor(), errors });
}

async function renderEnrolment(res: Response, status: number, token: string, enrolment: { moderator: Moderator; secret: string }, errors: readonly FieldError[]): Promise<void> {
  const { email } = enrolment.moderator;
  // An inline SVG (paths only, no style attributes), so the strict CSP needs no exception for it.
  const qrSvg = await QRCode.toString(totpUri(enrolment.secret, email), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  res.status(status).render('beheer/enrolment', {
    pageTitle: 'Tweede factor instellen',
    action: beheerPaths.enrolment(token),
    email,
    qrSvg,
    secret: groupedSecret(enrolment.secret),
    errors,
  });
}

/** "30 seconden", "1 minuut", "15 minuten": how long to wait, rounded up. */
export function waitInWords(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return seconds === 1 ? '1 seconde' : `${seconds} seconden`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minuut' : `${minutes} minuten`;
}

type PendingLogin = NonNullable<Request['session']['pendingLogin']>;

/** The half-finished login of this session, when it is recent enough to finish. */
function pendingLoginOf(req: Request, now: Date): PendingLogin | undefined {
  const pending = req.session.pendingLogin;
  if (!pending || now.getTime() - pending.since > PENDING_LOGIN_MS) return undefined;
  return pending;
}

const regenerate = (req: Request) => new Promise<void>((resolve, reject) => req.session.regenerate((error: unknown) => (error ? reject(error instanceof Error ? error : new Error('session not regenerated', { cause: error })) : resolve())));

const tokenParam = (req: Request) => (typeof req.params.token === 'string' ? req.params.token : '');

export function authController({ moderators, cookie, secondFactor, now = () => new Date() }: AuthControllerOptions) {
  const device = deviceCookie({ secure: cookie.options.secure });

  // A new session id whenever the login gains a step: an id planted before (session fixation) is worthless.
  async function completeLogin(req: Request, res: Response, moderator: Moderator, at: Date, returnTo: string | undefined, how: 'password' | 'code' | 'setup'): Promise<void> {
    const deviceToken = finishLogin(moderators, moderator.id, device.read(req), at);
    await regenerate(req);
    // Moderators are named by id in the log, never by e-mail address.
    req.log.info({ event: 'login', moderatorId: moderator.id, secondFactor: how }, 'moderator logged in');
    req.session.moderatorId = moderator.id;
    req.session.loggedInAt = at.getTime();
    // Stored before the redirect: a login that cannot be stored (a full disk) is the 503, not a false welcome.
    await saveSession(req);
    device.write(res, deviceToken);
    res.redirect(303, returnTo ?? beheerPaths.home());
  }

  return {
    /** Whether the request comes from a known device of the account it logs into: the flood limit lets it through. */
    fromKnownDevice(req: Request): boolean {
      const body = (req.body ?? {}) as { email?: unknown };
      const email = typeof body.email === 'string' ? body.email : undefined;
      return loginFromKnownDevice(moderators, { moderatorId: req.session.pendingLogin?.moderatorId, email }, device.read(req), now());
    },

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
      const result = await authenticateModerator(moderators, { email: form.email, password: form.password, clientAddress: req.ip, deviceToken: device.read(req) }, at);
      if (!result.ok) {
        req.log.warn({ event: 'login_failed', step: 'password', reason: result.reason }, 'login failed');
        renderLogin(res, 400, { email: form.email, returnTo }, [{ field: 'email', message: LOGIN_FAILED_MESSAGE }]);
        return;
      }
      if (!secondFactor) {
        await completeLogin(req, res, result.moderator, at, returnTo, 'password');
        return;
      }
      if (!result.hasSecondFactor) {
        // The password was right: saying that the enrolment link is missing tells nothing new.
        req.log.warn({ event: 'login_failed', step: 'password', reason: 'no_second_factor', moderatorId: result.moderator.id }, 'login failed');
        renderLogin(res, 400, { email: form.email, returnTo }, [{ field: 'email', message: NO_SECOND_FACTOR_MESSAGE }]);
        return;
      }
      await regenerate(req);
      req.log.info({ event: 'login_password_accepted', moderatorId: result.moderator.id }, 'password accepted, second factor next');
      req.session.pendingLogin = { moderatorId: result.moderator.id, since: at.getTime(), ...(returnTo === undefined ? {} : { returnTo }) };
      await saveSession(req);
      res.redirect(303, beheerPaths.secondFactor());
    },

    showSecondFactor(req: Request, res: Response): void {
      const pending = pendingLoginOf(req, now());
      if (!pending || !awaitsSecondFactor(moderators, pending.moderatorId)) {
        res.redirect(303, beheerPaths.login());
        return;
      }
      renderSecondFactor(res, 200, []);
    },

    async checkSecondFactor(req: Request, res: Response): Promise<void> {
      const at = now();
      const pending = pendingLoginOf(req, at);
      if (!pending) {
        delete req.session.pendingLogin;
        renderLogin(res, 400, { email: '', returnTo: undefined }, [{ field: 'email', message: 'Uw login is verlopen. Vul uw e-mailadres en wachtwoord opnieuw in.' }]);
        return;
      }
      const { code } = codeForm.parse(req.body ?? {});
      if (code === '') {
        renderSecondFactor(res, 400, [{ field: 'code', message: 'Vul de code van zes cijfers uit uw app in.' }]);
        return;
      }
      const check: SecondFactorCheck = verifySecondFactor(moderators, pending.moderatorId, code, at, device.read(req));
      if (check.ok) {
        await completeLogin(req, res, check.moderator, at, pending.returnTo, 'code');
        return;
      }
      req.log.warn({ event: 'login_failed', step: 'code', reason: check.reason, moderatorId: pending.moderatorId }, 'login failed');
      if (check.reason === 'invalid') {
        renderSecondFactor(res, 400, [{ field: 'code', message: CODE_FAILED_MESSAGE }]);
        return;
      }
      if (check.reason === 'throttled') {
        // Only someone who gave the right password gets here: saying how long to wait gives nothing away.
        renderSecondFactor(res, 400, [{ field: 'code', message: `U vulde te vaak een verkeerde code in. Wacht ${waitInWords(check.retryAfterMs)} en vul dan de code in die uw app op dat moment toont.` }]);
        return;
      }
      // Disabled, removed or second factor wiped meanwhile: this login starts over.
      delete req.session.pendingLogin;
      renderLogin(res, 400, { email: '', returnTo: pending.returnTo }, [{ field: 'email', message: 'Log opnieuw in.' }]);
    },

    /** The enrolment link: the QR code and the form for password and first code. Changes nothing. */
    async showEnrolment(req: Request, res: Response): Promise<void> {
      const token = tokenParam(req);
      const enrolment = openEnrolmentLink(moderators, token, now());
      if (!enrolment) throw new HttpError(404, 'not_found', ENROLMENT_LINK_INVALID_MESSAGE);
      await renderEnrolment(res, 200, token, enrolment, []);
    },

    async enrol(req: Request, res: Response): Promise<void> {
      const at = now();
      const token = tokenParam(req);
      const enrolment = openEnrolmentLink(moderators, token, at);
      if (!enrolment) throw new HttpError(404, 'not_found', ENROLMENT_LINK_INVALID_MESSAGE);
      const form = enrolmentForm.parse(req.body ?? {});
      const missing: FieldError[] = [];
      if (form.password === '') missing.push({ field: 'password', message: 'Vul uw wachtwoord in.' });
      if (form.code === '') missing.push({ field: 'code', message: 'Vul de code van zes cijfers uit uw app in.' });
      if (missing.length > 0) {
        await renderEnrolment(res, 400, token, enrolment, missing);
        return;
      }
      const result = await completeEnrolment(moderators, { token, password: form.password, code: form.code, clientAddress: req.ip }, at);
      if (result.ok) {
        await completeLogin(req, res, result.moderator, at, undefined, 'setup');
        return;
      }
      req.log.warn({ event: 'login_failed', step: 'setup', reason: result.reason, moderatorId: enrolment.moderator.id }, 'login failed');
      if (result.reason === 'link') throw new HttpError(404, 'not_found', ENROLMENT_LINK_INVALID_MESSAGE);
      // Whoever holds the link knows whose account it is: the messages may be specific.
      const error: FieldError =
        result.reason === 'throttled'
          ? { field: 'password', message: `U vulde te vaak een verkeerd wachtwoord of een verkeerde code in. Wacht ${waitInWords(result.retryAfterMs)} en probeer het dan opnieuw.` }
          : result.reason === 'password'
            ? { field: 'password', message: 'Dit wachtwoord klopt niet. Vul het wachtwoord in dat de beheerder voor u instelde.' }
            : { field: 'code', message: CODE_FAILED_MESSAGE };
      await renderEnrolment(res, 400, token, enrolment, [error]);
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
