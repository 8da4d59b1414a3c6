// The facet values of every practice as numbers, built once per snapshot, so filtering and counting
// over thousands of practices are loops over typed arrays rather than over strings.
import { FACETS } from './facets.js';
import type { Practice } from './practice.js';

/** One facet's values of every slot: the values of slot s are ids[offsets[s] .. offsets[s + 1]). */
export interface FacetColumn {
  /** The distinct values, numbered. */
  readonly values: readonly string[];
  readonly numberOf: ReadonlyMap<string, number>;
  /** Each value's position in the facet's natural order (FacetDefinition.compare). */
  readonly rank: Int32Array;
  readonly offsets: Uint32Array;
  readonly ids: Uint32Array;
}

const facetValueCache = new WeakMap<Practice, { readonly asOf: Date; readonly values: readonly (readonly string[])[] }>();

/** The values of every facet of a practice as at `asOf`, in FACETS order; remembered per practice object and moment. */
function facetValuesOf(practice: Practice, asOf: Date): readonly (readonly string[])[] {
  const cached = facetValueCache.get(practice);
  if (cached?.asOf === asOf) return cached.values;
  const values = FACETS.map((f) => f.valuesOf(practice, asOf));
  facetValueCache.set(practice, { asOf, values });
  return values;
}

/** The columns of every facet (FACETS order) over the practices in their slots, as at `asOf` (for "niet recent nagekeken"). */
export function facetColumnsOf(practices: readonly Practice[], asOf: Date): FacetColumn[] {
  return FACETS.map((facet, f) => {
    const numberOf = new Map<string, number>();
    const values: string[] = [];
    const offsets = new Uint32Array(practices.length + 1);
    const ids: number[] = [];
    practices.forEach((practice, slot) => {
      for (const value of facetValuesOf(practice, asOf)[f]!) {
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
