import { expect } from 'chai';

import { Catalogue, type SearchResult } from '../../../src/domain/catalogue.js';
import { type PracticeInput, provincesOf } from '../../../src/domain/practice.js';
import { type SearchQuery, parseSearchQuery } from '../../../src/domain/search-query.js';
import type { PublicationStatus } from '../../../src/domain/vocabulary.js';
import { type TestStore, makeTempDir, openSeededStore, openStore, practiceInput, removeTempDir, seedRecords } from '../fixtures.js';

function query(raw: Record<string, unknown>): SearchQuery {
  const parsed = parseSearchQuery(raw);
  if (!parsed.ok) throw new Error(`bad test query ${JSON.stringify(raw)}: ${JSON.stringify(parsed.problems)}`);
  return parsed.query;
}

const slugsOf = (result: SearchResult) => result.items.map((item) => item.practice.slug);

// The oracle: the seed file itself, read without the database, the repository or the catalogue.
const records = seedRecords();
const seedSlugsWhere = (predicate: (input: PracticeInput) => boolean) => records.filter((r) => predicate(r.input)).map((r) => r.slug);
const collator = new Intl.Collator('nl', { sensitivity: 'base' });

describe('Catalogue', () => {
  describe('over the seed catalogue in a SQLite file', () => {
    let dir: string | undefined;
    let store: TestStore;
    let catalogue: Catalogue;
    const search = (raw: Record<string, unknown>) => catalogue.search(query(raw));

    before(() => {
      dir = makeTempDir();
      store = openSeededStore(dir);
      catalogue = new Catalogue(store.practices);
    });

    after(() => {
      store?.db.close();
      removeTempDir(dir);
    });

    it('holds every seed practice, each findable by its slug', () => {
      expect(catalogue.size).to.equal(records.length);
      for (const { slug, input } of records) expect(catalogue.findPublished(slug)?.title, slug).to.equal(input.title);
      expect(catalogue.findPublished('bestaat-niet')).to.equal(undefined);
    });

    describe('browsing without a search text', () => {
      it('lists every practice, newest first, 20 to a page', () => {
        const result = search({});
        expect(result.total).to.equal(records.length);
        expect(result.sort).to.equal('newest');
        expect(result.pageSize).to.equal(20);
        expect(result.page).to.equal(1);
        expect(result.pageCount).to.equal(1);
        expect(result.allWords).to.equal(true);
        expect(slugsOf(result)).to.have.members(records.map((r) => r.slug));
      });

      it('breaks a tie in publication time by the practice added last', () => {
        // The seed publishes all practices at the same moment, in file order.
        expect(slugsOf(search({}))).to.deep.equal(records.map((r) => r.slug).reverse());
      });

      it('shows the summary, unmarked, as the snippet', () => {
        for (const item of search({}).items) {
          expect(item.snippet).to.deep.equal([{ text: item.practice.summary, match: false }]);
        }
      });
    });

    describe('a text search', () => {
      it('finds the Zoersel practice first for "geintegreerd breed onthaal", sorted by relevance', () => {
        const result = search({ q: 'geintegreerd breed onthaal' });
        expect(result.sort).to.equal('relevance');
        expect(slugsOf(result)[0]).to.equal('gbo-zoersel');
      });

      it('marks the matched words in each snippet', () => {
        const result = search({ q: 'landbouwer' });
        expect(slugsOf(result)).to.deep.equal(['landbouwers-diksmuide']);
        const marked = result.items[0]!.snippet.filter((s) => s.match).map((s) => s.text);
        expect(marked.length).to.be.greaterThan(0);
        for (const text of marked) expect(text).to.equal('landbouwers');
      });

      it('finds nothing, without failing, for a text no practice holds', () => {
        const result = search({ q: 'kernfusie' });
        expect(result.total).to.equal(0);
        expect(result.items).to.deep.equal([]);
        expect(result.pageCount).to.equal(1);
      });

      it('treats a text of only stop words as no match at all rather than as browsing', () => {
        expect(search({ q: 'de het een' }).total).to.equal(0);
      });

      it('says when the results hold only some of the words', () => {
        const result = search({ q: 'Zoersel Diksmuide' });
        expect(result.allWords).to.equal(false);
        expect(slugsOf(result)).to.have.members(['gbo-zoersel', 'landbouwers-diksmuide']);
      });
    });

    describe('facet filters', () => {
      it('keeps practices with any of the values chosen within one facet (OR)', () => {
        const result = search({ theme: ['kinderopvang', 'vrije-tijd'] });
        const expected = seedSlugsWhere((p) => p.themes.includes('kinderopvang') || p.themes.includes('vrije-tijd'));
        expect(expected).to.have.length(3);
        expect(slugsOf(result)).to.have.members(expected);
        expect(result.total).to.equal(3);
      });

      it('keeps only practices that match every facet used (AND)', () => {
        const both = search({ theme: 'netwerken', targetGroup: 'mantelzorgers' });
        expect(slugsOf(both)).to.deep.equal(['zorgnetwerken-west-vlaanderen']);

        const local = search({ theme: 'netwerken', scale: 'lokaal' });
        const expected = seedSlugsWhere((p) => p.themes.includes('netwerken') && p.scale === 'lokaal');
        expect(slugsOf(local)).to.have.members(expected);
        expect(search({ theme: 'netwerken' }).total).to.be.greaterThan(local.total);
      });

      it('combines OR within facets with AND across them', () => {
        const result = search({ theme: ['kinderopvang', 'ouderenzorg'], scale: ['vlaams', 'regionaal'], lifeDomain: ['zorg', 'wonen', 'gezin', 'welzijn'] });
        const expected = seedSlugsWhere(
          (p) =>
            (p.themes.includes('kinderopvang') || p.themes.includes('ouderenzorg')) &&
            (p.scale === 'vlaams' || p.scale === 'regionaal') &&
            p.lifeDomains.some((d) => ['zorg', 'wonen', 'gezin', 'welzijn'].includes(d)),
        );
        expect(slugsOf(result)).to.have.members(expected);
      });

      it('combines filters with a search text', () => {
        const result = search({ q: 'netwerk', scale: 'vlaams' });
        expect(result.total).to.be.greaterThan(0);
        for (const item of result.items) expect(item.practice.scale).to.equal('vlaams');
        expect(result.total).to.be.lessThan(search({ q: 'netwerk' }).total);
      });

      it('filters on a municipality by its NIS code', () => {
        expect(slugsOf(search({ municipality: '11055' }))).to.deep.equal(['gbo-zoersel']);
      });

      it('finds a practice in a province through its municipality or through the province it names', () => {
        expect(slugsOf(search({ province: 'antwerpen' }))).to.have.members(['gbo-zoersel', 'gezinscoaches-antwerpen']);
        expect(slugsOf(search({ province: 'west-vlaanderen' }))).to.have.members(['landbouwers-diksmuide', 'zorgnetwerken-west-vlaanderen']);
      });

      it('filters on the start year', () => {
        expect(slugsOf(search({ startYear: '2021' }))).to.deep.equal(['herstelgerichte-projecten-2021-2025']);
        expect(search({ startYear: '1995' }).total).to.equal(0);
      });
    });

    describe('facet counts', () => {
      it('count the whole catalogue when nothing is asked', () => {
        const theme = search({}).facets.theme;
        for (const value of theme) {
          expect(value.count, value.value).to.equal(seedSlugsWhere((p) => p.themes.includes(value.value as never)).length);
          expect(value.selected).to.equal(false);
        }
        expect(theme.find((v) => v.value === 'netwerken')?.count).to.equal(5);
      });

      it('count a facet as if its own filter were not set, so other values can still be added (disjunctive)', () => {
        const result = search({ theme: 'kinderopvang' });
        expect(result.total).to.equal(2);
        const theme = result.facets.theme;
        expect(theme.find((v) => v.value === 'kinderopvang')).to.deep.include({ count: 2, selected: true });
        expect(theme.find((v) => v.value === 'netwerken')).to.deep.include({ count: 5, selected: false });
        expect(theme.filter((v) => v.selected).map((v) => v.value)).to.deep.equal(['kinderopvang']);
      });

      it('count the other facets under the filters that are set', () => {
        const result = search({ theme: 'kinderopvang' });
        const kinderopvang = records.filter((r) => r.input.themes.includes('kinderopvang'));
        expect(result.facets.scale).to.deep.equal([{ value: 'vlaams', label: 'Vlaams', count: kinderopvang.length, selected: false }]);
        expect(result.facets.municipality).to.deep.equal([]);
      });

      it('count only the practices the search text finds', () => {
        const result = search({ q: 'gezin' });
        const found = result.items.map((i) => i.practice);
        expect(found.length).to.be.greaterThan(0).and.lessThan(records.length);
        for (const value of result.facets.theme) {
          expect(value.count, value.value).to.equal(found.filter((p) => (p.themes as string[]).includes(value.value)).length);
        }
        expect(result.facets.theme.map((v) => v.value)).to.not.include('kinderopvang');
      });

      it('keep a chosen value that matches nothing in the list, with count 0, so it can be unchosen', () => {
        const result = search({ q: 'Zoersel', theme: 'kinderopvang' });
        expect(result.total).to.equal(0);
        expect(result.facets.theme).to.deep.include({ value: 'kinderopvang', label: 'Kinderopvang en buitenschoolse opvang', count: 0, selected: true });
        expect(result.facets.theme.find((v) => v.value === 'breed-onthaal')?.count).to.equal(1);
      });

      it('list themes by count, most first, with their Dutch labels', () => {
        const theme = search({}).facets.theme;
        for (let i = 1; i < theme.length; i++) expect(theme[i - 1]!.count).to.be.at.least(theme[i]!.count);
        expect(theme.find((v) => v.value === 'breed-onthaal')?.label).to.equal('Geïntegreerd breed onthaal');
      });

      it('name municipalities, not NIS codes, A to Z; and list years newest first', () => {
        const result = search({});
        expect(result.facets.municipality.map((v) => v.label)).to.deep.equal(['Antwerpen', 'Diksmuide', 'Zoersel']);
        const years = result.facets.startYear.map((v) => Number(v.value));
        expect(years).to.deep.equal([...years].sort((a, b) => b - a));
        expect(years).to.include.members([2020, 2021]);
      });
    });

    describe('sorting', () => {
      it('sorts by title in Dutch alphabetical order, ignoring case and accents', () => {
        const titles = search({ sort: 'title', pageSize: '100' }).items.map((i) => i.practice.title);
        expect(titles).to.have.length(records.length);
        expect(titles.slice(0, 3)).to.deep.equal(['Buurtgerichte zorg Limburg', 'CAW-gezinscoaches in Antwerpen', 'Eén gezin, één plan']);
        // Lower-case "netwerk over" before capitalised "Netwerk Vrijetijd": case does not decide.
        expect(titles.indexOf('Lerend netwerk over het decreet buitenschoolse opvang')).to.be.lessThan(
          titles.findIndex((t) => t.startsWith('Lerend Netwerk Vrijetijd')),
        );
        for (let i = 1; i < titles.length; i++) expect(collator.compare(titles[i - 1]!, titles[i]!), titles[i]).to.be.at.most(0);
      });

      it('sorts the hits of a text search by title when asked', () => {
        const result = search({ q: 'netwerk', sort: 'title' });
        expect(result.sort).to.equal('title');
        const titles = result.items.map((i) => i.practice.title);
        expect(titles.length).to.be.greaterThan(1);
        expect(titles).to.deep.equal([...titles].sort(collator.compare));
      });

      it('ranks by relevance for a text search, best first', () => {
        const result = search({ q: 'decreet' });
        expect(slugsOf(result)[0]).to.equal('lerend-netwerk-buitenschoolse-opvang');
      });
    });

    describe('pagination', () => {
      it('cuts the results into pages that together hold every result once, in order', () => {
        const all = slugsOf(search({ pageSize: '100' }));
        const pages = [1, 2, 3, 4].map((page) => search({ pageSize: '5', page: String(page) }));
        expect(pages.map((p) => p.items.length)).to.deep.equal([5, 5, 5, 1]);
        expect(pages.flatMap(slugsOf)).to.deep.equal(all);
        for (const p of pages) {
          expect(p.pageCount).to.equal(4);
          expect(p.total).to.equal(records.length);
        }
      });

      it('answers a page past the end with no items but the right total', () => {
        const result = search({ pageSize: '5', page: '9' });
        expect(result.items).to.deep.equal([]);
        expect(result.total).to.equal(records.length);
        expect(result.page).to.equal(9);
        expect(result.pageCount).to.equal(4);
      });

      it('counts facets over all results, not only the page shown', () => {
        const full = search({});
        const paged = search({ pageSize: '1' });
        expect(paged.items).to.have.length(1);
        expect(paged.facets).to.deep.equal(full.facets);
      });
    });

    describe('the whole result (searchAll), for exports', () => {
      const allSlugs = (raw: Record<string, unknown>) => catalogue.searchAll(query(raw)).map((p) => p.slug);

      it('holds every result of the search in the same order, ignoring page and pageSize', () => {
        for (const raw of [{}, { q: 'zorg' }, { q: 'gezin', sort: 'title' }, { targetGroup: ['kinderen', 'jongeren'] }]) {
          const pages = [1, 2, 3, 4].map((page) => search({ ...raw, pageSize: '5', page: String(page) }));
          expect(allSlugs({ ...raw, page: '3', pageSize: '1' }), JSON.stringify(raw)).to.deep.equal(pages.flatMap(slugsOf));
        }
      });

      it('applies the facet filters', () => {
        expect(allSlugs({ municipality: '11002' })).to.deep.equal(['gezinscoaches-antwerpen']);
        expect(allSlugs({ q: 'onbestaandwoord' })).to.deep.equal([]);
      });

      it('sorts in another order when asked, whatever the query says', () => {
        const newest = catalogue.searchAll(query({ sort: 'title' }), 'newest').map((p) => p.slug);
        expect(newest).to.deep.equal(slugsOf(search({ sort: 'newest', pageSize: '100' })));
      });
    });

    describe('related practices', () => {
      it('never include the practice itself, and hold at most four', () => {
        for (const practice of catalogue.all()) {
          const related = catalogue.related(practice);
          expect(related.map((p) => p.id), practice.slug).to.not.include(practice.id);
          expect(related.length).to.be.at.most(4);
        }
      });

      it('share a theme, target group, life domain or province with the practice', () => {
        for (const practice of catalogue.all()) {
          for (const other of catalogue.related(practice)) {
            const shares =
              practice.themes.some((t) => other.themes.includes(t)) ||
              practice.targetGroups.some((t) => other.targetGroups.includes(t)) ||
              practice.lifeDomains.some((d) => other.lifeDomains.includes(d)) ||
              provincesOf(practice).some((p) => provincesOf(other).includes(p));
            expect(shares, `${practice.slug} → ${other.slug}`).to.equal(true);
          }
        }
      });

      it('put the practice that shares the most first: "Eén gezin, één plan" for the Antwerp family coaches', () => {
        const coaches = catalogue.findPublished('gezinscoaches-antwerpen')!;
        expect(catalogue.related(coaches)[0]?.slug).to.equal('een-gezin-een-plan');
        expect(catalogue.related(coaches, 2).map((p) => p.slug)).to.deep.equal(['een-gezin-een-plan', 'pilootprojecten-lokale-gezinscoaches']);
      });

      it('are empty for a practice that shares nothing', () => {
        expect(catalogue.related(catalogue.findPublished('wijkverbeteringscontracten')!)).to.deep.equal([]);
      });
    });
  });

  describe('keeping up with the database', () => {
    let dir: string | undefined;
    let store: TestStore;
    let catalogue: Catalogue;

    beforeEach(() => {
      dir = makeTempDir();
      store = openSeededStore(dir);
      catalogue = new Catalogue(store.practices);
    });

    afterEach(() => {
      store?.db.close();
      removeTempDir(dir);
      dir = undefined;
    });

    const zwerfkat = (title: string) =>
      practiceInput({ title, summary: 'Vrijwilligers vangen zwerfkatten en brengen ze naar het asiel.', themes: ['wijkverbetering'] });

    it('keeps its index and practices when refreshed without a change', () => {
      const practices = catalogue.all();
      const version = catalogue.version;
      catalogue.refresh();
      catalogue.refresh();
      expect(catalogue.version).to.equal(version);
      expect(catalogue.all()).to.equal(practices); // the same snapshot, not a rebuilt copy
    });

    it('does not see a new practice until refreshed, and then finds it', () => {
      const before = catalogue.version;
      store.practices.insert({ slug: 'zwerfkatten-mortsel', status: 'published', input: zwerfkat('Zwerfkattenproject'), now: '2025-06-01T10:00:00.000Z' });

      expect(catalogue.search(query({ q: 'zwerfkatten' })).total).to.equal(0);
      expect(catalogue.findPublished('zwerfkatten-mortsel')).to.equal(undefined);

      catalogue.refresh();
      expect(catalogue.version).to.be.greaterThan(before);
      expect(catalogue.version).to.equal(store.practices.catalogueVersion());
      expect(catalogue.size).to.equal(records.length + 1);
      expect(slugsOf(catalogue.search(query({ q: 'zwerfkatten' })))).to.deep.equal(['zwerfkatten-mortsel']);
      expect(slugsOf(catalogue.search(query({})))[0]).to.equal('zwerfkatten-mortsel'); // the newest
      expect(catalogue.search(query({})).facets.theme.find((v) => v.value === 'wijkverbetering')?.count).to.equal(2);
    });

    it('gives its answers a new key for a publication, a new synonym list and a new day, and only then', () => {
      const keys = [catalogue.answersKey];
      catalogue.refresh();
      expect(catalogue.answersKey).to.equal(keys[0]);
      store.practices.insert({ slug: 'zwerfkatten-mortsel', status: 'published', input: zwerfkat('Zwerfkattenproject'), now: '2025-06-01T10:00:00.000Z' });
      catalogue.refresh();
      keys.push(catalogue.answersKey);
      catalogue.useSynonyms([['zwerfkat', 'kat']]);
      keys.push(catalogue.answersKey);
      // "Niet recent nagekeken" is counted as at a day: the next day is another answer.
      catalogue.advanceClock(new Date('2030-03-10T08:00:00Z'));
      keys.push(catalogue.answersKey);
      expect(new Set(keys).size).to.equal(4);
      catalogue.advanceClock(new Date('2030-03-10T15:00:00Z')); // later the same day
      expect(catalogue.answersKey).to.equal(keys[3]);
    });

    const hidden: PublicationStatus[] = ['draft', 'pending', 'changes_requested', 'rejected'];
    for (const status of hidden) {
      it(`never shows a practice with status ${status}: not in search, browsing, facets, slugs or related`, () => {
        const size = catalogue.size;
        const facetsBefore = catalogue.search(query({})).facets;
        const slug = `zwerfkatten-${status.replace('_', '-')}`;
        store.practices.insert({ slug, status, input: zwerfkat('Zwerfkatten in de wijk') });
        catalogue.refresh();

        expect(catalogue.version).to.equal(store.practices.catalogueVersion()); // it did rebuild
        expect(catalogue.size).to.equal(size);
        expect(catalogue.search(query({ q: 'zwerfkatten' })).items).to.deep.equal([]);
        expect(slugsOf(catalogue.search(query({ q: 'Zwerfkatten in de wijk' })))).to.not.include(slug);
        expect(catalogue.search(query({})).total).to.equal(size);
        expect(catalogue.search(query({})).facets).to.deep.equal(facetsBefore);
        expect(catalogue.findPublished(slug)).to.equal(undefined);
        const stored = store.practices.findBySlug(slug)!;
        expect(stored.status).to.equal(status);
        for (const p of catalogue.all()) expect(catalogue.related(p).map((r) => r.slug)).to.not.include(slug);
      });
    }

    it('lists practices by their publication moment, newest first', () => {
      const dir2 = makeTempDir();
      const empty = openStore(dir2);
      try {
        const publish = (slug: string, now: string) => empty.practices.insert({ slug, status: 'published', input: practiceInput({ title: slug }), now });
        publish('midden', '2024-05-01T00:00:00.000Z');
        publish('nieuwst', '2025-01-01T00:00:00.000Z');
        publish('oudst', '2023-01-01T00:00:00.000Z');
        const own = new Catalogue(empty.practices);
        expect(slugsOf(own.search(query({})))).to.deep.equal(['nieuwst', 'midden', 'oudst']);
        expect(slugsOf(own.search(query({ sort: 'title' })))).to.deep.equal(['midden', 'nieuwst', 'oudst']);
      } finally {
        empty.db.close();
        removeTempDir(dir2);
      }
    });

    it('works on an empty database', () => {
      const dir2 = makeTempDir();
      const empty = openStore(dir2);
      try {
        const own = new Catalogue(empty.practices);
        expect(own.size).to.equal(0);
        const result = own.search(query({ q: 'zorg' }));
        expect(result.total).to.equal(0);
        expect(result.pageCount).to.equal(1);
        expect(own.search(query({})).items).to.deep.equal([]);
      } finally {
        empty.db.close();
        removeTempDir(dir2);
      }
    });
  });
});
