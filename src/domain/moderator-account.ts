// A moderator's account as it is kept, and what the domain needs of the place it is kept (the SQLite
// ModeratorRepository): credentials, the second factor, the login throttle, known devices and enrolment
// links. Times of the throttle, devices and links are milliseconds since the epoch. Types only; imports
// nothing of ours, so store/ may use it.

export interface ModeratorAccount {
  readonly id: number;
  readonly email: string;
  readonly passwordHash: string;
  readonly createdAt: string;
  readonly disabled: boolean;
  /** Base32 TOTP secret; undefined until the moderator has set up the second factor. */
  readonly totpSecret: string | undefined;
  /** The TOTP time step of the last code accepted. */
  readonly totpLastStep: number | undefined;
}

/** Failed attempts counted against one throttle key. */
export interface ThrottleCount {
  readonly key: string;
  readonly failures: number;
  readonly lastFailureAt: number;
}

export interface KnownDevice {
  readonly id: number;
  readonly moderatorId: number;
}

export interface EnrolmentLink {
  readonly moderatorId: number;
  readonly expiresAt: number;
}

export type RemoveResult = 'removed' | 'not_found' | 'has_history';

/** The failed attempts of the login throttle (login-throttle.ts). */
export interface ThrottleStore {
  /** The failures still counted at `now` for these keys; a key without any is left out. */
  throttleCounts(keys: readonly string[], now: number): ThrottleCount[];
  /** Counts one failure against each key, starting again from one where the earlier failures were forgotten. */
  recordThrottleFailures(failures: readonly { key: string; forgetAt: number }[], now: number): void;
  /** Takes back one failure from each key (an attempt counted before it was checked, that succeeded). */
  releaseThrottleFailures(keys: readonly string[]): void;
  clearThrottle(keys: readonly string[]): void;
  /** Runs `work` in one write transaction: a check and the write that depends on it, with no other writer between. */
  atomically<T>(work: () => T): T;
}

/** The browsers moderators completed a full login in (known-devices.ts). */
export interface DeviceStore {
  /** The device whose cookie token hashes to `tokenHash`, when it was used after `usedAfter`. */
  findDevice(tokenHash: string, usedAfter: number): KnownDevice | undefined;
  /** Remembers a device; keeps only the `keep` most recently used of that moderator, forgets those unused since `unusedBefore`. */
  addDevice(moderatorId: number, tokenHash: string, now: number, limits: { keep: number; unusedBefore: number }): KnownDevice;
  touchDevice(id: number, now: number): void;
}

export interface ModeratorStore extends ThrottleStore, DeviceStore {
  /** Adds an account; undefined when the e-mail address (case-insensitive) is already taken. */
  add(account: { email: string; passwordHash: string; createdAt: string }): ModeratorAccount | undefined;
  findByEmail(email: string): ModeratorAccount | undefined;
  findById(id: number): ModeratorAccount | undefined;
  /** Every account, by e-mail address. */
  list(): ModeratorAccount[];
  setPasswordHash(id: number, passwordHash: string): void;
  /** Records that the code of time step `step` was used; false when that step or a later one was already used. */
  useTotpStep(id: number, step: number): boolean;
  clearTotpSecret(id: number): void;
  setDisabled(id: number, disabled: boolean): void;
  /** Deletes an account that has done nothing yet; one with recorded decisions must stay for the history. */
  remove(id: number): RemoveResult;
  /** Stores the one enrolment link of a moderator, replacing any earlier one. */
  replaceEnrolmentLink(moderatorId: number, tokenHash: string, now: number, expiresAt: number): void;
  /** The link whose token hashes to `tokenHash`, unless it has expired by `now`. */
  findEnrolmentLink(tokenHash: string, now: number): EnrolmentLink | undefined;
  /** The moderator's enrolment link that has not expired by `now`, if any. */
  enrolmentLinkOf(moderatorId: number, now: number): EnrolmentLink | undefined;
  /**
   * Uses an enrolment link and stores the confirmed TOTP secret with the step of the code that confirmed
   * it, all or nothing; false when the link is gone, the account disabled or set up meanwhile.
   */
  completeEnrolment(tokenHash: string, moderatorId: number, secret: string, step: number, now: number): boolean;
}
