// The import command as an operator runs it: a child process reading a JSON file into the SQLite file
// of DATABASE_PATH, all or nothing.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { runCommand } from '../../support/command.js';
import { Catalogue } from '../../../src/domain/catalogue.js';
import { parseSearchQuery } from '../../../src/domain/search-query.js';
import { practiceApiView } from '../../../src/http/presenters/practice-api-presenter.js';
import { makeTempDir, openSeededStore, openStore, removeTempDir } from '../../support/store.js';

const importCommand = (args: string[], env: Record<string, string>) => runCommand('src/cli/import.ts', args, env);

type ApiRecord = Record<string, unknown>;

/** Many practices in the API's shape: the seed catalogue, three times under other slugs and titles. */
function manyApiRecords(): ApiRecord[] {
  const dir = makeTempDir();
  const store = openSeededStore(dir);
  try {
    const seed = store.practices.listPublished().map((p) => practiceApiView(p) as ApiRecord);
    return [1, 2, 3].flatMap((round) =>
      seed.map((r) => ({ ...r, slug: `${String(r.slug)}-${round}`, title: `${String(r.title)} (ronde ${round})` })),
    );
  } finally {
    store.db.close();
    removeTempDir(dir);
  }
}

describe('npm run import (src/cli/import.ts)', function () {
  this.timeout(30_000);
  const records = manyApiRecords();
  let dir: string;
  let env: Record<string, string>;
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const practicesIn = () => {
    const store = openStore(dir);
    try {
      return store.practices.count();
    } finally {
      store.db.close();
    }
  };
  beforeEach(() => {
    dir = makeTempDir();
    env = { DATABASE_PATH: join(dir, 'praktijkbank.sqlite') };
  });
  afterEach(() => removeTempDir(dir));

  it('publishes every practice of a good file, and the catalogue finds them', async () => {
    const run = await importCommand([file('praktijken.json', JSON.stringify(records))], env);

    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/^Nieuw gepubliceerd: 48 praktijken\.\nBijgewerkt: 0 praktijken\.\nOngewijzigd: 0 praktijken\.\nIngelezen: 48 praktijken uit .*praktijken\.json in /);
    const store = openStore(dir);
    try {
      const catalogue = new Catalogue(store.practices);
      expect(catalogue.size).to.equal(48);
      const parsed = parseSearchQuery({ q: 'landbouwers Diksmuide ronde' });
      if (!parsed.ok) throw new Error('bad query');
      const found = catalogue.search(parsed.query).items.map((i) => i.practice.slug);
      expect(found).to.have.members(['landbouwers-diksmuide-1', 'landbouwers-diksmuide-2', 'landbouwers-diksmuide-3']);
    } finally {
      store.db.close();
    }
  });

  it('reports every bad record among many by its index, writes nothing and exits with 1', async () => {
    const bad = structuredClone(records);
    bad[3]!.title = '';
    bad[17]!.scale = 'wereldwijd';
    bad[40]!.source = { title: '', publisher: null, url: 'ftp://bron', note: null };

    const run = await importCommand([file('fout.json', JSON.stringify(bad))], env);

    expect(run.code).to.equal(1);
    expect(run.stdout).to.equal('');
    expect(run.stderr.trim().split('\n')).to.deep.equal([
      'record 3: titel: Vul de titel van de praktijk in.',
      'record 17: schaal: Kies de schaal: lokaal, intergemeentelijk, regionaal of Vlaams.',
      // All problems at once: without a valid scale the record's empty municipality list is said too.
      'record 17: gemeenten: Kies minstens één gemeente waar de praktijk loopt, of kies de schaal "Vlaams" als ze voor heel Vlaanderen geldt.',
      'record 40: titel van de bron: Vul de titel van de bron in.',
      'record 40: webadres van de bron: Vul een webadres in dat begint met http:// of https://.',
      '3 van de 48 records zijn ongeldig; er is niets ingelezen.',
    ]);
    expect(practicesIn()).to.equal(0);
  });

  it('reads the same file twice without changing anything the second time', async () => {
    const path = file('praktijken.json', JSON.stringify(records.slice(0, 2)));
    expect((await importCommand([path], env)).code).to.equal(0);
    const again = await importCommand([path], env);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout).to.contain('Nieuw gepubliceerd: 0 praktijken.\nBijgewerkt: 0 praktijken.\nOngewijzigd: 2 praktijken.');
    expect(again.stdout).to.contain('Materialen en privé-e-mailadressen staan niet in het bestand: bij bestaande praktijken zijn ze behouden.');
    expect(practicesIn()).to.equal(2);
  });

  it('says clearly when the file is not JSON, not a list, empty or missing', async () => {
    const cases: [string, RegExp][] = [
      [file('kapot.json', '[{"title": "Buurtwerk",'), /^Het bestand .*kapot\.json is geen geldige JSON \(.+\)\. Er is niets ingelezen\.\n$/],
      [file('object.json', JSON.stringify({ items: records })), /^Het bestand moet een lijst \(JSON-array\) van praktijken zijn, .*Er is niets ingelezen\.\n$/],
      [file('leeg.json', ''), /^Het bestand .*leeg\.json is leeg: verwacht een JSON-lijst van praktijken\.\n$/],
      [file('lege-lijst.json', '[]'), /^De lijst is leeg: er is niets om in te lezen\. Er is niets ingelezen\.\n$/],
      [join(dir, 'bestaat-niet.json'), /^Het bestand .*bestaat-niet\.json bestaat niet\.\n$/],
    ];
    for (const [path, message] of cases) {
      const run = await importCommand([path], env);
      expect(run.code, path).to.equal(1);
      expect(run.stderr, path).to.match(message);
    }
    expect(practicesIn()).to.equal(0);
  });

  it('only checks the file with --dry-run', async () => {
    const run = await importCommand(['--dry-run', file('praktijken.json', JSON.stringify(records))], env);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/^Nieuw gepubliceerd: 48 praktijken\.\n[^]*In orde: .*praktijken\.json kan ingelezen worden \(--dry-run: er is niets geschreven\)\.\n$/);
    expect(practicesIn()).to.equal(0);
  });

  it('answers a wrong command line with its usage and exit code 2', async () => {
    const run = await importCommand([], env);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.match(/^Geef precies één JSON- of CSV-bestand om in te lezen\.\n\nGebruik: npm run import -- BESTAND\.json\|BESTAND\.csv/);
  });
});
