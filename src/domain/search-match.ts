// What a search finds in one snapshot before it is ordered and paged: the text search's slots and
// scores, the practices that pass the facet filters and the facet counts. The cache of recent searches
// keeps these; every answer is built fresh from them.
import { adjacentPairsOf, sideBySideShare } from '../search/proximity.js';
import { WORD_RANK } from '../search/query.js';
import type { LayeredOutcome } from '../search/search-types.js';
import type { Snapshot } from './catalogue-snapshot.js';
import { type FacetValue, filterAndCount } from './facet-counts.js';
import type { FacetKey, SearchQuery } from './search-query.js';
import { topOf } from './result-order.js';

/** The text search and the facet filters over one snapshot; `matching` unsorted. */
export interface Match {
  readonly outcome: LayeredOutcome | undefined;
  /** Score of each slot (0 when browsing). */
  readonly scores: Float64Array;
  readonly matching: Int32Array;
  readonly allWords: boolean;
  /** Frozen: every page and answer of this search reads these same counts. */
  readonly facets: Readonly<Record<FacetKey, readonly FacetValue[]>>;
  /** Every matching slot in the order shown, made when first needed (result-order.ts). */
  ordered?: Int32Array;
  /** The first matching slots in the order shown, for the early pages asked so far (result-order.ts). */
  best?: Int32Array;
}

/** How many of the best-scored practices are read for words side by side: the first pages people look at. */
const SIDE_BY_SIDE_CANDIDATES = 100;
/** A practice holding all the query's neighbouring words side by side scores this much more (a share). */
const SIDE_BY_SIDE_BONUS = 0.25;

// Raises the scores of the best practices by the share of the query's neighbouring words that stand side
// by side in their title or summary (src/search/proximity.ts).
function rewardSideBySide(snapshot: Snapshot, text: string, slots: Int32Array, scores: Float64Array): void {
  const pairs = adjacentPairsOf(text);
  if (pairs.length === 0 || slots.length === 0) return;
  const best = topOf(slots, SIDE_BY_SIDE_CANDIDATES, (a, b) => scores[b]! - scores[a]! || a - b);
  for (const slot of best) {
    const practice = snapshot.practices[slot]!;
    const share = sideBySideShare(pairs, `${practice.title}\n${practice.summary}`);
    // Within the words a practice holds: WORD_RANK steps (more words first) are kept apart.
    const base = scores[slot]! % WORD_RANK;
    scores[slot] = scores[slot]! - base + base * (1 + SIDE_BY_SIDE_BONUS * share);
  }
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
    rewardSideBySide(snapshot, query.q, outcome.slots, scores);
  }
  const { matching, facets } = filterAndCount(snapshot.facetColumns(), candidates, size, query);
  // Handed out as they are (no copy for every page): frozen, so no reader can change them for the next.
  for (const values of Object.values(facets)) {
    for (const value of values) Object.freeze(value);
    Object.freeze(values);
  }
  return { outcome, scores, matching, allWords, facets: Object.freeze(facets) };
}
