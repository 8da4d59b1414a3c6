// The order results are shown in and the slots of one page. An early page takes the best few matches
// with a bounded heap instead of sorting them all; the full order is sorted once per cached match, for
// later pages and exports.
import type { Snapshot } from './catalogue-snapshot.js';
import type { Match } from './search-match.js';
import type { Sort } from './search-query.js';

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
export function orderOf(snapshot: Snapshot, match: Match, sort: Sort): Int32Array {
  if (!match.ordered) match.ordered = match.matching.slice().sort(comparatorOf(snapshot, match, sort));
  return match.ordered;
}

/** The slots of one page; for an early page the best `start + pageSize` are selected without sorting all. */
export function pageOf(snapshot: Snapshot, match: Match, sort: Sort, start: number, pageSize: number): Int32Array {
  const n = match.matching.length;
  if (start >= n) return new Int32Array(0);
  const end = Math.min(n, start + pageSize);
  if (match.ordered || end * 8 > n) return orderOf(snapshot, match, sort).subarray(start, end);
  // Kept with the cached match, so the first page of a popular search is not selected again for every
  // request: the order is total (ties go to the lower slot), so these are the first of orderOf.
  if (!match.best || match.best.length < end) match.best = topOf(match.matching, end, comparatorOf(snapshot, match, sort));
  return match.best.subarray(start, end);
}

/** The first k of `slots` in comparator order, by a bounded heap (the worst of the best at the top). */
export function topOf(slots: Int32Array, k: number, compare: (a: number, b: number) => number): Int32Array {
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
