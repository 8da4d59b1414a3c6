// Numbers the benchmark reports: percentiles, timing, and the memory of a process read from /proc.
import { readFileSync } from 'node:fs';

/** The p-th percentile (0–100) of the values, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export function summarise(values: readonly number[]): LatencySummary {
  return { count: values.length, p50: percentile(values, 50), p99: percentile(values, 99), max: values.length ? Math.max(...values) : Number.NaN };
}

/** Milliseconds since an hrtime mark. */
export const msSince = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
export const now = () => process.hrtime.bigint();

export interface Memory {
  /** Resident memory now, MB. */
  readonly rssMb: number;
  /** Peak resident memory of the process so far, MB. */
  readonly peakMb: number;
}

/** VmRSS and VmHWM of a process (default: this one) from /proc; the resource usage where there is no /proc. */
export function memoryOf(pid: number | 'self' = 'self'): Memory {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    if (pid !== 'self') return { rssMb: Number.NaN, peakMb: Number.NaN };
    return { rssMb: process.memoryUsage().rss / 2 ** 20, peakMb: process.resourceUsage().maxRSS / 1024 };
  }
}

/** A child process reports its measurements as one line starting with this marker. */
export const RESULT_MARKER = 'BENCH_RESULT ';

export function reportResult(result: unknown): void {
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
}
