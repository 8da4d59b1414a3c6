// Slowing down guessing instead of locking accounts. After a few failed attempts against a subject (an
// address typed in the login form, a client address, a known device, the code step of an account),
// the next attempt is not even checked until a delay has passed; the delay doubles with every further
// failure, up to a cap. No one can lock an account this way, and nothing here depends on whether an
// account exists: an address typed in the form is counted alike with or without one.
import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { ThrottleStore } from './moderator-account.js';

export type ThrottleSubject =
  /** The address typed in the login form, normalised, whether or not an account has it. */
  | { readonly kind: 'account'; readonly email: string }
  /** The client's IP address (an IPv6 address by its /64 network, which one client usually holds whole). */
  | { readonly kind: 'address'; readonly address: string | undefined }
  /** A browser the moderator logged in from before: attempts from it are counted only against it. */
  | { readonly kind: 'device'; readonly deviceId: number }
  /** The second-factor step of an account, reached only with its password. */
  | { readonly kind: 'code'; readonly moderatorId: number };

export interface ThrottlePolicy {
  /** Failures that cost nothing: a few typos. */
  readonly freeFailures: number;
  /** The wait after the first failure beyond the free ones; it doubles with each further failure. */
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  /** Failures are forgotten this long after the last one. */
  readonly forgetAfterMs: number;
}

const PER_ACCOUNT: ThrottlePolicy = { freeFailures: 5, firstDelayMs: 1_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 24 * 60 * 60_000 };

export const THROTTLE_POLICIES: Readonly<Record<ThrottleSubject['kind'], ThrottlePolicy>> = {
  account: PER_ACCOUNT,
  device: PER_ACCOUNT,
  code: PER_ACCOUNT,
  // Colleagues behind one office address share it: many more free failures, a shorter cap, forgotten sooner.
  address: { freeFailures: 30, firstDelayMs: 1_000, maxDelayMs: 5 * 60_000, forgetAfterMs: 60 * 60_000 },
};

/** How long after the last of `failures` failures the next attempt must wait: nothing, then 1 s, 2 s, 4 s... up to the cap. */
export function delayAfter(failures: number, policy: ThrottlePolicy): number {
  if (failures <= policy.freeFailures) return 0;
  // The exponent is bounded so the power stays a finite number however many failures there were.
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.min(failures - policy.freeFailures - 1, 40));
}

/** The client address a throttle counts by: an IPv4 address (also when mapped into IPv6), or an IPv6 /64 network. */
export function clientAddressKey(address: string | undefined): string {
  if (address === undefined || address === '') return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (!isIPv6(address)) return address;
  const [head = '', tail] = address.toLowerCase().split('%')[0]!.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  // A trailing dotted IPv4 part ('::ffff:0:1.2.3.4') stands for two groups.
  const tailLength = tailGroups.length + (tailGroups.at(-1)?.includes('.') ? 1 : 0);
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(Math.max(0, 8 - headGroups.length - tailLength)).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

function subjectName(subject: ThrottleSubject): string {
  switch (subject.kind) {
    case 'account':
      return `account:${subject.email}`;
    case 'address':
      return `address:${clientAddressKey(subject.address)}`;
    case 'device':
      return `device:${subject.deviceId}`;
    case 'code':
      return `code:${subject.moderatorId}`;
  }
}

/** The key a subject is stored under: a hash, so no e-mail or IP address is kept in the clear. */
export function throttleKey(subject: ThrottleSubject): string {
  return createHash('sha256').update(subjectName(subject)).digest('hex');
}

/** Milliseconds until an attempt against all of these subjects may be checked; 0 when it may be now. */
export function throttleWait(moderators: ThrottleStore, subjects: readonly ThrottleSubject[], now: Date): number {
  const policies = new Map(subjects.map((s) => [throttleKey(s), THROTTLE_POLICIES[s.kind]]));
  let wait = 0;
  for (const count of moderators.throttleCounts([...policies.keys()], now.getTime())) {
    const policy = policies.get(count.key);
    if (policy) wait = Math.max(wait, count.lastFailureAt + delayAfter(count.failures, policy) - now.getTime());
  }
  return wait;
}

/**
 * Claims an attempt: unless it must wait (the answer is then how long, in ms), it is counted as a
 * failure at once, before the slow password check, so that attempts sent in parallel are slowed down
 * exactly like attempts sent one after the other. A claimed attempt that succeeds is given back with
 * releaseAttempt. Answers 0 when the attempt may go ahead.
 */
export function claimAttempt(moderators: ThrottleStore, subjects: readonly ThrottleSubject[], now: Date): number {
  return moderators.atomically(() => {
    const wait = throttleWait(moderators, subjects, now);
    if (wait === 0) recordFailedAttempt(moderators, subjects, now);
    return wait;
  });
}

/** Gives back a claimed attempt that turned out right: it is no failure. */
export function releaseAttempt(moderators: ThrottleStore, subjects: readonly ThrottleSubject[]): void {
  moderators.releaseThrottleFailures(subjects.map(throttleKey));
}

/** Counts a failed attempt against every subject. */
export function recordFailedAttempt(moderators: ThrottleStore, subjects: readonly ThrottleSubject[], now: Date): void {
  moderators.recordThrottleFailures(
    subjects.map((s) => ({ key: throttleKey(s), forgetAt: now.getTime() + THROTTLE_POLICIES[s.kind].forgetAfterMs })),
    now.getTime(),
  );
}

/** Forgets the failures counted against these subjects. */
export function forgetFailedAttempts(moderators: ThrottleStore, subjects: readonly ThrottleSubject[]): void {
  moderators.clearThrottle(subjects.map(throttleKey));
}
