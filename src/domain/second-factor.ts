// The moderators' second factor: time-based one-time codes (TOTP, RFC 6238) from an authenticator
// app, set up through a one-time enrolment link that the command line prints (never by the password
// alone). A code is good for one login only; wrong codes slow down the next attempt at the code step,
// which only someone with the password reaches.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { deviceOf } from './known-devices.js';
import { claimAttempt, forgetFailedAttempts, recordFailedAttempt, releaseAttempt, type ThrottleSubject, throttleWait } from './login-throttle.js';
import type { ModeratorAccount, ModeratorStore } from './moderator-account.js';
import { type Moderator, normaliseEmail, passwordIsRight } from './moderators.js';

export const TOTP_ISSUER = 'Praktijkbank';
const PERIOD_SECONDS = 30;
// One step either side: a phone clock that is half a minute off, or a code typed just as it changed,
// still works; that is what RFC 6238 recommends as the largest allowed drift.
const WINDOW = 1;

function totpOf(secret: string, email: string): TOTP {
  return new TOTP({ issuer: TOTP_ISSUER, label: email, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(secret) });
}

/** The otpauth:// address an authenticator app reads from the QR code. */
export function totpUri(secret: string, email: string): string {
  return totpOf(secret, email).toString();
}

/** The secret in groups of four, easier to type into an app by hand. */
export function groupedSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret;
}

/** The code the app shows at `now`; for tests and the benchmark, which play the moderator. */
export function totpCode(secret: string, now: Date = new Date()): string {
  return totpOf(secret, '').generate({ timestamp: now.getTime() });
}

/** The time step a code belongs to, or undefined when it is not a current code of this secret. */
export function stepOfCode(secret: string, code: string, now: Date): number | undefined {
  const token = code.replace(/[\s-]/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const delta = totpOf(secret, '').validate({ token, timestamp: now.getTime(), window: WINDOW });
  return delta === null ? undefined : Math.floor(now.getTime() / 1000 / PERIOD_SECONDS) + delta;
}

export type SecondFactorCheck =
  | { readonly ok: true; readonly moderator: Moderator }
  | { readonly ok: false; readonly reason: 'invalid' | 'unavailable' }
  | { readonly ok: false; readonly reason: 'throttled'; readonly retryAfterMs: number };

/** Whether the moderator of a login whose password was accepted has a second factor to give a code from. */
export function awaitsSecondFactor(moderators: Pick<ModeratorStore, 'findById'>, moderatorId: number): boolean {
  return moderators.findById(moderatorId)?.totpSecret !== undefined;
}

/** The code step is throttled per account, or from a known device per that device only. */
function codeSubjects(moderators: ModeratorStore, moderatorId: number, deviceToken: string | undefined, now: Date): ThrottleSubject[] {
  const device = deviceOf(moderators, moderatorId, deviceToken, now);
  return [device ? { kind: 'device', deviceId: device.id } : { kind: 'code', moderatorId }];
}

/**
 * Checks the code of a moderator who has a second factor; a code already used, or an older one, fails.
 * `deviceToken` is the browser's known-device cookie: from a known device, wrong codes typed elsewhere
 * do not slow this one down.
 */
export function verifySecondFactor(moderators: ModeratorStore, moderatorId: number, code: string, now: Date = new Date(), deviceToken?: string): SecondFactorCheck {
  const account = moderators.findById(moderatorId);
  if (!account || account.disabled || account.totpSecret === undefined) return { ok: false, reason: 'unavailable' };
  const subjects = codeSubjects(moderators, moderatorId, deviceToken, now);
  const wait = throttleWait(moderators, subjects, now);
  if (wait > 0) return { ok: false, reason: 'throttled', retryAfterMs: wait };
  const step = stepOfCode(account.totpSecret, code, now);
  if (step === undefined || !moderators.useTotpStep(account.id, step)) {
    recordFailedAttempt(moderators, subjects, now);
    return { ok: false, reason: 'invalid' };
  }
  return { ok: true, moderator: { id: account.id, email: account.email } };
}

// Enrolment links.

/** How long an enrolment link works: three days, so a link sent on a Friday still works on Monday. */
export const ENROLMENT_LINK_LIFETIME_MS = 72 * 60 * 60_000;

// 32 random bytes in base64url: 43 characters.
const LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The TOTP secret an enrolment link sets up, derived from its token: opening the link shows the same QR
 * code every time without storing anything, and the database (which holds only the token's hash) cannot
 * produce it. An HMAC, not the hash, so the stored hash says nothing about the secret.
 */
export function enrolmentSecret(token: string): string {
  // 160 bits, the size RFC 4226 recommends.
  const bytes = Uint8Array.from(createHmac('sha256', token).update('praktijkbank tweede factor').digest().subarray(0, 20));
  return new Secret({ buffer: bytes.buffer }).base32;
}

export interface IssuedEnrolmentLink {
  readonly moderator: Moderator;
  /** The random token of the link; shown once, stored only as a hash. */
  readonly token: string;
  readonly expiresAt: Date;
}

/** A new one-time enrolment link for the moderator with this address; an earlier link of theirs stops working. */
export function issueEnrolmentLink(moderators: ModeratorStore, email: string, now: Date = new Date()): IssuedEnrolmentLink | undefined {
  const account = moderators.findByEmail(normaliseEmail(email));
  if (!account) return undefined;
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ENROLMENT_LINK_LIFETIME_MS);
  moderators.replaceEnrolmentLink(account.id, tokenHash(token), now.getTime(), expiresAt.getTime());
  return { moderator: { id: account.id, email: account.email }, token, expiresAt };
}

export interface OpenEnrolment {
  readonly moderator: Moderator;
  /** The secret for the QR code. */
  readonly secret: string;
}

function enrollingAccount(moderators: ModeratorStore, token: string, now: Date): ModeratorAccount | undefined {
  if (!LINK_TOKEN_PATTERN.test(token)) return undefined;
  const link = moderators.findEnrolmentLink(tokenHash(token), now.getTime());
  const account = link && moderators.findById(link.moderatorId);
  return account && !account.disabled && account.totpSecret === undefined ? account : undefined;
}

/** What an enrolment link sets up; undefined when it is unknown, used, expired, or its account is disabled or set up already. Changes nothing. */
export function openEnrolmentLink(moderators: ModeratorStore, token: string, now: Date = new Date()): OpenEnrolment | undefined {
  const account = enrollingAccount(moderators, token, now);
  return account && { moderator: { id: account.id, email: account.email }, secret: enrolmentSecret(token) };
}

export type EnrolmentResult =
  | { readonly ok: true; readonly moderator: Moderator }
  /** The link no longer works: used, expired, replaced, or the account disabled or set up meanwhile. */
  | { readonly ok: false; readonly reason: 'link' }
  | { readonly ok: false; readonly reason: 'password' | 'code' }
  | { readonly ok: false; readonly reason: 'throttled'; readonly retryAfterMs: number };

export interface EnrolmentAttempt {
  readonly token: string;
  readonly password: string;
  readonly code: string;
  readonly clientAddress: string | undefined;
}

/**
 * Sets up the second factor through an enrolment link: the account's password and a code from the app
 * that scanned the link's QR code. Only then is the secret stored and the link used up. Wrong
 * passwords count like failed logins (the address and the client address), wrong codes like wrong
 * codes at login.
 */
export async function completeEnrolment(moderators: ModeratorStore, attempt: EnrolmentAttempt, now: Date = new Date()): Promise<EnrolmentResult> {
  const account = enrollingAccount(moderators, attempt.token, now);
  if (!account) return { ok: false, reason: 'link' };
  const passwordSubjects: ThrottleSubject[] = [
    { kind: 'account', email: account.email },
    { kind: 'address', address: attempt.clientAddress },
  ];
  const codeSubject: ThrottleSubject = { kind: 'code', moderatorId: account.id };
  const codeWait = throttleWait(moderators, [codeSubject], now);
  if (codeWait > 0) return { ok: false, reason: 'throttled', retryAfterMs: codeWait };
  // The password counts as a failure until the slow hash proves it right (parallel guesses wait too).
  const passwordWait = claimAttempt(moderators, passwordSubjects, now);
  if (passwordWait > 0) return { ok: false, reason: 'throttled', retryAfterMs: passwordWait };
  if (!(await passwordIsRight(account, attempt.password))) return { ok: false, reason: 'password' };
  releaseAttempt(moderators, passwordSubjects);
  // Checked again after the hash, with nothing between the check and the count of a wrong code.
  const wait = throttleWait(moderators, [codeSubject], now);
  if (wait > 0) return { ok: false, reason: 'throttled', retryAfterMs: wait };
  const secret = enrolmentSecret(attempt.token);
  const step = stepOfCode(secret, attempt.code, now);
  if (step === undefined) {
    recordFailedAttempt(moderators, [codeSubject], now);
    return { ok: false, reason: 'code' };
  }
  if (!moderators.completeEnrolment(tokenHash(attempt.token), account.id, secret, step, now.getTime())) return { ok: false, reason: 'link' };
  forgetFailedAttempts(moderators, [codeSubject]);
  return { ok: true, moderator: { id: account.id, email: account.email } };
}
