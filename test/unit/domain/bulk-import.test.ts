import { expect } from 'chai';

import { API_PRACTICE_FIELDS, ImportRejected, draftOfApiRecord, importPractices, validateImport } from '../../../src/domain/bulk-import.js';
import type { Practice } from '../../../src/domain/practice.js';
import { practiceApiSchema } from '../../../src/http/api-schemas.js';
import { practiceApiView } from '../../../src/http/presenters/practice-api-presenter.js';
import { EventRepository } from '../../../src/store/event-repository.js';
import { type TestStore, makeTempDir, openSeededStore, openStore, practiceInput, removeTempDir } from '../fixtures.js';

type ApiRecord = Record<string, unknown>;

const IMPORTED_AT = '2026-11-20T10:00:00.000Z';
const nowhere = (): Practice | undefined => undefined;

/** The seed catalogue as the API shows it: what an export from another Praktijkbank holds. */
function seedCatalogueAsApi(): ApiRecord[] {
  const dir = makeTempDir();
  const store = openSeededStore(dir);
  try {
    return store.practices.listPublished().map((p) => practiceApiView(p) as ApiRecord);
  } finally {
    store.db.close();
    removeTempDir(dir);
  }
}

function problemsOf(records: unknown, findBySlug: (slug: string) => Practice | undefined = nowhere) {
  const validation = validateImport(records, findBySlug);
  if (validation.ok) throw new Error('expected the import to be rejected');
  return validation.problems;
}

const copy = <T>(value: T): T => structuredClone(value);

describe('bulk import (domain/bulk-import.ts)', () => {
  const apiRecords = seedCatalogueAsApi();
  let dir: string | undefined;
  let store: TestStore;
  let events: EventRepository;
  beforeEach(() => {
    dir = makeTempDir();
    store = openStore(dir);
    events = new EventRepository(store.db);
  });
  afterEach(() => {
    store?.db.close();
    removeTempDir(dir);
  });

  it('reads exactly the fields the API describes', () => {
    expect([...API_PRACTICE_FIELDS].sort()).to.deep.equal(Object.keys(practiceApiSchema.shape).sort());
  });

  it('imports an export of the API unchanged: every practice reads back as it was, published at the import', () => {
    const { imported } = importPractices({ practices: store.practices, events }, apiRecords, { origin: 'export.json', now: IMPORTED_AT });

    expect(imported).to.equal(apiRecords.length);
    // recentlyVerified follows from publishedAt (the import's moment), which is not the export's either.
    const without = (r: ApiRecord) => ({ ...r, publishedAt: undefined, updatedAt: undefined, recentlyVerified: undefined });
    for (const record of apiRecords) {
      const stored = store.practices.findBySlug(String(record.slug));
      expect(stored?.status, String(record.slug)).to.equal('published');
      expect(stored?.publishedAt).to.equal(IMPORTED_AT);
      expect(without(practiceApiView(stored!)), String(record.slug)).to.deep.equal(without(record));
    }
  });

  it('gives every imported practice a publication event that names the file, and no moderator', () => {
    importPractices({ practices: store.practices, events }, apiRecords.slice(0, 2), { origin: 'export.json', now: IMPORTED_AT });
    const practice = store.practices.findBySlug(apiRecords[0]!.slug as string)!;
    expect(events.listFor(practice.id)).to.deep.equal([
      { id: 1, practiceId: practice.id, action: 'published', moderatorEmail: undefined, reason: 'Ingelezen uit export.json met npm run import.', at: IMPORTED_AT },
    ]);
  });

  it('reports every bad record with its index and a Dutch reason, and writes nothing', () => {
    const records = copy(apiRecords);
    records[2]!.title = '   ';
    records[5]!.themes = ['armoede'];
    records[5]!.summary = 'x'.repeat(601);
    records[9]!.municipalities = [{ nisCode: '99999', name: 'Nergenshuizen', province: null }];
    records[11]!.period = { startYear: 2020, endYear: 2018, ongoing: false };
    records[12]!.themes = 'armoedebestrijding';

    expect(() => importPractices({ practices: store.practices, events }, records, { origin: 'f.json' }))
      .to.throw(ImportRejected, `5 van de ${records.length} records zijn ongeldig; er is niets ingelezen.`);
    expect(store.practices.count()).to.equal(0);
    expect(problemsOf(records)).to.deep.equal([
      { index: 2, message: 'titel: Vul de titel van de praktijk in.' },
      { index: 5, message: 'samenvatting: De samenvatting mag hoogstens 600 tekens lang zijn. Ze is nu 601 tekens lang: maak ze 1 teken korter.' },
      { index: 5, message: 'thema 1 ("armoede"): Kies een thema uit de lijst.' },
      { index: 9, message: 'gemeente 1 ("99999"): Kies een Vlaamse gemeente uit de lijst.' },
      { index: 11, message: 'eindjaar: Het eindjaar mag niet voor het beginjaar liggen.' },
      { index: 12, message: 'thema’s: Ongeldige invoer: verwacht array, ontving string' },
    ]);
  });

  it('names a record that is no practice, unknown fields and a malformed slug', () => {
    const records: unknown[] = copy(apiRecords.slice(0, 4));
    records[0] = 'Buurtwerk in Gent';
    (records[1] as ApiRecord).targetgroups = ['ouderen'];
    (records[2] as ApiRecord).source = { ...((records[2] as ApiRecord).source as object), titel: 'x' };
    (records[3] as ApiRecord).slug = 'Met Hoofdletters';
    expect(problemsOf(records)).to.deep.equal([
      { index: 0, message: 'is geen praktijk: verwacht een object met title, summary, … zoals de API het geeft.' },
      { index: 1, message: 'onbekend veld "targetgroups": gebruik de velden van de API (docs/api.md).' },
      { index: 2, message: 'onbekend veld "source.titel".' },
      { index: 3, message: 'slug ("Met Hoofdletters"): gebruik kleine letters, cijfers en koppeltekens, bijvoorbeeld "buurtgerichte-zorg-gent", of laat de slug weg.' },
    ]);
  });

  it('refuses a file that is not a list, or an empty one', () => {
    expect(problemsOf({ items: apiRecords })[0]!.message).to.match(/^Het bestand moet een lijst \(JSON-array\) van praktijken zijn/);
    expect(problemsOf([])).to.deep.equal([{ index: -1, message: 'De lijst is leeg: er is niets om in te lezen.' }]);
  });

  it('refuses a slug used twice in the file', () => {
    const records = copy(apiRecords.slice(0, 3));
    records[2]!.slug = records[1]!.slug;
    expect(problemsOf(records)).to.deep.equal([
      { index: 2, message: `slug ("${String(records[1]!.slug)}"): komt ook voor in record 1; elke praktijk heeft haar eigen slug.` },
    ]);
  });

  it('updates the practice a slug names, keeping its status, and reading the same file twice changes nothing', () => {
    store.practices.insert({ slug: 'bestaat-al', status: 'pending', input: practiceInput() });
    const records = copy(apiRecords.slice(0, 2));
    records[0]!.slug = 'bestaat-al';
    const first = importPractices({ practices: store.practices, events }, records, { origin: 'f.json', now: IMPORTED_AT });
    expect(first.inserted).to.deep.equal([records[1]!.slug]);
    expect(first.updated.map((u) => u.slug)).to.deep.equal(['bestaat-al']);
    const updated = store.practices.findBySlug('bestaat-al')!;
    expect(updated.status).to.equal('pending');
    expect(updated.title).to.equal(records[0]!.title);
    expect(events.listFor(updated.id).map((e) => [e.action, e.reason])).to.deep.equal([['edited', 'Bijgewerkt uit f.json met npm run import.']]);
    const again = importPractices({ practices: store.practices, events }, records, { origin: 'f.json' });
    expect(again).to.deep.include({ inserted: [], updated: [], imported: 0 });
    expect(again.unchanged).to.have.members(['bestaat-al', records[1]!.slug]);
    expect(store.practices.count()).to.equal(2);
  });

  it('keeps a practice\'s materials and private e-mail when an update cannot carry them', () => {
    store.db.prepare("INSERT INTO material_files (hash, media_type, bytes, stored_at) VALUES (?, 'application/pdf', 10, ?)").run('b'.repeat(64), IMPORTED_AT);
    const materials = [{ fileHash: 'b'.repeat(64), fileName: 'draaiboek.pdf', mediaType: 'application/pdf' as const, bytes: 10, title: 'Draaiboek' }];
    store.practices.insert({ slug: 'met-bestanden', status: 'published', input: practiceInput({ materials, contactEmail: 'prive@gemeente.be', contactEmailPublic: false }) });
    const record = practiceApiView(store.practices.findBySlug('met-bestanden')!) as ApiRecord;
    const result = importPractices({ practices: store.practices, events }, [{ ...record, summary: 'Een nieuwe samenvatting.', materials: [] }], { origin: 'f.json' });
    expect(result.updated).to.deep.equal([{ slug: 'met-bestanden', fields: ['summary'] }]);
    const stored = store.practices.findBySlug('met-bestanden')!;
    expect(stored.materials).to.deep.equal([{ ...materials[0], description: undefined }]);
    expect(stored).to.include({ contactEmail: 'prive@gemeente.be', contactEmailPublic: false, summary: 'Een nieuwe samenvatting.' });
  });

  it('reads the fields of issue 12 and names a bad one in Dutch', () => {
    const record = {
      ...copy(apiRecords[0]!),
      slug: 'nieuw',
      costs: { amountEur: 100, period: null, note: null },
      reach: { count: 12, unit: 'gezinnen', year: 2024 },
      contact: { name: 'An', role: null, organisation: 'OCMW', email: null },
      contactOrganisation: 'Iets anders',
    };
    expect(problemsOf([record])).to.deep.equal([
      { index: 0, message: 'contactorganisatie: contact.organisation en contactOrganisation verschillen; geef één waarde, of dezelfde in beide.' },
      { index: 0, message: 'kosten (eenmalig of per jaar): Kies of het bedrag eenmalig is of per jaar.' },
    ]);
    const fixed = { ...record, contactOrganisation: 'OCMW', costs: { amountEur: 100, period: 'eenmalig', note: null } };
    importPractices({ practices: store.practices, events }, [fixed], { origin: 'f.json' });
    expect(store.practices.findBySlug('nieuw')).to.deep.include({ contactName: 'An', contactOrganisation: 'OCMW', costs: { amountEur: 100, period: 'eenmalig', note: undefined }, reach: { count: 12, unit: 'gezinnen', year: 2024 } });
  });

  it('makes a slug from the title when a record has none, never one another record asks for', () => {
    const records = copy(apiRecords.slice(0, 2));
    records[0]!.title = 'Buurtwerk in Gent';
    delete records[0]!.slug;
    records[1]!.slug = 'buurtwerk-in-gent';
    importPractices({ practices: store.practices, events }, records, { origin: 'f.json' });
    expect(store.practices.findBySlug('buurtwerk-in-gent')?.title).to.equal(records[1]!.title);
    expect(store.practices.findBySlug('buurtwerk-in-gent-2')?.title).to.equal('Buurtwerk in Gent');
  });

  it('keeps only the provinces a practice names itself, and a shown e-mail address as public', () => {
    const draft = draftOfApiRecord({
      municipalities: [{ nisCode: '11002', name: 'Antwerpen', province: 'antwerpen' }],
      provinces: ['antwerpen', 'limburg'],
      contactEmail: 'info@gemeente.be',
      period: { startYear: 2019, endYear: null, ongoing: true },
      sections: { aanleiding: 'Waarom.', aanpak: null, resultaten: null, leerpunten: null },
    });
    expect(draft).to.include({ startYear: 2019, endYear: undefined, ongoing: true, contactEmail: 'info@gemeente.be', contactEmailPublic: true });
    expect(draft.municipalities).to.deep.equal(['11002']);
    expect(draft.provinces).to.deep.equal(['limburg']);
    expect(draft.sections).to.deep.equal({ aanleiding: 'Waarom.', aanpak: undefined, resultaten: undefined, leerpunten: undefined });
  });
});
