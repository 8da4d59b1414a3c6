// What the results page says about the words of a search (src/domain/search-hints.ts): the query that
// was searched when a word was corrected, and for a search that found nothing, queries that would find
// something and the themes that come closest, each a link.
import type { SearchResult } from '../../domain/catalogue.js';
import { type QueryState, paths } from '../../paths.js';
import { stateOf } from './search-presenter.js';

export interface SearchHintsView {
  /** "Resultaten voor “kinderopvang” — zocht u toch “winteropvang”?" */
  readonly corrected?: { readonly searched: string; readonly typed: string };
  /** "Bedoelde u …?": each a search with the same filters. */
  readonly suggestions: readonly { readonly q: string; readonly total: number; readonly href: string }[];
  /** The themes that come closest, each a search of that theme alone. */
  readonly nearThemes: readonly { readonly label: string; readonly count: number; readonly href: string }[];
}

export function searchHintsView(result: SearchResult): SearchHintsView {
  const state: QueryState = stateOf({ ...result.query, page: 1 }, result.query.sort);
  return {
    ...(result.correctedQuery !== undefined ? { corrected: { searched: result.correctedQuery, typed: result.query.q } } : {}),
    suggestions: result.suggestions.map(({ q, total }) => ({ q, total, href: paths.practices({ ...state, q }) })),
    nearThemes: result.nearThemes.map(({ value, label, count }) => ({ label, count, href: paths.practices({ theme: value }) })),
  };
}
