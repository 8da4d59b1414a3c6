// What a search finds in one snapshot before it is ordered and paged: the text search's slots and
// scores, the practices that pass the facet filters and the facet counts. The cache of recent searches
// keeps these; every answer is built fresh from them.
import type { LayeredOutcome } from '../search/search-types.js';
import type { Snapshot } from './catalogue-snapshot.js';
import { type FacetValue, filterAndCount } from './facet-counts.js';
import type { FacetKey, SearchQuery } from './search-query.js';

/** The text search and the facet filters over one snapshot; `matching` unsorted. */
export interface Match {
  readonly outcome: LayeredOutcome | undefined;
  /** Score of each slot (0 when browsing). */
  readonly scores: Float64Array;
  readonly matching: Int32Array;
  readonly allWords: boolean;
  readonly facets: Record<FacetKey, FacetValue[]>;
  /** Every matching slot in the order shown, made when first needed (result-order.ts). */
  ordered?: Int32Array;
}

/** Searches the snapshot for the query's text (every practice when there is none) and applies its filters. */
export function matchOf(snapshot: Snapshot, query: SearchQuery): Match {
  const size = snapshot.size;
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
  const { matching, facets } = filterAndCount(snapshot.facetColumns(), candidates, size, query);
  return { outcome, scores, matching, allWords, facets };
}
