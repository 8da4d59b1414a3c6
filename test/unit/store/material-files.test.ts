// The clean-up of materials over the real store: files no practice uses, files without a row and
// leftover temp files go; what a practice uses, or a form carried lately, stays.
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { expect } from 'chai';
import { MATERIAL_GRACE_MS, cleanUpMaterials } from '../../../src/domain/materials.js';
import { MaterialFiles } from '../../../src/store/material-files.js';
import { MaterialRepository } from '../../../src/store/material-repository.js';
import { pdfFile } from '../../support/material-files.js';
import { practiceInput } from '../../support/practices.js';
import { type TestStore, makeTempDir, openStore, removeTempDir } from '../../support/store.js';

describe('MaterialFiles and MaterialRepository', () => {
  let dir: string;
  let store: TestStore;
  let files: MaterialFiles;
  let rows: MaterialRepository;
  beforeEach(() => {
    dir = makeTempDir();
    store = openStore(dir);
    files = new MaterialFiles(join(dir, 'materials'));
    rows = new MaterialRepository(store.db);
  });
  afterEach(() => {
    store.db.close();
    removeTempDir(dir);
  });

  async function stored(content: Buffer, storedAt: string) {
    const upload = await files.receive(Readable.from([content]), files.temporaryPath(), 1024 * 1024, 4096);
    files.commit(upload);
    rows.record({ hash: upload.hash, mediaType: 'application/pdf', bytes: upload.bytes, storedAt });
    return upload.hash;
  }

  it('stores a file under the SHA-256 of its content, once', async () => {
    const a = await stored(pdfFile('x'), '2024-01-01T00:00:00.000Z');
    const b = await stored(pdfFile('x'), '2024-01-02T00:00:00.000Z');
    expect(a).to.equal(b);
    expect(files.list().map((f) => f.hash)).to.deep.equal([a]);
    expect(files.exists(a)).to.equal(true);
  });

  it('writes nothing past the limit and says the file was too big', async () => {
    const upload = await files.receive(Readable.from([Buffer.alloc(2000)]), files.temporaryPath(), 1000, 10);
    expect(upload.tooBig).to.equal(true);
    expect(files.removeTemporary(Number.POSITIVE_INFINITY)).to.equal(0);
  });

  it('removes unused files after the grace period, files without a row and temp files, and keeps what a practice uses', async () => {
    const now = new Date('2024-03-01T12:00:00.000Z');
    const old = new Date(now.getTime() - MATERIAL_GRACE_MS - 1000).toISOString();
    const used = await stored(pdfFile('gebruikt'), old);
    const unused = await stored(pdfFile('ongebruikt'), old);
    const recent = await stored(pdfFile('net opgeladen'), now.toISOString());
    store.practices.insert({
      slug: 'met-materiaal',
      status: 'published',
      input: practiceInput({ materials: [{ fileHash: used, fileName: 'a.pdf', mediaType: 'application/pdf', bytes: 10, title: 'A' }] }),
    });
    const orphan = 'f'.repeat(64);
    mkdirSync(join(dir, 'materials', 'ff'), { recursive: true });
    writeFileSync(join(dir, 'materials', 'ff', `${orphan}.bin`), 'x');
    const temp = files.temporaryPath();
    writeFileSync(temp, 'half');
    const hourAgo = new Date(now.getTime() - 2 * 60 * 60 * 1000);
    utimesSync(temp, hourAgo, hourAgo);
    utimesSync(join(dir, 'materials', 'ff', `${orphan}.bin`), hourAgo, hourAgo);

    const report = cleanUpMaterials(rows, files, now);
    expect(report).to.deep.equal({ unused: [unused], orphans: [orphan], temporary: 1 });
    expect(files.list().map((f) => f.hash).sort()).to.deep.equal([used, recent].sort());
    expect([...rows.hashes()].sort()).to.deep.equal([used, recent].sort());
  });

  it('gives a file carried by a form a new grace period', async () => {
    const now = new Date('2024-03-01T12:00:00.000Z');
    const hash = await stored(pdfFile('in een formulier'), '2024-01-01T00:00:00.000Z');
    rows.touch([hash], now.toISOString());
    expect(cleanUpMaterials(rows, files, now).unused).to.deep.equal([]);
  });
});
