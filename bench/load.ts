// The load run of docs/operations.md: the production build (node dist/main.js, NODE_ENV=production)
// over a catalogue of 1,000 generated practices, 60 s of mixed traffic at 50 connections (search
// pages, practice pages, the API, statistics, a feed, small exports) while a few people submit a
// practice through the real form. It counts every answer by status and fails on any 5xx or error.
//   npm run load                 60 s, writes the figures into docs/operations.md
//   npm run load -- --seconds 10 --no-write
import autocannon from 'autocannon';
import { execFileSync, spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, practiceAt, writeCorpus } from './corpus.js';
import { freePort } from './processes.js';
import { QUERY_MIX, queryStringOf } from './queries.js';
import { memoryOf } from './stats.js';
import { loadVocabulary, ROOT } from './vocabulary.js';

const { values: options } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    connections: { type: 'string', default: '50' },
    size: { type: 'string', default: '1000' },
    submissions: { type: 'string', default: '10' },
    'no-write': { type: 'boolean', default: false },
  },
});
const SECONDS = Number(options.seconds);
const CONNECTIONS = Number(options.connections);
const SIZE = Number(options.size);
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

async function main(): Promise<void> {
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
        DATABASE_PATH: databasePath,
        SEED_CATALOGUE: 'false',
        TRUST_PROXY: 'loopback',
        PORT: String(port),
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logLines = 0;
    let errorLines = 0;
    let stderr = '';
    app.stdout.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) {
        if (!line) continue;
        logLines++;
        if (line.includes('"level":50') || line.includes('"level":60')) errorLines++;
      }
    });
    app.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    for (let i = 0; ; i++) {
      if (i > 600) throw new Error(`the app did not become healthy:\n${stderr}`);
      try {
        if ((await fetch(`${url}/healthz`)).ok) break;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }

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
    const memory = memoryOf(app.pid);
    app.kill('SIGTERM');
    await new Promise((resolve) => app.once('exit', resolve));

    const byStatus = Object.fromEntries(Object.entries(load.statusCodeStats ?? {}).map(([code, s]) => [code, (s as { count: number }).count]));
    const fiveHundreds = Object.entries(byStatus).filter(([code]) => code.startsWith('5')).reduce((n, [, c]) => n + c, 0);
    const submissionsOk = submitted.filter((s) => s.ok).length;
    const run = {
      date: new Date().toISOString().slice(0, 10),
      machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
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
      fiveHundreds,
      submissionsOk,
      submissions: submitted.length,
      submissionStatuses: submitted.map((s) => s.status),
      logLines,
      errorLines,
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
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
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
| 5xx answers, connection errors, timeouts | ${String(run.fiveHundreds)}, ${String(run.errors)}, ${String(run.timeouts)} |
| submissions through the form | ${String(run.submissionsOk)} of ${String(run.submissions)} stored (status ${(run.submissionStatuses as number[]).join(', ')}) |
| log lines written, of which errors | ${Number(run.logLines).toLocaleString('en')}, ${String(run.errorLines)} |
| resident memory at the end / peak | ${String(run.rssMb)} / ${String(run.peakMb)} MB |
${end}`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < 0) throw new Error(`docs/operations.md has no ${start} … ${end} markers`);
  writeFileSync(file, text.slice(0, from) + table + text.slice(to + end.length));
}

await main();
