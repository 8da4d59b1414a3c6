// One consistent version of the public catalogue, as a request reads it: the published practices, newest
// first, with the index that finds them (src/search/layered-index.ts), and the facet columns and title
// order derived from them on first use. A snapshot never changes; a new index makes a new snapshot, so
// the cache of recent searches, which belongs to a snapshot, starts afresh.
import type { LayeredIndex } from '../search/layered-index.js';
import type { LayeredOutcome } from '../search/search-types.js';
import type { SynonymSet } from '../search/synonym-set.js';
import { calendarDayOf } from './calendar.js';
import { type FacetColumn, facetColumnsOf } from './facet-columns.js';
import type { Practice } from './practice.js';

const collator = new Intl.Collator('nl', { sensitivity: 'base', numeric: true });

export class Snapshot {
  readonly bySlug: ReadonlyMap<string, Practice>;
  private facetTable: readonly FacetColumn[] | undefined;
  private titleRanks: Int32Array | undefined;

  /** The calendar day (Brussels) of `asOf`: a snapshot's clock-dependent facet values hold for that day. */
  readonly day: string;

  /**
   * With a `previous` snapshot of the same practices (a merge swapped the main index), what derives from
   * them is kept; the facet values only on the same day, since "niet recent nagekeken" depends on it.
   */
  constructor(
    readonly index: LayeredIndex,
    previous: Snapshot | undefined,
    readonly asOf: Date,
    /** The synonym list searches apply; a new list makes a new snapshot, so no cached result outlives it. */
    readonly synonyms: SynonymSet,
  ) {
    this.day = calendarDayOf(asOf);
    const same = previous?.practices === index.practices;
    this.bySlug = same ? previous.bySlug : new Map(index.practices.map((p) => [p.slug, p]));
    this.facetTable = same && previous.day === this.day ? previous.facetTable : undefined;
    this.titleRanks = same ? previous.titleRanks : undefined;
  }

  /** The practices in slots that a text finds, with this snapshot's synonyms. */
  searchText(text: string): LayeredOutcome {
    return this.index.searchText(text, this.synonyms);
  }

  get version(): number {
    return this.index.version;
  }

  /** Practices, newest first; a practice's position here is its "slot". */
  get practices(): readonly Practice[] {
    return this.index.practices;
  }

  /** How many published practices. */
  get size(): number {
    return this.index.practices.length;
  }

  /** The facet values of every slot, by facet (FACETS order); computed on first use. */
  facetColumns(): readonly FacetColumn[] {
    this.facetTable ??= facetColumnsOf(this.practices, this.asOf);
    return this.facetTable;
  }

  /** Position of each slot in Dutch alphabetical order of the titles; computed on first use. */
  titleRank(): Int32Array {
    if (!this.titleRanks) {
      const practices = this.practices;
      const order = practices.map((_, slot) => slot);
      order.sort((a, b) => collator.compare(practices[a]!.title, practices[b]!.title) || practices[a]!.id - practices[b]!.id);
      const ranks = new Int32Array(order.length);
      order.forEach((slot, rank) => (ranks[slot] = rank));
      this.titleRanks = ranks;
    }
    return this.titleRanks;
  }
}
