// What a search asks for: the same parameters for the HTML pages and the API, validated by one schema.
// Query values arrive as a string or an array of strings (Express 5's simple parser), or not at all.
import { z } from 'zod';
import { isMunicipalityCode } from './municipalities.js';
import { FIRST_YEAR, LAST_YEAR } from './practice.js';
import { LIFE_DOMAINS, PROVINCES, SCALES, TARGET_GROUPS, THEMES, valuesOf } from './vocabulary.js';

export const SORTS = [
  { value: 'relevance', label: 'Meest relevant' },
  { value: 'newest', label: 'Nieuwste eerst' },
  { value: 'title', label: 'Titel (A-Z)' },
] as const;
export type Sort = (typeof SORTS)[number]['value'];

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE = 10_000;
const MAX_QUERY_LENGTH = 500;
const MAX_FILTER_VALUES = 50;

type Raw = string | string[] | undefined;

/** A parameter that may be given once; given twice it is a mistake we name rather than guess at. */
const single = (name: string) =>
  z.union([z.string(), z.array(z.string())]).optional().superRefine((value, ctx) => {
    if (Array.isArray(value)) ctx.addIssue({ code: 'custom', message: `Geef de parameter ${name} maar één keer op.` });
  }).transform((value) => (Array.isArray(value) ? value[0] : value));

const positiveInt = (name: string, max: number, message: string) =>
  single(name).pipe(
    z
      .string()
      .trim()
      .regex(/^\d{1,7}$/, { error: message })
      .transform(Number)
      .pipe(z.number().int().min(1, { error: message }).max(max, { error: message }))
      .optional(),
  );

const repeatable = <T extends string>(valid: (v: string) => v is T, message: (v: string) => string) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value, ctx): T[] => {
      const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
      const nonEmpty = [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))];
      if (nonEmpty.length > MAX_FILTER_VALUES) {
        ctx.addIssue({ code: 'custom', message: `Kies hoogstens ${MAX_FILTER_VALUES} waarden per filter.` });
        return z.NEVER;
      }
      for (const v of nonEmpty) {
        if (!valid(v)) {
          ctx.addIssue({ code: 'custom', message: message(v) });
          return z.NEVER;
        }
      }
      return nonEmpty as T[];
    });

const inVocabulary = <T extends string>(values: readonly T[]) => (v: string): v is T => (values as readonly string[]).includes(v);
const quoted = (v: string) => `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
const isYear = (v: string): v is string => /^\d{4}$/.test(v) && Number(v) >= FIRST_YEAR && Number(v) <= LAST_YEAR;

export const searchQuerySchema = z.object({
  // Repeated q values are joined: a search box should never answer with an error.
  q: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value) => (Array.isArray(value) ? value.join(' ') : (value ?? '')).trim().slice(0, MAX_QUERY_LENGTH)),
  page: positiveInt('page', MAX_PAGE, `Het paginanummer moet een geheel getal van 1 tot ${MAX_PAGE} zijn.`).transform((v) => v ?? 1),
  pageSize: positiveInt('pageSize', MAX_PAGE_SIZE, `Het aantal resultaten per pagina moet een geheel getal van 1 tot ${MAX_PAGE_SIZE} zijn.`),
  sort: single('sort').pipe(z.enum(SORTS.map((s) => s.value) as [Sort, ...Sort[]], { error: 'Sorteer op relevance, newest of title.' }).optional()),
  theme: repeatable(inVocabulary(valuesOf(THEMES)), (v) => `Onbekend thema ${quoted(v)}.`),
  targetGroup: repeatable(inVocabulary(valuesOf(TARGET_GROUPS)), (v) => `Onbekende doelgroep ${quoted(v)}.`),
  province: repeatable(inVocabulary(valuesOf(PROVINCES)), (v) => `Onbekende provincie ${quoted(v)}.`),
  municipality: repeatable((v): v is string => isMunicipalityCode(v), (v) => `Onbekende gemeente ${quoted(v)}: gebruik de NIS-code, bijvoorbeeld 11002 voor Antwerpen.`),
  lifeDomain: repeatable(inVocabulary(valuesOf(LIFE_DOMAINS)), (v) => `Onbekend levensdomein ${quoted(v)}.`),
  scale: repeatable(inVocabulary(valuesOf(SCALES)), (v) => `Onbekende schaal ${quoted(v)}.`),
  startYear: repeatable(isYear, (v) => `Ongeldig beginjaar ${quoted(v)}: gebruik een jaartal van ${FIRST_YEAR} tot ${LAST_YEAR}.`),
});

export type SearchQuery = z.infer<typeof searchQuerySchema>;
export type RawSearchQuery = Partial<Record<keyof SearchQuery, Raw>>;

export const FACET_KEYS = ['theme', 'targetGroup', 'lifeDomain', 'province', 'municipality', 'scale', 'startYear'] as const;
export type FacetKey = (typeof FACET_KEYS)[number];
export type FacetFilters = Pick<SearchQuery, FacetKey>;

/** The sort that applies: the one asked for, else relevance for a text search and newest for browsing. */
export function effectiveSort(query: Pick<SearchQuery, 'q' | 'sort'>): Sort {
  return query.sort ?? (query.q === '' ? 'newest' : 'relevance');
}

export interface QueryProblem {
  readonly parameter: string;
  readonly message: string;
}

export type ParsedSearchQuery = { ok: true; query: SearchQuery } | { ok: false; problems: QueryProblem[] };

/** Validates raw query parameters; unknown parameters are ignored. */
export function parseSearchQuery(raw: Record<string, unknown>): ParsedSearchQuery {
  const result = searchQuerySchema.safeParse(raw);
  if (result.success) return { ok: true, query: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({
      parameter: String(issue.path[0] ?? ''),
      message: issue.code === 'invalid_union' || issue.code === 'invalid_type' ? `De parameter ${String(issue.path[0])} heeft een ongeldige vorm.` : issue.message,
    })),
  };
}
