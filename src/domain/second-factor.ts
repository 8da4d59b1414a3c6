// The moderators' second factor: time-based one-time codes (TOTP, RFC 6238) from an authenticator
// app, set up at the first login. A code is good for one login only, and wrong codes count towards
// the same lock-out as wrong passwords.
import { Secret, TOTP } from 'otpauth';
import type { ModeratorRepository } from '../store/moderator-repository.js';
import { LOCK_DURATION_MS, MAX_FAILED_LOGINS, type Moderator } from './moderators.js';

export const TOTP_ISSUER = 'Praktijkbank';
const PERIOD_SECONDS = 30;
// One step either side: a phone clock that is half a minute off, or a code typed just as it changed,
// still works; that is what RFC 6238 recommends as the largest allowed drift.
const WINDOW = 1;

/** A new random secret (160 bits, the size RFC 4226 recommends), base32 as authenticator apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

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
  | { readonly ok: false; readonly reason: 'locked'; readonly lockedUntil: Date };

function failure(moderators: ModeratorRepository, id: number, now: Date): SecondFactorCheck {
  const lockedUntil = new Date(now.getTime() + LOCK_DURATION_MS);
  const { locked } = moderators.recordFailedLogin(id, MAX_FAILED_LOGINS, lockedUntil.toISOString());
  return locked ? { ok: false, reason: 'locked', lockedUntil } : { ok: false, reason: 'invalid' };
}

// The account behind a half-finished login must still be usable: not removed, disabled or locked since.
function usableAccount(moderators: ModeratorRepository, id: number, now: Date) {
  const account = moderators.findById(id);
  if (!account || account.disabled) return { check: { ok: false, reason: 'unavailable' } as const };
  if (account.lockedUntil !== undefined && Date.parse(account.lockedUntil) > now.getTime()) {
    return { check: { ok: false, reason: 'locked', lockedUntil: new Date(account.lockedUntil) } as const };
  }
  return { account };
}

/** Checks the code of a moderator who has a second factor; a code already used, or an older one, fails. */
export function verifySecondFactor(moderators: ModeratorRepository, moderatorId: number, code: string, now: Date = new Date()): SecondFactorCheck {
  const { account, check } = usableAccount(moderators, moderatorId, now);
  if (!account) return check;
  if (account.totpSecret === undefined) return { ok: false, reason: 'unavailable' };
  const step = stepOfCode(account.totpSecret, code, now);
  if (step === undefined || !moderators.useTotpStep(account.id, step)) return failure(moderators, account.id, now);
  moderators.clearFailedLogins(account.id);
  return { ok: true, moderator: { id: account.id, email: account.email } };
}

/**
 * Finishes setting up the second factor: the first code from the app proves it holds `secret`, which
 * is then stored. An account that got a second factor meanwhile (another browser) is not overwritten.
 */
export function confirmSecondFactor(moderators: ModeratorRepository, moderatorId: number, secret: string, code: string, now: Date = new Date()): SecondFactorCheck {
  const { account, check } = usableAccount(moderators, moderatorId, now);
  if (!account) return check;
  if (account.totpSecret !== undefined) return { ok: false, reason: 'unavailable' };
  const step = stepOfCode(secret, code, now);
  if (step === undefined) return failure(moderators, account.id, now);
  if (!moderators.setTotpSecret(account.id, secret, step)) return { ok: false, reason: 'unavailable' };
  moderators.clearFailedLogins(account.id);
  return { ok: true, moderator: { id: account.id, email: account.email } };
}
