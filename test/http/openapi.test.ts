// The API's OpenAPI 3.1 description, generated from the zod schemas the app validates and answers
// with; CORS on the public API; and the Dutch API page read from that description.
import { Validator } from '@seriousme/openapi-schema-validator';
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { z } from 'zod';
import { COMPLETENESS_ELEMENTS } from '../../src/domain/completeness.js';
import { MATERIAL_MEDIA_TYPES } from '../../src/domain/material-types.js';
import { MUNICIPALITIES } from '../../src/domain/municipalities.js';
import { EVIDENCE_LEVEL_FILTER_VALUES, FACET_KEYS, FLAG_ON, SORTS, parseSearchQuery, searchQuerySchema } from '../../src/domain/search-query.js';
import {
  COST_PERIODS,
  EVALUATION_KINDS,
  EVIDENCE_LEVELS,
  FUNDING_SOURCES,
  LIFE_DOMAINS,
  PROVINCES,
  REACH_UNITS,
  SCALES,
  TARGET_GROUPS,
  THEMES,
  valuesOf,
} from '../../src/domain/vocabulary.js';
import { API_COMPONENTS, apiErrorSchema, practiceApiSchema, practiceListSchema } from '../../src/http/api-schemas.js';
import { type JsonSchema, type OpenApiDocument, type OpenApiParameter, PARAMETER_EXAMPLES, openApiDocument } from '../../src/http/openapi.js';
import { useTestApp } from '../support/test-app.js';

const SEARCH = '/api/v1/practices';
const ONE = '/api/v1/practices/{slug}';

/** Every `enum` in a JSON value, with where it sits. */
function enumsIn(value: unknown, path = '$'): { path: string; values: unknown[] }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => enumsIn(v, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) =>
    key === 'enum' && Array.isArray(v) ? [{ path, values: v }] : enumsIn(v, `${path}.${key}`),
  );
}

describe('the OpenAPI description of the API', () => {
  const t = useTestApp();
  let doc: OpenApiDocument;
  before(async () => {
    doc = (await request(t.app).get('/api/v1/openapi.json').expect(200)).body as OpenApiDocument;
  });

  const searchParameters = (): readonly OpenApiParameter[] => doc.paths[SEARCH]?.get.parameters ?? [];
  const parameter = (name: string): OpenApiParameter => {
    const found = searchParameters().find((p) => p.name === name);
    if (!found) throw new Error(`no parameter ${name}`);
    return found;
  };
  const component = (name: string): JsonSchema => {
    const found = doc.components.schemas[name];
    if (!found) throw new Error(`no component ${name}`);
    return found;
  };

  describe('GET /api/v1/openapi.json', () => {
    it('serves the document as cacheable JSON, the same on every request', async () => {
      // One Host for both requests: supertest's port changes per request, and the ETag covers the host.
      const res = await request(t.app).get('/api/v1/openapi.json').set('Host', 'praktijkbank.test').expect(200).expect('Content-Type', /^application\/json; charset=utf-8/);
      expect(res.headers['cache-control']).to.match(/^public, max-age=\d+$/);
      expect(res.headers.etag).to.be.a('string');
      await request(t.app).get('/api/v1/openapi.json').set('Host', 'praktijkbank.test').set('If-None-Match', String(res.headers.etag)).expect(304);
      expect(res.body).to.deep.equal(JSON.parse(JSON.stringify(openApiDocument())));
    });

    it('is a valid OpenAPI 3.1 document', async () => {
      const result = await new Validator().validate(doc as unknown as Record<string, unknown>);
      expect(result.errors, JSON.stringify(result.errors, null, 2)).to.equal(undefined);
      expect(result.valid).to.equal(true);
      expect(doc.openapi).to.match(/^3\.1\./);
    });

    it('describes the search, one practice, the exports and itself, in Dutch', () => {
      expect(Object.keys(doc.paths)).to.have.members([SEARCH, ONE, '/api/v1/openapi.json', '/praktijken/export.csv', '/praktijken/export.json', '/praktijken/export.xlsx', '/praktijken/feed']);
      expect(doc.info.title).to.equal('Praktijkbank API');
      expect(doc.info.description).to.match(/\bpraktijken\b/);
      expect(doc.servers).to.deep.equal([{ url: '/', description: 'Deze Praktijkbank' }]);
    });
  });

  describe('parameters', () => {
    it('names every parameter the search schema accepts, and no other', () => {
      expect(searchParameters().map((p) => p.name)).to.deep.equal(Object.keys(searchQuerySchema.shape));
      for (const p of searchParameters()) expect(p.in).to.equal('query');
    });

    it('makes every filter a repeatable array parameter (form, explode) and the others single', () => {
      for (const p of searchParameters()) {
        const isFilter = (FACET_KEYS as readonly string[]).includes(p.name);
        expect(p.schema.type, p.name).to.equal(isFilter ? 'array' : p.name === 'q' || p.name === 'sort' ? 'string' : 'integer');
        if (isFilter) expect([p.style, p.explode], p.name).to.deep.equal(['form', true]);
      }
    });

    it('lists exactly the vocabulary values where the vocabulary has them', () => {
      const vocabularies = { theme: THEMES, targetGroup: TARGET_GROUPS, lifeDomain: LIFE_DOMAINS, province: PROVINCES, scale: SCALES };
      for (const [name, terms] of Object.entries(vocabularies)) {
        const items = parameter(name).schema.items as JsonSchema;
        expect(items.enum, name).to.deep.equal(valuesOf(terms));
      }
      expect(parameter('sort').schema.enum).to.deep.equal(SORTS.map((s) => s.value));
    });

    it('has no enum anywhere that is not exactly a vocabulary or the sorts', () => {
      const vocabularies = [THEMES, TARGET_GROUPS, LIFE_DOMAINS, PROVINCES, SCALES, COST_PERIODS, FUNDING_SOURCES, REACH_UNITS, EVALUATION_KINDS, EVIDENCE_LEVELS];
      const known = vocabularies.map((terms) => JSON.stringify(valuesOf(terms)));
      known.push(JSON.stringify(SORTS.map((s) => s.value)));
      known.push(JSON.stringify(COMPLETENESS_ELEMENTS.map((e) => e.key)), JSON.stringify(MATERIAL_MEDIA_TYPES));
      // The filters of issue 12: the evidence ladder plus "not yet judged", and the flags' one value.
      known.push(JSON.stringify(EVIDENCE_LEVEL_FILTER_VALUES), JSON.stringify([FLAG_ON]));
      const enums = enumsIn(doc);
      expect(enums.length).to.be.greaterThan(10);
      for (const { path, values } of enums) expect(known, path).to.include(JSON.stringify(values));
    });

    it('gives municipality a NIS-code pattern every municipality matches, and startYear a year pattern', () => {
      const nis = new RegExp(String((parameter('municipality').schema.items as JsonSchema).pattern));
      for (const m of MUNICIPALITIES) expect(m.nisCode).to.match(nis);
      expect('Gent').not.to.match(nis);
      const year = new RegExp(String((parameter('startYear').schema.items as JsonSchema).pattern));
      expect('2021').to.match(year);
      expect('21').not.to.match(year);
    });

    it('states the limits and defaults the schema applies', () => {
      expect(parameter('page').schema).to.include({ minimum: 1, maximum: 10000, default: 1 });
      expect(parameter('pageSize').schema).to.include({ minimum: 1, maximum: 100, default: 20 });
    });

    it('gives every parameter an example the search accepts', () => {
      for (const p of searchParameters()) {
        expect(p.example, p.name).to.deep.equal(PARAMETER_EXAMPLES[p.name as keyof typeof PARAMETER_EXAMPLES]);
        const raw = { [p.name]: Array.isArray(p.example) ? p.example.map(String) : String(p.example) };
        expect(parseSearchQuery(raw).ok, `${p.name}=${JSON.stringify(p.example)}`).to.equal(true);
      }
    });
  });

  describe('responses', () => {
    const withoutDialect = (schema: z.ZodType) => {
      const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12' });
      return JSON.parse(JSON.stringify(rest)) as unknown;
    };

    it('holds the zod schemas as they are: Practice and Error equal z.toJSONSchema of them', () => {
      expect(component('Practice')).to.deep.equal(withoutDialect(practiceApiSchema));
      expect(component('Error')).to.deep.equal(withoutDialect(apiErrorSchema));
      expect(Object.keys(doc.components.schemas)).to.have.members(Object.keys(API_COMPONENTS));
    });

    it('refers to Practice from the list, and names every facet', () => {
      const list = component('PracticeList');
      const properties = list.properties as Record<string, JsonSchema>;
      expect(properties.items?.items).to.deep.equal({ $ref: '#/components/schemas/Practice' });
      expect(Object.keys(properties.facets?.properties ?? {})).to.deep.equal([...FACET_KEYS]);
    });

    it('answers 200 with the list or practice, 400 and 404 with the error shape', () => {
      const refOf = (path: string, status: string) => doc.paths[path]?.get.responses[status]?.content?.['application/json']?.schema.$ref;
      expect(refOf(SEARCH, '200')).to.equal('#/components/schemas/PracticeList');
      expect(refOf(SEARCH, '400')).to.equal('#/components/schemas/Error');
      expect(refOf(ONE, '200')).to.equal('#/components/schemas/Practice');
      expect(refOf(ONE, '404')).to.equal('#/components/schemas/Error');
    });

    it('matches real answers: a filtered list, every published practice, one practice', async () => {
      const filtered = await request(t.app).get(`${SEARCH}?q=zorg&province=antwerpen&province=limburg&sort=title&pageSize=5`).expect(200);
      expect(practiceListSchema.parse(filtered.body).items.length).to.be.greaterThan(0);
      const all = await request(t.app).get(`${SEARCH}?pageSize=100`).expect(200);
      const parsedAll = practiceListSchema.parse(all.body);
      expect(parsedAll.items).to.have.length(parsedAll.total);
      const one = await request(t.app).get('/api/v1/practices/landbouwers-diksmuide').expect(200);
      expect(practiceApiSchema.parse(one.body).slug).to.equal('landbouwers-diksmuide');
    });

    it('matches real errors: a 400 with details and a 404', async () => {
      const bad = await request(t.app).get(`${SEARCH}?pageSize=0&theme=x`).expect(400);
      expect(apiErrorSchema.parse(bad.body).error.details).to.have.length(2);
      const missing = await request(t.app).get('/api/v1/practices/bestaat-niet').expect(404);
      expect(apiErrorSchema.parse(missing.body).error.code).to.equal('not_found');
    });

    it('gives the exports the search parameters that apply to them, and real exports match', async () => {
      const names = (path: string) => doc.paths[path]?.get.parameters.map((p) => p.name) ?? [];
      const all = Object.keys(searchQuerySchema.shape);
      expect(names('/praktijken/export.csv')).to.deep.equal(all.filter((n) => n !== 'page' && n !== 'pageSize'));
      expect(names('/praktijken/export.json')).to.deep.equal(all.filter((n) => n !== 'page' && n !== 'pageSize'));
      expect(names('/praktijken/export.xlsx')).to.deep.equal(all.filter((n) => n !== 'page' && n !== 'pageSize'));
      expect(names('/praktijken/feed')).to.deep.equal(all.filter((n) => n !== 'page' && n !== 'pageSize' && n !== 'sort'));
      const exported = await request(t.app).get('/praktijken/export.json?province=antwerpen').buffer(true).expect(200);
      const body = JSON.parse(exported.text) as { items: unknown[] };
      expect(body.items.length).to.be.greaterThan(0);
      for (const item of body.items) practiceApiSchema.parse(item);
      const media = (path: string) => Object.keys(doc.paths[path]?.get.responses['200']?.content ?? {});
      expect(media('/praktijken/export.csv')).to.deep.equal(['text/csv']);
      expect((await request(t.app).get('/praktijken/export.csv').expect(200)).headers['content-type']).to.match(/^text\/csv/);
      const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      expect(media('/praktijken/export.xlsx')).to.deep.equal([xlsx]);
      expect((await request(t.app).get('/praktijken/export.xlsx').expect(200)).headers['content-type']).to.equal(xlsx);
      expect(media('/praktijken/feed')).to.deep.equal(['application/atom+xml']);
      expect((await request(t.app).get('/praktijken/feed').expect(200)).headers['content-type']).to.match(/^application\/atom\+xml/);
    });

    it('would notice a field the description does not name', async () => {
      const one = await request(t.app).get('/api/v1/practices/gbo-zoersel').expect(200);
      expect(() => practiceApiSchema.parse({ ...one.body, contactEmailPublic: true })).to.throw();
    });
  });
});

describe('CORS on the public API', () => {
  const t = useTestApp();

  const ORIGIN = 'https://onderzoek.example';

  it('lets any origin read GET and HEAD answers, without credentials', async () => {
    for (const path of [SEARCH, '/api/v1/practices/gbo-zoersel', '/api/v1/openapi.json']) {
      const res = await request(t.app).get(path).set('Origin', ORIGIN).expect(200);
      expect(res.headers['access-control-allow-origin'], path).to.equal('*');
      expect(res.headers['access-control-allow-credentials'], path).to.equal(undefined);
      expect(res.headers['set-cookie'], path).to.equal(undefined);
    }
    const head = await request(t.app).head(SEARCH).set('Origin', ORIGIN).expect(200);
    expect(head.headers['access-control-allow-origin']).to.equal('*');
  });

  it('lets other origins read the errors too', async () => {
    const bad = await request(t.app).get(`${SEARCH}?page=0`).set('Origin', ORIGIN).expect(400);
    expect(bad.headers['access-control-allow-origin']).to.equal('*');
    const missing = await request(t.app).get('/api/v1/bestaat-niet').set('Origin', ORIGIN).expect(404);
    expect(missing.headers['access-control-allow-origin']).to.equal('*');
  });

  it('answers a preflight with 204, allowing GET and HEAD only', async () => {
    const res = await request(t.app)
      .options(SEARCH)
      .set('Origin', ORIGIN)
      .set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'accept')
      .expect(204);
    expect(res.headers['access-control-allow-origin']).to.equal('*');
    expect(res.headers['access-control-allow-methods']).to.equal('GET, HEAD');
    expect(res.headers['access-control-allow-credentials']).to.equal(undefined);
    expect(res.headers['set-cookie']).to.equal(undefined);
    expect(res.text).to.equal('');
  });

  it('does not allow a POST, PUT or DELETE from another origin', async () => {
    const preflight = await request(t.app).options(SEARCH).set('Origin', ORIGIN).set('Access-Control-Request-Method', 'POST').expect(204);
    expect(preflight.headers['access-control-allow-methods']).not.to.match(/POST/);
    for (const method of ['post', 'put', 'delete'] as const) {
      const res = await request(t.app)[method](SEARCH).set('Origin', ORIGIN).send('q=x');
      expect(res.status, method).to.be.within(400, 499);
      expect(res.headers['access-control-allow-origin'], method).to.equal(undefined);
    }
  });

  it('leaves the site itself same-origin', async () => {
    for (const path of ['/praktijken', '/api', '/']) {
      const res = await request(t.app).get(path).set('Origin', ORIGIN).expect(200);
      expect(res.headers['access-control-allow-origin'], path).to.equal(undefined);
    }
  });
});

describe('GET /api', () => {
  const t = useTestApp();
  let doc: OpenApiDocument;
  before(() => {
    doc = openApiDocument();
  });

  const page = async (host = 'praktijkbank.example') => {
    const res = await request(t.app).get('/api').set('Host', host).expect(200).expect('Content-Type', /html/);
    return { res, $: cheerio.load(res.text) };
  };

  it('documents every path and every parameter of the description, in Dutch', async () => {
    const { $ } = await page();
    expect($('html').attr('lang')).to.equal('nl');
    expect($('h1').text()).to.contain('API');
    const headings = $('.api-endpoint h2 code').map((_, e) => $(e).text()).get();
    expect(headings).to.deep.equal(Object.keys(doc.paths));
    for (const [path, { get }] of Object.entries(doc.paths)) {
      const section = $('.api-endpoint').filter((_, e) => $(e).find('h2 code').text() === path);
      const names = section.find('.api-params > dt code').map((_, e) => $(e).text()).get();
      expect(names, path).to.deep.equal(get.parameters.map((p) => p.name));
      for (const p of get.parameters) expect(section.text(), `${path} ${p.name}`).to.contain(p.description);
    }
  });

  it('shows every allowed value and the shape of every response', async () => {
    const { $ } = await page();
    const text = $('main').text();
    for (const v of [...valuesOf(THEMES), ...valuesOf(TARGET_GROUPS), ...valuesOf(LIFE_DOMAINS), ...valuesOf(PROVINCES), ...valuesOf(SCALES)]) {
      expect(text).to.contain(v);
    }
    for (const name of Object.keys(doc.components.schemas)) expect($(`#vorm-${name.toLowerCase()}`), name).to.have.length(1);
    const practiceFields = $('#vorm-practice + p + .api-fields > li > .api-field__name').map((_, e) => $(e).text()).get();
    expect(practiceFields).to.deep.equal(Object.keys(practiceApiSchema.shape));
    expect($('a[href="/api/v1/openapi.json"]')).to.have.length.greaterThan(0);
    expect($('#cors').parent().text()).to.contain('Access-Control-Allow-Origin: *');
  });

  it('gives curl commands for the site\'s public address, whatever host the reader used, and each of them works', async () => {
    const { $ } = await page('evil.example');
    const commands = $('pre.api-code code').map((_, e) => $(e).text()).get();
    const site = t.config.publicUrl;
    expect(commands).to.include(`curl '${site}/api/v1/practices?q=mantelzorg&province=limburg'`);
    expect(commands).to.include(`curl -o praktijken.csv '${site}/praktijken/export.csv?q=mantelzorg&province=limburg'`);
    const urls = commands.map((c) => /^curl (?:-i |-o [\w.]+ )?'([^']+)'$/.exec(c)?.[1]).filter((u): u is string => u !== undefined);
    expect(urls.length).to.be.at.least(9);
    for (const url of urls) {
      const { origin, pathname, search } = new URL(url);
      expect(origin).to.equal(site);
      const res = await request(t.app).get(`${pathname}${search}`);
      expect(res.status, url).to.equal(/pageSize=500/.test(search) ? 400 : 200);
    }
  });

  it('shows the error example exactly as the API answers it', async () => {
    const { $ } = await page();
    const [command, body] = $('#fouten').parent().find('pre.api-code code').map((_, e) => $(e).text()).get();
    const url = new URL(/'([^']+)'/.exec(command ?? '')?.[1] ?? '');
    const res = await request(t.app).get(`${url.pathname}${url.search}`).expect(400);
    expect(JSON.parse(body ?? '')).to.deep.equal(res.body);
  });

  it('runs under the strict CSP: no inline script or style', async () => {
    const { res, $ } = await page();
    expect(res.headers['content-security-policy']).to.match(/script-src 'self'/);
    for (const script of $('script').toArray()) expect($(script).attr('src'), 'every script has a src').to.be.a('string');
    expect($('style')).to.have.length(0);
    expect($('[style]')).to.have.length(0);
    expect(res.text).not.to.match(/\son[a-z]+=/i);
  });

  it('takes nothing from the Host header, even one that is no host', async () => {
    const { res } = await page('"><script>alert(1)</script>');
    expect(res.text).to.contain(`${t.config.publicUrl}/api/v1/practices`);
    expect(res.text).to.contain('{slug}');
    expect(res.text).to.contain('&#39;');
    expect(res.text).not.to.contain('alert(1)');
  });

  it('is linked from the about page', async () => {
    const res = await request(t.app).get('/over').expect(200);
    expect(cheerio.load(res.text)('main a[href="/api"]')).to.have.length(1);
  });
});
