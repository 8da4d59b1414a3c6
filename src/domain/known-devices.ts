// Browsers a moderator completed a full login in. Such a browser carries a long-lived random token (a
// cookie); only the token's SHA-256 is stored. Attempts from a known device are counted against that
// device alone, so a moderator still gets in while someone else hammers their account.
import { createHash, randomBytes } from 'node:crypto';
import type { DeviceStore, KnownDevice } from './moderator-account.js';

/** A device unused this long is forgotten; its next login counts as a new browser's. */
export const DEVICE_LIFETIME_MS = 90 * 24 * 60 * 60_000;
/** Remembered devices per moderator: the least recently used go first. */
export const MAX_DEVICES_PER_MODERATOR = 10;

// 32 random bytes in base64url: 43 characters.
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** The known device behind a cookie token, for any moderator; undefined for a malformed, unknown or forgotten one. */
export function recogniseDevice(moderators: DeviceStore, token: string | undefined, now: Date): KnownDevice | undefined {
  if (token === undefined || !TOKEN_PATTERN.test(token)) return undefined;
  return moderators.findDevice(hashOf(token), now.getTime() - DEVICE_LIFETIME_MS);
}

/** The known device behind a cookie token when it is this moderator's. */
export function deviceOf(moderators: DeviceStore, moderatorId: number, token: string | undefined, now: Date): KnownDevice | undefined {
  const device = recogniseDevice(moderators, token, now);
  return device?.moderatorId === moderatorId ? device : undefined;
}

/**
 * After a full login: the browser's token, kept (and its device marked as used) when it is this
 * moderator's known device already, or a new one for a new device.
 */
export function rememberDevice(moderators: DeviceStore, moderatorId: number, presented: string | undefined, now: Date): string {
  const known = deviceOf(moderators, moderatorId, presented, now);
  if (known && presented !== undefined) {
    moderators.touchDevice(known.id, now.getTime());
    return presented;
  }
  const token = randomBytes(32).toString('base64url');
  moderators.addDevice(moderatorId, hashOf(token), now.getTime(), { keep: MAX_DEVICES_PER_MODERATOR, unusedBefore: now.getTime() - DEVICE_LIFETIME_MS });
  return token;
}
