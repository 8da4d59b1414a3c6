// The export storm of `npm run load -- --export-storm`: full CSV and JSON exports, ten at a time, some
// searches distinct (each its own copy to make) and some repeated (one copy for all), while autocannon
// keeps asking the search API. The search API's latency is measured first alone, then during the storm.
import autocannon from 'autocannon';
import { request } from 'node:http';
import { LIFE_DOMAINS, PROVINCES, THEMES } from '../src/domain/vocabulary.js';
import { QUERY_MIX, queryStringOf } from './queries.js';
import { type LatencySummary, msSince, now, summarise } from './stats.js';

export interface StormOptions {
  readonly url: string;
  /** Seconds of search API traffic alone, before the storm. */
  readonly baselineSeconds: number;
  /** Seconds of search API traffic with the storm. */
  readonly stormSeconds: number;
  /** Exports under way at once. */
  readonly exporters: number;
  /** autocannon connections asking the search API. */
  readonly searchConnections: number;
}

export interface SearchLoad {
  readonly requests: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
}

export interface ExportAnswer {
  readonly path: string;
  readonly status: number;
  readonly ms: number;
  readonly bytes: number;
  /** A 503 that is the documented refusal "too many exports at once" (Retry-After, code export_busy). */
  readonly busy: boolean;
  readonly error?: string;
}

export interface StormResult {
  readonly baseline: SearchLoad;
  readonly storm: SearchLoad;
  readonly exports: readonly ExportAnswer[];
}

const EXPORT_TIMEOUT_MS = 120_000;
// A refused client tries its next export after this, rather than after Retry-After (10 s): the storm
// keeps pushing.
const BUSY_PAUSE_MS = 1_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The exports the storm asks for, in a fixed rotation: the whole catalogue as CSV and as JSON every
 * few requests (repeated: one copy each), between filtered searches (distinct: a copy each to make).
 */
export function stormPaths(): string[] {
  const filters = [
    ...PROVINCES.map((p) => `province=${p.value}`),
    ...THEMES.map((t) => `theme=${t.value}`),
    ...LIFE_DOMAINS.map((d) => `lifeDomain=${d.value}`),
    ...QUERY_MIX.slice(0, 8).map((q) => queryStringOf(q)),
  ];
  const paths: string[] = [];
  filters.forEach((filter, i) => {
    paths.push(i % 2 === 0 ? '/praktijken/export.csv' : '/praktijken/export.json');
    paths.push(`/praktijken/export.csv?${filter}`, `/praktijken/export.json?${filter}`);
  });
  return paths;
}

/** One export, read to the end and thrown away; a 503's body is kept to tell the refusal from an error. */
function fetchExport(url: string, path: string): Promise<ExportAnswer> {
  const start = now();
  return new Promise((resolve) => {
    const req = request(`${url}${path}`, { timeout: EXPORT_TIMEOUT_MS }, (res) => {
      let bytes = 0;
      let head = '';
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (res.statusCode !== 200 && head.length < 4096) head += chunk.toString('utf8');
      });
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const busy = status === 503 && res.headers['retry-after'] !== undefined && (head.includes('"export_busy"') || head.includes('te veel exports'));
        resolve({ path, status, ms: msSince(start), bytes, busy });
      });
      res.on('error', (error) => resolve({ path, status: res.statusCode ?? 0, ms: msSince(start), bytes, busy: false, error: error.message }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ path, status: 0, ms: msSince(start), bytes: 0, busy: false, error: error.message }));
    req.end();
  });
}

async function searchLoad(url: string, seconds: number, connections: number): Promise<SearchLoad> {
  const paths = QUERY_MIX.map((q) => `/api/v1/practices?${queryStringOf(q)}`);
  let k = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[k++ % paths.length] }) }],
  });
  return {
    requests: result.requests.total,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

export async function exportStorm(options: StormOptions): Promise<StormResult> {
  const { url } = options;
  console.log(`search API alone: ${options.baselineSeconds} s at ${options.searchConnections} connections…`);
  const baseline = await searchLoad(url, options.baselineSeconds, options.searchConnections);

  console.log(`export storm: ${options.exporters} exports at once for ${options.stormSeconds} s, the search API at ${options.searchConnections} connections meanwhile…`);
  const paths = stormPaths();
  let next = 0;
  let storming = true;
  const exports: ExportAnswer[] = [];
  const exporter = async () => {
    while (storming) {
      const answer = await fetchExport(url, paths[next++ % paths.length]!);
      exports.push(answer);
      if (answer.busy) await sleep(BUSY_PAUSE_MS);
    }
  };
  const exporters = Array.from({ length: options.exporters }, () => exporter());
  const storm = await searchLoad(url, options.stormSeconds, options.searchConnections);
  storming = false;
  // The exports under way finish: their answers count too.
  await Promise.all(exporters);
  return { baseline, storm, exports };
}

/** Export durations of the answers that carried a whole export, by what was asked. */
export function exportDurations(exports: readonly ExportAnswer[]): { whole: LatencySummary; filtered: LatencySummary } {
  const ok = exports.filter((e) => e.status === 200);
  const whole = ok.filter((e) => !e.path.includes('?'));
  const filtered = ok.filter((e) => e.path.includes('?'));
  return { whole: summarise(whole.map((e) => e.ms)), filtered: summarise(filtered.map((e) => e.ms)) };
}
