// Moderator accounts: who may review submissions, how they prove it, and the lock-out after
// repeated wrong passwords. Passwords are hashed with argon2id; no plain password is ever stored.
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';
import type { ModeratorAccount, ModeratorRepository } from '../store/moderator-repository.js';

/** What a session and the pages know of a logged-in moderator. */
export interface Moderator {
  readonly id: number;
  readonly email: string;
}

export const PASSWORD_MIN_LENGTH = 12;
// A bound on what argon2 is asked to hash, so a huge "password" cannot be used to burn CPU.
export const PASSWORD_MAX_LENGTH = 256;
export const MAX_FAILED_LOGINS = 5;
export const LOCK_DURATION_MS = 15 * 60_000;

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
function timingDummy(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
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

function existing(moderators: ModeratorRepository, email: string): ModeratorAccount {
  const account = moderators.findByEmail(normaliseEmail(email));
  if (!account) throw new ModeratorAccountError(`Er is geen moderator met het e-mailadres ${normaliseEmail(email)}.`);
  return account;
}

/** Creates a moderator account; throws ModeratorAccountError for a bad address, a weak password or a taken address. */
export async function createModerator(moderators: ModeratorRepository, email: string, password: string, now: Date = new Date()): Promise<Moderator> {
  const address = validEmail(email);
  const passwordHash = await hashPassword(validPassword(password));
  const account = moderators.add({ email: address, passwordHash, createdAt: now.toISOString() });
  if (!account) throw new ModeratorAccountError(`Er bestaat al een moderator met het e-mailadres ${address}.`);
  return { id: account.id, email: account.email };
}

/** Gives a moderator a new password; this also lifts a lock-out. */
export async function resetModeratorPassword(moderators: ModeratorRepository, email: string, password: string): Promise<Moderator> {
  const account = existing(moderators, email);
  moderators.setPasswordHash(account.id, await hashPassword(validPassword(password)));
  return { id: account.id, email: account.email };
}

/** Forgets a moderator's second factor (a lost or replaced phone): the next login sets up a new one. */
export function resetSecondFactor(moderators: ModeratorRepository, email: string): Moderator {
  const account = existing(moderators, email);
  moderators.clearTotpSecret(account.id);
  return { id: account.id, email: account.email };
}

/** Stops a moderator from logging in, keeping the account and its decisions in the history. */
export function disableModerator(moderators: ModeratorRepository, email: string): Moderator {
  const account = existing(moderators, email);
  moderators.setDisabled(account.id, true);
  return { id: account.id, email: account.email };
}

/** Lets a disabled moderator log in again. */
export function enableModerator(moderators: ModeratorRepository, email: string): Moderator {
  const account = existing(moderators, email);
  moderators.setDisabled(account.id, false);
  return { id: account.id, email: account.email };
}

/** Deletes a moderator who has made no decisions yet; one with a history can only be disabled. */
export function removeModerator(moderators: ModeratorRepository, email: string): Moderator {
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
  /** ISO timestamp, when the account is locked right now. */
  readonly lockedUntil: string | undefined;
}

/** Every account, without its password hash. */
export function listModerators(moderators: ModeratorRepository, now: Date = new Date()): ModeratorSummary[] {
  return moderators.list().map((a) => ({
    email: a.email,
    createdAt: a.createdAt,
    disabled: a.disabled,
    hasSecondFactor: a.totpSecret !== undefined,
    lockedUntil: isLocked(a, now) ? a.lockedUntil : undefined,
  }));
}

function isLocked(account: ModeratorAccount, now: Date): boolean {
  return account.lockedUntil !== undefined && Date.parse(account.lockedUntil) > now.getTime();
}

export type Authentication =
  | { readonly ok: true; readonly moderator: Moderator; readonly hasSecondFactor: boolean }
  | { readonly ok: false; readonly reason: 'invalid' }
  | { readonly ok: false; readonly reason: 'locked'; readonly lockedUntil: Date };

/**
 * Checks an e-mail address and password. Unknown, disabled and wrong all answer 'invalid', alike and
 * in about the same time; the fifth wrong password in a row locks the account for a quarter of an hour.
 * When a second factor follows, the count of failures is only reset once that is passed too: a right
 * password must not buy fresh attempts at guessing codes.
 */
export async function authenticateModerator(
  moderators: ModeratorRepository,
  email: string,
  password: string,
  now: Date = new Date(),
  { secondFactorFollows = false }: { secondFactorFollows?: boolean } = {},
): Promise<Authentication> {
  const account = moderators.findByEmail(normaliseEmail(email));
  if (!account || password.length > PASSWORD_MAX_LENGTH) {
    await passwordMatches(await timingDummy(), password.slice(0, PASSWORD_MAX_LENGTH));
    return { ok: false, reason: 'invalid' };
  }
  if (isLocked(account, now)) return { ok: false, reason: 'locked', lockedUntil: new Date(account.lockedUntil ?? now) };

  const matches = await passwordMatches(account.passwordHash, password);
  // Read again after the slow hash: a parallel attempt may have locked or disabled the account meanwhile.
  const current = moderators.findById(account.id);
  if (!current || current.disabled) return { ok: false, reason: 'invalid' };
  if (isLocked(current, now)) return { ok: false, reason: 'locked', lockedUntil: new Date(current.lockedUntil ?? now) };
  if (!matches) {
    const lockedUntil = new Date(now.getTime() + LOCK_DURATION_MS);
    const { locked } = moderators.recordFailedLogin(account.id, MAX_FAILED_LOGINS, lockedUntil.toISOString());
    return locked ? { ok: false, reason: 'locked', lockedUntil } : { ok: false, reason: 'invalid' };
  }
  if (!secondFactorFollows) moderators.clearFailedLogins(account.id);
  return { ok: true, moderator: { id: current.id, email: current.email }, hasSecondFactor: current.totpSecret !== undefined };
}

/** The moderator behind a session, as long as the account still exists and is not disabled. */
export function activeModerator(moderators: ModeratorRepository, id: number): Moderator | undefined {
  const account = moderators.findById(id);
  return account && !account.disabled ? { id: account.id, email: account.email } : undefined;
}
