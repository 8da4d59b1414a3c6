// Work that happens on the clock rather than on a request (issue 14): the moderators' daily digest, the
// yearly "Klopt uw praktijk nog?". The services run every job every few minutes; a job decides for
// itself whether anything is due, so running it twice, or after a restart, sends nothing twice.

export interface ScheduledJob {
  /** For the log: 'moderator_digest', 'yearly_check', ... */
  readonly name: string;
  /** Does what is due at `now`, in its own transactions (mail goes through the outbox). */
  run(now: Date): void;
}

/** How often the jobs are looked at: often enough that a digest promised "in the morning" comes in the morning. */
export const SCHEDULED_JOBS_EVERY_MS = 5 * 60_000;

/** Runs every job once; one failing job does not stop the others. Returns the jobs that failed, with their error. */
export function runScheduledJobs(jobs: readonly ScheduledJob[], now: Date): { readonly name: string; readonly error: unknown }[] {
  const failed: { name: string; error: unknown }[] = [];
  for (const job of jobs) {
    try {
      job.run(now);
    } catch (error) {
      failed.push({ name: job.name, error });
    }
  }
  return failed;
}
