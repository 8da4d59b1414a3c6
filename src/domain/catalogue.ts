// The public catalogue: the published practices and the search over them. Every request reads one
// immutable Snapshot, so it always sees one consistent version. The index is kept current by the upkeep
// (src/search/index-upkeep.ts): a change is searchable at once and merged into a new main index in the
// background (docs/search.md, "Performance architecture"). This class is the face: it wires the parts
// and turns a match into the result a page or the API shows.
import type { IndexBuilder } from '../search/index-builder.js';
import { type IndexStatus, IndexUpkeep } from '../search/index-upkeep.js';
import type { PracticeStore } from './practice-store.js';
import type { SearchIndexStore } from './search-index-store.js';
import { Snapshot } from './catalogue-snapshot.js';
import { calendarDayOf } from './calendar.js';
import type { FacetValue } from './facet-counts.js';
import type { Practice } from './practice.js';
import { PublishedPractices } from './published-practices.js';
import { orderOf, pageOf } from './result-order.js';
import { type Snippet, SnippetMemo, summarySnippet } from './result-snippets.js';
import { RecentSearches } from './search-cache.js';
import { type Match, matchOf } from './search-match.js';
import { DEFAULT_PAGE_SIZE, type FacetKey, type SearchQuery, type Sort, effectiveSort } from './search-query.js';
import { SynonymSet, type SynonymGroups } from '../search/synonym-set.js';
import { SYNONYM_GROUPS } from '../search/synonyms.js';
import { type NearTheme, type SuggestedQuery, nearThemesOf, rewrittenQuery } from './search-hints.js';
import { lookalikesIn, relatedIn } from './similar-practices.js';

export type { FacetValue } from './facet-counts.js';

export interface SearchResultItem {
  readonly practice: Practice;
  /** Frozen, and shared with every other page that shows this practice for the same words. */
  readonly snippet: Snippet;
}

export interface SearchResult {
  readonly query: SearchQuery;
  readonly sort: Sort;
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly pageCount: number;
  /** Frozen, and for a search asked again (in any spelling) the very same array: results pages keep its HTML (view-fragments.ts). */
  readonly items: readonly SearchResultItem[];
  /** Shared with the cache of recent searches: read-only. */
  readonly facets: Readonly<Record<FacetKey, readonly FacetValue[]>>;
  /** False when no practice held every word and the results hold any of them. */
  readonly allWords: boolean;
  /** The query as searched when words of it were unknown and searched as near words of the catalogue. */
  readonly correctedQuery: string | undefined;
  /** When nothing was found: queries with the catalogue's nearest words that find something. */
  readonly suggestions: SuggestedQuery[];
  /** When nothing was found: the themes of the practices holding at least one of the words. */
  readonly nearThemes: NearTheme[];
}

/** What /healthz may tell about the search: read-only, cheap. */
export interface CatalogueStatus extends IndexStatus {
  /** The catalogue version the public catalogue shows. */
  readonly version: number;
}

export interface CatalogueOptions {
  /** Builds main indexes in the background; the running app builds in a worker thread. */
  readonly buildIndex?: IndexBuilder;
  /** Where the main index is stored and the practices' revisions are read; without it nothing is stored. */
  readonly indexStore?: SearchIndexStore;
  readonly log?: (message: string, error: unknown) => void;
  /** How many recent searches to remember (0: none). */
  readonly cacheSize?: number;
  /** Up to this many practices, a missing index is built at once in this thread rather than in the background. */
  readonly inProcessBuildLimit?: number;
  /** How long after a change to wait for more before merging (milliseconds). */
  readonly mergeDelayMs?: number;
}

const DEFAULT_CACHE_SIZE = 100;
/** Pages of results kept per search (page, page size, sort and whether snippets are shown each make one). */
const PAGES_KEPT_PER_SEARCH = 8;

export class Catalogue {
  private readonly published: PublishedPractices;
  private readonly upkeep: IndexUpkeep;
  private readonly recent: RecentSearches;
  private readonly snippets = new SnippetMemo();
  private readonly pagesShown = new WeakMap<Match, Map<string, readonly SearchResultItem[]>>();
  private readonly log: (message: string, error: unknown) => void;
  private latest: Snapshot;
  private closed = false;
  // The moment clock-dependent facet values ("niet recent nagekeken") are computed at: the start, then
  // whatever the scheduled jobs say (advanceClock); a new day makes a new snapshot.
  private clock: Date = new Date();
  // Its calendar day, worked out when the clock moves rather than at every look at the catalogue.
  private clockDay = calendarDayOf(this.clock);
  // Until the moderators' list is given (useSynonyms), the list that comes with the code.
  private synonyms = new SynonymSet(SYNONYM_GROUPS);
  private synonymSwaps = 0;

  constructor(repository: PracticeStore, options: CatalogueOptions = {}) {
    this.log = options.log ?? ((message, error) => console.error(message, error));
    this.recent = new RecentSearches(options.cacheSize ?? DEFAULT_CACHE_SIZE);
    this.published = new PublishedPractices(repository, options.indexStore);
    this.upkeep = new IndexUpkeep(this.published.readAll(), {
      buildIndex: options.buildIndex,
      indexStore: options.indexStore,
      log: this.log,
      inProcessBuildLimit: options.inProcessBuildLimit,
      mergeDelayMs: options.mergeDelayMs,
    });
    this.latest = new Snapshot(this.upkeep.current, undefined, this.clock, this.synonyms);
  }

  /** The synonym list searches apply from now on (the moderators' list, src/domain/synonyms.ts). */
  useSynonyms(groups: SynonymGroups): void {
    this.synonyms = new SynonymSet(groups);
    this.synonymSwaps++;
  }

  /** The moment the catalogue's clock-dependent values hold at (the practice page's label, the API's recentlyVerified). */
  get asOf(): Date {
    return this.snapshot().asOf;
  }

  /** Moves the catalogue's clock to `now` (the scheduled jobs do, every few minutes; tests with a fixed `now`). */
  advanceClock(now: Date): void {
    this.clock = new Date(now.getTime());
    this.clockDay = calendarDayOf(this.clock);
  }

  /** Brings the catalogue up to date with the database now, if it changed; the main index follows in the background. */
  refresh(): void {
    if (this.closed) return;
    const next = this.published.changedSince(this.upkeep.current);
    if (next) this.upkeep.update(next);
  }

  /**
   * What a change calls: the catalogue is up to date when this returns (a refresh takes milliseconds:
   * only changed practices are read and indexed); the merge into a new main index runs afterwards in
   * the background. Never throws: the change is stored, search catches up at the next refresh.
   */
  refreshInBackground(): Promise<void> {
    try {
      this.refresh();
    } catch (error) {
      this.log('refreshing the catalogue failed', error);
    }
    return Promise.resolve();
  }

  /** Resolves when no merge is waiting or running: the main index holds the whole catalogue (for tests and tools). */
  settled(): Promise<void> {
    return this.upkeep.settled();
  }

  /** Stops background work; the catalogue keeps answering from its last snapshot. */
  close(): void {
    this.closed = true;
    this.upkeep.close();
  }

  status(): CatalogueStatus {
    return { version: this.upkeep.current.version, ...this.upkeep.status() };
  }

  /** Published practices whose title looks like this one, those in the same municipalities first. */
  lookalikes(title: string, municipalities: readonly string[], limit = 5): Practice[] {
    return lookalikesIn(this.snapshot(), title, municipalities, limit);
  }

  get size(): number {
    return this.snapshot().size;
  }

  get version(): number {
    return this.snapshot().version;
  }

  /**
   * What every public answer depends on, as one number that grows: the catalogue version plus how many
   * times the synonym list was swapped in this process. The caches of answers (ETag, export copies)
   * are keyed by it, so a new synonym list is no longer answered "not modified". (Each grows by steps,
   * so the sum never comes back to a value it had.)
   */
  get answersVersion(): number {
    return this.snapshot().version + this.synonymSwaps;
  }

  /**
   * answersVersion and the calendar day the answers' clock-dependent values hold for ("niet recent
   * nagekeken", recentlyVerified): a key that changes whenever any public answer may change, for the
   * caches of whole answers (the ETag, rendered results pages).
   */
  get answersKey(): string {
    const snapshot = this.snapshot();
    return `${snapshot.version + this.synonymSwaps}-${snapshot.day}`;
  }

  /** A published practice by its slug; unpublished practices do not exist for the public catalogue. */
  findPublished(slug: string): Practice | undefined {
    return this.snapshot().bySlug.get(slug);
  }

  /** Every published practice, newest first. */
  all(): readonly Practice[] {
    return this.snapshot().practices;
  }

  /**
   * Searches the published practices: text, facet filters (OR within a facet, AND across), sort, page.
   * Snippets cost a pass over each shown practice's text: callers that do not show them (the API,
   * statistics) leave them out, and every item's snippet is then its summary. `cache: false` searches
   * without the cache of recent results, for the benchmark to time the search itself.
   */
  search(query: SearchQuery, { snippets = true, cache = true }: { snippets?: boolean; cache?: boolean } = {}): SearchResult {
    const snapshot = this.snapshot();
    const sort = effectiveSort(query);
    const match = cache ? this.recent.match(snapshot, query, sort) : matchOf(snapshot, query);
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const items = this.itemsOf(snapshot, match, sort, (query.page - 1) * pageSize, pageSize, snippets);
    return {
      query,
      sort,
      total: match.matching.length,
      page: query.page,
      pageSize,
      pageCount: Math.max(1, Math.ceil(match.matching.length / pageSize)),
      items,
      // The cached counts themselves, read-only (no copy of some 500 values for every page).
      facets: match.facets,
      allWords: match.allWords,
      correctedQuery: match.outcome ? rewrittenQuery(query.q, match.outcome.corrections) : undefined,
      ...this.hintsForNothingFound(snapshot, query, sort, match.matching.length),
    };
  }

  // A page of a search's results, made once and kept with the search's match (which the cache of
  // recent searches shares by every spelling of the search; a change to the catalogue makes new ones).
  private itemsOf(snapshot: Snapshot, match: Match, sort: Sort, from: number, pageSize: number, snippets: boolean): readonly SearchResultItem[] {
    const key = `${sort} ${from} ${pageSize} ${snippets}`;
    let pages = this.pagesShown.get(match);
    if (!pages) this.pagesShown.set(match, (pages = new Map<string, readonly SearchResultItem[]>()));
    let items = pages.get(key);
    if (!items) {
      items = Object.freeze(
        Array.from(pageOf(snapshot, match, sort, from, pageSize), (slot) => {
          const practice = snapshot.practices[slot]!;
          return Object.freeze({ practice, snippet: snippets ? this.snippets.snippetAt(snapshot.index, match.outcome, slot) : summarySnippet(practice) });
        }),
      );
      // The first page or two of each way of showing it are what people look at; older ones go first.
      if (pages.size >= PAGES_KEPT_PER_SEARCH) pages.delete(pages.keys().next().value!);
      pages.set(key, items);
    }
    return items;
  }

  // Only a search that found nothing pays for these: a search per suggestion and per word.
  private hintsForNothingFound(snapshot: Snapshot, query: SearchQuery, sort: Sort, total: number): Pick<SearchResult, 'suggestions' | 'nearThemes'> {
    if (total > 0 || query.q === '') return { suggestions: [], nearThemes: [] };
    const suggested = rewrittenQuery(query.q, snapshot.index.suggestions(query.q));
    const suggestions: SuggestedQuery[] = [];
    if (suggested !== undefined) {
      const found = this.recent.match(snapshot, { ...query, q: suggested }, sort).matching.length;
      if (found > 0) suggestions.push({ q: suggested, total: found });
    }
    return { suggestions, nearThemes: nearThemesOf(snapshot, query.q) };
  }

  /**
   * Every published practice the search finds, in the order `search` shows them, ignoring page and
   * pageSize: what an export holds. No snippets are computed.
   */
  searchAll(query: SearchQuery, sort: Sort = effectiveSort(query)): Practice[] {
    const snapshot = this.snapshot();
    const match = this.recent.match(snapshot, query, sort);
    return Array.from(orderOf(snapshot, match, sort), (slot) => snapshot.practices[slot]!);
  }

  /** Published practices that share the most themes, target groups, life domains and provinces. */
  related(practice: Practice, limit = 4): Practice[] {
    return relatedIn(this.snapshot().practices, practice, limit);
  }

  // The snapshot of the current index: a new one when the upkeep swapped in a new index.
  private snapshot(): Snapshot {
    const index = this.upkeep.current;
    const { latest } = this;
    if (latest.index !== index || latest.day !== this.clockDay || latest.synonyms !== this.synonyms) {
      this.latest = new Snapshot(index, latest, this.clock, this.synonyms);
    }
    return this.latest;
  }
}
