// The facet filters and the facet counts of a search, in one pass over its candidates. Values within a
// facet are OR, facets are AND, and each facet's counts ignore its own filter (disjunctive facets), so a
// person sees how many practices a click would add.
import type { FacetColumn } from './facet-columns.js';
import { FACETS, type FacetDefinition } from './facets.js';
import type { FacetFilters, FacetKey } from './search-query.js';

export interface FacetValue {
  readonly value: string;
  readonly label: string;
  readonly count: number;
  readonly selected: boolean;
}

export interface FilteredAndCounted {
  /** The candidates that pass every filter, in candidate order. */
  readonly matching: Int32Array;
  readonly facets: Record<FacetKey, FacetValue[]>;
}

/** Filters the candidate slots (undefined: every slot below `slotCount`) and counts every facet's values. */
export function filterAndCount(columns: readonly FacetColumn[], candidates: Int32Array | undefined, slotCount: number, filters: FacetFilters): FilteredAndCounted {
  // One pass: a candidate that fails no filter matches and counts in every facet; one that fails exactly
  // one facet's filter counts in that facet only (a facet's counts ignore its own filter).
  const F = columns.length;
  const selected = FACETS.map((f, i) => {
    if (filters[f.key].length === 0) return undefined;
    const marks = new Uint8Array(columns[i]!.values.length);
    for (const value of filters[f.key]) {
      const id = columns[i]!.numberOf.get(value);
      if (id !== undefined) marks[id] = 1;
    }
    return marks;
  });
  const counts = columns.map((c) => new Uint32Array(c.values.length));
  const matching: number[] = [];
  const n = candidates ? candidates.length : slotCount;
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
  const facets = Object.fromEntries(FACETS.map((f, i) => [f.key, facetValues(f, columns[i]!, counts[i]!, filters[f.key])])) as Record<FacetKey, FacetValue[]>;
  return { matching: Int32Array.from(matching), facets };
}

/** The values of one facet as listed: those with a count or chosen, in the facet's order. */
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
