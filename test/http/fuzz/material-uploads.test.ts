// The practice forms as multipart with files, built byte by byte as a browser or a hostile client might
// send them: naughty file names (quotes, CR/LF, path parts, bidi), contents that lie about their type
// (HTML in a PDF, a ZIP of nothing, random bytes, empty), naughty carried-file fields, in every step of
// the submission form, the status link's edit and the proposal of an update. Never a 5xx or an
// unescaped echo, and the files on disk always match their rows: no temp file left, no row without its
// complete file, no practice naming a file that is not stored.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import request from 'supertest';
import { expectSafeAnswer, formBodyArb, formFieldNames, fuzzSettings, naughtyStringArb, randomClientAddress, send, StatusTally, useFuzzWorld } from '../../support/fuzz.js';
import { docxFile, odtFile, pdfFile, pngFile, zipFile } from '../../support/material-files.js';
import { submitThroughForm, validFields } from '../../support/submissions.js';
import { type Agent, csrfTokenIn, loginAsModerator } from '../../support/test-app.js';

const BOUNDARY = '----praktijkbankfuzz7MA4YWxkTrZu0gW';

interface Part {
  readonly name: string;
  readonly value: Buffer;
  readonly fileName?: string;
  readonly type?: string;
}

/** A multipart body as it goes over the wire; the file name is written as given, quotes and line breaks included. */
function multipart(parts: readonly Part[]): Buffer {
  const chunks = parts.flatMap((p) => [
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${p.name}"${p.fileName === undefined ? '' : `; filename="${p.fileName}"`}\r\n` +
        (p.type ? `Content-Type: ${p.type}\r\n` : '') +
        '\r\n',
    ),
    p.value,
    Buffer.from('\r\n'),
  ]);
  return Buffer.concat([...chunks, Buffer.from(`--${BOUNDARY}--\r\n`)]);
}

const contentArb: fc.Arbitrary<Buffer> = fc.oneof(
  fc.constant(pdfFile()),
  fc.constant(pngFile()),
  fc.constant(docxFile()),
  fc.constant(odtFile()),
  fc.constant(Buffer.alloc(0)),
  fc.constant(Buffer.from('%PDF-1.4\n<html><script>alert(1)</script></html>')),
  fc.constant(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')),
  fc.constant(zipFile([{ name: 'x.txt', content: 'niets' }])),
  fc.uint8Array({ maxLength: 3000 }).map((bytes) => Buffer.from(bytes)),
  fc.nat({ max: 400 }).map((cut) => pdfFile().subarray(0, cut)),
);

// Names as a browser sends them, and as no browser would.
const fileNameArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('draaiboek.pdf', 'foto.png', 'verslag.docx', 'Tekst.odt', 'handleiding.PDF', 'x.jpeg', '.pdf', 'geen-extensie'),
  fc.constantFrom('../../etc/passwd.pdf', 'C:\\Users\\an\\draaiboek.pdf', 'a"b.pdf', 'evil\r\nX-Header: 1.pdf', '\u202Efdp.exe', 'naïef café.pdf', '%2e%2e%2fx.pdf'),
  naughtyStringArb,
  naughtyStringArb.map((s) => `${s}.pdf`),
);

const fileArb = fc.record({ fileName: fileNameArb, content: contentArb, type: fc.constantFrom('application/pdf', 'image/png', 'application/octet-stream', 'text/html', '') });

// The fields a form carries for a file it already holds: real hashes, forged ones and naughty values.
const carriedArb = (known: () => readonly string[]) =>
  fc.array(
    fc.record({
      index: fc.oneof(fc.nat({ max: 12 }), naughtyStringArb),
      hash: fc.oneof(fc.constantFrom(...known(), '0'.repeat(64)), naughtyStringArb),
      name: fc.oneof(fileNameArb, fc.constant('')),
      title: fc.oneof(naughtyStringArb, fc.constant('Draaiboek')),
      description: fc.option(naughtyStringArb),
      remove: fc.boolean(),
    }),
    { maxLength: 3 },
  );

describe('fuzzing the practice forms with files', function () {
  this.timeout(180_000);
  const w = useFuzzWorld();
  let agent: Agent;
  let csrf: string;
  let fields: string[];
  let publishedToken: string;
  const knownHashes: string[] = [];

  before(async () => {
    agent = request.agent(w.baseUrl);
    const form = await agent.get('/indienen').expect(200);
    csrf = csrfTokenIn(form.text);
    fields = formFieldNames(form.text, '/indienen');
    expect(fields, 'the form has the file input').to.include('materials');
    // A published practice with its status link, for the proposal of an update.
    const published = await submitThroughForm(w.t, validFields({ title: 'Gepubliceerd voor het fuzzen van voorstellen' }));
    publishedToken = published.token;
    const practice = w.t.services.practices.listByStatus(['pending']).find((p) => p.title === 'Gepubliceerd voor het fuzzen van voorstellen');
    if (!practice) throw new Error('not stored');
    w.t.services.practices.setStatus(practice.id, 'published');
  });

  const db = () => w.t.services.db;
  const materialsDir = () => w.t.config.materialsDir;

  /** The files on disk match their rows: every row's file is complete, nothing half-written is left. */
  function expectFilesMatchRows(what: string) {
    const rows = db().prepare('SELECT hash, bytes FROM material_files').all() as { hash: string; bytes: number }[];
    for (const row of rows) {
      const path = join(materialsDir(), row.hash.slice(0, 2), `${row.hash}.bin`);
      expect(existsSync(path), `${what}: the file of row ${row.hash}`).to.equal(true);
      const content = readFileSync(path);
      expect(content.length, `${what}: the size of ${row.hash}`).to.equal(row.bytes);
      expect(createHash('sha256').update(content).digest('hex'), `${what}: the content of ${row.hash}`).to.equal(row.hash);
      if (!knownHashes.includes(row.hash)) knownHashes.push(row.hash);
    }
    const dangling = db().prepare('SELECT count(*) AS n FROM practice_materials WHERE file_hash NOT IN (SELECT hash FROM material_files)').get() as { n: number };
    expect(dangling.n, `${what}: practices naming a file that is not stored`).to.equal(0);
    expect(readdirSync(join(materialsDir(), 'tmp')), `${what}: temp files left after the request`).to.deep.equal([]);
  }

  const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

  interface Sender {
    readonly agent: Agent;
    readonly csrf: string;
    /** Fields the form carries besides the practice's (a moderator's edit: its revision). */
    readonly extra?: () => Record<string, string>;
  }

  async function fuzzPath(path: () => string, steps: readonly string[], runs: number, sender: () => Sender = () => ({ agent, csrf })) {
    const tally = new StatusTally();
    const property = fc.asyncProperty(
      formBodyArb({ ...validFields(), step: 'review' }, fields.filter((f) => f !== 'materials')),
      fc.constantFrom(...steps),
      fc.array(fileArb, { maxLength: 3 }),
      carriedArb(() => knownHashes),
      fc.boolean(),
      async (body, step, files, carried, withToken) => {
        const who = sender();
        const parts: Part[] = [];
        if (withToken) parts.push({ name: '_csrf', value: Buffer.from(who.csrf) });
        for (const [key, value] of Object.entries(who.extra?.() ?? {})) parts.push({ name: key, value: Buffer.from(value) });
        for (const [key, value] of new URLSearchParams(body)) if (key !== 'step' && key !== '_csrf' && key !== 'revision') parts.push({ name: key, value: Buffer.from(value) });
        parts.push({ name: 'step', value: Buffer.from(step) });
        for (const c of carried) {
          const n = String(c.index);
          parts.push({ name: `material-${n}-hash`, value: Buffer.from(c.hash) }, { name: `material-${n}-name`, value: Buffer.from(c.name) }, { name: `material-${n}-title`, value: Buffer.from(c.title) });
          if (c.description !== null) parts.push({ name: `material-${n}-description`, value: Buffer.from(c.description) });
          if (c.remove) parts.push({ name: `material-${n}-remove`, value: Buffer.from('ja') });
        }
        for (const f of files) parts.push({ name: 'materials', value: f.content, fileName: f.fileName, type: f.type });
        const target = path();
        const answer = await send(
          who.agent
            .post(target)
            .set('Content-Type', `multipart/form-data; boundary=${BOUNDARY}`)
            .set('X-Forwarded-For', randomClientAddress())
            .send(multipart(parts)),
        );
        tally.add(answer.status);
        const what = `POST ${target} (${step}, ${files.length} files: ${files.map((f) => JSON.stringify(f.fileName)).join(', ')}; token ${withToken ? 'sent' : 'missing'})`;
        expectSafeAnswer(answer, { what });
        if (!withToken) expect([400, 403, 411, 413], `${what} without a token`).to.include(answer.status);
        await settle();
        expectFilesMatchRows(what);
      },
    );
    await fc.assert(property, fuzzSettings(runs));
    console.log(`      answers: ${tally.toString()}`);
    // Most posts must reach the form handler (and its upload rules), not be turned away at the door.
    expect(tally.count((s) => s === 200 || s === 303 || s === 400), 'fuzzed posts that reached the form handler').to.be.greaterThan(tally.total / 3);
  }

  it('POST /indienen: never a 5xx, and the files on disk always match their rows', async () => {
    await fuzzPath(() => '/indienen', ['review', 'confirm', 'edit'], 60);
  });

  it('POST /indienen/status/:token/aanpassen: the same', async () => {
    await fuzzPath(
      () => {
        w.makeEditableAgain();
        return `/indienen/status/${w.editableToken}/aanpassen`;
      },
      ['review', 'confirm', 'edit'],
      30,
    );
  });

  it('POST /indienen/status/:token/bijwerken (a proposed update): the same', async () => {
    await fuzzPath(() => `/indienen/status/${publishedToken}/bijwerken`, ['review', 'confirm', 'edit'], 30);
  });

  it('POST /beheer/praktijken/:id/bewerken (a moderator’s edit): the same', async () => {
    const mod = await loginAsModerator(w.t, { email: 'fuzz-uploads@praktijkbank.test' });
    const id = w.publishedId;
    await fuzzPath(() => `/beheer/praktijken/${id}/bewerken`, ['save'], 30, () => ({
      agent: mod.agent,
      csrf: mod.csrfToken,
      extra: () => ({ revision: String(w.t.services.practices.revisionOf(id) ?? 0), sourceTitle: 'Stad Kortrijk' }),
    }));
  });
});
