// What a search asks for: the same parameters for the HTML pages and the API, validated by one schema.
// Query values arrive as a string or an array of strings (Express 5's simple parser), or not at all.
import { z } from 'zod';
import { isMunicipalityCode } from './municipalities.js';
import { FIRST_YEAR, LAST_YEAR } from './practice.js';
import { EVIDENCE_LEVELS, LIFE_DOMAINS, PROVINCES, SCALES, TARGET_GROUPS, THEMES, valuesOf } from './vocabulary.js';

export const SORTS = [
  { value: 'relevance', label: 'Meest relevant' },
  { value: 'newest', label: 'Nieuwste eerst' },
  { value: 'title', label: 'Titel (A-Z)' },
] as const;
export type Sort = (typeof SORTS)[number]['value'];

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE = 10_000;
export const MAX_QUERY_LENGTH = 500;
export const MAX_FILTER_VALUES = 50;

type Raw = string | string[] | undefined;

/** The evidenceLevel value of a practice no moderator has judged yet: a filter value, never a level. */
export const NOT_YET_JUDGED = 'nog-niet-beoordeeld';
/** What the evidenceLevel filter accepts: the ladder's levels and "not yet judged". */
export const EVIDENCE_LEVEL_FILTER_VALUES = [...valuesOf(EVIDENCE_LEVELS), NOT_YET_JUDGED] as const;
/** The one value of the flag filters hasContact and hasMaterials: present means "only practices with it". */
export const FLAG_ON = 'true';

const inYearRange = (v: string) => Number(v) >= FIRST_YEAR && Number(v) <= LAST_YEAR;
const positiveInt = (max: number, message: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,7}$/, { error: message })
    .transform(Number)
    .pipe(z.number().int().min(1, { error: message }).max(max, { error: message }));

/**
 * What one value of each parameter may be. The search validates every value with these schemas, and
 * the API description (src/http/openapi.ts) shows these same schemas, so the two cannot disagree.
 */
export const SEARCH_PARAMETER_VALUES = {
  q: z.string(),
  page: positiveInt(MAX_PAGE, `Het paginanummer moet een geheel getal van 1 tot ${MAX_PAGE} zijn.`),
  pageSize: positiveInt(MAX_PAGE_SIZE, `Het aantal resultaten per pagina moet een geheel getal van 1 tot ${MAX_PAGE_SIZE} zijn.`),
  sort: z.enum(SORTS.map((s) => s.value) as [Sort, ...Sort[]], { error: 'Sorteer op relevance, newest of title.' }),
  theme: z.enum(valuesOf(THEMES)),
  targetGroup: z.enum(valuesOf(TARGET_GROUPS)),
  province: z.enum(valuesOf(PROVINCES)),
  municipality: z.string().regex(/^\d{5}$/).refine(isMunicipalityCode),
  adoptedBy: z.string().regex(/^\d{5}$/).refine(isMunicipalityCode),
  lifeDomain: z.enum(valuesOf(LIFE_DOMAINS)),
  scale: z.enum(valuesOf(SCALES)),
  startYear: z.string().regex(/^\d{4}$/).refine(inYearRange),
  evidenceLevel: z.enum(EVIDENCE_LEVEL_FILTER_VALUES),
  hasContact: z.enum([FLAG_ON]),
  hasMaterials: z.enum([FLAG_ON]),
  notRecentlyVerified: z.enum([FLAG_ON]),
} as const;

/** A parameter that may be given once; given twice it is a mistake we name rather than guess at. */
const single = <T extends z.ZodType<unknown, string>>(name: string, value: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .superRefine((given, ctx) => {
      if (Array.isArray(given)) ctx.addIssue({ code: 'custom', message: `Geef de parameter ${name} maar één keer op.` });
    })
    .transform((given) => (Array.isArray(given) ? given[0] : given))
    .pipe(value.optional());

/** A filter that may be repeated (OR); every value must pass `value`, else `message` names it. */
const repeatable = <T extends z.ZodType<string, string>>(value: T, message: (v: string) => string) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((given, ctx): z.output<T>[] => {
      const values = given === undefined ? [] : Array.isArray(given) ? given : [given];
      const nonEmpty = [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))];
      if (nonEmpty.length > MAX_FILTER_VALUES) {
        ctx.addIssue({ code: 'custom', message: `Kies hoogstens ${MAX_FILTER_VALUES} waarden per filter.` });
        return z.NEVER;
      }
      const valid: z.output<T>[] = [];
      for (const v of nonEmpty) {
        const parsed = value.safeParse(v);
        if (!parsed.success) {
          ctx.addIssue({ code: 'custom', message: message(v) });
          return z.NEVER;
        }
        valid.push(parsed.data);
      }
      return valid;
    });

const quoted = (v: string) => `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
const values = SEARCH_PARAMETER_VALUES;

export const searchQuerySchema = z.object({
  // Repeated q values are joined: a search box should never answer with an error.
  q: z
    .union([values.q, z.array(values.q)])
    .optional()
    .transform((value) => (Array.isArray(value) ? value.join(' ') : (value ?? '')).trim().slice(0, MAX_QUERY_LENGTH)),
  page: single('page', values.page).transform((v) => v ?? 1),
  pageSize: single('pageSize', values.pageSize),
  sort: single('sort', values.sort),
  theme: repeatable(values.theme, (v) => `Onbekend thema ${quoted(v)}.`),
  targetGroup: repeatable(values.targetGroup, (v) => `Onbekende doelgroep ${quoted(v)}.`),
  province: repeatable(values.province, (v) => `Onbekende provincie ${quoted(v)}.`),
  municipality: repeatable(values.municipality, (v) => `Onbekende gemeente ${quoted(v)}: gebruik de NIS-code, bijvoorbeeld 11002 voor Antwerpen.`),
  adoptedBy: repeatable(values.adoptedBy, (v) => `Onbekende gemeente ${quoted(v)} bij adoptedBy: gebruik de NIS-code, bijvoorbeeld 11002 voor Antwerpen.`),
  lifeDomain: repeatable(values.lifeDomain, (v) => `Onbekend levensdomein ${quoted(v)}.`),
  scale: repeatable(values.scale, (v) => `Onbekende schaal ${quoted(v)}.`),
  startYear: repeatable(values.startYear, (v) => `Ongeldig beginjaar ${quoted(v)}: gebruik een jaartal van ${FIRST_YEAR} tot ${LAST_YEAR}.`),
  evidenceLevel: repeatable(
    values.evidenceLevel,
    (v) => `Onbekende stand van de praktijk ${quoted(v)}: gebruik ${EVIDENCE_LEVEL_FILTER_VALUES.join(', ')}.`,
  ),
  // A flag is a filter with one value, so it shares the facets' machinery (counts, cache, exports, API).
  hasContact: repeatable(values.hasContact, (v) => `Ongeldige waarde ${quoted(v)} voor hasContact: gebruik hasContact=true, of laat de parameter weg.`),
  hasMaterials: repeatable(values.hasMaterials, (v) => `Ongeldige waarde ${quoted(v)} voor hasMaterials: gebruik hasMaterials=true, of laat de parameter weg.`),
  notRecentlyVerified: repeatable(values.notRecentlyVerified, (v) => `Ongeldige waarde ${quoted(v)} voor notRecentlyVerified: gebruik notRecentlyVerified=true, of laat de parameter weg.`),
});

export type SearchQuery = z.infer<typeof searchQuerySchema>;
export type RawSearchQuery = Partial<Record<keyof SearchQuery, Raw>>;

export const FACET_KEYS = [
  'theme',
  'targetGroup',
  'lifeDomain',
  'province',
  'municipality',
  'adoptedBy',
  'scale',
  'startYear',
  'evidenceLevel',
  'hasContact',
  'hasMaterials',
  'notRecentlyVerified',
] as const;
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
