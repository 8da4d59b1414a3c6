// The OpenAPI 3.1 description of the JSON API, generated from the zod schemas the app validates and
// answers with: the parameters from searchQuerySchema and its value schemas, the responses from
// api-schemas.ts. Nothing here repeats a vocabulary or a limit by hand.
import { z } from 'zod';
import { facet } from '../domain/facets.js';
import { FIRST_YEAR, LAST_YEAR } from '../domain/practice.js';
import {
  DEFAULT_PAGE_SIZE,
  FACET_KEYS,
  type FacetKey,
  MAX_FILTER_VALUES,
  MAX_QUERY_LENGTH,
  SEARCH_PARAMETER_VALUES,
  searchQuerySchema,
} from '../domain/search-query.js';
import { paths } from '../paths.js';
import { API_COMPONENTS } from './api-schemas.js';
import { FEED_MAX_ENTRIES } from './presenters/feed-presenter.js';

export type JsonSchema = z.core.JSONSchema.JSONSchema;
export type SearchParameterName = keyof typeof searchQuerySchema.shape;

export interface OpenApiParameter {
  readonly name: string;
  readonly in: 'query' | 'path';
  readonly description: string;
  readonly required: boolean;
  readonly schema: JsonSchema;
  readonly style?: 'form' | 'simple';
  readonly explode?: boolean;
  readonly example?: unknown;
}

export interface OpenApiResponse {
  readonly description: string;
  readonly content?: Readonly<Record<string, { readonly schema: JsonSchema }>>;
}

export interface OpenApiOperation {
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  readonly parameters: readonly OpenApiParameter[];
  readonly responses: Readonly<Record<string, OpenApiResponse>>;
}

export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly servers: readonly { readonly url: string; readonly description: string }[];
  readonly paths: Readonly<Record<string, { readonly get: OpenApiOperation }>>;
  readonly components: { readonly schemas: Readonly<Record<string, JsonSchema>> };
}

const JSON_TYPE = 'application/json';
const TARGET = 'draft-2020-12';

/** A zod schema as JSON Schema for OpenAPI 3.1, without the `$schema` line the whole document already implies. */
function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: TARGET, io: 'output' });
  return rest;
}

/** The response schemas under the names components/schemas gives them, referring to each other by $ref. */
export function componentSchemas(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(API_COMPONENTS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { target: TARGET, io: 'output', uri: (id) => `#/components/schemas/${id}` });
  // A component is identified by where it sits; a fragment-only $id is not allowed in draft 2020-12.
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _dialect, $id: _id, ...rest }]) => [id, rest]));
}

const ref = (id: keyof typeof API_COMPONENTS): JsonSchema => ({ $ref: `#/components/schemas/${id}` });
const json = (description: string, schema: JsonSchema): OpenApiResponse => ({ description, content: { [JSON_TYPE]: { schema } } });

const isFacetKey = (name: string): name is FacetKey => (FACET_KEYS as readonly string[]).includes(name);

const REPEAT_NOTE = `Herhaalbaar (hoogstens ${MAX_FILTER_VALUES} waarden): een praktijk moet één van de waarden hebben; verschillende filters gelden samen.`;

// Dutch descriptions; the Record type makes the compiler ask for one for every parameter of the schema.
const DESCRIPTIONS: Record<SearchParameterName, string> = {
  q: `Zoekwoorden, met of zonder accenten, in enkelvoud of meervoud, met een tikfout. Hoogstens ${MAX_QUERY_LENGTH} tekens worden gebruikt.`,
  page: 'Paginanummer. Eén keer opgeven.',
  pageSize: 'Aantal praktijken per pagina. Eén keer opgeven.',
  sort: 'Sortering: relevance (standaard bij zoekwoorden), newest (standaard zonder zoekwoorden) of title. Eén keer opgeven.',
  theme: `${facet('theme').label}. ${REPEAT_NOTE}`,
  targetGroup: `${facet('targetGroup').label}. ${REPEAT_NOTE}`,
  province: `${facet('province').label}. ${REPEAT_NOTE}`,
  municipality: `${facet('municipality').label}, als NIS-code (bijvoorbeeld 11002 voor Antwerpen). ${REPEAT_NOTE}`,
  adoptedBy: `${facet('adoptedBy').label}: praktijken die deze gemeente ook uitvoert (goedgekeurde "wij doen dit ook"-meldingen, zie adoptions), als NIS-code. ${REPEAT_NOTE}`,
  lifeDomain: `${facet('lifeDomain').label}. ${REPEAT_NOTE}`,
  scale: `${facet('scale').label}. ${REPEAT_NOTE}`,
  startYear: `${facet('startYear').label}, een jaartal van ${FIRST_YEAR} tot ${LAST_YEAR}. ${REPEAT_NOTE}`,
  evidenceLevel: `${facet('evidenceLevel').label} (zie /stand-van-de-praktijk); nog-niet-beoordeeld voor praktijken zonder oordeel. ${REPEAT_NOTE}`,
  hasContact: 'Met true: alleen praktijken met een contactpersoon (een naam of een e-mailadres). Laat weg voor alle praktijken.',
  hasMaterials: 'Met true: alleen praktijken met materiaal om mee te starten (een draaiboek, een handleiding, ...). Laat weg voor alle praktijken.',
  notRecentlyVerified: 'Met true: alleen praktijken die al meer dan 18 maanden niet nagekeken zijn (niet bevestigd door de contactpersoon of een moderator sinds hun laatste controle of publicatie). Laat weg voor alle praktijken.',
};

/** Example values, shown in the description and the curl lines of /api; a test checks each is accepted. */
export const PARAMETER_EXAMPLES: Record<SearchParameterName, string | number | readonly string[]> = {
  q: 'mantelzorg',
  page: 2,
  pageSize: 50,
  sort: 'newest',
  theme: ['informele-zorg', 'armoedebestrijding'],
  targetGroup: ['ouderen'],
  province: ['limburg'],
  municipality: ['11002'],
  adoptedBy: ['44021'],
  lifeDomain: ['wonen'],
  scale: ['lokaal'],
  startYear: ['2021'],
  evidenceLevel: ['geevalueerd', 'overgenomen'],
  hasContact: ['true'],
  hasMaterials: ['true'],
  notRecentlyVerified: ['true'],
};

/** The query parameters of the search, one per key of searchQuerySchema. */
function searchParameters(): OpenApiParameter[] {
  const parsedEmpty = searchQuerySchema.parse({});
  // The schema itself supplies page 1; the search applies the page size when none is given.
  const defaults: Partial<Record<SearchParameterName, unknown>> = { page: parsedEmpty.page, pageSize: DEFAULT_PAGE_SIZE };
  return (Object.keys(searchQuerySchema.shape) as SearchParameterName[]).map((name) => {
    const value = jsonSchemaOf(SEARCH_PARAMETER_VALUES[name]);
    const base = { name, in: 'query' as const, description: DESCRIPTIONS[name], required: false, example: PARAMETER_EXAMPLES[name] };
    if (isFacetKey(name)) {
      return { ...base, style: 'form' as const, explode: true, schema: { type: 'array', items: value, maxItems: MAX_FILTER_VALUES } };
    }
    const fallback = defaults[name];
    return { ...base, schema: fallback === undefined ? value : { ...value, default: fallback } };
  });
}

const badRequest = json('Een parameter is ongeldig; details noemt elke ongeldige parameter.', ref('Error'));
const badRequestPage: OpenApiResponse = {
  description: 'Een parameter is ongeldig: een Nederlandse foutpagina die hem noemt.',
  content: { 'text/html': { schema: { type: 'string' } } },
};

const BUSY = 'Er worden nu te veel exports tegelijk gemaakt: vraag het opnieuw na het aantal seconden in de header Retry-After.';
const exportBusyPage: OpenApiResponse = { description: `${BUSY} Een Nederlandse foutpagina.`, content: { 'text/html': { schema: { type: 'string' } } } };
const exportBusy = json(BUSY, ref('Error'));

/** The search parameters an export takes: all of them except those that pick one page (and, for the feed, the sort). */
const exportParameters = (leaveOut: readonly SearchParameterName[]) => searchParameters().filter((p) => !(leaveOut as readonly string[]).includes(p.name));
const WHOLE_RESULT = 'Dezelfde parameters als de zoekopdracht; het antwoord bevat alle gevonden praktijken, niet één pagina.';

/** Builds the whole document; app start calls it once. */
export function openApiDocument(): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Praktijkbank API',
      version: '1',
      description:
        'De goede praktijken van Praktijkbank als JSON: dezelfde zoekfunctie en filters als de pagina /praktijken. ' +
        'Alleen lezen, zonder sleutel, in UTF-8. Elke webpagina mag de API lezen (CORS: GET en HEAD, zonder cookies). ' +
        'Het privé e-mailadres van een contactpersoon staat nooit in de API.',
    },
    servers: [{ url: '/', description: 'Deze Praktijkbank' }],
    paths: {
      [paths.api.practices()]: {
        get: {
          operationId: 'searchPractices',
          summary: 'Praktijken zoeken en filteren',
          description:
            'Zoekt in de gepubliceerde praktijken, met dezelfde Nederlandse zoekfunctie als de site. Een filter meermaals ' +
            'opgeven betekent OF; verschillende filters gelden samen (EN). Onbekende parameters worden genegeerd.',
          parameters: searchParameters(),
          responses: {
            '200': json('Eén pagina zoekresultaten, met per filter de waarden en hun aantallen.', ref('PracticeList')),
            '400': badRequest,
          },
        },
      },
      [`${paths.api.practices()}/{slug}`]: {
        get: {
          operationId: 'getPractice',
          summary: 'Eén praktijk',
          description: 'Eén gepubliceerde praktijk, in dezelfde vorm als een praktijk in het zoekresultaat.',
          parameters: [
            {
              name: 'slug',
              in: 'path',
              required: true,
              description: 'De slug van de praktijk: het laatste deel van haar adres op de site (/praktijken/…).',
              schema: { type: 'string' },
              example: 'gbo-zoersel',
            },
          ],
          responses: {
            '200': json('De praktijk.', ref('Practice')),
            '404': json('Er is geen gepubliceerde praktijk met deze slug.', ref('Error')),
          },
        },
      },
      [paths.exportCsv()]: {
        get: {
          operationId: 'exportCsv',
          summary: 'Zoekresultaat als CSV',
          description: `Een zoekopdracht als CSV-bestand (RFC 4180, UTF-8 met BOM) om te downloaden, één praktijk per regel. ${WHOLE_RESULT}`,
          parameters: exportParameters(['page', 'pageSize']),
          responses: {
            '200': { description: 'Het CSV-bestand, met een kopregel.', content: { 'text/csv': { schema: { type: 'string' } } } },
            '400': badRequestPage,
            '503': exportBusyPage,
          },
        },
      },
      [paths.exportJson()]: {
        get: {
          operationId: 'exportJson',
          summary: 'Zoekresultaat als JSON',
          description: `Een zoekopdracht als JSON-bestand om te downloaden, met de zoekopdracht zelf erbij. ${WHOLE_RESULT}`,
          parameters: exportParameters(['page', 'pageSize']),
          responses: {
            '200': json('Het JSON-bestand; items bevat de praktijken.', {
              type: 'object',
              properties: { items: { type: 'array', items: ref('Practice') } },
              required: ['items'],
            }),
            '400': badRequest,
            '503': exportBusy,
          },
        },
      },
      [paths.exportXlsx()]: {
        get: {
          operationId: 'exportXlsx',
          summary: 'Zoekresultaat als Excel-bestand (XLSX)',
          description:
            'Een zoekopdracht als Excel-werkmap om te downloaden, één praktijk per rij, voor wie in een rekenblad werkt: ' +
            `Nederlandse kolomkoppen, namen in plaats van codes (thema’s, gemeenten, "per jaar"), getallen en datums als echte getallen en datums, de kopregel vast. ${WHOLE_RESULT}`,
          parameters: exportParameters(['page', 'pageSize']),
          responses: {
            '200': {
              description: 'De werkmap, met één blad "Praktijken".',
              content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', contentEncoding: 'binary' } } },
            },
            '400': badRequestPage,
            '503': exportBusyPage,
          },
        },
      },
      [paths.feed()]: {
        get: {
          operationId: 'feed',
          summary: 'Zoekresultaat als Atom-feed',
          description: `De ${FEED_MAX_ENTRIES} nieuwste praktijken van een zoekopdracht als Atom-feed, voor een feedlezer. Dezelfde parameters als de zoekopdracht, altijd de nieuwste eerst.`,
          parameters: exportParameters(['page', 'pageSize', 'sort']),
          responses: {
            '200': { description: 'De Atom-feed.', content: { 'application/atom+xml': { schema: { type: 'string' } } } },
            '400': badRequestPage,
          },
        },
      },
      [paths.api.openapi()]: {
        get: {
          operationId: 'getOpenApiDescription',
          summary: 'Deze beschrijving',
          description: 'Deze beschrijving van de API in OpenAPI 3.1, voor programma\'s die er code of documentatie uit maken.',
          parameters: [],
          responses: { '200': json('Het OpenAPI-document.', { type: 'object' }) },
        },
      },
    },
    components: { schemas: componentSchemas() },
  };
}
