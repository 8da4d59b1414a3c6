// Moderator accounts: who may review submissions and how they prove it with their password. Passwords
// are hashed with argon2id; no plain password is ever stored. Failed logins slow down further attempts
// (login-throttle.ts) instead of locking the account, and every failure looks the same from outside.
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';
import { deviceOf, rememberDevice } from './known-devices.js';
import { claimAttempt, forgetFailedAttempts, releaseAttempt, type ThrottleSubject } from './login-throttle.js';
import type { ModeratorAccount, ModeratorStore } from './moderator-account.js';

/** What a session and the pages know of a logged-in moderator. */
export interface Moderator {
  readonly id: number;
  readonly email: string;
}

export const PASSWORD_MIN_LENGTH = 12;
// A bound on what argon2 is asked to hash, so a huge "password" cannot be used to burn CPU.
export const PASSWORD_MAX_LENGTH = 256;

// OWASP's argon2id minimum (m=19 MiB, t=2, p=1), written out so a library default cannot weaken it.
const HASH_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** A moderator-account command that cannot be carried out; the message is Dutch and meant for the user. */
export class ModeratorAccountError extends Error {}

const emailSchema = z.email({ error: 'Geef een geldig e-mailadres, zoals naam@gemeente.be.' }).max(254, { error: 'Dit e-mailadres is te lang.' });

/** Addresses are compared without regard to case or surrounding spaces. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The Dutch reason a new password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) return `Het wachtwoord moet minstens ${PASSWORD_MIN_LENGTH} tekens lang zijn.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Het wachtwoord mag hoogstens ${PASSWORD_MAX_LENGTH} tekens lang zijn.`;
  if (password.trim() === '') return 'Het wachtwoord mag niet alleen uit spaties bestaan.';
  return undefined;
}

/** Hashes a password with argon2id. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, HASH_OPTIONS);
}

async function passwordMatches(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A damaged hash in the database means no login, not a server error.
    return false;
  }
}

// Verifying against this hash for an unknown address takes as long as for a known one, so the
// answer time does not tell whether an account exists.
let dummyHash: Promise<string> | undefined;
/** The hash an unknown address is verified against: made once, with the same argon2 costs as a real one. */
export function timingDummy(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}

/**
 * Whether `password` is the account's; without an account (or for an absurdly long password) a
 * dummy hash is verified instead, so every answer costs one argon2 verification.
 */
export async function passwordIsRight(account: ModeratorAccount | undefined, password: string): Promise<boolean> {
  if (!account || password.length > PASSWORD_MAX_LENGTH) {
    await passwordMatches(await timingDummy(), password.slice(0, PASSWORD_MAX_LENGTH));
    return false;
  }
  return passwordMatches(account.passwordHash, password);
}

function validEmail(email: string): string {
  const parsed = emailSchema.safeParse(normaliseEmail(email));
  if (!parsed.success) throw new ModeratorAccountError(parsed.error.issues[0]?.message ?? 'Geef een geldig e-mailadres.');
  return parsed.data;
}

function validPassword(password: string): string {
  const problem = passwordProblem(password);
  if (problem) throw new ModeratorAccountError(problem);
  return password;
}

function existing(moderators: ModeratorStore, email: string): ModeratorAccount {
  const account = moderators.findByEmail(normaliseEmail(email));
  if (!account) throw new ModeratorAccountError(`Er is geen moderator met het e-mailadres ${normaliseEmail(email)}.`);
  return account;
}

/** Creates a moderator account; throws ModeratorAccountError for a bad address, a weak password or a taken address. */
export async function createModerator(moderators: ModeratorStore, email: string, password: string, now: Date = new Date()): Promise<Moderator> {
  const address = validEmail(email);
  const passwordHash = await hashPassword(validPassword(password));
  const account = moderators.add({ email: address, passwordHash, createdAt: now.toISOString() });
  if (!account) throw new ModeratorAccountError(`Er bestaat al een moderator met het e-mailadres ${address}.`);
  return { id: account.id, email: account.email };
}

/**
 * Gives a moderator a new password. The failed attempts counted against their address are forgotten:
 * a moderator who asked for a new password should not then wait for the slow-down of the old one.
 */
export async function resetModeratorPassword(moderators: ModeratorStore, email: string, password: string): Promise<Moderator> {
  const account = existing(moderators, email);
  moderators.setPasswordHash(account.id, await hashPassword(validPassword(password)));
  forgetFailedAttempts(moderators, [{ kind: 'account', email: account.email }]);
  return { id: account.id, email: account.email };
}

/** Forgets a moderator's second factor (a lost or replaced phone); only an enrolment link sets up a new one. */
export function resetSecondFactor(moderators: ModeratorStore, email: string): Moderator {
  const account = existing(moderators, email);
  moderators.clearTotpSecret(account.id);
  return { id: account.id, email: account.email };
}

/** Stops a moderator from logging in, keeping the account and its decisions in the history. */
export function disableModerator(moderators: ModeratorStore, email: string): Moderator {
  const account = existing(moderators, email);
  moderators.setDisabled(account.id, true);
  return { id: account.id, email: account.email };
}

/** Lets a disabled moderator log in again. */
export function enableModerator(moderators: ModeratorStore, email: string): Moderator {
  const account = existing(moderators, email);
  moderators.setDisabled(account.id, false);
  return { id: account.id, email: account.email };
}

/** Deletes a moderator who has made no decisions yet; one with a history can only be disabled. */
export function removeModerator(moderators: ModeratorStore, email: string): Moderator {
  const account = existing(moderators, email);
  if (moderators.remove(account.id) === 'has_history') {
    throw new ModeratorAccountError(
      `${account.email} heeft al inzendingen beoordeeld; die geschiedenis blijft bewaard. Blokkeer het account in de plaats: npm run moderator -- disable ${account.email}`,
    );
  }
  return { id: account.id, email: account.email };
}

export interface ModeratorSummary {
  readonly email: string;
  readonly createdAt: string;
  readonly disabled: boolean;
  readonly hasSecondFactor: boolean;
  /** When the account's enrolment link expires, while it has one that has not. */
  readonly enrolmentLinkExpiresAt: Date | undefined;
}

/** Every account, without its password hash. */
export function listModerators(moderators: ModeratorStore, now: Date = new Date()): ModeratorSummary[] {
  return moderators.list().map((a) => {
    const link = moderators.enrolmentLinkOf(a.id, now.getTime());
    return {
      email: a.email,
      createdAt: a.createdAt,
      disabled: a.disabled,
      hasSecondFactor: a.totpSecret !== undefined,
      enrolmentLinkExpiresAt: link && new Date(link.expiresAt),
    };
  });
}

/** One attempt at the login form. */
export interface LoginAttempt {
  readonly email: string;
  readonly password: string;
  /** The client's IP address, for the slow-down per address. */
  readonly clientAddress: string | undefined;
  /** The token of the known-device cookie the browser sent, if any. */
  readonly deviceToken: string | undefined;
}

export type Authentication =
  | { readonly ok: true; readonly moderator: Moderator; readonly hasSecondFactor: boolean }
  /** Wrong, unknown, disabled or throttled: told apart only in the log, never to the user. */
  | { readonly ok: false; readonly reason: 'invalid' | 'throttled' };

/**
 * The throttle subjects of an attempt. From this moderator's known device, only that device;
 * otherwise the address typed (with or without an account) and the client address.
 */
function loginSubjects(moderators: ModeratorStore, account: ModeratorAccount | undefined, attempt: LoginAttempt, now: Date): ThrottleSubject[] {
  const device = account && deviceOf(moderators, account.id, attempt.deviceToken, now);
  if (device) return [{ kind: 'device', deviceId: device.id }];
  return [
    { kind: 'account', email: normaliseEmail(attempt.email) },
    { kind: 'address', address: attempt.clientAddress },
  ];
}

/**
 * Checks an e-mail address and password. Unknown, disabled and wrong all answer 'invalid', alike and
 * in about the same time (one argon2 verification). After a few failures the next attempt against the
 * same address typed, client address or device waits, ever longer; an attempt that comes too soon is
 * 'throttled' without being checked, so it cannot tell a right password from a wrong one either.
 */
export async function authenticateModerator(moderators: ModeratorStore, attempt: LoginAttempt, now: Date = new Date()): Promise<Authentication> {
  const account = moderators.findByEmail(normaliseEmail(attempt.email));
  const subjects = loginSubjects(moderators, account, attempt, now);
  // Counted as a failure before the slow hash, so parallel guesses wait like consecutive ones.
  if (claimAttempt(moderators, subjects, now) > 0) return { ok: false, reason: 'throttled' };

  const matches = await passwordIsRight(account, attempt.password);
  // Read again after the slow hash: the account may have been disabled or removed meanwhile.
  const current = account && moderators.findById(account.id);
  if (!matches || !current || current.disabled) return { ok: false, reason: 'invalid' };
  releaseAttempt(moderators, subjects);
  return { ok: true, moderator: { id: current.id, email: current.email }, hasSecondFactor: current.totpSecret !== undefined };
}

/**
 * Ends a full login (password and, when required, the second factor): this browser becomes a known
 * device of the moderator and the failures it made are forgotten. Failures counted against the
 * address typed are not: they fade by themselves, so a login does not hand a guesser fresh attempts.
 * Answers the token for the device cookie.
 */
export function finishLogin(moderators: ModeratorStore, moderatorId: number, deviceToken: string | undefined, now: Date = new Date()): string {
  const device = deviceOf(moderators, moderatorId, deviceToken, now);
  forgetFailedAttempts(moderators, [{ kind: 'code', moderatorId }, ...(device ? [{ kind: 'device', deviceId: device.id } as const] : [])]);
  return rememberDevice(moderators, moderatorId, deviceToken, now);
}

/**
 * Whether a login attempt comes from a known device of the account it is for: the moderator of a
 * half-finished login, else the account of the address typed. Such attempts skip the flood limit.
 */
export function loginFromKnownDevice(
  moderators: ModeratorStore,
  login: { readonly moderatorId?: number | undefined; readonly email?: string | undefined },
  deviceToken: string | undefined,
  now: Date = new Date(),
): boolean {
  const moderatorId = login.moderatorId ?? (login.email === undefined ? undefined : moderators.findByEmail(normaliseEmail(login.email))?.id);
  return moderatorId !== undefined && deviceOf(moderators, moderatorId, deviceToken, now) !== undefined;
}

/** The moderator behind a session, as long as the account still exists and is not disabled. */
export function activeModerator(moderators: ModeratorStore, id: number): Moderator | undefined {
  const account = moderators.findById(id);
  return account && !account.disabled ? { id: account.id, email: account.email } : undefined;
}
