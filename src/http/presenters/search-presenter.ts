// The view model of the results page: every link (facet toggles, removing a filter, pages, sorts)
// is a complete URL, so the whole state lives in the URL and the page works without JavaScript.
import type { FacetValue, SearchResult } from '../../domain/catalogue.js';
import { FACETS, facet, filterInWords } from '../../domain/facets.js';
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

/** How many values a facet shows before "toon alle": the most frequent, plus every chosen one. */
export const TOP_VALUES = 8;
/** A facet with at most this many values shows them all: "toon alle" for one or two more is noise. */
const SHOW_ALL_UP_TO = 10;
/** Up to this many values the rest of a facet is in the page behind a <details>; beyond it (the 300 municipalities), on a page of its own. */
const INLINE_UP_TO = 40;
/** Facets whose values are municipalities: grouped by province in the full list, typed into a combobox. */
const MUNICIPALITY_FACETS: readonly FacetKey[] = ['municipality', 'adoptedBy'];

/** The legend of the one fieldset that holds the flag filters (met contactpersoon, met materiaal). */
const FLAGS_LEGEND = 'Om over te nemen';

export interface FacetValueView extends FacetValue {
  readonly name: FacetKey;
  readonly id: string;
}

export interface FacetView {
  readonly key: string;
  readonly label: string;
  /** The values in view: all of a short facet, else the most frequent and the chosen ones. */
  readonly shown: readonly FacetValueView[];
  /** The rest of a facet of up to INLINE_UP_TO values, behind "toon alle". */
  readonly more?: { readonly values: readonly FacetValueView[]; readonly total: number };
  /** The whole list on its own page, for the long facets. */
  readonly fullList?: { readonly href: string; readonly total: number; readonly noun: string };
  /** A municipality facet: the script offers a combobox over the full list. */
  readonly combobox?: { readonly label: string };
}

// A facet value's view is the same on every page that shows it: the catalogue's counts are frozen and
// kept with their search (search-match.ts), so each value is made into a view once and remembered with it.
const valueViews = new WeakMap<FacetValue, FacetValueView>();

const valueView =
  (key: FacetKey) =>
  (v: FacetValue): FacetValueView => {
    const known = valueViews.get(v);
    if (known) return known;
    // Field by field, not by spreading `v`: a spread copy takes V8's slow path.
    const view = { value: v.value, label: v.label, count: v.count, selected: v.selected, name: key, id: `f-${key}-${v.value}` };
    // A value that is not frozen might still change: only the catalogue's frozen counts are remembered.
    if (Object.isFrozen(v)) valueViews.set(v, Object.freeze(view));
    return view;
  };

/** The facet's values with a count (or chosen): a facet with none is left out of the panel. */
const hasAny = (values: readonly FacetValue[]) => values.some((v) => v.count > 0);

/** The most frequent values (ties in the facet's own order) and every chosen one, most frequent first. */
export function topValues(values: readonly FacetValue[], n = TOP_VALUES): FacetValue[] {
  // One pass keeping the n most frequent so far, in order (most are passed over at the first
  // comparison), instead of sorting all 300 municipalities for every page.
  const top: number[] = [];
  values.forEach((v, i) => {
    if (top.length === n && values[top[n - 1]!]!.count >= v.count) return;
    let at = top.length;
    while (at > 0 && values[top[at - 1]!]!.count < v.count) at--;
    top.splice(at, 0, i);
    if (top.length > n) top.pop();
  });
  const inTop = new Set(top);
  const chosenElsewhere: { v: FacetValue; i: number }[] = [];
  values.forEach((v, i) => {
    if (v.selected && !inTop.has(i)) chosenElsewhere.push({ v, i });
  });
  // The chosen ones outside the top take their place by count among them (ties in the facet's order).
  const ranked = [...top.map((i) => ({ v: values[i]!, i })), ...chosenElsewhere].sort((a, b) => b.v.count - a.v.count || a.i - b.i);
  return ranked.map((r) => r.v);
}

/** A facet's values as the panel lists them: all of them; the top with the rest behind *toon alle*; or
 * the top with the whole list on a page of its own (too many to send with every page). */
type ValueLists =
  | { readonly kind: 'all'; readonly shown: readonly FacetValueView[] }
  | { readonly kind: 'top-and-more'; readonly shown: readonly FacetValueView[]; readonly more: readonly FacetValueView[] }
  | { readonly kind: 'top-and-page'; readonly shown: readonly FacetValueView[] };

// Which values a facet lists depends on its counts alone (whether a value is chosen is part of them),
// and a search's counts are frozen and shared by every page and spelling of it: the lists are made
// once per counts, and being the same arrays each time, their HTML is rendered once too
// (view-fragments.ts).
const valueLists = new WeakMap<readonly FacetValue[], ValueLists>();

function listsOf(key: FacetKey, values: readonly FacetValue[]): ValueLists {
  const known = valueLists.get(values);
  if (known) return known;
  const toView = valueView(key);
  let lists: ValueLists;
  if (values.length <= SHOW_ALL_UP_TO) lists = { kind: 'all', shown: values.map(toView) };
  else {
    const top = topValues(values);
    const inTop = new Set(top);
    lists =
      values.length <= INLINE_UP_TO
        ? { kind: 'top-and-more', shown: top.map(toView), more: values.filter((v) => !inTop.has(v)).map(toView) }
        : { kind: 'top-and-page', shown: top.map(toView) };
  }
  if (Object.isFrozen(values)) {
    Object.freeze(lists.shown);
    if (lists.kind === 'top-and-more') Object.freeze(lists.more);
    valueLists.set(values, Object.freeze(lists));
  }
  return lists;
}

function facetView(query: SearchQuery, key: FacetKey, label: string, values: readonly FacetValue[]): FacetView {
  const lists = listsOf(key, values);
  const { shown } = lists;
  if (lists.kind === 'all') return { key, label, shown };
  if (lists.kind === 'top-and-more') return { key, label, shown, more: { values: lists.more, total: values.length } };
  const municipalities = MUNICIPALITY_FACETS.includes(key);
  return {
    key,
    label,
    shown,
    fullList: { href: paths.facetValues(key, stateOf(query, query.sort)), total: values.length, noun: municipalities ? 'gemeenten' : 'waarden' },
    ...(municipalities ? { combobox: { label: key === 'municipality' ? 'Zoek een gemeente' : 'Zoek een gemeente die overnam' } } : {}),
  };
}

function pagination(result: SearchResult, state: QueryState) {
  const { page, pageCount } = result;
  const href = paths.practicePages(state);
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
  // The search as asked (words, filters, sort, page size), which most links and forms of the page carry.
  const state = stateOf(query, query.sort);
  const wholeResult = { ...state, pageSize: undefined };
  const isFlag = (key: FacetKey) => FACETS.some((f) => f.key === key && f.flag === true);
  // A facet with no value to count is left out (an empty result shows no empty filter box); its
  // chosen values, if any, travel as hidden fields so that applying other filters keeps them.
  const listed = FACETS.filter((f) => hasAny(result.facets[f.key]));
  const facets = listed.filter((f) => !isFlag(f.key)).map((f) => facetView(query, f.key, f.label, result.facets[f.key]));
  // The flags share one fieldset, after the facets: each alone would be a legend over a single checkbox.
  const flagValues = listed.filter((f) => isFlag(f.key)).flatMap((f) => result.facets[f.key].map(valueView(f.key)));
  const panel: FacetView[] = [...facets, ...(flagValues.length > 0 ? [{ key: 'flags', label: FLAGS_LEGEND, shown: flagValues }] : [])];
  const unlisted = FACETS.filter((f) => !listed.includes(f)).flatMap((f) => query[f.key].map((value) => ({ name: f.key, value })));
  const activeFilters = FACETS.flatMap((f) =>
    query[f.key].map((value) => ({
      text: f.flag ? f.labelOf(value) : `${f.label}: ${f.labelOf(value)}`,
      removeHref: paths.practices(stateOf(toggled(query, f.key, value), query.sort)),
    })),
  );
  const first = (result.page - 1) * result.pageSize + 1;
  const empty = result.total === 0;
  return {
    q: query.q,
    heading: headingOf(result),
    total: result.total,
    empty,
    allWords: result.allWords,
    range: result.items.length > 0 ? { first, last: first + result.items.length - 1 } : undefined,
    items: itemViewsOf(result.items),
    facets: panel,
    activeFilters,
    clearFiltersHref: activeFilters.length > 0 ? paths.practices({ q: query.q }) : undefined,
    allPracticesHref: query.q || activeFilters.length > 0 ? paths.practices() : undefined,
    sort: result.sort,
    sorts: SORTS.map((s) => ({ ...s, selected: s.value === result.sort })),
    // Each form carries the rest of the state as hidden fields, so submitting one keeps the others.
    hidden: {
      searchBox: hiddenFields(state, (name) => name !== 'q'),
      facets: [...hiddenFields(state, (name) => !FACETS.some((f) => f.key === name)), ...unlisted],
      sort: hiddenFields(state, (name) => name !== 'sort'),
    },
    pagination: pagination(result, state),
    page: result.page,
    pageCount: result.pageCount,
    statisticsHref: paths.statistics({ ...stateOf(query), pageSize: undefined }),
    apiHref: paths.api.practices({ ...state, page: result.page > 1 ? result.page : undefined }),
    // Exports hold the whole result, not this page; a feed is always newest first. An empty result
    // offers neither: a CSV or a feed of nothing is no help.
    exportCsvHref: paths.exportCsv(wholeResult),
    exportJsonHref: paths.exportJson(wholeResult),
    exportXlsxHref: paths.exportXlsx(wholeResult),
    feedHref: empty ? undefined : paths.feed({ ...stateOf(query), pageSize: undefined }),
  };
}
export type SearchPageView = ReturnType<typeof searchPageView>;

function hiddenFields(state: QueryState, keep: (name: string) => boolean): { name: string; value: string }[] {
  return Object.entries(state).flatMap(([name, value]) =>
    value === undefined || value === '' || !keep(name) ? [] : (Array.isArray(value) ? value : [value]).map((v) => ({ name, value: String(v) })),
  );
}

// What a result shows of a practice besides its snippet depends on the practice alone, and an edit
// makes a new Practice object: made once per practice shown, and remembered with it.
const resultItems = new WeakMap<Practice, ResultLine>();

/** One result on the results page: the practice's line (frozen) and its snippet for the words searched (frozen, shared). */
export interface ResultItemView {
  readonly line: ResultLine;
  readonly snippet: SearchResult['items'][number]['snippet'];
}

// A page of results is one frozen array, the same for every spelling of the search (catalogue.ts):
// so is its view, and the HTML rendered from that (view-fragments.ts).
const itemViews = new WeakMap<SearchResult['items'], readonly ResultItemView[]>();

function itemViewsOf(items: SearchResult['items']): readonly ResultItemView[] {
  let views = itemViews.get(items);
  if (!views) {
    views = items.map(({ practice, snippet }) => ({ line: resultItemOf(practice), snippet }));
    if (Object.isFrozen(items)) itemViews.set(items, (views = Object.freeze(views)));
  }
  return views;
}

interface ResultLine {
  readonly title: string;
  readonly href: string;
  readonly period: string | undefined;
  readonly place: string;
  readonly themes: readonly string[];
}

function resultItemOf(practice: Practice): ResultLine {
  let item = resultItems.get(practice);
  if (!item) {
    item = Object.freeze({ title: practice.title, href: paths.practice(practice.slug), period: periodOf(practice), place: placeOf(practice), themes: Object.freeze(practice.themes.map((t) => labelOf(THEMES, t))) });
    resultItems.set(practice, item);
  }
  return item;
}

/** Where a practice runs, in words: its first municipalities, else its provinces, else "Vlaanderen". */
function placeOf(practice: Practice): string {
  const names = practice.municipalities.map((c) => municipalityByCode(c)?.name ?? c);
  // A regional practice may name fifteen municipalities; its page lists them all.
  if (names.length > PLACES_SHOWN + 1) return `${names.slice(0, PLACES_SHOWN).join(', ')} en ${names.length - PLACES_SHOWN} andere gemeenten`;
  if (names.length > 0) return names.join(', ');
  const provinces = provincesOf(practice);
  return provinces.length > 0 ? provinces.map((p) => labelOf(PROVINCES, p)).join(', ') : 'Vlaanderen';
}

const PLACES_SHOWN = 3;

const COUNT = new Intl.NumberFormat('nl-BE');
const lowerFirst = (s: string) => s.charAt(0).toLocaleLowerCase('nl') + s.slice(1);
/** "a", "a of b", "a, b of c": values within a facet are OR. */
const orList = (items: readonly string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} of ${items[items.length - 1]}`);

/**
 * What the page shows, as its heading: "12 praktijken over “mantelzorg” in Limburg", "1 praktijk over
 * armoedebestrijding voor ouderen, beginjaar 2020". Built from the words and every chosen filter.
 */
export function headingOf(result: Pick<SearchResult, 'total' | 'query'>): string {
  const { total, query } = result;
  const labels = (key: FacetKey) => query[key].map((v) => facet(key).labelOf(v));
  const phrases = [total === 0 ? 'Geen praktijken gevonden' : `${COUNT.format(total)} ${total === 1 ? 'praktijk' : 'praktijken'}`];
  const themes = labels('theme').map(lowerFirst);
  if (query.q) phrases.push(`over “${query.q}”`);
  if (themes.length > 0) phrases.push(query.q ? `met als thema ${orList(themes)}` : `over ${orList(themes)}`);
  if (query.targetGroup.length > 0) phrases.push(`voor ${orList(labels('targetGroup').map(lowerFirst))}`);
  if (query.lifeDomain.length > 0) phrases.push(`rond ${orList(labels('lifeDomain').map(lowerFirst))}`);
  if (query.municipality.length > 0) phrases.push(`in ${orList(labels('municipality'))}`);
  if (query.province.length > 0) phrases.push(query.municipality.length > 0 ? `(provincie ${orList(labels('province'))})` : `in ${orList(labels('province'))}`);
  const inSentence: readonly FacetKey[] = ['theme', 'targetGroup', 'lifeDomain', 'municipality', 'province'];
  const rest = FACETS.filter((f) => !inSentence.includes(f.key) && query[f.key].length > 0).map((f) => filterInWords(f, query[f.key]));
  return [phrases.join(' '), ...rest].join(', ');
}

/** The page of every value of one facet for a search, grouped by province for municipalities, to tick and apply. */
export function facetValuesPageView(result: SearchResult, key: FacetKey) {
  const { query } = result;
  const state = stateOf(query, query.sort);
  const definition = facet(key);
  const values = result.facets[key].map(valueView(key));
  const groups = MUNICIPALITY_FACETS.includes(key)
    ? PROVINCES.map((p) => ({ label: p.label, values: values.filter((v) => municipalityByCode(v.value)?.province === p.value) })).filter((g) => g.values.length > 0)
    : [{ label: definition.label, values }];
  return {
    key,
    label: definition.label,
    grouped: groups.length > 1 || MUNICIPALITY_FACETS.includes(key),
    title: key === 'municipality' ? 'Alle gemeenten' : `${definition.label}: alle ${MUNICIPALITY_FACETS.includes(key) ? 'gemeenten' : 'waarden'}`,
    searchHeading: headingOf(result),
    total: values.length,
    groups,
    // The rest of the search travels along, so applying these values keeps the words and other filters.
    hidden: hiddenFields(state, (name) => name !== key),
    backHref: paths.practices(state),
  };
}
export type FacetValuesPageView = ReturnType<typeof facetValuesPageView>;
