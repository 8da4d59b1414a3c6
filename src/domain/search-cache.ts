// The cache of recent searches. It belongs to one catalogue snapshot, so a new catalogue version (or a
// new main index) starts with an empty cache: a cached answer can never be out of date.
import { LRUCache } from 'lru-cache';
import { queryKeyOf } from '../search/query.js';
import type { Snapshot } from './catalogue-snapshot.js';
import { type Match, matchOf } from './search-match.js';
import { FACET_KEYS, type SearchQuery, type Sort } from './search-query.js';

/** The matches of the most recent searches of each snapshot (text, filters and sort; pages and exports share one). */
export class RecentSearches {
  private readonly caches = new WeakMap<Snapshot, LRUCache<string, Match>>();

  constructor(private readonly capacity: number) {}

  /** The match of the query in the snapshot, from the cache when it was asked recently. */
  match(snapshot: Snapshot, query: SearchQuery, sort: Sort): Match {
    if (this.capacity <= 0) return matchOf(snapshot, query);
    let cache = this.caches.get(snapshot);
    if (!cache) {
      cache = new LRUCache({ max: this.capacity });
      this.caches.set(snapshot, cache);
    }
    // The text counts by its words as typed, folded: "Onthaal", "onthaal" and "onthaal!" are one search. (A
    // provisional snapshot scans the raw text, so there it counts as typed.)
    const text = query.q === '' ? '' : snapshot.index.provisional ? `raw:${query.q}` : `words:${queryKeyOf(query.q)}`;
    const key = JSON.stringify([text, sort, ...FACET_KEYS.map((k) => [...query[k]].sort())]);
    let match = cache.get(key);
    if (!match) {
      match = matchOf(snapshot, query);
      cache.set(key, match);
    }
    return match;
  }
}
