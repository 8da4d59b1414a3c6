// Durability under the worst stop there is: the server is a child process taking concurrent
// submissions through the real form, and gets `kill -9` at a random moment, round after round, on
// the same database file. Afterwards every submission that was acknowledged (the 303 to its status
// page) must be in the database, pending, and PRAGMA integrity_check must say ok.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { Database } from '../../src/store/sqlite-driver.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { pdfFile } from '../support/material-files.js';
import { startSmtpServer } from '../support/smtp.js';

const ROUNDS = 8;
const CLIENTS = 6;
const KILL_AFTER_MS = { min: 200, max: 1500 };

interface Server {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  readonly exit: Promise<unknown>;
}

async function startServer(databasePath: string, environment: Record<string, string> = {}): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: PROJECT_ROOT,
    // Behind a "proxy" on loopback, so every submission can come from an address of its own and the
    // per-address rate limit (a guard against scripts) does not end the test's writes early.
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', DATABASE_PATH: databasePath, TRUST_PROXY: 'loopback', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exit = new Promise((resolve) => child.on('exit', resolve));
  for (let i = 0; i < 400; i++) {
    const match = /luistert op (http:\/\/[^\s"]+)/.exec(output);
    if (match?.[1]) return { child, baseUrl: match[1], exit };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  child.kill('SIGKILL');
  throw new Error(`the server did not start:\n${output}`);
}

/** Just enough of a browser: one session cookie, forms posted urlencoded, redirects not followed. */
class Browser {
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly baseUrl: string,
    private readonly address: string,
  ) {}

  async request(path: string, form?: Record<string, string> | FormData): Promise<Response> {
    const headers: Record<string, string> = { 'x-forwarded-for': this.address };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    // FormData: fetch writes the multipart body and its boundary itself.
    if (form && !(form instanceof FormData)) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: form ? 'POST' : 'GET',
      headers,
      body: form instanceof FormData ? form : form ? new URLSearchParams(form).toString() : undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(15_000),
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const at = pair.indexOf('=');
      if (at > 0) this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return res;
  }
}

/** The value of a hidden input; a regular expression, because a DOM parser per page would slow the clients more than the server. */
const valueOf = (html: string, name: string) => {
  const input = new RegExp(`<input[^>]*\\bname="${name}"[^>]*>`).exec(html)?.[0];
  return input && /\bvalue="([^"]*)"/.exec(input)?.[1];
};

let addresses = 0;
const nextAddress = () => {
  const n = ++addresses;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};

/** One submitter: form → review → confirm, again and again, until the server is gone. Returns the acknowledged tokens. */
async function submitUntilStopped(
  baseUrl: string,
  name: string,
  stopped: () => boolean,
  onConfirm: () => void,
): Promise<{ acknowledged: string[]; confirmsSent: number }> {
  const acknowledged: string[] = [];
  let confirmsSent = 0;
  for (let n = 1; !stopped(); n++) {
    try {
      const browser = new Browser(baseUrl, nextAddress());
      const form = await browser.request('/indienen');
      const _csrf = valueOf(await form.text(), '_csrf');
      if (form.status !== 200 || !_csrf) throw new Error(`GET /indienen answered ${form.status}`);
      const fields = {
        _csrf,
        title: `Duurzaamheidstest ${name} nr. ${n}`,
        summary: 'Een inzending die een kill -9 van de server moet overleven zodra ze bevestigd is.',
        scale: 'lokaal',
        municipalities: '11002',
        themes: 'breed-onthaal',
        contactOrganisation: 'Testgemeente',
        contactEmail: 'test@gemeente.test',
      };
      const review = await browser.request('/indienen', { ...fields, step: 'review' });
      // The form key is the status-link token and the server's signature of it.
      const formKey = valueOf(await review.text(), 'token');
      const token = formKey?.split('.')[0];
      if (review.status !== 200 || !formKey || !token) throw new Error(`the review step answered ${review.status}`);
      confirmsSent++;
      onConfirm();
      const confirm = await browser.request('/indienen', { ...fields, step: 'confirm', token: formKey });
      await confirm.body?.cancel();
      if (confirm.status === 303 && confirm.headers.get('location') === `/indienen/status/${token}?ontvangen=1`) acknowledged.push(token);
      else if (!stopped()) throw new Error(`the confirmation answered ${confirm.status} ${confirm.headers.get('location') ?? ''}`);
    } catch (error) {
      // Once the server is killed, every request fails: that is the point. Before, it is a bug.
      if (!stopped()) throw error;
    }
  }
  return { acknowledged, confirmsSent };
}

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** The acknowledged tokens whose submission is not in the database as a pending practice. */
function missingFrom(db: Database, tokens: readonly string[]): string[] {
  const find = db.prepare<[string], { status: string }>('SELECT p.status FROM submissions s JOIN practices p ON p.id = s.practice_id WHERE s.token_hash = ?');
  return tokens.filter((token) => find.get(sha256(token))?.status !== 'pending');
}

describe('durability: kill -9 during concurrent submissions', function () {
  this.timeout(120_000);
  let dir: string;
  let server: Server | undefined;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'praktijkbank-durability-'));
  });
  after(() => {
    server?.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it(`loses no acknowledged submission over ${ROUNDS} rounds, and leaves a sound database`, async () => {
    const databasePath = join(dir, 'praktijkbank.sqlite');
    const acknowledged: string[] = [];
    const lines: string[] = [];

    for (let round = 1; round <= ROUNDS; round++) {
      server = await startServer(databasePath);
      let killed = false;
      // The kill is timed from the round's first confirmation, so that it always lands while submissions are being written.
      let writing: () => void = () => undefined;
      const firstConfirm = new Promise<void>((resolve) => (writing = resolve));
      const clients = Array.from({ length: CLIENTS }, (_, c) => submitUntilStopped(server!.baseUrl, `r${round}c${c + 1}`, () => killed, writing));
      await Promise.race([firstConfirm, Promise.all(clients)]);
      const killAfter = KILL_AFTER_MS.min + Math.floor(Math.random() * (KILL_AFTER_MS.max - KILL_AFTER_MS.min));
      await new Promise((r) => setTimeout(r, killAfter));
      killed = true;
      server.child.kill('SIGKILL');
      await server.exit;
      server = undefined;
      const results = await Promise.all(clients);
      const thisRound = results.flatMap((r) => r.acknowledged);
      const inFlight = results.reduce((sum, r) => sum + r.confirmsSent, 0) - thisRound.length;
      acknowledged.push(...thisRound);

      // Look before the next start does its own recovery: read-only, so nothing is checkpointed here.
      const db = new Database(databasePath, { readonly: true, fileMustExist: true });
      try {
        const integrity = db.pragma('integrity_check', { simple: true });
        const missing = missingFrom(db, thisRound);
        const pending = (db.prepare("SELECT count(*) AS n FROM practices WHERE status = 'pending'").get() as { n: number }).n;
        lines.push(
          `round ${round}: killed ${killAfter} ms after the first confirmation; ${thisRound.length} acknowledged, ${thisRound.length - missing.length} found; ` +
            `${inFlight} confirmations unanswered at the kill; ${pending} pending in the database; integrity_check ${String(integrity)}`,
        );
        expect(integrity, `integrity_check after round ${round}`).to.equal('ok');
        expect(missing, `acknowledged in round ${round} but not in the database`).to.deep.equal([]);
      } finally {
        db.close();
      }
    }

    // The end state, opened as the app opens it (read-write, recovering the WAL of the last kill).
    const db = new Database(databasePath, { fileMustExist: true });
    try {
      const integrity = db.pragma('integrity_check', { simple: true });
      const missing = missingFrom(db, acknowledged);
      lines.push(`all rounds: ${acknowledged.length} acknowledged, ${acknowledged.length - missing.length} found pending; integrity_check ${String(integrity)}`);
      console.log(lines.map((l) => `      ${l}`).join('\n'));
      expect(integrity).to.equal('ok');
      expect(missing, 'acknowledged submissions missing from the database').to.deep.equal([]);
      expect(acknowledged.length, 'the test must actually have had submissions acknowledged').to.be.greaterThan(ROUNDS * 2);
    } finally {
      db.close();
    }
  });
});

/** One uploader: the form with two files of a few MB, the review step, the confirm; again until the server is gone. */
async function uploadUntilStopped(baseUrl: string, name: string, stopped: () => boolean, onUpload: () => void): Promise<number> {
  let confirmed = 0;
  for (let n = 1; !stopped(); n++) {
    try {
      const browser = new Browser(baseUrl, nextAddress());
      const form = await browser.request('/indienen');
      const _csrf = valueOf(await form.text(), '_csrf');
      if (form.status !== 200 || !_csrf) throw new Error(`GET /indienen answered ${form.status}`);
      const fields: Record<string, string> = {
        _csrf,
        title: `Uploadtest ${name} nr. ${n}`,
        summary: 'Een inzending met bestanden, onderbroken door een kill -9 van de server.',
        scale: 'lokaal',
        municipalities: '11002',
        themes: 'breed-onthaal',
        contactOrganisation: 'Testgemeente',
        contactEmail: 'test@gemeente.test',
      };
      const body = new FormData();
      for (const [field, value] of Object.entries({ ...fields, step: 'review' })) body.append(field, value);
      // Distinct bytes per file, so each is stored on its own; a few MB, so a kill lands inside one.
      for (const part of ['draaiboek', 'verslag']) body.append('materials', new Blob([new Uint8Array(Buffer.concat([pdfFile(`${name} ${n} ${part}`), Buffer.alloc(3 * 1024 * 1024, n)]))]), `${part}.pdf`);
      onUpload();
      const review = await browser.request('/indienen', body);
      const html = await review.text();
      const formKey = valueOf(html, 'token');
      if (review.status !== 200 || !formKey) throw new Error(`the review step answered ${review.status}`);
      const hidden: Record<string, string> = { ...fields, step: 'confirm', token: formKey };
      for (const match of html.matchAll(/<input type="hidden" name="(material-\d+-(?:hash|name|title))" value="([^"]*)">/g)) hidden[match[1] ?? ''] = match[2] ?? '';
      const confirm = await browser.request('/indienen', hidden);
      await confirm.body?.cancel();
      if (confirm.status === 303) confirmed++;
      else if (!stopped()) throw new Error(`the confirmation answered ${confirm.status}`);
    } catch (error) {
      if (!stopped()) throw error;
    }
  }
  return confirmed;
}

/** Rows whose file is missing or not the bytes its hash names, and references to files without a row. */
function brokenMaterials(db: Database, materialsDir: string): string[] {
  const problems: string[] = [];
  for (const { hash, bytes } of db.prepare('SELECT hash, bytes FROM material_files').all() as { hash: string; bytes: number }[]) {
    const path = join(materialsDir, hash.slice(0, 2), `${hash}.bin`);
    if (!existsSync(path)) problems.push(`${hash}: no file`);
    else if (statSync(path).size !== bytes || createHash('sha256').update(readFileSync(path)).digest('hex') !== hash) problems.push(`${hash}: partial or other content`);
  }
  const dangling = db.prepare('SELECT m.file_hash AS hash FROM practice_materials m LEFT JOIN material_files f ON f.hash = m.file_hash WHERE f.hash IS NULL').all() as { hash: string }[];
  for (const { hash } of dangling) problems.push(`${hash}: referenced without a row`);
  return problems;
}

describe('durability: kill -9 during uploads', function () {
  this.timeout(120_000);
  const UPLOAD_ROUNDS = 3;
  let dir: string;
  let server: Server | undefined;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'praktijkbank-durability-'));
  });
  after(() => {
    server?.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it(`leaves no row pointing at a missing or partial file, and no temp file after the restart, over ${UPLOAD_ROUNDS} rounds`, async () => {
    const databasePath = join(dir, 'praktijkbank.sqlite');
    const materialsDir = join(dir, 'materials');
    let confirmed = 0;
    let leftAtKill = 0;
    for (let round = 1; round <= UPLOAD_ROUNDS; round++) {
      server = await startServer(databasePath);
      // The start-up clean-up removed what the previous kill left in tmp/.
      expect(readdirSync(join(materialsDir, 'tmp')), `temp files after the restart of round ${round}`).to.deep.equal([]);
      let killed = false;
      let uploading: () => void = () => undefined;
      const firstUpload = new Promise<void>((resolve) => (uploading = resolve));
      const clients = Array.from({ length: 3 }, (_, c) => uploadUntilStopped(server!.baseUrl, `r${round}c${c + 1}`, () => killed, uploading));
      await Promise.race([firstUpload, Promise.all(clients)]);
      await new Promise((r) => setTimeout(r, 300 + Math.floor(Math.random() * 900)));
      killed = true;
      server.child.kill('SIGKILL');
      await server.exit;
      server = undefined;
      confirmed += (await Promise.all(clients)).reduce((sum, n) => sum + n, 0);
      leftAtKill += readdirSync(join(materialsDir, 'tmp')).length;
      const db = new Database(databasePath, { readonly: true, fileMustExist: true });
      try {
        expect(brokenMaterials(db, materialsDir), `after the kill of round ${round}`).to.deep.equal([]);
      } finally {
        db.close();
      }
    }
    server = await startServer(databasePath);
    expect(readdirSync(join(materialsDir, 'tmp'))).to.deep.equal([]);
    server.child.kill('SIGKILL');
    await server.exit;
    server = undefined;
    console.log(`      ${confirmed} submissions with files confirmed; ${leftAtKill} temp files left by the kills, all removed at the next start`);
  });
});

/** One submission through the form: the status-link token once acknowledged, undefined when the server died first. */
async function submitOnce(baseUrl: string, title: string): Promise<string | undefined> {
  try {
    const browser = new Browser(baseUrl, nextAddress());
    const _csrf = valueOf(await (await browser.request('/indienen')).text(), '_csrf') ?? '';
    const fields = { _csrf, title, summary: 'Een inzending waarvan de ontvangstbevestiging een kill -9 moet overleven.', scale: 'lokaal', municipalities: '11002', themes: 'breed-onthaal', contactOrganisation: 'Testgemeente', contactEmail: 'post@gemeente.test' };
    const formKey = valueOf(await (await browser.request('/indienen', { ...fields, step: 'review' })).text(), 'token') ?? '';
    const confirm = await browser.request('/indienen', { ...fields, step: 'confirm', token: formKey });
    await confirm.body?.cancel();
    return confirm.status === 303 ? formKey.split('.')[0] : undefined;
  } catch {
    return undefined;
  }
}

describe('durability: kill -9 while the outbox holds messages', function () {
  this.timeout(60_000);
  let dir: string;
  let server: Server | undefined;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'praktijkbank-durability-'));
  });
  after(() => {
    server?.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends every message exactly once after a restart, the one cut off mid-send included', async () => {
    const smtp = await startSmtpServer();
    try {
      const databasePath = join(dir, 'praktijkbank.sqlite');
      // A claim lasts 4 seconds here, so the message cut off mid-send comes back soon after the restart.
      const environment = { SMTP_URL: smtp.url, MAIL_SEND_TIMEOUT_SECONDS: '1', PUBLIC_URL: 'https://praktijkbank.example.be' };
      server = await startServer(databasePath, environment);
      const killed = server;
      // The kill lands while the server is sending the third message: its data is in, no answer yet.
      let arrivals = 0;
      smtp.onData = () => {
        if (++arrivals !== 3) return;
        smtp.behaviour = 'stall';
        killed.child.kill('SIGKILL');
      };
      const tokens = await Promise.all(Array.from({ length: 8 }, (_, n) => submitOnce(killed.baseUrl, `Outbox na kill ${n + 1}`)));
      await killed.exit;
      const acknowledged = tokens.filter((t): t is string => t !== undefined);
      const before = new Database(databasePath, { readonly: true, fileMustExist: true });
      const rows = (before.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
      const waiting = (before.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'waiting'").get() as { n: number }).n;
      before.close();
      expect(arrivals, 'the kill came during the third send').to.equal(3);
      expect(waiting, 'the outbox held messages at the kill').to.be.greaterThan(1);

      smtp.onData = undefined;
      smtp.behaviour = 'accept';
      server = await startServer(databasePath, environment);
      await smtp.waitFor(rows, 20_000);
      // Long enough for a second lease to run out: a message sent twice would show up by now.
      await new Promise((r) => setTimeout(r, 5_000));
      const ids = smtp.received.map((m) => m.parsed.messageId);
      expect(ids, 'every message once').to.have.length(rows);
      expect(new Set(ids).size).to.equal(rows);
      for (const token of acknowledged) expect(smtp.received.filter((m) => m.parsed.text?.includes(token)), `the receipt of ${token}`).to.have.length(1);
      server.child.kill('SIGKILL');
      await server.exit;
      server = undefined;
      const after = new Database(databasePath, { readonly: true, fileMustExist: true });
      expect(after.prepare('SELECT status, count(*) AS n FROM outbox GROUP BY status').all()).to.deep.equal([{ status: 'sent', n: rows }]);
      after.close();
      console.log(`      ${acknowledged.length} submissions acknowledged, ${rows} messages in the outbox, ${waiting} waiting at the kill; all sent once after the restart`);
    } finally {
      await smtp.close();
    }
  });
});
