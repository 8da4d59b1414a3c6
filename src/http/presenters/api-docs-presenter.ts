// The Dutch API page as a view model, read from the OpenAPI document itself: every endpoint,
// parameter, allowed value and response field on the page comes from there, so the page cannot
// describe an API other than the one the description (and so the validation) defines.
import { parseSearchQuery } from '../../domain/search-query.js';
import { type QueryState, paths } from '../../paths.js';
import type { JsonSchema, OpenApiDocument, OpenApiOperation, OpenApiParameter } from '../openapi.js';

export interface FieldView {
  readonly name: string;
  readonly type: string;
  /** Anchor of the component the type refers to, for a link. */
  readonly typeHref: string | undefined;
  readonly required: boolean;
  readonly description: string | undefined;
  readonly rules: readonly string[];
  readonly values: readonly string[];
  readonly fields: readonly FieldView[];
}

export interface ParameterView extends FieldView {
  readonly location: string;
  readonly repeatable: boolean;
}

export interface ExampleView {
  readonly caption: string;
  readonly command: string;
}

export interface ResponseView {
  readonly status: string;
  readonly description: string;
  readonly mediaType: string | undefined;
  /** The component the answer has the shape of, with a link to it... */
  readonly type: string | undefined;
  readonly typeHref: string | undefined;
  /** ...or the fields of an answer that is no component. */
  readonly fields: readonly FieldView[];
}

export interface EndpointView {
  readonly anchor: string;
  readonly method: string;
  readonly path: string;
  readonly summary: string;
  readonly description: string;
  readonly parameters: readonly ParameterView[];
  readonly responses: readonly ResponseView[];
  readonly examples: readonly ExampleView[];
}

export interface ComponentView {
  readonly anchor: string;
  readonly name: string;
  readonly title: string;
  readonly description: string | undefined;
  readonly fields: readonly FieldView[];
}

export interface ApiDocsView {
  readonly title: string;
  readonly version: string;
  readonly description: string;
  readonly openapiHref: string;
  readonly openapiUrl: string;
  readonly endpoints: readonly EndpointView[];
  readonly components: readonly ComponentView[];
  readonly errorExample: { readonly command: string; readonly body: string };
}

const COMPONENT_PREFIX = '#/components/schemas/';
const componentAnchor = (name: string) => `vorm-${name.toLowerCase()}`;
const endpointAnchor = (operation: OpenApiOperation) => `endpoint-${operation.operationId.toLowerCase()}`;

const TYPE_WORDS: Record<string, string> = {
  string: 'tekst',
  integer: 'geheel getal',
  number: 'getal',
  boolean: 'true of false',
  object: 'object',
  null: 'null',
};

const FORMAT_WORDS: Record<string, string> = {
  'date-time': 'datum en tijd (ISO 8601)',
  uri: 'webadres',
  email: 'e-mailadres',
};

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The schema without its `null` alternative, and whether it had one. */
function withoutNull(schema: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  if (Array.isArray(schema.type) && schema.type.includes('null')) {
    const rest = schema.type.filter((t) => t !== 'null');
    return { schema: { ...schema, type: rest.length === 1 ? rest[0] : rest }, nullable: true };
  }
  const options = schema.anyOf ?? [];
  const nonNull = options.filter((o) => o.type !== 'null');
  if (options.length === 2 && nonNull.length === 1 && nonNull[0]) return { schema: { ...nonNull[0], description: schema.description }, nullable: true };
  return { schema, nullable: false };
}

interface TypeView {
  readonly type: string;
  readonly typeHref: string | undefined;
  readonly values: readonly string[];
  readonly rules: readonly string[];
  readonly fields: readonly FieldView[];
}

/** A JSON value as the docs show it: a number or word as it is, anything else as JSON. */
const valueText = (value: unknown) => (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value));

const componentName = (ref: string | undefined) => (ref?.startsWith(COMPONENT_PREFIX) ? ref.slice(COMPONENT_PREFIX.length) : undefined);

/** A JSON Schema in words: its type in Dutch, its allowed values, its limits and, for an object, its fields. */
function typeOf(raw: JsonSchema, titles: ReadonlyMap<string, string>): TypeView {
  const { schema, nullable } = withoutNull(raw);
  const orNull = (text: string) => (nullable ? `${text} of null` : text);
  const ref = componentName(schema.$ref);
  if (ref) return { type: orNull(titles.get(ref) ?? ref), typeHref: `#${componentAnchor(ref)}`, values: [], rules: [], fields: [] };
  if (schema.type === 'array') {
    const items = isSchema(schema.items) ? typeOf(schema.items, titles) : undefined;
    const rules = schema.maxItems === undefined ? [] : [`hoogstens ${schema.maxItems} waarden`];
    return {
      type: orNull(items ? `lijst van ${items.type}` : 'lijst'),
      typeHref: items?.typeHref,
      values: items?.values ?? [],
      rules: [...(items?.rules ?? []), ...rules],
      fields: items?.fields ?? [],
    };
  }
  const typeName = typeof schema.type === 'string' ? schema.type : 'waarde';
  const word = (schema.format && FORMAT_WORDS[schema.format]) || TYPE_WORDS[typeName] || typeName;
  const rules: string[] = [];
  // A format already says what a pattern would spell out character by character.
  if (schema.pattern && !schema.format) rules.push(`patroon ${schema.pattern}`);
  const min = typeof schema.minimum === 'number' ? schema.minimum : undefined;
  const max = typeof schema.maximum === 'number' && schema.maximum < Number.MAX_SAFE_INTEGER ? schema.maximum : undefined;
  if (min !== undefined && max !== undefined) rules.push(`van ${min} tot ${max}`);
  else if (min !== undefined) rules.push(`minstens ${min}`);
  else if (max !== undefined) rules.push(`hoogstens ${max}`);
  if (schema.default !== undefined) rules.push(`standaard ${valueText(schema.default)}`);
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {}).flatMap(([name, property]) =>
    isSchema(property) ? [fieldOf(name, property, required.has(name), titles)] : [],
  );
  return { type: orNull(word), typeHref: undefined, values: (schema.enum ?? []).map(String), rules, fields };
}

function fieldOf(name: string, schema: JsonSchema, required: boolean, titles: ReadonlyMap<string, string>): FieldView {
  return { name, required, description: schema.description, ...typeOf(schema, titles) };
}

function parameterOf(parameter: OpenApiParameter, titles: ReadonlyMap<string, string>): ParameterView {
  return {
    ...fieldOf(parameter.name, parameter.schema, parameter.required, titles),
    description: parameter.description,
    location: parameter.in === 'path' ? 'in het pad' : 'in de querystring',
    repeatable: parameter.schema.type === 'array' && parameter.explode === true,
  };
}

/** The example value a parameter carries in the document; a missing one is a mistake in openapi.ts. */
function exampleOf(operation: OpenApiOperation, name: string): QueryState[string] {
  const parameter = operation.parameters.find((p) => p.name === name);
  const example = parameter?.example;
  if (typeof example === 'string' || typeof example === 'number') return example;
  if (Array.isArray(example) && example.every((v): v is string => typeof v === 'string')) return example;
  throw new Error(`the API description has no example for the parameter ${name}`);
}

interface ExampleRequest {
  readonly caption: string;
  /** Names of query parameters; their values are the examples the document gives them. */
  readonly parameters: readonly string[];
  /** For a download: the file curl writes it to. */
  readonly file?: string;
}

// Which example requests the page shows, by operationId. An operation not named here gets one plain request.
const EXAMPLE_REQUESTS: Readonly<Record<string, readonly ExampleRequest[]>> = {
  searchPractices: [
    { caption: 'Alle praktijken, de nieuwste eerst, 20 per pagina:', parameters: [] },
    { caption: 'Zoeken op een woord binnen één provincie:', parameters: ['q', 'province'] },
    { caption: 'Twee thema’s (de praktijk heeft er één van), 50 per pagina, nieuwste eerst:', parameters: ['theme', 'pageSize', 'sort'] },
    { caption: 'Alle praktijken in één gemeente, met haar NIS-code:', parameters: ['municipality'] },
  ],
  exportCsv: [{ caption: 'Alles wat een zoekopdracht vindt, als CSV-bestand:', parameters: ['q', 'province'], file: 'praktijken.csv' }],
  exportJson: [{ caption: 'Alles wat een zoekopdracht vindt, als JSON-bestand:', parameters: ['q', 'province'], file: 'praktijken.json' }],
  exportXlsx: [{ caption: 'Alles wat een zoekopdracht vindt, als Excel-bestand:', parameters: ['q', 'province'], file: 'praktijken.xlsx' }],
  feed: [{ caption: 'De feed van twee thema’s, voor een feedlezer:', parameters: ['theme'] }],
};

/** A path of the document with a query string, repeated parameters repeated (form, explode). */
function withQuery(path: string, state: QueryState): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(state)) {
    for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined) params.append(name, String(v));
  }
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

const curl = (url: string, file?: string) => (file ? `curl -o ${file} '${url}'` : `curl '${url}'`);

export interface ApiDocsContext {
  /** "https://praktijkbank.example": the site as the reader reached it, for commands that work as they are. */
  readonly origin: string;
  /** A slug that exists, for the example of one practice. */
  readonly exampleSlug: string | undefined;
}

export function apiDocsView(document: OpenApiDocument, { origin, exampleSlug }: ApiDocsContext): ApiDocsView {
  const titles = new Map(Object.entries(document.components.schemas).map(([name, schema]) => [name, schema.title ?? name]));
  const url = (path: string) => new URL(path, origin).toString();

  const examplesFor = (path: string, operation: OpenApiOperation): ExampleView[] => {
    const slugParameter = operation.parameters.find((p) => p.in === 'path');
    if (slugParameter) {
      const slug = exampleSlug ?? String(slugParameter.example);
      return [{ caption: 'Eén praktijk:', command: curl(url(path.replace(`{${slugParameter.name}}`, encodeURIComponent(slug)))) }];
    }
    const requests = EXAMPLE_REQUESTS[operation.operationId] ?? [{ caption: 'Zo vraagt u het op:', parameters: [] }];
    return requests.map(({ caption, parameters, file }) => {
      const state = Object.fromEntries(parameters.map((name) => [name, exampleOf(operation, name)]));
      return { caption, command: curl(url(withQuery(path, state)), file) };
    });
  };

  const endpoints = Object.entries(document.paths).map(([path, { get: operation }]) => ({
    anchor: endpointAnchor(operation),
    method: 'GET',
    path,
    summary: operation.summary,
    description: operation.description,
    parameters: operation.parameters.map((p) => parameterOf(p, titles)),
    responses: Object.entries(operation.responses).map(([status, response]): ResponseView => {
      const [mediaType, content] = Object.entries(response.content ?? {})[0] ?? [];
      const type = content ? typeOf(content.schema, titles) : undefined;
      return {
        status,
        description: response.description,
        mediaType,
        type: type?.typeHref ? type.type : undefined,
        typeHref: type?.typeHref,
        fields: type?.fields ?? [],
      };
    }),
    examples: examplesFor(path, operation),
  }));

  const components = Object.entries(document.components.schemas).map(([name, schema]) => ({
    anchor: componentAnchor(name),
    name,
    title: schema.title ?? name,
    description: schema.description,
    fields: typeOf(schema, titles).fields,
  }));

  return {
    title: document.info.title,
    version: document.info.version,
    description: document.info.description,
    openapiHref: paths.api.openapi(),
    openapiUrl: url(paths.api.openapi()),
    endpoints,
    components,
    errorExample: errorExample(url),
  };
}

/** A real 400 of the search: the request and the body the API answers it with (see error-handler.ts). */
function errorExample(url: (path: string) => string): ApiDocsView['errorExample'] {
  const raw = { pageSize: '500', theme: 'onbestaand' };
  const parsed = parseSearchQuery(raw);
  if (parsed.ok) throw new Error('the error example must be a bad request');
  const body = { error: { code: 'bad_request', message: parsed.problems.map((p) => p.message).join(' '), details: parsed.problems } };
  return { command: `curl -i '${url(paths.api.practices(raw))}'`, body: JSON.stringify(body, null, 2) };
}
