// The view model of the results page: every link (facet toggles, removing a filter, pages, sorts)
// is a complete URL, so the whole state lives in the URL and the page works without JavaScript.
import type { FacetValue, SearchResult } from '../../domain/catalogue.js';
import { FACETS } from '../../domain/facets.js';
import { municipalityByCode } from '../../domain/municipalities.js';
import { type Practice, provincesOf } from '../../domain/practice.js';
import { PROVINCES, THEMES, labelOf } from '../../domain/vocabulary.js';
import { type FacetKey, type SearchQuery, SORTS, type Sort } from '../../domain/search-query.js';
import { paths } from '../../paths.js';
import type { QueryState } from '../../paths.js';
import { periodOf } from './practice-presenter.js';

/** The URL state of a search, leaving out what equals the default. */
export function stateOf(query: SearchQuery, sort?: Sort): QueryState {
  const state: QueryState = { q: query.q };
  for (const f of FACETS) state[f.key] = query[f.key];
  if (sort) state.sort = sort;
  if (query.pageSize) state.pageSize = query.pageSize;
  return state;
}

function toggled(query: SearchQuery, key: FacetKey, value: string): SearchQuery {
  const current = query[key] as string[];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return { ...query, [key]: next, page: 1 };
}

const MAX_FACET_VALUES_SHOWN = 12;

/** The legend of the one fieldset that holds the flag filters (met contactpersoon, met materiaal). */
const FLAGS_LEGEND = 'Om over te nemen';

function facetView(query: SearchQuery, key: FacetKey, label: string, values: FacetValue[]) {
  return {
    key,
    label,
    values: values.map((v) => ({
      ...v,
      name: key,
      id: `f-${key}-${v.value}`,
      // Only a chosen value gets a link (to remove it): the checkboxes need none, and building a URL
      // for each of hundreds of municipalities cost more than the search itself.
      removeHref: v.selected ? paths.practices(stateOf(toggled(query, key, v.value), query.sort)) : undefined,
    })),
    // Long lists (municipalities) fold away behind a <details>, keeping selected values visible.
    collapsed: values.length > MAX_FACET_VALUES_SHOWN,
  };
}

function pagination(result: SearchResult) {
  const { page, pageCount, query } = result;
  const href = (p: number) => paths.practices({ ...stateOf(query, query.sort), page: p === 1 ? undefined : p });
  const around = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pageCount])]
    .filter((p) => p >= 1 && p <= pageCount)
    .sort((a, b) => a - b);
  return {
    previous: page > 1 ? href(Math.min(page - 1, pageCount)) : undefined,
    next: page < pageCount ? href(page + 1) : undefined,
    pages: around.map((p, i) => ({ number: p, href: href(p), current: p === page, gapBefore: i > 0 && p - (around[i - 1] ?? p) > 1 })),
  };
}

export function searchPageView(result: SearchResult) {
  const { query } = result;
  const facets = FACETS.map((f) => facetView(query, f.key, f.label, result.facets[f.key]));
  const isFlag = (key: FacetKey) => FACETS.some((f) => f.key === key && f.flag === true);
  // The flags share one fieldset, after the facets: each alone would be a legend over a single checkbox.
  const flagValues = facets.filter((f) => isFlag(f.key)).flatMap((f) => f.values);
  const panel = [
    ...facets.filter((f) => !isFlag(f.key)),
    ...(flagValues.length > 0 ? [{ key: 'flags', label: FLAGS_LEGEND, values: flagValues, collapsed: false }] : []),
  ];
  const activeFilters = facets.flatMap((f) =>
    f.values
      .filter((v) => v.selected)
      .map((v) => ({ text: isFlag(f.key) ? v.label : `${f.label}: ${v.label}`, removeHref: v.removeHref ?? paths.practices() })),
  );
  const first = (result.page - 1) * result.pageSize + 1;
  return {
    q: query.q,
    total: result.total,
    allWords: result.allWords,
    range: result.items.length > 0 ? { first, last: first + result.items.length - 1 } : undefined,
    items: result.items.map(({ practice, snippet }) => ({
      title: practice.title,
      href: paths.practice(practice.slug),
      snippet,
      period: periodOf(practice),
      place: placeOf(practice),
      themes: practice.themes.map((t) => labelOf(THEMES, t)),
    })),
    facets: panel,
    activeFilters,
    clearFiltersHref: activeFilters.length > 0 ? paths.practices({ q: query.q }) : undefined,
    sort: result.sort,
    sorts: SORTS.map((s) => ({ ...s, selected: s.value === result.sort })),
    // Each form carries the rest of the state as hidden fields, so submitting one keeps the others.
    hidden: {
      searchBox: hiddenFields(query, (name) => name !== 'q'),
      facets: hiddenFields(query, (name) => !FACETS.some((f) => f.key === name)),
      sort: hiddenFields(query, (name) => name !== 'sort'),
    },
    pagination: pagination(result),
    page: result.page,
    pageCount: result.pageCount,
    statisticsHref: paths.statistics({ ...stateOf(query), pageSize: undefined }),
    apiHref: paths.api.practices({ ...stateOf(query, query.sort), page: result.page > 1 ? result.page : undefined }),
    // Exports hold the whole result, not this page; a feed is always newest first.
    exportCsvHref: paths.exportCsv({ ...stateOf(query, query.sort), pageSize: undefined }),
    exportJsonHref: paths.exportJson({ ...stateOf(query, query.sort), pageSize: undefined }),
    exportXlsxHref: paths.exportXlsx({ ...stateOf(query, query.sort), pageSize: undefined }),
    feedHref: paths.feed({ ...stateOf(query), pageSize: undefined }),
  };
}
export type SearchPageView = ReturnType<typeof searchPageView>;

function hiddenFields(query: SearchQuery, keep: (name: string) => boolean): { name: string; value: string }[] {
  return Object.entries(stateOf(query, query.sort)).flatMap(([name, value]) =>
    value === undefined || value === '' || !keep(name) ? [] : (Array.isArray(value) ? value : [value]).map((v) => ({ name, value: String(v) })),
  );
}

/** Where a practice runs, in words: its municipalities, else its provinces, else "Vlaanderen". */
function placeOf(practice: Practice): string {
  if (practice.municipalities.length > 0) return practice.municipalities.map((c) => municipalityByCode(c)?.name ?? c).join(', ');
  const provinces = provincesOf(practice);
  return provinces.length > 0 ? provinces.map((p) => labelOf(PROVINCES, p)).join(', ') : 'Vlaanderen';
}
