// The public catalogue: the published practices and the search over them. Every request reads one
// immutable Snapshot, so it always sees one consistent version. A change (publish, edit, unpublish) is
// searchable at once through a small index of recent changes beside the main index; a worker thread
// then merges everything into a new main index, which is stored in the database and loaded at the next
// start (docs/search.md, "Performance architecture").
import { buildInProcess, type IndexBuilder } from '../search/index-builder.js';
import type { LayeredOutcome } from '../search/search-types.js';
import { SearchIndex } from '../search/search-index.js';
import { queryTermsOf } from '../search/query.js';
import { snippetOf, type SnippetSegment } from '../search/snippet.js';
import type { PracticeStore } from './practice-store.js';
import type { PublishedRevisions, SearchIndexStore } from './search-index-store.js';
import { type FacetColumn, type MainIndex, Snapshot, bodyOf, contentRevisionOf, newestFirst, searchDocumentOf } from './catalogue-snapshot.js';
import { FACETS, type FacetDefinition } from './facets.js';
import { type Practice, provincesOf } from './practice.js';
import { DEFAULT_PAGE_SIZE, FACET_KEYS, type FacetKey, type SearchQuery, type Sort, effectiveSort } from './search-query.js';
import { LruCache } from './search-cache.js';

export { bodyOf } from './catalogue-snapshot.js';

export interface FacetValue {
  readonly value: string;
  readonly label: string;
  readonly count: number;
  readonly selected: boolean;
}

export interface SearchResultItem {
  readonly practice: Practice;
  readonly snippet: SnippetSegment[];
}

export interface SearchResult {
  readonly query: SearchQuery;
  readonly sort: Sort;
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly pageCount: number;
  readonly items: SearchResultItem[];
  readonly facets: Record<FacetKey, FacetValue[]>;
  /** False when no practice held every word and the results hold any of them. */
  readonly allWords: boolean;
}

/** What /healthz may tell about the search: read-only, cheap. */
export interface CatalogueStatus {
  /** The catalogue version the public catalogue shows. */
  readonly version: number;
  /** The catalogue version the main index was built from; null while there is none (first start). */
  readonly mainIndexVersion: number | null;
  /** Practices new, changed or removed since the main index: searched through the small index, or masked. */
  readonly pendingChanges: number;
  /** A new main index is being built in the background. */
  readonly rebuilding: boolean;
  /** The main index in use is stored in the database, so a restart will not rebuild it. */
  readonly persisted: boolean;
  /** No usable main index yet: text search scans titles, summaries and tags until the first build is done. */
  readonly provisional: boolean;
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

/** The text search and the facet filters over one snapshot; `matching` unsorted. */
interface Match {
  readonly outcome: LayeredOutcome | undefined;
  /** Score of each slot (0 when browsing). */
  readonly scores: Float64Array;
  readonly matching: Int32Array;
  readonly allWords: boolean;
  readonly facets: Record<FacetKey, FacetValue[]>;
  /** Every matching slot in the order shown, made when first needed. */
  ordered?: Int32Array;
}

const DEFAULT_CACHE_SIZE = 100;
const DEFAULT_IN_PROCESS_LIMIT = 2_000;
// Beyond this many changed practices a refresh reads all published practices in one go.
const RELOAD_ALL = 200;
const RETRY_MS = 30_000;

const SNIPPETS_PER_PRACTICE = 4;

export class Catalogue {
  private snapshot: Snapshot;
  private readonly caches = new WeakMap<Snapshot, LruCache<string, Match>>();
  // Snippets of a practice for the last few sets of matched terms: the same words find the same
  // excerpt, whatever way they were typed. Tied to the practice object, so an edit starts afresh.
  private readonly snippets = new WeakMap<Practice, Map<string, readonly SnippetSegment[]>>();
  private readonly buildIndex: IndexBuilder;
  private readonly store: SearchIndexStore | undefined;
  private readonly log: (message: string, error: unknown) => void;
  private readonly cacheSize: number;
  private readonly mergeDelayMs: number;
  private merging: Promise<void> | undefined;
  private mergeTimer: NodeJS.Timeout | undefined;
  private persisted = false;
  private closed = false;

  constructor(private readonly repository: PracticeStore, options: CatalogueOptions = {}) {
    this.buildIndex = options.buildIndex ?? buildInProcess;
    this.store = options.indexStore;
    this.log = options.log ?? ((message, error) => console.error(message, error));
    this.cacheSize = options.cacheSize ?? DEFAULT_CACHE_SIZE;
    this.mergeDelayMs = options.mergeDelayMs ?? 200;

    const { state, practices } = repository.transaction(() => {
      const read = this.readRevisions();
      return { state: read.state, practices: read.practices ?? repository.listPublished() };
    });
    let main = this.loadStoredIndex();
    if (main) this.persisted = true;
    else if (practices.length <= (options.inProcessBuildLimit ?? DEFAULT_IN_PROCESS_LIMIT)) {
      main = { index: SearchIndex.build(practices.map(searchDocumentOf)), version: state.version, revisions: state.revisions };
    }
    this.snapshot = new Snapshot(state.version, practices, state.revisions, main);
    if (main && !this.persisted && this.store) this.scheduleSave(main);
    this.scheduleMerge(this.snapshot.provisional ? 0 : this.mergeDelayMs);
  }

  /** Brings the catalogue up to date with the database now, if it changed; the main index follows in the background. */
  refresh(): void {
    if (this.closed) return;
    const current = this.snapshot;
    if (this.repository.catalogueVersion() === current.version) return;
    const { state, practices } = this.readRevisions();
    if (state.version === current.version) return;
    this.snapshot = new Snapshot(state.version, practices ?? this.practicesFor(state, current), state.revisions, current.main, current);
    this.scheduleMerge(this.mergeDelayMs);
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
  async settled(): Promise<void> {
    // Bounded: a builder that keeps failing must not keep the caller waiting for ever.
    for (let round = 0; round < 5 && !this.closed && (this.merging || this.mergeTimer); round++) {
      if (this.mergeTimer) {
        clearTimeout(this.mergeTimer);
        this.mergeTimer = undefined;
        void this.merge();
      }
      await this.merging;
    }
  }

  /** Stops background work; the catalogue keeps answering from its last snapshot. */
  close(): void {
    this.closed = true;
    if (this.mergeTimer) clearTimeout(this.mergeTimer);
    this.mergeTimer = undefined;
  }

  status(): CatalogueStatus {
    const s = this.snapshot;
    return {
      version: s.version,
      mainIndexVersion: s.main?.version ?? null,
      pendingChanges: s.pendingChanges,
      rebuilding: this.merging !== undefined,
      persisted: this.persisted,
      provisional: s.provisional,
    };
  }

  /** Published practices whose title looks like this one, those in the same municipalities first. */
  lookalikes(title: string, municipalities: readonly string[], limit = 5): Practice[] {
    const snapshot = this.snapshot;
    if (title.trim() === '') return [];
    const outcome = snapshot.searchText(title);
    const found: { practice: Practice; score: number }[] = [];
    outcome.slots.forEach((slot, i) => {
      const practice = snapshot.practices[slot]!;
      const samePlace = practice.municipalities.some((m) => municipalities.includes(m));
      // Sharing one common word ("sociale") does not make a look-alike; in the same municipality it may.
      if (!outcome.allWords && !samePlace) return;
      found.push({ practice, score: outcome.scores[i]! * (samePlace ? 2 : 1) });
    });
    return found
      .sort((a, b) => b.score - a.score || newestFirst(a.practice, b.practice))
      .slice(0, limit)
      .map((c) => c.practice);
  }

  get size(): number {
    return this.snapshot.size;
  }

  get version(): number {
    return this.snapshot.version;
  }

  /** A published practice by its slug; unpublished practices do not exist for the public catalogue. */
  findPublished(slug: string): Practice | undefined {
    return this.snapshot.bySlug.get(slug);
  }

  /** Every published practice, newest first. */
  all(): readonly Practice[] {
    return this.snapshot.practices;
  }

  /**
   * Searches the published practices: text, facet filters (OR within a facet, AND across), sort, page.
   * Snippets cost a pass over each shown practice's text: callers that do not show them (the API,
   * statistics) leave them out, and every item's snippet is then its summary. `cache: false` searches
   * without the cache of recent results, for the benchmark to time the search itself.
   */
  search(query: SearchQuery, { snippets = true, cache = true }: { snippets?: boolean; cache?: boolean } = {}): SearchResult {
    const snapshot = this.snapshot;
    const sort = effectiveSort(query);
    const match = cache ? this.match(snapshot, query, sort) : matchOf(snapshot, query);
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const start = (query.page - 1) * pageSize;
    const shown = pageOf(snapshot, match, sort, start, pageSize);
    const items = Array.from(shown, (slot) => {
      const practice = snapshot.practices[slot]!;
      const terms = snippets && match.outcome ? snapshot.matchedTerms(match.outcome, slot) : new Set<string>();
      return {
        practice,
        snippet: !snippets || terms.size === 0 ? [{ text: practice.summary, match: false }] : this.snippetFor(practice, terms),
      };
    });
    return {
      query,
      sort,
      total: match.matching.length,
      page: query.page,
      pageSize,
      pageCount: Math.max(1, Math.ceil(match.matching.length / pageSize)),
      items,
      // Copies: a caller may change what it gets without changing what the cache holds.
      facets: Object.fromEntries(FACET_KEYS.map((key) => [key, match.facets[key].map((v) => ({ ...v }))])) as Record<FacetKey, FacetValue[]>,
      allWords: match.allWords,
    };
  }

  /**
   * Every published practice the search finds, in the order `search` shows them, ignoring page and
   * pageSize: what an export holds. No snippets are computed.
   */
  searchAll(query: SearchQuery, sort: Sort = effectiveSort(query)): Practice[] {
    const snapshot = this.snapshot;
    const match = this.match(snapshot, query, sort);
    return Array.from(orderOf(snapshot, match, sort), (slot) => snapshot.practices[slot]!);
  }

  /** Published practices that share the most themes, target groups, life domains and provinces. */
  related(practice: Practice, limit = 4): Practice[] {
    const shared = (a: readonly string[], b: readonly string[]) => a.filter((v) => b.includes(v)).length;
    const provinces = provincesOf(practice);
    return this.snapshot.practices
      .filter((other) => other.id !== practice.id)
      .map((other) => ({
        other,
        score:
          3 * shared(practice.themes, other.themes) +
          2 * shared(practice.targetGroups, other.targetGroups) +
          shared(practice.lifeDomains, other.lifeDomains) +
          shared(provinces, provincesOf(other)),
      }))
      .filter((r) => r.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
      .map((r) => r.other);
  }

  // The text search, the filters and the facet counts of a query, from the cache when it was asked recently.
  private snippetFor(practice: Practice, terms: ReadonlySet<string>): SnippetSegment[] {
    const key = [...terms].sort().join(' ');
    let known = this.snippets.get(practice);
    if (!known) this.snippets.set(practice, (known = new Map<string, readonly SnippetSegment[]>()));
    let segments = known.get(key);
    if (!segments) {
      segments = snippetOf(`${practice.summary}\n${bodyOf(practice)}`, terms);
      if (known.size >= SNIPPETS_PER_PRACTICE) known.delete(known.keys().next().value!);
      known.set(key, segments);
    }
    // Copies: a caller may change what it gets without changing what is remembered.
    return segments.map((segment) => ({ ...segment }));
  }

  private match(snapshot: Snapshot, query: SearchQuery, sort: Sort): Match {
    let cache = this.caches.get(snapshot);
    if (!cache) {
      cache = new LruCache(this.cacheSize);
      this.caches.set(snapshot, cache);
    }
    // The text counts by its index terms: "Onthaal", "onthaal" and "onthaal!" are one search. (A
    // provisional snapshot scans the raw text, so there it counts as typed.)
    const text = query.q === '' ? '' : snapshot.provisional ? `raw:${query.q}` : `terms:${queryTermsOf(query.q).join(' ')}`;
    const key = JSON.stringify([text, sort, ...FACET_KEYS.map((k) => [...query[k]].sort())]);
    let match = cache.get(key);
    if (!match) {
      match = matchOf(snapshot, query);
      cache.set(key, match);
    }
    return match;
  }

  // The catalogue version and revisions of the published practices; without a store of revisions, every
  // published practice is read and its revision is a digest of its content.
  private readRevisions(): { state: PublishedRevisions; practices?: Practice[] } {
    const stored = this.store?.publishedRevisions();
    if (stored) return { state: stored };
    return this.repository.transaction(() => {
      const version = this.repository.catalogueVersion();
      const practices = this.repository.listPublished();
      return { state: { version, revisions: new Map(practices.map((p) => [p.id, contentRevisionOf(p)])) }, practices };
    });
  }

  // The published practices of `state`: those unchanged since `current` kept as they are, the others read.
  private practicesFor(state: PublishedRevisions, current: Snapshot): Practice[] {
    const changed = [...state.revisions].filter(([id, revision]) => current.revisions.get(id) !== revision).map(([id]) => id);
    let fresh: Practice[];
    if (changed.length > RELOAD_ALL) {
      const wanted = new Set(changed);
      fresh = this.repository.listPublished().filter((p) => wanted.has(p.id));
    } else {
      fresh = changed.flatMap((id) => {
        const practice = this.repository.findById(id);
        return practice?.status === 'published' ? [practice] : [];
      });
    }
    // The kept ones are in order already: place the few fresh ones among them, no sort of thousands.
    const ordered = current.practices.filter((p) => state.revisions.get(p.id) === current.revisions.get(p.id));
    for (const practice of fresh.sort(newestFirst)) {
      let lo = 0;
      let hi = ordered.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (newestFirst(ordered[mid]!, practice) <= 0) lo = mid + 1;
        else hi = mid;
      }
      ordered.splice(lo, 0, practice);
    }
    return ordered;
  }

  private loadStoredIndex(): MainIndex | undefined {
    let stored;
    try {
      stored = this.store?.load();
      if (!stored) return undefined;
      const index = SearchIndex.fromBytes(stored.bytes);
      index.forgetBytes(); // already stored
      return { index, version: stored.version, revisions: stored.revisions };
    } catch (error) {
      // Damaged, truncated or from another version of the analysis: build a new one, never fail the start.
      this.log('the stored search index cannot be used; it will be rebuilt', error);
      return undefined;
    }
  }

  private scheduleMerge(delayMs: number): void {
    const s = this.snapshot;
    if (this.closed || this.mergeTimer || (s.main && s.pendingChanges === 0)) return;
    if (this.merging) return; // the running merge schedules the next one when it ends
    this.mergeTimer = setTimeout(() => {
      this.mergeTimer = undefined;
      void this.merge();
    }, delayMs);
    this.mergeTimer.unref();
  }

  // Builds a main index of the whole current snapshot off the request path, then swaps it in: the
  // changes made meanwhile stay in the delta, measured against the new main index.
  private merge(): Promise<void> {
    if (this.merging) return this.merging;
    const base = this.snapshot;
    this.merging = (async () => {
      let main: MainIndex;
      try {
        main = { index: await this.buildIndex(base.practices.map(searchDocumentOf)), version: base.version, revisions: base.revisions };
      } catch (error) {
        this.log('building the search index failed; the previous one keeps serving', error);
        if (!this.closed) {
          this.mergeTimer = setTimeout(() => {
            this.mergeTimer = undefined;
            void this.merge();
          }, RETRY_MS);
          this.mergeTimer.unref();
        }
        return;
      }
      if (this.closed) return;
      const current = this.snapshot;
      this.snapshot = new Snapshot(current.version, current.practices, current.revisions, main, current);
      this.persisted = false;
      if (this.store) this.scheduleSave(main);
    })().finally(() => {
      this.merging = undefined;
      this.scheduleMerge(this.mergeDelayMs);
    });
    return this.merging;
  }

  // Stores the index after the current request is answered; a failure only means the next start rebuilds.
  private scheduleSave(main: MainIndex): void {
    setImmediate(() => {
      if (this.closed || this.snapshot.main !== main) return;
      try {
        this.store?.save({ version: main.version, revisions: main.revisions, bytes: main.index.toBytes() });
        main.index.forgetBytes();
        this.persisted = true;
      } catch (error) {
        this.log('storing the search index failed; the next start will rebuild it', error);
      }
    }).unref();
  }
}

function matchOf(snapshot: Snapshot, query: SearchQuery): Match {
  const size = snapshot.practices.length;
  const scores = new Float64Array(size);
  let outcome: LayeredOutcome | undefined;
  let candidates: Int32Array | undefined; // undefined: every slot
  let allWords = true;
  if (query.q !== '') {
    outcome = snapshot.searchText(query.q);
    allWords = outcome.allWords;
    candidates = outcome.slots;
    for (let i = 0; i < outcome.slots.length; i++) scores[outcome.slots[i]!] = outcome.scores[i]!;
  }

  // One pass: a candidate that fails no filter matches and counts in every facet; one that fails exactly
  // one facet's filter counts in that facet only (a facet's counts ignore its own filter).
  const columns = snapshot.facetColumns();
  const F = columns.length;
  const selected = FACETS.map((f, i) => {
    if (query[f.key].length === 0) return undefined;
    const marks = new Uint8Array(columns[i]!.values.length);
    for (const value of query[f.key]) {
      const id = columns[i]!.numberOf.get(value);
      if (id !== undefined) marks[id] = 1;
    }
    return marks;
  });
  const counts = columns.map((c) => new Uint32Array(c.values.length));
  const matching: number[] = [];
  const n = candidates ? candidates.length : size;
  for (let i = 0; i < n; i++) {
    const slot = candidates ? candidates[i]! : i;
    let failed = -1;
    let failures = 0;
    for (let f = 0; f < F && failures < 2; f++) {
      const marks = selected[f];
      if (!marks) continue;
      const { offsets, ids } = columns[f]!;
      let passes = false;
      for (let p = offsets[slot]!; p < offsets[slot + 1]! && !passes; p++) passes = marks[ids[p]!] === 1;
      if (!passes) {
        failed = f;
        failures++;
      }
    }
    if (failures >= 2) continue;
    if (failures === 0) matching.push(slot);
    for (let f = failures === 0 ? 0 : failed; f < (failures === 0 ? F : failed + 1); f++) {
      const { offsets, ids } = columns[f]!;
      const c = counts[f]!;
      for (let p = offsets[slot]!; p < offsets[slot + 1]!; p++) c[ids[p]!]!++;
    }
  }
  const facets = Object.fromEntries(FACETS.map((f, i) => [f.key, facetValues(f, columns[i]!, counts[i]!, query[f.key])])) as Record<FacetKey, FacetValue[]>;
  return { outcome, scores, matching: Int32Array.from(matching), allWords, facets };
}

function facetValues(definition: FacetDefinition, column: FacetColumn, counts: Uint32Array, selected: readonly string[]): FacetValue[] {
  const shown: { value: string; count: number; rank: number }[] = [];
  counts.forEach((count, id) => {
    if (count > 0 || selected.includes(column.values[id]!)) shown.push({ value: column.values[id]!, count, rank: column.rank[id]! });
  });
  // A chosen value no practice has stays in the list, with count 0, so it can be unchosen.
  for (const value of selected) if (!column.numberOf.has(value)) shown.push({ value, count: 0, rank: -1 });
  const natural = (a: (typeof shown)[number], b: (typeof shown)[number]) => (a.rank >= 0 && b.rank >= 0 ? a.rank - b.rank : definition.compare(a.value, b.value));
  return shown
    .sort((a, b) => (definition.order === 'count' ? b.count - a.count : 0) || natural(a, b))
    .map(({ value, count }) => ({ value, label: definition.labelOf(value), count, selected: selected.includes(value) }));
}

/** Compares two slots in the order of `sort`; slots are numbered newest first, so a lower slot is newer. */
function comparatorOf(snapshot: Snapshot, match: Match, sort: Sort): (a: number, b: number) => number {
  switch (sort) {
    case 'relevance':
      return (a, b) => match.scores[b]! - match.scores[a]! || a - b;
    case 'newest':
      return (a, b) => a - b;
    case 'title': {
      const rank = snapshot.titleRank();
      return (a, b) => rank[a]! - rank[b]!;
    }
  }
}

/** Every matching slot in the order shown; sorted once per cached match. */
function orderOf(snapshot: Snapshot, match: Match, sort: Sort): Int32Array {
  if (!match.ordered) match.ordered = match.matching.slice().sort(comparatorOf(snapshot, match, sort));
  return match.ordered;
}

/** The slots of one page; for an early page the best `start + pageSize` are selected without sorting all. */
function pageOf(snapshot: Snapshot, match: Match, sort: Sort, start: number, pageSize: number): Int32Array {
  const n = match.matching.length;
  if (start >= n) return new Int32Array(0);
  const end = Math.min(n, start + pageSize);
  if (match.ordered || end * 8 > n) return orderOf(snapshot, match, sort).subarray(start, end);
  return topOf(match.matching, end, comparatorOf(snapshot, match, sort)).subarray(start, end);
}

/** The first k of `slots` in comparator order, by a bounded heap (the worst of the best at the top). */
function topOf(slots: Int32Array, k: number, compare: (a: number, b: number) => number): Int32Array {
  const heap: number[] = [];
  const worse = (i: number, j: number) => compare(heap[i]!, heap[j]!) > 0;
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j]!, heap[i]!]);
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < heap.length && worse(l, top)) top = l;
      if (r < heap.length && worse(r, top)) top = r;
      if (top === i) return;
      swap(i, top);
      i = top;
    }
  };
  for (const slot of slots) {
    if (heap.length < k) {
      heap.push(slot);
      for (let i = heap.length - 1; i > 0 && worse(i, (i - 1) >> 1); i = (i - 1) >> 1) swap(i, (i - 1) >> 1);
    } else if (compare(slot, heap[0]!) < 0) {
      heap[0] = slot;
      down(0);
    }
  }
  return Int32Array.from(heap).sort(compare);
}
