// When a practice was last checked, and whether that is recent (issue 14, point 5): a practice not
// confirmed for 18 months is shown as "niet recent nagekeken". Pure; imports only the record's type,
// so the facets, the presenters and the yearly check share one definition.
import type { Practice } from './practice.js';

/** A practice not checked for this many months is "niet recent nagekeken". */
export const RECENTLY_VERIFIED_MONTHS = 18;
/** The yearly check asks again this many months after the last check (or the last question). */
export const CHECK_EVERY_MONTHS = 12;

/** The moment `months` calendar months before `moment` (UTC). */
export function monthsBefore(moment: Date, months: number): Date {
  const earlier = new Date(moment.getTime());
  earlier.setUTCMonth(earlier.getUTCMonth() - months);
  return earlier;
}

/** The last time someone checked the practice: its last confirmation, else its publication. */
export function lastCheckOf(practice: Pick<Practice, 'lastVerifiedAt' | 'publishedAt'>): string | undefined {
  return practice.lastVerifiedAt ?? practice.publishedAt;
}

/** Whether the practice was checked within the last 18 months as at `asOf`; a practice never published or checked counts as not recent. */
export function recentlyVerified(practice: Pick<Practice, 'lastVerifiedAt' | 'publishedAt'>, asOf: Date): boolean {
  const last = lastCheckOf(practice);
  return last !== undefined && last >= monthsBefore(asOf, RECENTLY_VERIFIED_MONTHS).toISOString();
}
