// Exports that cannot stall the site: an export is made once per search and catalogue version into a
// copy on disk, every request for it streams that copy, and too many builds or downloads at once are
// refused with a 503 that says when to try again.
import { expect } from 'chai';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { EXPORT_BUSY_MESSAGE } from '../../src/http/controllers/export-controller.js';
import type { ExportCacheOptions } from '../../src/http/export-cache.js';
import { appDependenciesOf, openServices } from '../../src/services.js';
import { captureLog, type LogEntry } from '../support/log-capture.js';
import { insertPractice } from '../support/practices.js';
import { rawBody } from '../support/raw-body.js';
import type { StartedTestApp } from '../support/test-app.js';

type Hold = (copy: { id: string; temporaryFile: string }) => Promise<void>;

interface ExportApp extends StartedTestApp {
  /** The folder of the copies. */
  readonly copies: string;
  /** When set, every build waits here once its copy is written and before it is put in place. */
  hold: Hold | undefined;
}

/**
 * The real app on a real database with these export limits, as startTestApp makes it otherwise. In a
 * new folder, removed by close(), unless `dir` is given: then a later app can open the same database.
 */
function startExportApp(limits: Partial<ExportCacheOptions> = {}, dir?: string): ExportApp {
  const folder = dir ?? mkdtempSync(join(tmpdir(), 'praktijkbank-export-cache-'));
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_PATH: join(folder, 'praktijkbank.sqlite') });
  const log = captureLog();
  const services = openServices(config, log.logger);
  let hold: Hold | undefined;
  let closed = false;
  const app = createApp({
    config,
    ...appDependenciesOf(services),
    logger: log.logger,
    exportCache: { ...limits, beforeCommit: (copy) => hold?.(copy) ?? Promise.resolve() },
  });
  return {
    app,
    services,
    config,
    log,
    copies: join(folder, 'cache', 'exports'),
    get serverErrors() {
      return log.serverErrors();
    },
    get hold() {
      return hold;
    },
    set hold(value) {
      hold = value;
    },
    close() {
      if (closed) return;
      closed = true;
      services.close();
      if (!dir) rmSync(folder, { recursive: true, force: true });
    },
  };
}

// A test that fails while a build is held still lets it go, or mocha would wait for it for ever.
const releaseAfterTest: (() => void)[] = [];

/** A hold that keeps the next build waiting until `release()`; `reached` resolves once a build waits there. */
function holdNextBuild(t: ExportApp): { reached: Promise<{ temporaryFile: string }>; release(): void } {
  let release!: () => void;
  let reach!: (copy: { temporaryFile: string }) => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  releaseAfterTest.push(release);
  const reached = new Promise<{ temporaryFile: string }>((resolve) => (reach = resolve));
  t.hold = async (copy) => {
    t.hold = undefined;
    reach(copy);
    await released;
  };
  return { reached, release };
}

interface Download {
  status: number;
  headers: Record<string, string>;
  bytes: Buffer;
  body: unknown;
}

/** Sends the request at once (not when awaited), so several can be under way together. */
function get(t: ExportApp, path: string, method: 'get' | 'head' = 'get'): Promise<Download> {
  return (async () => {
    const res = await request(t.app)[method](path).buffer(true).parse(rawBody);
    // A HEAD answer has no body to parse.
    const bytes = Buffer.isBuffer(res.body) ? res.body : Buffer.alloc(0);
    const json = /json/.test(String(res.headers['content-type'])) && bytes.length > 0 ? JSON.parse(bytes.toString('utf8')) : undefined;
    return { status: res.status, headers: res.headers, bytes, body: json };
  })();
}

const events = (t: ExportApp, event: string): LogEntry[] => t.log.entries().filter((e) => e.event === event);
const builds = (t: ExportApp) => events(t, 'export_built').length;
const copyFiles = (t: ExportApp) => readdirSync(t.copies).filter((name) => !name.startsWith('.'));
const temporaryFiles = (t: ExportApp) => readdirSync(t.copies).filter((name) => name.endsWith('.tmp'));

/** Waits (bounded) for something the app does right after an answer ends, such as deleting a copy. */
async function eventually(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect.fail(`never happened: ${what}`);
}

// The one 5xx an export may answer is the documented 503 "too many at once": a refusal by design, which
// the request log writes as a warning. Anything at level error is a failure.
function unexpectedServerErrors(t: ExportApp): LogEntry[] {
  return t.log.entries().filter((e) => e.level >= 50);
}

/** The request-log lines of the busy 503s. */
function busyAnswers(t: ExportApp): LogEntry[] {
  return t.log.entries().filter((e) => (e as { res?: { statusCode?: number } }).res?.statusCode === 503);
}

describe('export copies', () => {
  let t: ExportApp;
  afterEach(() => {
    for (const release of releaseAfterTest.splice(0)) release();
    expect(unexpectedServerErrors(t), 'no 5xx but the documented 503').to.deep.equal([]);
    t.close();
  });

  describe('GET /praktijken/export.csv and /praktijken/export.json, asked again', () => {
    beforeEach(() => {
      t = startExportApp();
    });

    it('the second request is answered from the copy made for the first, byte for byte', async () => {
      const first = await get(t, '/praktijken/export.csv?theme=armoedebestrijding');
      const second = await get(t, '/praktijken/export.csv?theme=armoedebestrijding');
      expect(first.status).to.equal(200);
      expect(second.status).to.equal(200);
      expect(builds(t), 'copies made').to.equal(1);
      expect(second.bytes.equals(first.bytes), 'the same bytes').to.equal(true);
      const [copy, ...others] = copyFiles(t);
      expect(others).to.deep.equal([]);
      expect(readFileSync(join(t.copies, copy!)).equals(first.bytes), 'the copy on disk is what was sent').to.equal(true);
      expect(second.headers['content-length']).to.equal(String(first.bytes.length));
    });

    it('a JSON export is the same document every time until the catalogue changes, generatedAt included', async () => {
      const before = Date.now();
      const first = await get(t, '/praktijken/export.json?q=zorg');
      const second = await get(t, '/praktijken/export.json?q=zorg');
      expect(second.bytes.equals(first.bytes)).to.equal(true);
      expect(builds(t)).to.equal(1);
      // The moment the copy was made.
      const { generatedAt } = first.body as { generatedAt: string };
      expect(Date.parse(generatedAt)).to.be.within(before - 1000, Date.now());
    });

    it('every spelling of one search shares one copy: filter order, page and pageSize do not matter', async () => {
      const a = await get(t, '/praktijken/export.csv?targetGroup=kinderen&targetGroup=jongeren');
      const b = await get(t, '/praktijken/export.csv?targetGroup=jongeren&targetGroup=kinderen&page=2&pageSize=5');
      expect(b.bytes.equals(a.bytes)).to.equal(true);
      expect(builds(t)).to.equal(1);
      await get(t, '/praktijken/export.csv?targetGroup=jongeren&sort=title');
      await get(t, '/praktijken/export.json?targetGroup=jongeren&targetGroup=kinderen');
      expect(builds(t), 'another sort and another format are other copies').to.equal(3);
    });

    it('a catalogue change gives a new copy that holds the new practice, and the old copy is deleted', async () => {
      const before = await get(t, '/praktijken/export.csv');
      const [oldCopy] = copyFiles(t);
      const slug = await insertPractice(t, { title: 'Nieuw gepubliceerde praktijk voor de export' });
      const after = await get(t, '/praktijken/export.csv');
      expect(builds(t)).to.equal(2);
      expect(before.bytes.toString('utf8')).not.to.include(slug);
      expect(after.bytes.toString('utf8')).to.include(slug).and.to.include('Nieuw gepubliceerde praktijk voor de export');
      await eventually('the copy of the old version is deleted', () => !existsSync(join(t.copies, oldCopy!)));
      expect(copyFiles(t)).to.have.length(1);
    });

    it('keeps conditional requests: the catalogue-version ETag answers 304 before any copy is read', async () => {
      const first = await request(t.app).get('/praktijken/export.csv?q=gezin').buffer(true).parse(rawBody).expect(200);
      const etag = first.headers.etag as string;
      expect(etag).to.match(/^W\//);
      await request(t.app).get('/praktijken/export.csv?q=gezin').set('If-None-Match', etag).expect(304);
      expect(builds(t)).to.equal(1);
    });

    it('answers HEAD with the copy’s headers and length, and no body', async () => {
      const full = await get(t, '/praktijken/export.csv?province=limburg');
      const head = await get(t, '/praktijken/export.csv?province=limburg', 'head');
      expect(head.status).to.equal(200);
      expect(head.bytes).to.have.length(0);
      expect(head.headers['content-length']).to.equal(String(full.bytes.length));
      expect(head.headers['content-disposition']).to.equal(full.headers['content-disposition']);
    });
  });

  describe('a copy being made', () => {
    beforeEach(() => {
      t = startExportApp({ maxBuilds: 1 });
    });

    it('is made once for requests that come while it is being made: they wait for that build and get the same bytes', async () => {
      const held = holdNextBuild(t);
      const first = get(t, '/praktijken/export.json?lifeDomain=welzijn');
      await held.reached;
      const others = [get(t, '/praktijken/export.json?lifeDomain=welzijn'), get(t, '/praktijken/export.json?lifeDomain=welzijn&page=3')];
      await eventually('both wait for the build under way', () => events(t, 'export_waiting').length === 2);
      held.release();
      const answers = await Promise.all([first, ...others]);
      expect(answers.map((a) => a.status)).to.deep.equal([200, 200, 200]);
      for (const a of answers) expect(a.bytes.equals(answers[0].bytes)).to.equal(true);
      expect(builds(t)).to.equal(1);
    });

    it('is never served while it is written: its temporary file is not a copy until it is complete', async () => {
      const held = holdNextBuild(t);
      const first = get(t, '/praktijken/export.csv?scale=lokaal');
      const { temporaryFile } = await held.reached;
      // Everything is written, but it is not in place yet: nothing is served from it.
      expect(temporaryFiles(t)).to.have.length(1);
      expect(existsSync(temporaryFile)).to.equal(true);
      expect(copyFiles(t)).to.deep.equal([]);
      const waiting = get(t, '/praktijken/export.csv?scale=lokaal');
      await eventually('the second request waits', () => events(t, 'export_waiting').length === 1);
      held.release();
      const [a, b] = await Promise.all([first, waiting]);
      expect(b.bytes.equals(a.bytes)).to.equal(true);
      expect(temporaryFiles(t)).to.deep.equal([]);
      expect(copyFiles(t)).to.have.length(1);
    });

    it('is still made, and no error logged, when the client that asked for it leaves while it waits', async () => {
      const server = t.app.listen(0, '127.0.0.1');
      await once(server, 'listening');
      try {
        const held = holdNextBuild(t);
        const leaving = httpGet(`http://127.0.0.1:${(server.address() as AddressInfo).port}/praktijken/export.json?scale=lokaal`);
        leaving.on('error', () => undefined);
        await held.reached;
        leaving.destroy();
        held.release();
        await eventually('the copy is made', () => builds(t) === 1);
        expect((await get(t, '/praktijken/export.json?scale=lokaal')).status).to.equal(200);
        expect(builds(t), 'the next request is sent the copy').to.equal(1);
      } finally {
        server.close();
      }
    });

    it('leaves room for no other build beyond the limit: a CSV gets a 503 page in Dutch with Retry-After', async () => {
      const held = holdNextBuild(t);
      const first = get(t, '/praktijken/export.csv?theme=armoedebestrijding');
      await held.reached;
      const refused = await get(t, '/praktijken/export.csv?theme=netwerken');
      expect(refused.status).to.equal(503);
      expect(refused.headers['retry-after']).to.equal('10');
      expect(refused.headers['content-type']).to.match(/^text\/html/);
      expect(refused.headers['content-disposition']).to.equal(undefined);
      expect(refused.headers['cache-control'], 'no cache keeps a refusal').to.equal('no-cache');
      expect(refused.headers.etag).to.equal(undefined);
      expect(refused.bytes.toString('utf8')).to.include(EXPORT_BUSY_MESSAGE);
      expect(EXPORT_BUSY_MESSAGE).to.match(/Probeer het over tien seconden opnieuw/);
      held.release();
      expect((await first).status).to.equal(200);
      // Once the build is done there is room again.
      expect((await get(t, '/praktijken/export.csv?theme=netwerken')).status).to.equal(200);
      expect(events(t, 'export_busy').map((e) => e.reason)).to.deep.equal(['builds']);
      expect(busyAnswers(t).map((e) => e.level), 'logged as a warning, not as a server failure').to.deep.equal([40]);
    });

    it('refuses a JSON export beyond the limit with the API’s structured error', async () => {
      const held = holdNextBuild(t);
      const first = get(t, '/praktijken/export.csv');
      await held.reached;
      const refused = await get(t, '/praktijken/export.json');
      expect(refused.status).to.equal(503);
      expect(refused.headers['retry-after']).to.equal('10');
      expect(refused.body).to.deep.equal({ error: { code: 'export_busy', message: EXPORT_BUSY_MESSAGE } });
      held.release();
      expect((await first).status).to.equal(200);
    });
  });

  describe('downloads at once', () => {
    beforeEach(() => {
      t = startExportApp({ maxDownloads: 1 });
    });

    it('beyond the limit are refused with a 503 and Retry-After, even for a copy being made', async () => {
      const held = holdNextBuild(t);
      const first = get(t, '/praktijken/export.csv?q=onthaal');
      await held.reached;
      const refused = await get(t, '/praktijken/export.csv?q=onthaal');
      expect(refused.status).to.equal(503);
      expect(refused.headers['retry-after']).to.equal('10');
      expect(refused.bytes.toString('utf8')).to.include(EXPORT_BUSY_MESSAGE);
      held.release();
      expect((await first).status).to.equal(200);
      expect((await get(t, '/praktijken/export.csv?q=onthaal')).status, 'a slot is free again once the download ended').to.equal(200);
      expect(events(t, 'export_busy').map((e) => e.reason)).to.deep.equal(['downloads']);
    });
  });

  describe('the folder of copies', () => {
    it('stays within its number of copies, the least recently used going first', async () => {
      t = startExportApp({ maxCopies: 2 });
      const a = await get(t, '/praktijken/export.csv?theme=armoedebestrijding');
      await get(t, '/praktijken/export.csv?theme=netwerken');
      await get(t, '/praktijken/export.csv?theme=armoedebestrijding'); // used again: netwerken is now the oldest
      await get(t, '/praktijken/export.csv?province=limburg');
      await eventually('two copies are left', () => copyFiles(t).length === 2);
      expect(builds(t)).to.equal(3);
      // armoedebestrijding was kept, so asking for it again builds nothing.
      expect((await get(t, '/praktijken/export.csv?theme=armoedebestrijding')).bytes.equals(a.bytes)).to.equal(true);
      expect(builds(t)).to.equal(3);
      await get(t, '/praktijken/export.csv?theme=netwerken');
      expect(builds(t), 'netwerken had been deleted').to.equal(4);
    });

    it('stays within its size: a copy over the limit is sent whole, then deleted', async () => {
      t = startExportApp({ maxBytes: 1000 });
      const answer = await get(t, '/praktijken/export.csv');
      expect(answer.status).to.equal(200);
      expect(Number(answer.headers['content-length'])).to.equal(answer.bytes.length).and.to.be.above(1000);
      await eventually('the folder is empty again', () => copyFiles(t).length === 0);
    });

    it('starts empty: a half-written or truncated file left by an earlier run is deleted, never served', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'praktijkbank-export-cache-'));
      try {
        t = startExportApp({}, dir);
        const whole = await get(t, '/praktijken/export.csv');
        const [copy] = copyFiles(t);
        t.close();
        // As a crash would leave them: the copy cut in half, and a temporary file of a build under way.
        writeFileSync(join(t.copies, copy!), whole.bytes.subarray(0, whole.bytes.length / 2));
        const leftover = `.${copy!.replace(/\.csv$/, '')}.tmp`;
        writeFileSync(join(t.copies, leftover), whole.bytes.subarray(0, 100));
        // And a file the cache did not make, which it leaves alone.
        mkdirSync(join(t.copies, 'notities'), { recursive: true });
        writeFileSync(join(t.copies, 'notities', 'lees-mij.txt'), 'niet van de cache');

        t = startExportApp({}, dir);
        expect(temporaryFiles(t)).to.deep.equal([]);
        expect(copyFiles(t)).to.deep.equal(['notities']);
        const again = await get(t, '/praktijken/export.csv');
        expect(again.bytes.equals(whole.bytes), 'the whole export, made again').to.equal(true);
        expect(builds(t)).to.equal(1);
        expect(readFileSync(join(t.copies, 'notities', 'lees-mij.txt'), 'utf8')).to.equal('niet van de cache');
      } finally {
        t.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
