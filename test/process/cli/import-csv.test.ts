// The spreadsheet round trip as an operator does it: export the catalogue as CSV, edit it, read it
// back with npm run import; a stored slug is updated, nothing changes that the file does not change.
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { changedFields } from '../../../src/domain/moderation.js';
import { contentOf, type PracticeInput } from '../../../src/domain/practice.js';
import { parseSearchQuery } from '../../../src/domain/search-query.js';
import { EXPORT_FORMATS } from '../../../src/http/export-formats.js';
import { EventRepository } from '../../../src/store/event-repository.js';
import { MaterialRepository } from '../../../src/store/material-repository.js';
import { runCommand } from '../../support/command.js';
import { makeTempDir, openSeededStore, openStore, removeTempDir } from '../../support/store.js';

const importCommand = (args: string[], env: Record<string, string>) => runCommand('src/cli/import.ts', args, env);
const HASH = 'c'.repeat(64);
const SLUG = 'landbouwers-diksmuide';

describe('npm run import of the CSV export (the spreadsheet round trip)', function () {
  this.timeout(30_000);
  let dir: string;
  let env: Record<string, string>;
  let exported: string;

  /** Every practice's content and event count, by slug. */
  const snapshot = () => {
    const store = openStore(dir);
    try {
      const events = new EventRepository(store.db);
      return new Map(store.practices.listByStatus(['published', 'pending']).map((p) => [p.slug, { content: contentOf(p), events: events.listFor(p.id).length }]));
    } finally {
      store.db.close();
    }
  };

  /** The export's CSV, edited: `edit` changes the rows (objects by column name); written back as the export writes it. */
  const edited = (name: string, edit: (rows: Record<string, string>[]) => void) => {
    const text = readFileSync(exported, 'utf8');
    const rows = parse<Record<string, string>>(text, { bom: true, columns: true });
    const header = Object.keys(rows[0]!);
    edit(rows);
    const path = join(dir, name);
    writeFileSync(path, `\uFEFF${stringify(rows, { header: true, columns: header, record_delimiter: 'windows' })}`);
    return path;
  };

  beforeEach(async () => {
    dir = makeTempDir();
    const store = openSeededStore(dir);
    try {
      // What the CSV cannot carry: a material, a private e-mail, a link's label.
      new MaterialRepository(store.db).record({ hash: HASH, mediaType: 'application/pdf', bytes: 10, storedAt: '2026-01-01T00:00:00.000Z' });
      const practice = store.practices.findBySlug(SLUG)!;
      const input: PracticeInput = {
        ...contentOf(practice),
        materials: [{ fileHash: HASH, fileName: 'draaiboek.pdf', mediaType: 'application/pdf', bytes: 10, title: 'Draaiboek', description: undefined }],
        contactEmail: 'prive@diksmuide.test',
        contactEmailPublic: false,
        links: [{ url: 'https://www.diksmuide.be/landbouw', label: 'Meer bij de stad' }],
        costs: { amountEur: 1250.5, period: 'per-jaar', note: undefined },
        staffFte: 0.125,
        title: '=HYPERLINK("x") en landbouwers',
      };
      store.practices.update(practice.id, input);
      const query = parseSearchQuery({});
      if (!query.ok) throw new Error('bad query');
      exported = join(dir, 'export.csv');
      await EXPORT_FORMATS.csv.write(createWriteStream(exported), { query: query.query, sort: 'newest', practices: store.practices.listPublished(), publicUrl: 'https://praktijkbank.example', madeAt: new Date() });
    } finally {
      store.db.close();
    }
    env = { DATABASE_PATH: join(dir, 'praktijkbank.sqlite') };
  });
  afterEach(() => removeTempDir(dir));

  it('changes nothing when the export is read back as it is', async () => {
    const before = snapshot();
    const run = await importCommand([exported], env);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.contain(`Nieuw gepubliceerd: 0 praktijken.\nBijgewerkt: 0 praktijken.\nOngewijzigd: ${before.size} praktijken.`);
    expect(snapshot()).to.deep.equal(before);
  });

  it('changes exactly the cell that was edited, and keeps the materials, private e-mail and link labels', async () => {
    const before = snapshot();
    const path = edited('bewerkt.csv', (rows) => {
      const row = rows.find((r) => r.slug === SLUG)!;
      row.summary = 'Een nieuwe samenvatting, getypt in een rekenblad.';
    });
    const run = await importCommand([path], env);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.contain(`Bijgewerkt: 1 praktijk.\n  ${SLUG}: summary\n`);
    const after = snapshot();
    const was = before.get(SLUG)!;
    const now = after.get(SLUG)!;
    expect(changedFields(was.content, now.content)).to.deep.equal(['summary']);
    expect(now.content).to.deep.include({ contactEmail: 'prive@diksmuide.test', contactEmailPublic: false, materials: was.content.materials });
    expect(now.content.links).to.deep.equal([{ url: 'https://www.diksmuide.be/landbouw', label: 'Meer bij de stad' }]);
    expect(now.events).to.equal(was.events + 1);
    for (const [slug, state] of after) if (slug !== SLUG) expect(state, slug).to.deep.equal(before.get(slug));
  });

  it('reads labels where the export writes codes, as a person types them', async () => {
    const path = edited('labels.csv', (rows) => {
      const row = rows.find((r) => r.slug === SLUG)!;
      row.themes = 'Armoedebestrijding; mantelzorg en informele zorg';
      row['costs.period'] = 'eenmalig';
      row['municipalities.nisCode'] = 'Diksmuide | 11002';
      row['reach.count'] = '1.200';
      row['reach.unit'] = 'Gezinnen';
    });
    const run = await importCommand([path], env);
    expect(run.code, run.stderr).to.equal(0);
    const content = snapshot().get(SLUG)!.content;
    expect(content.themes).to.have.members(['armoedebestrijding', 'informele-zorg']);
    expect(content.costs.period).to.equal('eenmalig');
    expect(content.municipalities).to.have.members(['32003', '11002']);
    expect(content.reach).to.deep.include({ count: 1200, unit: 'gezinnen' });
  });

  it('names every bad row as a spreadsheet numbers it, with a Dutch reason, and changes nothing', async () => {
    const before = snapshot();
    const path = edited('fout.csv', (rows) => {
      rows[3]!.themes = 'onbekend-thema';
      rows[8]!.title = '';
      rows[8]!['costs.amountEur'] = 'veel';
      rows[0]!.summary = 'Dit zou anders goed zijn.';
    });
    const run = await importCommand([path], env);
    expect(run.code).to.equal(1);
    expect(run.stdout).to.equal('');
    expect(run.stderr.trim().split('\n')).to.deep.equal([
      'rij 5: thema 1 ("onbekend-thema"): Kies een thema uit de lijst.',
      'rij 10: titel: Vul de titel van de praktijk in.',
      'rij 10: kosten (bedrag): Vul het bedrag in euro in als een getal, bijvoorbeeld 12500 of 12.500,50.',
      `2 van de ${before.size} rijen zijn ongeldig; er is niets ingelezen.`,
    ]);
    expect(snapshot()).to.deep.equal(before);
  });

  it('says which columns it does not know, before reading any row', async () => {
    const path = join(dir, 'vreemd.csv');
    writeFileSync(path, 'title,summary,themes,scale,source.title,kleur\r\nA,B,netwerken,lokaal,Bron,rood\r\n');
    const run = await importCommand([path], env);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(/^Onbekende kolom "kleur": gebruik de kolommen van de CSV-export \(docs\/open-data\.md\)\. Er is niets ingelezen\.\n$/);
  });
});
