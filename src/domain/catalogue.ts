// The public catalogue: the published practices and their search index, rebuilt as a whole when the
// catalogue changes and swapped in at once, so a request always sees one consistent version.
import { buildInProcess, type IndexBuilder } from '../search/index-builder.js';
import { SearchIndex, type SearchDocument } from '../search/search-index.js';
import { snippetOf, type SnippetSegment } from '../search/snippet.js';
import type { PracticeRepository } from '../store/practice-repository.js';
import { FACETS, type FacetDefinition } from './facets.js';
import { municipalityByCode } from './municipalities.js';
import { type Practice, SECTION_KEYS, provincesOf } from './practice.js';
import { DEFAULT_PAGE_SIZE, type FacetKey, type SearchQuery, type Sort, effectiveSort } from './search-query.js';
import { LIFE_DOMAINS, PROVINCES, SCALES, TARGET_GROUPS, THEMES, labelOf } from './vocabulary.js';

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

interface Snapshot {
  readonly version: number;
  /** Published practices, newest publication first. */
  readonly practices: readonly Practice[];
  readonly bySlug: ReadonlyMap<string, Practice>;
  readonly byId: ReadonlyMap<number, Practice>;
  readonly index: SearchIndex;
}

interface Candidate {
  readonly practice: Practice;
  readonly score: number;
  readonly matchedTerms: ReadonlySet<string>;
}

const collator = new Intl.Collator('nl', { sensitivity: 'base', numeric: true });

/** The text of a practice that search and snippets look at beyond its title and summary. */
export function bodyOf(practice: Practice): string {
  return SECTION_KEYS.map((key) => practice.sections[key]).filter(Boolean).join('\n\n');
}

function searchDocumentOf(practice: Practice): SearchDocument {
  const tags = [
    ...practice.themes.map((v) => labelOf(THEMES, v)),
    ...practice.targetGroups.map((v) => labelOf(TARGET_GROUPS, v)),
    ...practice.lifeDomains.map((v) => labelOf(LIFE_DOMAINS, v)),
    ...practice.municipalities.map((code) => municipalityByCode(code)?.name ?? ''),
    ...provincesOf(practice).map((v) => labelOf(PROVINCES, v)),
    labelOf(SCALES, practice.scale),
    ...practice.partners,
    practice.contactOrganisation ?? '',
  ];
  return { id: practice.id, title: practice.title, summary: practice.summary, body: bodyOf(practice), tags: tags.join('\n') };
}

function snapshotOf(practices: readonly Practice[], version: number, index: SearchIndex): Snapshot {
  return {
    version,
    practices,
    bySlug: new Map(practices.map((p) => [p.slug, p])),
    byId: new Map(practices.map((p) => [p.id, p])),
    index,
  };
}

export interface CatalogueOptions {
  /** Builds the index for background refreshes; the running app builds in a worker thread. */
  readonly buildIndex?: IndexBuilder;
  readonly log?: (message: string, error: unknown) => void;
}

export class Catalogue {
  private snapshot: Snapshot;
  private rebuilding: Promise<void> | undefined;
  private changedWhileRebuilding = false;
  private readonly buildIndex: IndexBuilder;
  private readonly log: (message: string, error: unknown) => void;

  constructor(private readonly repository: PracticeRepository, options: CatalogueOptions = {}) {
    this.buildIndex = options.buildIndex ?? buildInProcess;
    this.log = options.log ?? ((message, error) => console.error(message, error));
    const practices = repository.listPublished();
    this.snapshot = snapshotOf(practices, repository.catalogueVersion(), SearchIndex.build(practices.map(searchDocumentOf)));
  }

  /** Rebuilds the index now, in this thread, if the catalogue changed since the last build. */
  refresh(): void {
    const version = this.repository.catalogueVersion();
    if (version === this.snapshot.version) return;
    const practices = this.repository.listPublished();
    this.snapshot = snapshotOf(practices, version, SearchIndex.build(practices.map(searchDocumentOf)));
  }

  /**
   * Rebuilds the index off the request path and swaps it in whole; until then every request answers
   * from the previous snapshot. Changes that arrive during a rebuild lead to one more rebuild.
   */
  refreshInBackground(): Promise<void> {
    if (this.rebuilding) {
      this.changedWhileRebuilding = true;
      return this.rebuilding;
    }
    this.rebuilding = (async () => {
      try {
        do {
          this.changedWhileRebuilding = false;
          const version = this.repository.catalogueVersion();
          if (version === this.snapshot.version) continue;
          const practices = this.repository.listPublished();
          const index = await this.buildIndex(practices.map(searchDocumentOf));
          if (version > this.snapshot.version) this.snapshot = snapshotOf(practices, version, index);
        } while (this.changedWhileRebuilding);
      } catch (error) {
        // The previous index keeps serving; the next change tries again.
        this.log('rebuilding the search index failed', error);
      }
    })().finally(() => {
      this.rebuilding = undefined;
    });
    return this.rebuilding;
  }

  /** Published practices whose title looks like this one, those in the same municipalities first. */
  lookalikes(title: string, municipalities: readonly string[], limit = 5): Practice[] {
    const { index, byId } = this.snapshot;
    if (title.trim() === '') return [];
    const outcome = index.search(title);
    return outcome.hits
      .flatMap((hit) => {
        const practice = byId.get(hit.id);
        if (!practice) return [];
        const samePlace = practice.municipalities.some((m) => municipalities.includes(m));
        // Sharing one common word ("sociale") does not make a look-alike; in the same municipality it may.
        if (!outcome.allWords && !samePlace) return [];
        return [{ practice, score: hit.score * (samePlace ? 2 : 1) }];
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
      .map((c) => c.practice);
  }

  get size(): number {
    return this.snapshot.practices.length;
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

  /** Searches the published practices: text, facet filters (OR within a facet, AND across), sort, page. */
  search(query: SearchQuery): SearchResult {
    const { sort, candidates, matching, allWords } = this.match(query);
    const facets = Object.fromEntries(
      FACETS.map((f) => [f.key, facetValues(f, candidates.filter((c) => passesFilters(query, c.practice, f)), query[f.key])]),
    ) as Record<FacetKey, FacetValue[]>;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const start = (query.page - 1) * pageSize;
    const items = matching.slice(start, start + pageSize).map((c) => ({
      practice: c.practice,
      snippet: c.matchedTerms.size === 0 ? [{ text: c.practice.summary, match: false }] : snippetOf(`${c.practice.summary}\n${bodyOf(c.practice)}`, c.matchedTerms),
    }));
    return {
      query,
      sort,
      total: matching.length,
      page: query.page,
      pageSize,
      pageCount: Math.max(1, Math.ceil(matching.length / pageSize)),
      items,
      facets,
      allWords,
    };
  }

  /**
   * Every published practice the search finds, in the order `search` shows them, ignoring page and
   * pageSize: what an export holds. No facets or snippets are computed.
   */
  searchAll(query: SearchQuery, sort: Sort = effectiveSort(query)): Practice[] {
    return this.match(query, sort).matching.map((c) => c.practice);
  }

  // The text search and the facet filters, over one snapshot; `candidates` are before the filters.
  private match(query: SearchQuery, sort: Sort = effectiveSort(query)): { sort: Sort; candidates: Candidate[]; matching: Candidate[]; allWords: boolean } {
    const { index, practices, byId } = this.snapshot;
    let candidates: Candidate[];
    let allWords = true;
    if (query.q === '') {
      candidates = practices.map((practice) => ({ practice, score: 0, matchedTerms: new Set<string>() }));
    } else {
      const outcome = index.search(query.q);
      allWords = outcome.allWords;
      candidates = outcome.hits.flatMap((hit) => {
        const practice = byId.get(hit.id);
        return practice ? [{ practice, score: hit.score, matchedTerms: hit.matchedTerms }] : [];
      });
    }
    const matching = candidates.filter((c) => passesFilters(query, c.practice)).sort(comparator(sort));
    return { sort, candidates, matching, allWords };
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
}

/** Whether a practice passes every facet filter of the query, leaving out the facet `except`. */
function passesFilters(query: SearchQuery, practice: Practice, except?: FacetDefinition): boolean {
  return FACETS.every((f) => f === except || query[f.key].length === 0 || f.valuesOf(practice).some((v) => (query[f.key] as string[]).includes(v)));
}

function facetValues(definition: FacetDefinition, candidates: Candidate[], selected: readonly string[]): FacetValue[] {
  const counts = new Map<string, number>();
  for (const c of candidates) {
    for (const v of definition.valuesOf(c.practice)) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  for (const v of selected) if (!counts.has(v)) counts.set(v, 0);
  return [...counts.entries()]
    .sort(([a, ca], [b, cb]) => (definition.order === 'count' ? cb - ca : 0) || definition.compare(a, b))
    .map(([value, count]) => ({ value, label: definition.labelOf(value), count, selected: selected.includes(value) }));
}

function newestFirst(a: Practice, b: Practice): number {
  return (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '') || b.id - a.id;
}

function comparator(sort: Sort): (a: Candidate, b: Candidate) => number {
  switch (sort) {
    case 'relevance':
      return (a, b) => b.score - a.score || newestFirst(a.practice, b.practice);
    case 'newest':
      return (a, b) => newestFirst(a.practice, b.practice);
    case 'title':
      return (a, b) => collator.compare(a.practice.title, b.practice.title) || a.practice.id - b.practice.id;
  }
}
