// One consistent version of the public catalogue: the published practices and the indexes that find
// them. The main index may be older than the practices; what changed since it was built is searched in a
// small second index (the delta), and the main index's copies of changed or removed practices are
// masked. A snapshot never changes; the catalogue swaps in a new one.
import { createHash } from 'node:crypto';
import { foldAccents, wordsOf } from '../search/dutch-pipeline.js';
import { matchedTermsOf, queryTermsOf, searchLayers } from '../search/query.js';
import { FIELD_BOOSTS, type SearchDocument } from '../search/search-document.js';
import { SearchIndex } from '../search/search-index.js';
import type { Layer, LayeredOutcome } from '../search/search-types.js';
import { FACETS } from './facets.js';
import { municipalityByCode } from './municipalities.js';
import { type Practice, SECTION_KEYS, provincesOf } from './practice.js';
import { LIFE_DOMAINS, PROVINCES, SCALES, TARGET_GROUPS, THEMES, labelOf } from './vocabulary.js';

/** The main index with what it was built from. */
export interface MainIndex {
  readonly index: SearchIndex;
  /** The catalogue version it was built from. */
  readonly version: number;
  /** The revision of every practice it holds, by id. */
  readonly revisions: ReadonlyMap<number, string>;
}

/** Beyond this many practices changed since the main index, the snapshot searches by scanning (provisional). */
export const MAX_DELTA = 1_000;

/** The text of a practice that search and snippets look at beyond its title and summary. */
export function bodyOf(practice: Practice): string {
  return SECTION_KEYS.map((key) => practice.sections[key]).filter(Boolean).join('\n\n');
}

const documents = new WeakMap<Practice, SearchDocument>();

/** What the index holds of a practice; remembered per practice object, which never changes. */
export function searchDocumentOf(practice: Practice): SearchDocument {
  let doc = documents.get(practice);
  if (!doc) {
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
    doc = { id: practice.id, title: practice.title, summary: practice.summary, body: bodyOf(practice), tags: tags.join('\n') };
    documents.set(practice, doc);
  }
  return doc;
}

/** A revision that changes whenever anything of the practice changes: for stores that keep none. */
export function contentRevisionOf(practice: Practice): string {
  return createHash('sha256').update(JSON.stringify(practice)).digest('base64');
}

/** Newest publication first, then the practice added last. */
export function newestFirst(a: Practice, b: Practice): number {
  return (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '') || b.id - a.id;
}

const facetValueCache = new WeakMap<Practice, readonly (readonly string[])[]>();

/** The values of every facet of a practice, in FACETS order; remembered per practice object. */
export function facetValuesOf(practice: Practice): readonly (readonly string[])[] {
  let values = facetValueCache.get(practice);
  if (!values) {
    values = FACETS.map((f) => f.valuesOf(practice));
    facetValueCache.set(practice, values);
  }
  return values;
}

/**
 * The facet values of every practice as numbers, so filtering and counting over thousands of practices
 * are loops over typed arrays: per facet, the values of slot s are ids[offsets[s] .. offsets[s + 1]).
 */
export interface FacetColumn {
  /** The distinct values, numbered. */
  readonly values: readonly string[];
  readonly numberOf: ReadonlyMap<string, number>;
  /** Each value's position in the facet's natural order (FacetDefinition.compare). */
  readonly rank: Int32Array;
  readonly offsets: Uint32Array;
  readonly ids: Uint32Array;
}

function facetColumnsOf(practices: readonly Practice[]): FacetColumn[] {
  return FACETS.map((facet, f) => {
    const numberOf = new Map<string, number>();
    const values: string[] = [];
    const offsets = new Uint32Array(practices.length + 1);
    const ids: number[] = [];
    practices.forEach((practice, slot) => {
      for (const value of facetValuesOf(practice)[f]!) {
        let id = numberOf.get(value);
        if (id === undefined) {
          id = values.length;
          numberOf.set(value, id);
          values.push(value);
        }
        ids.push(id);
      }
      offsets[slot + 1] = ids.length;
    });
    const rank = new Int32Array(values.length);
    values
      .map((_, id) => id)
      .sort((a, b) => facet.compare(values[a]!, values[b]!))
      .forEach((id, r) => (rank[id] = r));
    return { values, numberOf, rank, offsets, ids: Uint32Array.from(ids) };
  });
}

const collator = new Intl.Collator('nl', { sensitivity: 'base', numeric: true });
const FIELD_WEIGHTS = [FIELD_BOOSTS.title, FIELD_BOOSTS.summary, FIELD_BOOSTS.tags];
const foldedFields = new WeakMap<Practice, string[]>();

/** A layer of one of our own indexes, whose document ids the snapshot reads. */
type IndexLayer = Layer & { readonly index: SearchIndex };

export class Snapshot {
  /** Practices, newest first; a practice's position here is its "slot". */
  readonly practices: readonly Practice[];
  readonly bySlug: ReadonlyMap<string, Practice>;
  readonly byId: ReadonlyMap<number, Practice>;
  readonly slotById: ReadonlyMap<number, number>;
  /** The indexes to search together; empty while provisional. */
  readonly layers: readonly IndexLayer[];
  /** No usable main index (first start, or too many changes): text search scans the practices instead. */
  readonly provisional: boolean;
  /** Practices the main index does not hold as they are now: new or changed (in the delta) or removed. */
  readonly pendingChanges: number;
  private titleRanks: Int32Array | undefined;
  private facetTable: FacetColumn[] | undefined;

  constructor(
    readonly version: number,
    practices: readonly Practice[],
    /** The revision of every practice in `practices`, by id. */
    readonly revisions: ReadonlyMap<number, string>,
    readonly main: MainIndex | undefined,
    previous?: Snapshot,
  ) {
    this.practices = practices;
    this.bySlug = new Map(practices.map((p) => [p.slug, p]));
    this.byId = new Map(practices.map((p) => [p.id, p]));
    this.slotById = new Map(practices.map((p, slot) => [p.id, slot]));

    const pending = main ? practices.filter((p) => main.revisions.get(p.id) !== revisions.get(p.id)) : practices;
    const removed = main ? [...main.revisions.keys()].filter((id) => !revisions.has(id)).length : 0;
    this.pendingChanges = pending.length + removed;
    this.provisional = !main || pending.length > MAX_DELTA;
    if (this.provisional || !main) {
      this.layers = [];
      return;
    }
    const layers: IndexLayer[] = [this.layerOf(main.index, (id) => main.revisions.get(id) === revisions.get(id))];
    if (pending.length > 0) {
      // The delta scores with the main index's statistics, so its scores compare with the main index's.
      const reuse = previous?.main === main && previous.layers.length === 2 && sameDelta(previous, pending, revisions);
      const delta = reuse ? previous.layers[1]!.index : SearchIndex.build(pending.map(searchDocumentOf), main.index);
      layers.push(this.layerOf(delta, () => true));
    }
    this.layers = layers;
  }

  /** How many published practices. */
  get size(): number {
    return this.practices.length;
  }

  /** The search of a text over this snapshot, in slots. */
  searchText(text: string): LayeredOutcome {
    return this.provisional ? this.scan(text) : searchLayers(this.layers, this.practices.length, text);
  }

  /** The index terms the practice in `slot` matched, for its snippet. */
  matchedTerms(outcome: LayeredOutcome, slot: number): ReadonlySet<string> {
    if (this.provisional) return new Set(outcome.terms);
    return matchedTermsOf(this.layers, outcome.terms, slot);
  }

  /** The facet values of every slot, by facet (FACETS order); computed on first use. */
  facetColumns(): readonly FacetColumn[] {
    this.facetTable ??= facetColumnsOf(this.practices);
    return this.facetTable;
  }

  /** Position of each slot in Dutch alphabetical order of the titles; computed on first use. */
  titleRank(): Int32Array {
    if (!this.titleRanks) {
      const order = this.practices.map((_, slot) => slot);
      order.sort((a, b) => collator.compare(this.practices[a]!.title, this.practices[b]!.title) || this.practices[a]!.id - this.practices[b]!.id);
      const ranks = new Int32Array(order.length);
      order.forEach((slot, rank) => (ranks[slot] = rank));
      this.titleRanks = ranks;
    }
    return this.titleRanks;
  }

  private layerOf(index: SearchIndex, current: (id: number) => boolean): IndexLayer {
    const slotOf = new Int32Array(index.size).fill(-1);
    const docOf = new Int32Array(this.practices.length).fill(-1);
    for (let doc = 0; doc < index.size; doc++) {
      const id = index.refs[doc]!;
      const slot = this.slotById.get(id);
      if (slot === undefined || !current(id)) continue;
      slotOf[doc] = slot;
      docOf[slot] = doc;
    }
    return { index, slotOf, docOf };
  }

  // Provisional search, only while no usable index exists: the index term of every word as the start of
  // a word of the title, summary or tags (accents folded), weighted like those fields. Slower and rougher
  // than the index, but complete, and only for the seconds until the first index is built.
  private scan(text: string): LayeredOutcome {
    const terms = queryTermsOf(text);
    if (terms.length === 0) return { slots: new Int32Array(0), scores: new Float64Array(0), allWords: true, empty: true, terms: [], boosts: [] };
    const needles = terms.map((term) => ` ${term}`);
    const every = (1 << terms.length) - 1;
    const all: { slot: number; score: number; found: number }[] = [];
    this.practices.forEach((practice, slot) => {
      let fields = foldedFields.get(practice);
      if (!fields) {
        const doc = searchDocumentOf(practice);
        fields = [doc.title, doc.summary, doc.tags].map((t) => ` ${[...wordsOf(foldAccents(t))].map((w) => w.word).join(' ')}`);
        foldedFields.set(practice, fields);
      }
      let score = 0;
      let found = 0;
      needles.forEach((needle, i) => {
        fields.forEach((field, f) => {
          if (field.includes(needle)) {
            score += FIELD_WEIGHTS[f]!;
            found |= 1 << i;
          }
        });
      });
      if (found !== 0) all.push({ slot, score, found });
    });
    const withAll = all.filter((hit) => hit.found === every);
    const allWords = withAll.length > 0 || all.length === 0;
    const chosen = allWords ? withAll : all;
    return { slots: Int32Array.from(chosen, (h) => h.slot), scores: Float64Array.from(chosen, (h) => h.score), allWords, empty: false, terms, boosts: terms.map(() => 1) };
  }
}

function sameDelta(previous: Snapshot, pending: readonly Practice[], revisions: ReadonlyMap<number, string>): boolean {
  const delta = previous.layers[1]!.index;
  if (delta.size !== pending.length) return false;
  return pending.every((p, i) => delta.refs[i] === p.id && previous.revisions.get(p.id) === revisions.get(p.id));
}
