import { expect } from 'chai';
import fc from 'fast-check';

import { Catalogue, type CatalogueOptions, type FacetValue, type SearchResult } from '../../../src/domain/catalogue.js';
import type { Practice, PracticeInput } from '../../../src/domain/practice.js';
import { type SearchQuery, parseSearchQuery } from '../../../src/domain/search-query.js';
import type { IndexBuilder } from '../../../src/search/index-builder.js';
import { SearchIndex } from '../../../src/search/search-index.js';
import { SearchIndexRepository } from '../../../src/store/search-index-repository.js';
import { type TestStore, makeTempDir, openSeededStore, practiceInput, removeTempDir } from '../fixtures.js';

function query(raw: Record<string, unknown>): SearchQuery {
  const parsed = parseSearchQuery(raw);
  if (!parsed.ok) throw new Error(`bad test query ${JSON.stringify(raw)}`);
  return parsed.query;
}

const slugsOf = (result: SearchResult) => result.items.map((item) => item.practice.slug);

/** A builder that counts its builds and holds each one back until released. */
function gatedBuilder() {
  let open = false;
  let release: () => void = () => undefined;
  let gate = new Promise<void>((resolve) => (release = resolve));
  const builder = {
    builds: 0,
    build: (async (documents) => {
      builder.builds++;
      if (!open) await gate;
      return SearchIndex.build(documents);
    }) as IndexBuilder,
    /** Lets every waiting and future build finish. */
    open() {
      open = true;
      release();
    },
    /** Holds builds back again. */
    close() {
      open = false;
      gate = new Promise<void>((resolve) => (release = resolve));
    },
  };
  return builder;
}

/** What a person provides of a stored practice: the input to update it with. */
function inputOf(practice: Practice): PracticeInput {
  const { id, slug, status, createdAt, updatedAt, publishedAt, ...input } = practice;
  void [id, slug, status, createdAt, updatedAt, publishedAt];
  return input;
}

describe('Catalogue: the stored index, recent changes and the cache', () => {
  let dir: string | undefined;
  let store: TestStore;
  let indexes: SearchIndexRepository;
  const opened: Catalogue[] = [];
  const logged: string[] = [];

  beforeEach(() => {
    dir = makeTempDir();
    store = openSeededStore(dir);
    indexes = new SearchIndexRepository(store.db);
    logged.length = 0;
  });

  afterEach(() => {
    for (const c of opened.splice(0)) c.close();
    store?.db.close();
    removeTempDir(dir);
    dir = undefined;
  });

  /** A catalogue like the running app's: index stored in the database, built by `build` (never in-process). */
  function open(build: IndexBuilder, options: Partial<CatalogueOptions> = {}): Catalogue {
    const catalogue = new Catalogue(store.practices, {
      buildIndex: build,
      indexStore: indexes,
      inProcessBuildLimit: 0,
      mergeDelayMs: 0,
      log: (message) => logged.push(message),
      ...options,
    });
    opened.push(catalogue);
    return catalogue;
  }

  /** Waits until the stored index is written (it is written after the request that caused it). */
  const stored = () => new Promise((resolve) => setImmediate(resolve));

  const zwerfkat = (title: string, summary = 'Vrijwilligers vangen zwerfkatten en brengen ze naar het asiel.') =>
    practiceInput({ title, summary, themes: ['wijkverbetering'] });

  describe('the stored index', () => {
    it('is built once in the background when missing, stored, and reused by the next start without a rebuild', async () => {
      const first = gatedBuilder();
      first.open();
      const a = open(first.build);
      await a.settled();
      await stored();
      expect(first.builds).to.equal(1);
      expect(a.status()).to.deep.include({ persisted: true, mainIndexVersion: store.practices.catalogueVersion(), pendingChanges: 0, provisional: false });
      a.close();

      const second = gatedBuilder();
      const b = open(second.build);
      expect(b.status()).to.deep.equal({
        version: store.practices.catalogueVersion(),
        mainIndexVersion: store.practices.catalogueVersion(),
        pendingChanges: 0,
        rebuilding: false,
        persisted: true,
        provisional: false,
      });
      expect(slugsOf(b.search(query({ q: 'geintegreerd breed onthaal' })))[0]).to.equal('gbo-zoersel');
      await b.settled();
      expect(second.builds, 'no rebuild for a fresh stored index').to.equal(0);
    });

    it('is used when stale, with the changes since searched beside it, and then rebuilt in the background', async () => {
      const first = gatedBuilder();
      first.open();
      await open(first.build).settled();
      await stored();
      const storedVersion = store.practices.catalogueVersion();
      store.practices.insert({ slug: 'zwerfkatten-mortsel', status: 'published', input: zwerfkat('Zwerfkattenproject') });
      const unpublished = store.practices.findBySlug('gbo-zoersel')!;
      store.practices.setStatus(unpublished.id, 'unpublished');

      const second = gatedBuilder();
      const b = open(second.build);
      expect(b.status()).to.deep.include({ version: store.practices.catalogueVersion(), mainIndexVersion: storedVersion, pendingChanges: 2, persisted: true });
      expect(slugsOf(b.search(query({ q: 'zwerfkatten' })))).to.deep.equal(['zwerfkatten-mortsel']);
      expect(b.search(query({ q: 'Zoersel' })).total).to.equal(0);

      second.open();
      await b.settled();
      await stored();
      expect(second.builds).to.equal(1);
      expect(b.status()).to.deep.include({ mainIndexVersion: store.practices.catalogueVersion(), pendingChanges: 0, persisted: true });
      expect(indexes.load()?.version).to.equal(store.practices.catalogueVersion());
    });

    for (const [what, damage] of [
      ['damaged bytes', "UPDATE search_index SET data = x'00112233'"],
      ['a flipped byte in the postings', 'flip'],
      ['unreadable revisions', "UPDATE search_index SET revisions = 'niet json'"],
    ] as const) {
      it(`is ignored and rebuilt, never a failed start, when it has ${what}`, async () => {
        const first = gatedBuilder();
        first.open();
        await open(first.build).settled();
        await stored();
        if (damage === 'flip') {
          const good = indexes.load()!;
          const bytes = Uint8Array.from(good.bytes);
          bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff;
          indexes.save({ ...good, bytes });
        } else store.db.exec(damage);

        const second = gatedBuilder();
        const b = open(second.build, { inProcessBuildLimit: 1_000 });
        // Small enough to build at once in this thread: the catalogue answers as if nothing happened.
        expect(slugsOf(b.search(query({ q: 'landbouwer' })))).to.deep.equal(['landbouwers-diksmuide']);
        expect(b.status().persisted).to.equal(false);
        await stored();
        expect(b.status().persisted).to.equal(true);
        expect(() => SearchIndex.fromBytes(indexes.load()!.bytes)).to.not.throw();
        if (what !== 'unreadable revisions') expect(logged.join('\n')).to.contain('cannot be used');
      });
    }

    it('answers searches while the first index is built, from the practices themselves (provisional)', async () => {
      const builder = gatedBuilder();
      const c = open(builder.build);
      expect(c.status()).to.deep.include({ mainIndexVersion: null, provisional: true });
      expect(slugsOf(c.search(query({ q: 'landbouwers' })))).to.deep.equal(['landbouwers-diksmuide']);
      expect(c.search(query({ q: 'Zoersel Diksmuide' })).allWords).to.equal(false);
      expect(c.search(query({})).total).to.equal(c.size);
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(c.status().rebuilding).to.equal(true);
      builder.open();
      await c.settled();
      expect(c.status()).to.deep.include({ provisional: false, rebuilding: false });
      expect(slugsOf(c.search(query({ q: 'landbouwer' })))).to.deep.equal(['landbouwers-diksmuide']);
    });
  });

  describe('a change is searchable at once, while the main index is still the old one', () => {
    let builder: ReturnType<typeof gatedBuilder>;
    let catalogue: Catalogue;
    let mainVersion: number;

    beforeEach(async () => {
      builder = gatedBuilder();
      builder.open();
      catalogue = open(builder.build);
      await catalogue.settled();
      builder.close(); // from here on, every merge waits
      mainVersion = catalogue.status().mainIndexVersion!;
    });

    afterEach(() => builder.open());

    const stillOldMain = () => {
      expect(catalogue.status().mainIndexVersion).to.equal(mainVersion);
    };

    it('finds a practice right after it is published, ranked among the others', async () => {
      const id = store.practices.insert({ slug: 'zwerfkatten-mortsel', status: 'pending', input: zwerfkat('Landbouwers en zwerfkatten') });
      store.practices.setStatus(id, 'published');
      await catalogue.refreshInBackground();
      stillOldMain();
      expect(slugsOf(catalogue.search(query({ q: 'zwerfkatten' })))).to.deep.equal(['zwerfkatten-mortsel']);
      expect(catalogue.findPublished('zwerfkatten-mortsel')?.title).to.equal('Landbouwers en zwerfkatten');
      // Found with the practices of the main index, and ranked with them: a title word counts most.
      expect(slugsOf(catalogue.search(query({ q: 'landbouwers' })))).to.have.members(['zwerfkatten-mortsel', 'landbouwers-diksmuide']);
      expect(catalogue.status().pendingChanges).to.equal(1);
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(catalogue.status()).to.deep.include({ rebuilding: true, mainIndexVersion: mainVersion });
    });

    it('finds an edited practice under its new words and no longer under its old ones', async () => {
      const practice = store.practices.findBySlug('landbouwers-diksmuide')!;
      const input = inputOf(practice);
      // Its target group (landbouwers) is a tag: it goes too.
      store.practices.update(practice.id, { ...input, title: 'Steun voor vissers in Diksmuide', summary: 'Vissers krijgen hulp.', sections: { aanleiding: undefined, aanpak: undefined, resultaten: undefined, leerpunten: undefined }, targetGroups: [] });
      await catalogue.refreshInBackground();
      stillOldMain();
      expect(slugsOf(catalogue.search(query({ q: 'vissers' })))).to.deep.equal(['landbouwers-diksmuide']);
      expect(catalogue.search(query({ q: 'landbouwers' })).total).to.equal(0);
      expect(catalogue.findPublished('landbouwers-diksmuide')?.title).to.equal('Steun voor vissers in Diksmuide');
      // Once: the main index's copy is masked, not counted beside the new one.
      expect(slugsOf(catalogue.search(query({ q: 'Diksmuide' })))).to.deep.equal(['landbouwers-diksmuide']);
    });

    it('no longer finds an unpublished practice, nor counts it in browsing or facets', async () => {
      const before = catalogue.search(query({}));
      const practice = store.practices.findBySlug('gbo-zoersel')!;
      store.practices.setStatus(practice.id, 'unpublished');
      await catalogue.refreshInBackground();
      stillOldMain();
      expect(catalogue.search(query({ q: 'geintegreerd breed onthaal' })).items.map((i) => i.practice.slug)).to.not.include('gbo-zoersel');
      expect(catalogue.search(query({ q: 'Zoersel' })).total).to.equal(0);
      expect(catalogue.findPublished('gbo-zoersel')).to.equal(undefined);
      const after = catalogue.search(query({}));
      expect(after.total).to.equal(before.total - 1);
      expect(after.facets.municipality.map((v) => v.label)).to.not.include('Zoersel');
    });

    it('merges the changes into a new main index in the background, then finds the same', async () => {
      store.practices.insert({ slug: 'zwerfkatten-mortsel', status: 'published', input: zwerfkat('Zwerfkattenproject') });
      await catalogue.refreshInBackground();
      const during = catalogue.search(query({ q: 'zwerfkatten vrijwilligers' }));
      builder.open();
      await catalogue.settled();
      expect(catalogue.status()).to.deep.include({ mainIndexVersion: store.practices.catalogueVersion(), pendingChanges: 0, rebuilding: false });
      const after = catalogue.search(query({ q: 'zwerfkatten vrijwilligers' }));
      expect(slugsOf(after)).to.deep.equal(slugsOf(during));
      // The small index borrows the main index's statistics, so its scores are close to the merged ones.
      const scoreOf = (r: SearchResult) => r.items[0]!.practice.slug;
      expect(scoreOf(after)).to.equal(scoreOf(during));
    });

    it('keeps answering searches while a merge is held back, and a change during the merge is not lost', async () => {
      store.practices.insert({ slug: 'eerste', status: 'published', input: zwerfkat('Eerste zwerfkat') });
      await catalogue.refreshInBackground();
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(catalogue.status().rebuilding).to.equal(true);
      store.practices.insert({ slug: 'tweede', status: 'published', input: zwerfkat('Tweede zwerfkat') });
      await catalogue.refreshInBackground();
      expect(slugsOf(catalogue.search(query({ q: 'zwerfkat', sort: 'title' })))).to.deep.equal(['eerste', 'tweede']);
      builder.open();
      await catalogue.settled();
      expect(catalogue.status()).to.deep.include({ mainIndexVersion: store.practices.catalogueVersion(), pendingChanges: 0 });
      expect(slugsOf(catalogue.search(query({ q: 'zwerfkat', sort: 'title' })))).to.deep.equal(['eerste', 'tweede']);
    });
  });

  describe('the cache of recent searches', () => {
    const queries = fc.record(
      {
        q: fc.constantFrom('', 'zorg', 'Zorg', 'ZÓRG!', 'gezin', 'gezinnen', 'breed onthaal', 'Breed  Onthaal', 'onthaal breed', 'Zoersel Diksmuide', 'mantelzrog', 'onth', 'netwerk', 'kernfusie', 'de het'),
        theme: fc.subarray(['netwerken', 'kinderopvang', 'breed-onthaal', 'informele-zorg']),
        scale: fc.subarray(['lokaal', 'vlaams', 'regionaal']),
        sort: fc.constantFrom(undefined, 'relevance', 'newest', 'title'),
        page: fc.constantFrom('1', '2'),
        pageSize: fc.constantFrom('3', '20'),
      },
      { requiredKeys: ['q', 'theme', 'scale', 'page', 'pageSize'] },
    );

    it('gives exactly the results of an uncached search, whatever was asked before', () => {
      const cached = open(buildNow, { inProcessBuildLimit: 1_000, cacheSize: 5 });
      const uncached = open(buildNow, { inProcessBuildLimit: 1_000, cacheSize: 0 });
      fc.assert(
        fc.property(fc.array(queries, { minLength: 1, maxLength: 12 }), (asked) => {
          for (const raw of [...asked, ...asked.slice().reverse()]) {
            const q = query(JSON.parse(JSON.stringify(raw)) as Record<string, unknown>);
            expect(cached.search(q)).to.deep.equal(uncached.search(q));
            expect(cached.search(q, { cache: false })).to.deep.equal(uncached.search(q));
            expect(cached.searchAll(q).map((p) => p.slug)).to.deep.equal(uncached.searchAll(q).map((p) => p.slug));
          }
        }),
        { numRuns: 40 },
      );
    });

    it('hands out frozen items and facet counts, the same for every spelling: nothing can change the next answer', () => {
      const c = open(buildNow, { inProcessBuildLimit: 1_000 });
      const first = c.search(query({ q: 'zorg' }));
      const expected = JSON.parse(JSON.stringify(first)) as unknown;
      // Items and counts are shared with the cache of recent searches, so they cannot be changed at all.
      expect(() => ((first.items as unknown[]).length = 0)).to.throw(TypeError);
      expect(() => ((first.items[0] as { practice: unknown }).practice = undefined)).to.throw(TypeError);
      expect(c.search(query({ q: 'ZORG' })).items).to.equal(first.items);
      expect(c.search(query({ q: 'zorg', page: '2', pageSize: '5' })).items).not.to.equal(first.items);
      expect(() => ((first.facets.theme as FacetValue[]).length = 0)).to.throw(TypeError);
      expect(() => ((first.facets.scale[0] as { count: number }).count = 999)).to.throw(TypeError);
      expect(() => ((first.facets as Record<string, unknown>).theme = [])).to.throw(TypeError);
      expect(JSON.parse(JSON.stringify(c.search(query({ q: 'zorg' }))))).to.deep.equal(expected);
    });

    it('remembers snippets per practice and matched words, handing out the same frozen ones for every spelling', () => {
      const c = open(buildNow, { inProcessBuildLimit: 1_000, cacheSize: 0 });
      const first = c.search(query({ q: 'Zorg' }));
      const segment = first.items[0]?.snippet.find((s) => s.match);
      expect(segment, 'a marked word in the first snippet').not.to.equal(undefined);
      // A results page keeps a result's HTML with its snippet (view-fragments.ts): nobody may change one.
      expect(() => ((segment as { text: string }).text = 'veranderd')).to.throw(TypeError);
      expect(() => (first.items[0]!.snippet as unknown[]).push({ text: 'x', match: false })).to.throw(TypeError);
      // Typed otherwise, the same words: the very same snippets.
      const again = c.search(query({ q: 'zorg' }));
      again.items.forEach((item, i) => expect(item.snippet).to.equal(first.items[i]!.snippet));
    });

    it('is invalidated by a change to the catalogue', async () => {
      const c = open(buildNow, { inProcessBuildLimit: 1_000 });
      expect(c.search(query({ q: 'zwerfkatten' })).total).to.equal(0);
      expect(c.search(query({ theme: 'wijkverbetering' })).total).to.equal(1);
      store.practices.insert({ slug: 'zwerfkatten-mortsel', status: 'published', input: zwerfkat('Zwerfkattenproject') });
      await c.refreshInBackground();
      expect(slugsOf(c.search(query({ q: 'zwerfkatten' })))).to.deep.equal(['zwerfkatten-mortsel']);
      expect(c.search(query({ theme: 'wijkverbetering' })).total).to.equal(2);
    });
  });
});

const buildNow: IndexBuilder = (documents) => Promise.resolve(SearchIndex.build(documents));
