// npm run bench [-- --quick | --sizes 1000,10000 | --seed N | --out FILE | --http-seconds S | --rounds R | --note TEXT]
// npm run bench -- --render RESULTS.json [--note TEXT] [--out FILE]: write the report of an earlier run again.
// For each size: write a seeded corpus, import it with `npm run import` into a fresh SQLite file, then
// measure the index build, the app's start-up, in-process and HTTP search, publishing, memory, and the
// same searches on SQLite FTS5. Writes docs/performance.md (or --out) and the raw numbers as JSON.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SEED, writeCorpus } from './corpus.js';
import { execFileSync } from 'node:child_process';
import { type LoadResult, loadInTurns, loadTest, runNode, startApp } from './processes.js';
import { QUERY_MIX, queryStringOf, variantOf } from './queries.js';
import { type BenchRun, type BuildResult, type PageBytes, type ProbeResult, type SizeResult, renderReport } from './report.js';
import { ROOT } from './vocabulary.js';

interface Options {
  sizes: number[];
  seed: number;
  out: string;
  httpSeconds: number;
  rounds: number | undefined;
  quick: boolean;
  note: string | undefined;
  render: string | undefined;
}

function parseOptions(args: readonly string[]): Options {
  const options: Options = { sizes: [1000, 10_000, 50_000], seed: DEFAULT_SEED, out: join(ROOT, 'docs', 'performance.md'), httpSeconds: 15, rounds: undefined, quick: false, note: undefined, render: undefined };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--quick') Object.assign(options, { quick: true, sizes: [1000], httpSeconds: 4 });
    else if (arg === '--sizes') options.sizes = value().split(',').map((s) => Number(s.replace(/[_.]/g, '')));
    else if (arg === '--seed') options.seed = Number(value());
    else if (arg === '--out') options.out = value();
    else if (arg === '--http-seconds') options.httpSeconds = Number(value());
    else if (arg === '--rounds') options.rounds = Number(value());
    else if (arg === '--note') options.note = value();
    else if (arg === '--render') options.render = value();
    else throw new Error(`unknown option ${arg}; see the first line of bench/run.ts`);
  }
  if (options.sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes takes whole numbers, e.g. 1000,10000');
  return options;
}

// Fewer rounds for big catalogues: their queries are slower, and p99 over 32 queries x rounds still holds.
const roundsFor = (size: number, options: Options) => options.rounds ?? (options.quick ? 5 : size <= 1000 ? 20 : size <= 10_000 ? 10 : 4);

const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

/** Runs one stage; a failing stage (out of memory at 50,000, say) is recorded and the run goes on. */
async function stage<T>(errors: string[], name: string, fn: () => Promise<T>): Promise<T | undefined> {
  log(name);
  try {
    return await fn();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`${name} failed: ${message.slice(0, 2000)}`);
    errors.push(`${name}: ${message.split('\n')[0]}`);
    return undefined;
  }
}

async function benchSize(size: number, options: Options, workDir: string): Promise<SizeResult> {
  const errors: string[] = [];
  const corpusFile = join(workDir, `corpus-${size}-${options.seed}.json`);
  const databasePath = join(workDir, `praktijkbank-${size}.sqlite`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${databasePath}${suffix}`, { force: true });
  rmSync(join(workDir, `praktijkbank-${size}.index`), { force: true, recursive: true });

  const corpus = await stage(errors, `${size}: writing the corpus`, () => writeCorpus(corpusFile, size, options.seed));
  const imported = await stage(errors, `${size}: npm run import`, () =>
    runNode('src/cli/import.ts', [corpusFile], { env: { DATABASE_PATH: databasePath }, expectResult: false }),
  );
  if (!imported) return { size, errors, corpus };
  const build = await stage(errors, `${size}: full index build (child process)`, async () =>
    (await runNode<BuildResult>('bench/index-build.ts', [databasePath, String(roundsFor(size, options))], { nodeArgs: ['--max-old-space-size=12288'] })).result,
  );

  // Sixteen spellings of each search (other capitals, same meaning), so the app's cache of recent
  // results does not answer nearly every request; the load is then closer to many different users.
  const variants = Array.from({ length: 16 }, (_, v) => QUERY_MIX.map((q) => queryStringOf(variantOf(q, v)))).flat();
  const pagePaths = variants.map((qs) => `/praktijken?${qs}`);
  const apiPaths = variants.map((qs) => `/api/v1/practices?${qs}`);
  const warmUp = Math.min(3, Math.max(1, options.httpSeconds / 5));
  const app = await stage(errors, `${size}: app start-up and HTTP load`, async () => {
    const first = await startApp(databasePath);
    const firstMemory = first.memory();
    await first.stop();
    const running = await startApp(databasePath);
    try {
      const idle = running.memory();
      const pageBytes = await pageSizes(running.url, QUERY_MIX.map((q) => `/praktijken?${queryStringOf(q)}`));
      await loadTest(running.url, pagePaths, warmUp);
      await loadTest(running.url, apiPaths, warmUp);
      // In turns (processes.ts), since the targets compare the page's throughput with the API's.
      const { page, api } = await loadInTurns(running.url, { page: pagePaths, api: apiPaths }, options.httpSeconds);
      // The same searches as written, again and again: popular searches, whose whole answers the app
      // keeps (src/http/kept-answers.ts). Not the targets' figures, which are the spellings' above.
      const asWritten = QUERY_MIX.map((q) => queryStringOf(q));
      const pageRepeated: LoadResult = await loadTest(running.url, asWritten.map((qs) => `/praktijken?${qs}`), options.httpSeconds);
      const apiRepeated: LoadResult = await loadTest(running.url, asWritten.map((qs) => `/api/v1/practices?${qs}`), options.httpSeconds);
      // For scale: the same load on a static file about the size of an answer (the 64 KB stylesheet,
      // express.static), which does no work of ours: how much of a p99 the two CPUs shared with the load
      // generator and the bytes themselves account for.
      const staticFile: LoadResult = await loadTest(running.url, ['/assets/css/site.css'], options.httpSeconds);
      const afterLoad = running.memory();
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const steady = running.memory();
      return { firstStartMs: first.startupMs, firstStartPeakMb: firstMemory.peakMb, secondStartMs: running.startupMs, page, api, pageRepeated, apiRepeated, staticFile, pageBytes, memory: { idle, afterLoad, steady } };
    } finally {
      await running.stop();
    }
  });
  const probe = await stage(errors, `${size}: in-process search, publish, FTS5 (child process)`, async () =>
    (await runNode<ProbeResult>('bench/search-probe.ts', [databasePath, join(workDir, `fts5-${size}.sqlite`), String(roundsFor(size, options))])).result,
  );
  return { size, errors, corpus, importMs: imported.wallMs, build, app, probe, rounds: roundsFor(size, options) };
}

/** The HTML size of the results page for each search of the mix (a page of 20), and for browsing everything. */
async function pageSizes(url: string, paths: readonly string[]): Promise<PageBytes> {
  const bytesOf = async (path: string) => {
    const response = await fetch(`${url}${path}`);
    if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    return Buffer.byteLength(await response.text());
  };
  const sizes = await Promise.all(paths.map(bytesOf));
  const sorted = [...sizes].sort((a, b) => a - b);
  const largest = sizes.indexOf(sorted[sorted.length - 1]!);
  return { browse: await bytesOf('/praktijken'), median: sorted[Math.floor(sorted.length / 2)]!, max: sorted[sorted.length - 1]!, maxPath: paths[largest]! };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.render) {
    const earlier = JSON.parse(readFileSync(options.render, 'utf8')) as BenchRun;
    writeFileSync(options.out, renderReport({ ...earlier, note: options.note ?? earlier.note }));
    log(`${options.out} written from ${options.render}`);
    return;
  }
  const workDir = join(tmpdir(), 'praktijkbank-bench');
  mkdirSync(workDir, { recursive: true });
  const started = new Date();
  const loadBefore = loadavg();
  log(`sizes ${options.sizes.join(', ')}, seed ${options.seed}, work directory ${workDir}`);
  // The app is measured as it runs in production (docs/operations.md): the compiled build under plain node.
  log('building the production build (npm run build)');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const results: SizeResult[] = [];
  for (const size of options.sizes) results.push(await benchSize(size, options, workDir));
  const run: BenchRun = {
    startedAt: started.toISOString(),
    durationS: (Date.now() - started.getTime()) / 1000,
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    seed: options.seed,
    httpSeconds: options.httpSeconds,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGb: totalmem() / 2 ** 30,
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      loadBefore,
      loadAfter: loadavg(),
    },
    note: options.note,
    results,
  };
  const jsonFile = join(workDir, `results-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(jsonFile, `${JSON.stringify(run, null, 2)}\n`);
  writeFileSync(options.out, renderReport(run));
  log(`done in ${run.durationS.toFixed(0)} s: ${options.out} (raw numbers: ${jsonFile})`);
  if (results.some((r) => r.errors.length > 0)) process.exitCode = 1;
}

await main();
