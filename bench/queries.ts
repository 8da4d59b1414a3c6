// The fixed mix of searches the benchmark times, in every engine and over HTTP: what people in an OCMW
// type, built from words of the seed texts so that every corpus size has answers for them.
import { type SearchQuery, parseSearchQuery } from '../src/domain/search-query.js';

export type QueryKind = 'één woord' | 'twee woorden' | 'drie woorden' | 'tikfout' | 'accenten' | 'prefix' | 'met filters';

export interface BenchQuery {
  readonly kind: QueryKind;
  readonly q: string;
  /** Facet filters as URL parameters (several values of one filter: OR). */
  readonly filters: Readonly<Record<string, readonly string[]>>;
}

const query = (kind: QueryKind, q: string, filters: Record<string, string[]> = {}): BenchQuery => ({ kind, q, filters });

export const QUERY_MIX: readonly BenchQuery[] = [
  query('één woord', 'onthaal'),
  query('één woord', 'gezinscoaches'),
  query('één woord', 'kinderopvang'),
  query('één woord', 'landbouwers'),
  query('één woord', 'thuiszorg'),
  query('één woord', 'onderbescherming'),
  query('één woord', 'mantelzorgers'),
  query('twee woorden', 'breed onthaal'),
  query('twee woorden', 'lokale besturen'),
  query('twee woorden', 'buurtgerichte zorg'),
  query('twee woorden', 'kwetsbare gezinnen'),
  query('drie woorden', 'geïntegreerd breed onthaal'),
  query('drie woorden', 'decreet lokaal sociaal'),
  query('drie woorden', 'herstelgericht hulpaanbod slachtoffers'),
  query('tikfout', 'gezinscoahces'),
  query('tikfout', 'kinderopvnag'),
  query('tikfout', 'onderbeschrming'),
  query('tikfout', 'landbouwrs'),
  query('accenten', 'geintegreerd breed onthaal'),
  query('accenten', 'één gezin één plan'),
  query('accenten', 'een gezin een plan'),
  query('accenten', 'creche'),
  query('prefix', 'onth'),
  query('prefix', 'gezinsc'),
  query('prefix', 'kinderop'),
  query('prefix', 'woonzorg'),
  query('met filters', 'onthaal', { theme: ['breed-onthaal'] }),
  query('met filters', 'zorg', { province: ['limburg'] }),
  query('met filters', 'gezinscoaches', { targetGroup: ['gezinnen-jonge-kinderen'], scale: ['lokaal'] }),
  query('met filters', '', { theme: ['ouderenzorg'], province: ['antwerpen'] }),
  query('met filters', 'kinderopvang', { startYear: ['2019', '2020'] }),
  query('met filters', 'armoede', { municipality: ['11002', '44021'] }),
];

/**
 * The same search typed with other capitals ("oNthaal"): it finds exactly the same, but is a new key
 * for a cache of recent results, so repeating the mix measures searching rather than the cache.
 * Variant 0 is the query as written. A query without text has no variants.
 */
export function variantOf(benchQuery: BenchQuery, variant: number): BenchQuery {
  const letters = [...benchQuery.q];
  let bit = 0;
  const q = letters.map((ch) => (/\p{L}/u.test(ch) && (variant >> bit++) & 1 ? ch.toLocaleUpperCase('nl') : ch)).join('');
  return { ...benchQuery, q };
}

/** The query as the catalogue takes it, parsed like the results page parses its URL. */
export function searchQueryOf(benchQuery: BenchQuery): SearchQuery {
  const parsed = parseSearchQuery({ q: benchQuery.q, ...benchQuery.filters });
  if (!parsed.ok) throw new Error(`bad bench query ${JSON.stringify(benchQuery)}: ${JSON.stringify(parsed.problems)}`);
  return parsed.query;
}

/** The URL query string of a search, as the results page and the API take it. */
export function queryStringOf(benchQuery: BenchQuery): string {
  const params = new URLSearchParams();
  if (benchQuery.q) params.append('q', benchQuery.q);
  for (const [key, values] of Object.entries(benchQuery.filters)) for (const v of values) params.append(key, v);
  return params.toString();
}
