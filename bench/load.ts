// The load run of docs/operations.md: the production build (node dist/main.js, NODE_ENV=production)
// over a catalogue of 1,000 generated practices, 60 s of mixed traffic at 50 connections (search
// pages, practice pages, the API, statistics, a feed, small exports) while a few people submit a
// practice through the real form. It counts every answer by status and fails on any 5xx or error.
// With --export-storm it runs the export storm instead (bench/export-storm.ts), at 10,000 practices.
import autocannon from 'autocannon';
import { execFileSync, spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, practiceAt, writeCorpus } from './corpus.js';
import { type StormResult, exportDurations, exportStorm } from './export-storm.js';
import { BENCH_OPERATOR, freePort } from './processes.js';
import { QUERY_MIX, queryStringOf } from './queries.js';
import { type LatencySummary, memoryOf, summarise } from './stats.js';
import { loadVocabulary, ROOT } from './vocabulary.js';

/** The search API's p99 during the export storm must stay under this. */
const STORM_P99_LIMIT_MS = 250;

const USAGE = `npm run load [-- options]
  Mixed traffic (the default): the production build under autocannon, with submissions through the form.
    --seconds S          60     duration
    --connections C      50     autocannon connections
    --size N             1000   generated practices
    --submissions K      10     people submitting through the form meanwhile
    Writes its figures into docs/operations.md. Fails on any 5xx but the documented 503 of a busy
    export, any connection error, timeout, logged error or lost submission.
  --export-storm: ten exports at once (CSV and JSON, distinct and repeated searches) while the search API
  is asked at a steady rate; its latency is measured alone first, then during the storm.
    --size N                 10000  generated practices
    --exporters E            10     exports under way at once
    --storm-seconds S        30     duration of the storm
    --baseline-seconds S     10     search API alone, before it
    --search-connections C   10     autocannon connections asking the search API
    Writes its figures into docs/performance.md. Fails when the search API's p99 during the storm is over
    ${STORM_P99_LIMIT_MS} ms, or an export answers a 5xx other than the documented 503 "too many exports at once" (those
    are counted apart), or on any connection error, timeout or logged error.
  --no-write   print the figures only
  --help       this text`;

const { values: options } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    connections: { type: 'string', default: '50' },
    size: { type: 'string' },
    submissions: { type: 'string', default: '10' },
    'export-storm': { type: 'boolean', default: false },
    exporters: { type: 'string', default: '10' },
    'storm-seconds': { type: 'string', default: '30' },
    'baseline-seconds': { type: 'string', default: '10' },
    'search-connections': { type: 'string', default: '10' },
    'no-write': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
const STORM = options['export-storm'];
const SECONDS = Number(options.seconds);
const CONNECTIONS = Number(options.connections);
const SIZE = Number(options.size ?? (STORM ? 10_000 : 1_000));
const SUBMISSIONS = Number(options.submissions);

const PROXY_HEADERS = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.7' };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function npm(args: string[], env: Record<string, string> = {}): void {
  execFileSync('npm', args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...env } });
}

/** The traffic mix: what each request is, by weight; paths are drawn in a fixed rotation. */
function trafficMix(): { label: string; paths: string[]; weight: number }[] {
  const vocabulary = loadVocabulary();
  const slugs = Array.from({ length: 200 }, (_, i) => practiceAt((i * 37) % SIZE, DEFAULT_SEED, vocabulary).slug);
  const searches = QUERY_MIX.map((q) => `?${queryStringOf(q)}`);
  return [
    { label: 'zoekpagina', paths: searches.map((s) => `/praktijken${s}`), weight: 35 },
    { label: 'praktijkpagina', paths: slugs.map((s) => `/praktijken/${s}`), weight: 20 },
    { label: 'API zoeken', paths: searches.map((s) => `/api/v1/practices${s}`), weight: 20 },
    { label: 'API praktijk', paths: slugs.map((s) => `/api/v1/practices/${s}`), weight: 10 },
    { label: 'pagina’s', paths: ['/', '/over', '/cijfers', '/api', '/open-data', '/privacy'], weight: 8 },
    { label: 'feed en export', paths: ['/praktijken/feed?theme=armoedebestrijding', '/praktijken/export.csv?municipality=11002', '/praktijken/export.json?lifeDomain=wonen&province=limburg'], weight: 7 },
  ];
}

function rotation(mix: ReturnType<typeof trafficMix>): string[] {
  const out: string[] = [];
  const cursor = mix.map(() => 0);
  for (let round = 0; round < 100; round++) {
    mix.forEach((kind, k) => {
      for (let w = 0; w < kind.weight; w++) out.push(kind.paths[cursor[k]!++ % kind.paths.length]!);
    });
  }
  return out;
}

/** One person submitting through the form: GET, review, confirm; true when it reached the status page. */
async function submitOnce(url: string, n: number): Promise<{ ok: boolean; status: number }> {
  const form = await fetch(`${url}/indienen`, { headers: PROXY_HEADERS });
  const cookie = (form.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const html = await form.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const fields = new URLSearchParams({
    _csrf: csrf,
    title: `Belastingtest inzending ${n} ${Date.now()}`,
    summary: 'Een inzending van de belastingtest: een buurtwerking die mensen met een laag inkomen samenbrengt.',
    aanpak: 'Het sociaal huis werkt samen met vrijwilligers.',
    scale: 'lokaal',
    municipalities: '11002',
    themes: 'armoedebestrijding',
    targetGroups: 'mensen-in-armoede',
    contactOrganisation: 'Gemeente Belastingtest',
    contactEmail: 'belastingtest@praktijkbank.test',
    step: 'review',
  });
  const post = (body: URLSearchParams) =>
    fetch(`${url}/indienen`, { method: 'POST', redirect: 'manual', headers: { ...PROXY_HEADERS, cookie, 'content-type': 'application/x-www-form-urlencoded' }, body });
  const review = await post(fields);
  const reviewHtml = await review.text();
  const token = /name="token" value="([^"]+)"/.exec(reviewHtml)?.[1];
  if (review.status !== 200 || !token) return { ok: false, status: review.status };
  fields.set('step', 'confirm');
  fields.set('token', token);
  const confirm = await post(fields);
  await confirm.arrayBuffer();
  return { ok: confirm.status === 303 && (confirm.headers.get('location') ?? '').startsWith('/indienen/status/'), status: confirm.status };
}

/** What the app wrote on stdout: every line counted, errors apart, and the export events. */
interface AppLog {
  lines: number;
  /** Lines at level error or fatal (the documented 503 "too many exports" is a warning). */
  errors: number;
  /** Request lines of that 503, written at level warn. */
  busyAnswers: number;
  /** `export_busy` events: refusals by the export cache. */
  busyEvents: number;
  builds: { format: string; ms: number; bytes: number }[];
}

interface LogLine {
  level?: number;
  event?: string;
  format?: string;
  ms?: number;
  bytes?: number;
  req?: { url?: string };
  res?: { statusCode?: number };
  err?: { message?: string };
}

function appLogOf(stdout: NodeJS.ReadableStream): AppLog {
  const log: AppLog = { lines: 0, errors: 0, busyAnswers: 0, busyEvents: 0, builds: [] };
  let partial = '';
  stdout.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line) continue;
      log.lines++;
      let entry: LogLine;
      try {
        entry = JSON.parse(line) as LogLine;
      } catch {
        continue;
      }
      if (entry.event === 'export_built') log.builds.push({ format: entry.format ?? '', ms: entry.ms ?? 0, bytes: entry.bytes ?? 0 });
      if (entry.event === 'export_busy') log.busyEvents++;
      // The documented 503 of a busy export is a refusal by design, logged as a warning.
      if (entry.res?.statusCode === 503 && (entry.level ?? 0) === 40 && /^\/praktijken\/export\./.test(entry.req?.url ?? '')) log.busyAnswers++;
      if ((entry.level ?? 0) >= 50) log.errors++;
    }
  });
  return log;
}

async function main(): Promise<void> {
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'praktijkbank-load-'));
  try {
    console.log('building the production build (npm run build)…');
    npm(['run', 'build', '--silent']);
    const corpus = join(work, 'corpus.json');
    const databasePath = join(work, 'praktijkbank.sqlite');
    console.log(`importing ${SIZE} generated practices…`);
    await writeCorpus(corpus, SIZE);
    npm(['run', 'import', '--silent', '--', corpus], { DATABASE_PATH: databasePath, SEED_CATALOGUE: 'false' });

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const app = spawn(process.execPath, ['dist/main.js'], {
      cwd: ROOT,
      // As behind nginx with TLS (docs/operations.md): the proxy on loopback says the request came over HTTPS,
      // so the Secure session cookie of the submission form is set.
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        SESSION_SECRET: 'load-run-secret-load-run-secret-0123456789',
        PUBLIC_URL: 'https://praktijkbank.example',
        ...BENCH_OPERATOR,
        DATABASE_PATH: databasePath,
        SEED_CATALOGUE: 'false',
        TRUST_PROXY: 'loopback',
        PORT: String(port),
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const appLog = appLogOf(app.stdout);
    let stderr = '';
    app.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Healthy means the search index is built too (a large catalogue builds it in the background).
    for (let i = 0; ; i++) {
      if (i > 6000) throw new Error(`the app did not become healthy:\n${stderr}`);
      try {
        const health = await fetch(`${url}/healthz`);
        if (health.ok && ((await health.json()) as { status?: string }).status === 'ok') break;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }

    const stop = async () => {
      const memory = memoryOf(app.pid);
      app.kill('SIGTERM');
      await new Promise((resolve) => app.once('exit', resolve));
      return memory;
    };
    if (STORM) await runStorm(url, appLog, stop);
    else await runMixed(url, appLog, stop);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

type Stop = () => Promise<{ rssMb: number; peakMb: number }>;

async function runMixed(url: string, appLog: AppLog, stop: Stop): Promise<void> {
  const paths = rotation(trafficMix());
  let k = 0;
  console.log(`${SECONDS} s of mixed traffic at ${CONNECTIONS} connections, ${SUBMISSIONS} submissions meanwhile…`);
  const submissions = (async () => {
    const results: { ok: boolean; status: number }[] = [];
    for (let n = 0; n < SUBMISSIONS; n++) {
      await sleep((SECONDS * 1000) / (SUBMISSIONS + 1));
      results.push(await submitOnce(url, n));
    }
    return results;
  })();
  const load = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: PROXY_HEADERS,
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: paths[k++ % paths.length] }) }],
  });
  const submitted = await submissions;
  const memory = await stop();

  const byStatus = Object.fromEntries(Object.entries(load.statusCodeStats ?? {}).map(([code, s]) => [code, (s as { count: number }).count]));
  const all5xx = Object.entries(byStatus).filter(([code]) => code.startsWith('5')).reduce((n, [, c]) => n + c, 0);
  // The documented 503 of a busy export is counted apart; autocannon cannot read bodies, the app's log can.
  const exportsBusy = Math.min(byStatus['503'] ?? 0, appLog.busyAnswers);
  const submissionsOk = submitted.filter((s) => s.ok).length;
  const run = {
    date: new Date().toISOString().slice(0, 10),
    machine: machine(),
    seconds: SECONDS,
    connections: CONNECTIONS,
    size: SIZE,
    requests: load.requests.total,
    rps: Math.round(load.requests.average),
    p50: load.latency.p50,
    p99: load.latency.p99,
    max: load.latency.max,
    byStatus,
    errors: load.errors,
    timeouts: load.timeouts,
    fiveHundreds: all5xx - exportsBusy,
    exportsBusy,
    submissionsOk,
    submissions: submitted.length,
    submissionStatuses: submitted.map((s) => s.status),
    logLines: appLog.lines,
    errorLines: appLog.errors,
    rssMb: Math.round(memory.rssMb),
    peakMb: Math.round(memory.peakMb),
  };
  console.log(JSON.stringify(run, null, 2));
  if (!options['no-write']) writeFigures(run);
  const failed = run.fiveHundreds > 0 || run.errors > 0 || run.timeouts > 0 || run.errorLines > 0 || run.submissionsOk !== run.submissions;
  if (failed) {
    console.error('FAILED: 5xx answers, errors, timeouts, logged errors or a lost submission (see above).');
    process.exitCode = 1;
  }
}

async function runStorm(url: string, appLog: AppLog, stop: Stop): Promise<void> {
  const result: StormResult = await exportStorm({
    url,
    baselineSeconds: Number(options['baseline-seconds']),
    stormSeconds: Number(options['storm-seconds']),
    exporters: Number(options.exporters),
    searchConnections: Number(options['search-connections']),
  });
  const memory = await stop();
  const { exports } = result;
  const durations = exportDurations(exports);
  const buildMs = summarise(appLog.builds.map((b) => b.ms));
  const largestBuilds = [...appLog.builds].sort((a, b) => b.bytes - a.bytes).slice(0, 4);
  const run = {
    date: new Date().toISOString().slice(0, 10),
    machine: machine(),
    size: SIZE,
    exporters: Number(options.exporters),
    stormSeconds: Number(options['storm-seconds']),
    baselineSeconds: Number(options['baseline-seconds']),
    searchConnections: Number(options['search-connections']),
    searchAlone: result.baseline,
    searchDuringStorm: result.storm,
    exports: {
      answered: exports.length,
      whole: exports.filter((e) => e.status === 200).length,
      busy503: exports.filter((e) => e.busy).length,
      other5xx: exports.filter((e) => e.status >= 500 && !e.busy).length,
      otherStatuses: exports.filter((e) => e.status !== 200 && !e.busy).map((e) => `${e.status} ${e.path}${e.error ? ` (${e.error})` : ''}`),
      megabytes: Math.round(exports.reduce((n, e) => n + e.bytes, 0) / 2 ** 20),
      wholeCatalogueMs: durations.whole,
      filteredMs: durations.filtered,
    },
    builds: {
      count: appLog.builds.length,
      ms: buildMs,
      largest: largestBuilds.map((b) => `${b.format} ${Math.round(b.bytes / 2 ** 20)} MB in ${b.ms} ms`),
    },
    busyEventsLogged: appLog.busyEvents,
    logLines: appLog.lines,
    errorLines: appLog.errors,
    rssMb: Math.round(memory.rssMb),
    peakMb: Math.round(memory.peakMb),
  };
  console.log(JSON.stringify(run, null, 2));
  if (!options['no-write']) writeStormFigures(run);
  const problems = [
    run.searchDuringStorm.p99 > STORM_P99_LIMIT_MS && `search API p99 during the storm ${run.searchDuringStorm.p99} ms > ${STORM_P99_LIMIT_MS} ms`,
    run.exports.other5xx > 0 && `${run.exports.other5xx} exports answered a 5xx other than the documented 503`,
    exports.some((e) => e.error !== undefined) && 'an export failed (connection error or timeout)',
    run.searchDuringStorm.errors + run.searchDuringStorm.timeouts + run.searchAlone.errors + run.searchAlone.timeouts > 0 && 'search API errors or timeouts',
    run.searchDuringStorm.non2xx + run.searchAlone.non2xx > 0 && 'search API answers other than 2xx',
    run.errorLines > 0 && `${run.errorLines} errors logged`,
  ].filter((p) => p !== false);
  if (problems.length > 0) {
    console.error(`FAILED: ${problems.join('; ')}`);
    process.exitCode = 1;
  }
}

function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

type Run = Record<string, unknown> & { byStatus: Record<string, number> };

/** Puts the figures between the markers in docs/operations.md, so the document always shows the last run. */
function writeFigures(run: Run): void {
  const file = join(ROOT, 'docs', 'operations.md');
  const text = readFileSync(file, 'utf8');
  const start = '<!-- load-run:start -->';
  const end = '<!-- load-run:end -->';
  const statuses = Object.entries(run.byStatus)
    .map(([code, count]) => `${code}: ${count.toLocaleString('en')}`)
    .join(', ');
  const table = `${start}
Last run: ${String(run.date)}, ${String(run.machine)}; \`npm run load\`.

| measure | value |
|---|---|
| duration, connections | ${String(run.seconds)} s, ${String(run.connections)} |
| catalogue | ${String(run.size)} generated practices |
| requests | ${Number(run.requests).toLocaleString('en')} (${String(run.rps)} per second) |
| latency p50 / p99 / max | ${String(run.p50)} / ${String(run.p99)} / ${String(run.max)} ms |
| answers by status | ${statuses} |
| 5xx answers, connection errors, timeouts | ${String(run.fiveHundreds)}, ${String(run.errors)}, ${String(run.timeouts)} (and ${String(run.exportsBusy)} documented 503s of a busy export) |
| submissions through the form | ${String(run.submissionsOk)} of ${String(run.submissions)} stored (status ${(run.submissionStatuses as number[]).join(', ')}) |
| log lines written, of which errors | ${Number(run.logLines).toLocaleString('en')}, ${String(run.errorLines)} |
| resident memory at the end / peak | ${String(run.rssMb)} / ${String(run.peakMb)} MB |
${end}`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < 0) throw new Error(`docs/operations.md has no ${start} … ${end} markers`);
  writeFileSync(file, text.slice(0, from) + table + text.slice(to + end.length));
}

type StormRun = Record<string, unknown> & {
  searchAlone: { p50: number; p99: number; max: number; rps: number; requests: number };
  searchDuringStorm: { p50: number; p99: number; max: number; rps: number; requests: number };
  exports: { answered: number; whole: number; busy503: number; other5xx: number; megabytes: number; wholeCatalogueMs: LatencySummary; filteredMs: LatencySummary };
  builds: { count: number; ms: LatencySummary; largest: string[] };
};

/**
 * Puts the storm's figures between their markers in docs/performance.md, or at its end when they are
 * missing (npm run bench writes that file anew), so it always shows the last storm.
 */
function writeStormFigures(run: StormRun): void {
  const file = join(ROOT, 'docs', 'performance.md');
  const text = readFileSync(file, 'utf8');
  const start = '<!-- export-storm:start -->';
  const end = '<!-- export-storm:end -->';
  const ms = (s: LatencySummary) => (s.count === 0 ? '—' : `${Math.round(s.p50).toLocaleString('en')} / ${Math.round(s.p99).toLocaleString('en')} / ${Math.round(s.max).toLocaleString('en')} ms`);
  const section = `${start}
## Export storm

Written by \`npm run load -- --export-storm\` (bench/load.ts, bench/export-storm.ts); last run ${String(run.date)},
${String(run.machine)}. The production build over ${Number(run.size).toLocaleString('en')} generated practices: first
${String(run.baselineSeconds)} s of search API requests alone (\`/api/v1/practices?q=…\`, ${String(run.searchConnections)} connections), then
${String(run.stormSeconds)} s of the same with ${String(run.exporters)} exports under way at once (CSV and JSON of the whole catalogue, repeated,
between filtered searches, each its own copy). A client refused with the 503 "too many exports" tries its
next export after 1 s. Exports are made once per search and catalogue version into a copy on disk, at
most 2 at once, and streamed from there, at most 16 at once (src/http/export-cache.ts).

Before the copies (each request made its export itself, streamed as it was made), the same storm on the
same machine on 2026-12-01 took the search API from p50 17 / p99 52 ms alone to p50 2,403 / p99 4,405 ms
at 4 requests per second: every request waited behind the exports being made.

| measure | value |
|---|---|
| search API alone: p50 / p99 / max, requests per second | ${String(run.searchAlone.p50)} / ${String(run.searchAlone.p99)} / ${String(run.searchAlone.max)} ms, ${String(run.searchAlone.rps)} |
| search API during the storm: p50 / p99 / max, requests per second | ${String(run.searchDuringStorm.p50)} / ${String(run.searchDuringStorm.p99)} / ${String(run.searchDuringStorm.max)} ms, ${String(run.searchDuringStorm.rps)} (limit: p99 ${String(STORM_P99_LIMIT_MS)} ms) |
| exports answered: whole / 503 too many at once / other 5xx | ${String(run.exports.answered)}: ${String(run.exports.whole)} / ${String(run.exports.busy503)} / ${String(run.exports.other5xx)} |
| exports sent | ${Number(run.exports.megabytes).toLocaleString('en')} MB |
| export duration (request to last byte), whole catalogue: p50 / p99 / max (count) | ${ms(run.exports.wholeCatalogueMs)} (${String(run.exports.wholeCatalogueMs.count)}) |
| export duration (request to last byte), filtered searches: p50 / p99 / max (count) | ${ms(run.exports.filteredMs)} (${String(run.exports.filteredMs.count)}) |
| copies made: count, build time p50 / p99 / max | ${String(run.builds.count)}, ${ms(run.builds.ms)} |
| largest copies made | ${run.builds.largest.join('; ')} |
| errors logged | ${String(run.errorLines)} |
| app resident memory at the end / peak | ${String(run.rssMb)} / ${String(run.peakMb)} MB |
${end}`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  const updated = from >= 0 && to > from ? text.slice(0, from) + section + text.slice(to + end.length) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, updated);
}

await main();
