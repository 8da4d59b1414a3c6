// Child processes of the benchmark: the import command, the measuring scripts, and the real app
// started as in production, polled until /healthz answers, then loaded with autocannon.
import autocannon from 'autocannon';
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { RESULT_MARKER, memoryOf, msSince, now, type Memory } from './stats.js';
import { ROOT } from './vocabulary.js';

const BASE_ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LANG: 'C.UTF-8' };
/** Production refuses to start without naming its operator (OPERATOR_* in src/config.ts). */
export const BENCH_OPERATOR = { OPERATOR_NAME: 'Praktijkbank (meting)', OPERATOR_ADDRESS: 'Meetstraat 1, 0000 Meetgemeente', OPERATOR_EMAIL: 'meting@praktijkbank.invalid' };

/** Keeps the last part of a stream, for error messages; a child writing a lot must never block on its pipe. */
function tail(stream: NodeJS.ReadableStream | null, keep = 20_000): () => string {
  let text = '';
  stream?.on('data', (d: Buffer) => (text = (text + d.toString()).slice(-keep)));
  return () => text;
}

export interface ChildRun<T> {
  readonly result: T;
  readonly wallMs: number;
  readonly stdout: string;
}

/** Runs `node [nodeArgs] --import tsx SCRIPT args` and returns the result it reported (or its output). */
export function runNode<T>(script: string, args: readonly string[], options: { env?: Record<string, string>; nodeArgs?: readonly string[]; expectResult?: boolean } = {}): Promise<ChildRun<T>> {
  const start = now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: { ...BASE_ENV, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const stderr = tail(child.stderr);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const wallMs = msSince(start);
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
      if (code !== 0 || (options.expectResult !== false && !line)) {
        reject(new Error(`${script} ${args.join(' ')} stopped (code ${code}, signal ${signal}):\n${stderr().slice(-3000)}${stdout.slice(-2000)}`));
        return;
      }
      resolve({ result: (line ? JSON.parse(line.slice(RESULT_MARKER.length)) : undefined) as T, wallMs, stdout });
    });
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningApp {
  readonly pid: number;
  readonly url: string;
  /** From spawning `node` until GET /healthz first answered 200 with status "ok". */
  readonly startupMs: number;
  memory(): Memory;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the production build (dist/main.js, made by npm run build) as production would (NODE_ENV=production, a session secret, a public address, no seeding) on a free port. */
export async function startApp(databasePath: string, timeoutMs = 600_000): Promise<RunningApp> {
  const port = await freePort();
  const start = now();
  const child: ChildProcess = spawn(process.execPath, ['dist/main.js'], {
    cwd: ROOT,
    env: {
      ...BASE_ENV,
      NODE_ENV: 'production',
      SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0000',
      // Production requires the public address; every absolute URL is built from it.
      PUBLIC_URL: 'https://praktijkbank.example',
      ...BENCH_OPERATOR,
      DATABASE_PATH: databasePath,
      SEED_CATALOGUE: 'false',
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout = tail(child.stdout);
  const stderr = tail(child.stderr);
  let exited: string | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = `code ${code}, signal ${signal}`;
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (exited) throw new Error(`the app stopped before it was healthy (${exited}):\n${stderr().slice(-3000)}${stdout().slice(-1000)}`);
    if (msSince(start) > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`the app was not healthy within ${timeoutMs / 1000} s`);
    }
    try {
      const response = await fetch(`${url}/healthz`);
      const body = (await response.json()) as { status?: string };
      if (response.ok && body.status === 'ok') break;
    } catch {
      // Not listening yet.
    }
    await sleep(20);
  }
  const startupMs = msSince(start);
  const pid = child.pid as number;
  return {
    pid,
    url,
    startupMs,
    memory: () => memoryOf(pid),
    stop: async () => {
      if (exited) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(killer);
    },
  };
}

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
}

/** Latencies of one set of addresses, gathered over one or more autocannon runs. */
class LoadTally {
  private readonly latencies: number[] = [];
  private seconds = 0;
  private non2xx = 0;
  private errors = 0;

  /** One run of `seconds` at `connections` connections, cycling through the paths; every answer's latency is kept. */
  async run(url: string, paths: readonly string[], seconds: number, connections: number): Promise<void> {
    let k = 0;
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url,
          connections,
          duration: seconds,
          requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: paths[k++ % paths.length] }) }],
        },
        (error, finished) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(finished)),
      );
      instance.on('response', (_client, _status, _bytes, responseTimeMs) => this.latencies.push(responseTimeMs));
    });
    this.seconds += seconds;
    this.non2xx += result.non2xx;
    this.errors += result.errors;
  }

  result(): LoadResult {
    const sorted = Float64Array.from(this.latencies).sort();
    const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
    return {
      requestsPerSecond: sorted.length / this.seconds,
      p50Ms: at(50),
      p99Ms: at(99),
      maxMs: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
      requests: sorted.length,
      non2xx: this.non2xx,
      errors: this.errors,
    };
  }
}

/** autocannon at `connections` connections for `seconds`, cycling through the paths. */
export async function loadTest(url: string, paths: readonly string[], seconds: number, connections = 50): Promise<LoadResult> {
  const tally = new LoadTally();
  await tally.run(url, paths, seconds, connections);
  return tally.result();
}

/**
 * Sets of addresses measured in turns, so that they can be compared: `seconds` for each set in all,
 * in `rounds` slices, the order of the sets reversed every other round. This machine's speed drifts
 * by a third within minutes; one set measured after the other would carry that drift into their
 * ratio, taken in turns both share it. Throughput and percentiles are over all answers of a set.
 */
export async function loadInTurns<K extends string>(
  url: string,
  sets: Readonly<Record<K, readonly string[]>>,
  seconds: number,
  { rounds = 4, connections = 50 }: { rounds?: number; connections?: number } = {},
): Promise<Record<K, LoadResult>> {
  const names = Object.keys(sets) as K[];
  const tallies = new Map(names.map((name) => [name, new LoadTally()]));
  for (let round = 0; round < rounds; round++) {
    for (const name of round % 2 === 0 ? names : [...names].reverse()) await tallies.get(name)!.run(url, sets[name], seconds / rounds, connections);
  }
  return Object.fromEntries(names.map((name) => [name, tallies.get(name)!.result()])) as Record<K, LoadResult>;
}
