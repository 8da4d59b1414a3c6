// Every GET route of the real app with naughty path parameters and query strings: never a 5xx, never
// an unescaped echo, never a change to stored data. The route list comes from the app's own router,
// so a route added without a fuzz target fails the first test here.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import fc from 'fast-check';
import request from 'supertest';
import {
  type Answer,
  expectSafeAnswer,
  expectUnchanged,
  fillPath,
  fingerprint,
  type FuzzWorld,
  fuzzSettings,
  naughtySegmentArb,
  queryStringArb,
  randomClientAddress,
  registeredRoutes,
  SEARCH_PARAMETERS,
  SEARCH_VALUES,
  send,
  useFuzzWorld,
  StatusTally,
} from '../../support/fuzz.js';
import { type LoggedIn, loginAsModerator } from '../../support/test-app.js';
import { adoptionTokens } from '../../support/adoption-links.js';
import { checkTokens } from '../../support/check-links.js';

/** How a GET route is fuzzed: real values for its parameters, the query parameters it reads. */
interface GetTarget {
  readonly params?: Readonly<Record<string, (w: FuzzWorld) => string[]>>;
  readonly query?: readonly string[];
  readonly valid?: Readonly<Record<string, readonly string[]>>;
  readonly api?: boolean;
  /** A moderator's page: asked both logged in and anonymously. */
  readonly moderator?: boolean;
  readonly runs?: number;
}

/** A route another file of this folder fuzzes (a form, usually); that file must name the route in a describe. */
interface Elsewhere {
  readonly in: string;
}

const SEARCH = { query: [...SEARCH_PARAMETERS, 'x', 'ontvangen'], valid: SEARCH_VALUES, runs: 50 } as const;
const STATISTICS = { ...SEARCH, query: [...SEARCH.query, 'startYearFrom', 'startYearTo'] } as const;
const ANY = { query: ['q', 'page', 'x'] } as const;
const slugs = (w: FuzzWorld) => [w.publishedSlug, w.pendingSlug, 'feed', 'export.csv', w.publishedSlug.toUpperCase()];
const tokens = (w: FuzzWorld) => [w.pendingToken, w.editableToken, `${w.pendingToken.slice(0, 42)}A`, w.pendingToken.slice(0, 42), '-'.repeat(43)];
const ids = (w: FuzzWorld) => [String(w.publishedId), String(w.pendingId), String(w.editableId), '0', '999999999999', '9999999999999', '1e2', '0x1', '-1', '01'];

/** Every route of the app; the first test fails when the app has one this table lacks, or the other way round. */
// A material's address: a hash of the right shape or not, and names a browser or an attacker would send.
const MATERIAL_HASHES = ['a'.repeat(64), 'A'.repeat(64), 'zz', '..', ''];
const MATERIAL_NAMES = ['draaiboek.pdf', 'Draaiboek wijkrestaurant.pdf', '..', 'a%2Fb.pdf', 'x.pdf%00.html'];

const ROUTES: Readonly<Record<string, GetTarget | Elsewhere>> = {
  'GET /': ANY,
  'GET /praktijken': SEARCH,
  'GET /praktijken/filters/:facet': {
    ...SEARCH,
    params: { facet: () => ['municipality', 'theme', 'targetGroup', 'province', 'adoptedBy', 'hasContact', 'contact', 'toString', '__proto__', 'MUNICIPALITY', ''] },
    runs: 40,
  },
  'GET /praktijken/:slug': { params: { slug: slugs }, query: ['q', 'x'] },
  'GET /praktijken/:slug/contact': { params: { slug: slugs }, query: ['x'] },
  'GET /praktijken/:slug/contact/verzonden': { params: { slug: slugs }, query: ['x'] },
  'GET /praktijken/:slug/wij-doen-dit-ook': { params: { slug: slugs }, query: ['verstuurd', 'x'], valid: { verstuurd: ['1', '0'] } },
  'GET /wij-doen-dit-ook/bevestigen/:token': { params: { token: adoptionTokens }, query: ['x'] },
  'GET /beheer/overnames': { moderator: true, query: ['gedaan', 'x'], valid: { gedaan: ['goedgekeurd', 'afgewezen', 'toString', '__proto__'] } },
  'GET /contact': ANY,
  'GET /contact/verzonden': ANY,
  'GET /praktijken/:slug/materialen/:hash/:fileName': { params: { slug: slugs, hash: () => MATERIAL_HASHES, fileName: () => MATERIAL_NAMES }, query: ['x'] },
  'GET /praktijken/export.csv': SEARCH,
  'GET /praktijken/export.json': SEARCH,
  'GET /praktijken/export.xlsx': SEARCH,
  'GET /praktijken/feed': SEARCH,
  'GET /cijfers': STATISTICS,
  'GET /cijfers/:table.csv': { ...STATISTICS, params: { table: () => ['theme', 'province', 'startYear', 'targetGroup', 'lifeDomain', 'evidenceLevel', 'copyable', 'theme.csv', ''] } },
  'GET /open-data': ANY,
  'GET /open-data/catalogus.jsonld': ANY,
  'GET /sitemap.xml': ANY,
  'GET /robots.txt': ANY,
  'GET /over': ANY,
  'GET /privacy': ANY,
  'GET /toegankelijkheid': ANY,
  'GET /stand-van-de-praktijk': ANY,
  'GET /healthz': ANY,
  'GET /api': ANY,
  'GET /api/v1/openapi.json': { ...ANY, api: true },
  'GET /api/v1/practices': { ...SEARCH, api: true },
  'GET /api/v1/practices/:slug': { params: { slug: slugs }, query: ['q', 'x'], api: true },
  'GET /indienen': { query: ['step', 'token', 'title', 'x'] },
  'GET /indienen/gelijkaardig': { query: ['title', 'municipality', 'q'], valid: { title: ['Wijkrestaurant', 'Buurtzorg Limburg', 'zorg'], municipality: SEARCH_VALUES.municipality ?? [] }, runs: 40 },
  'GET /indienen/status/:token': { params: { token: tokens }, query: ['ontvangen', 'x'], valid: { ontvangen: ['1'] } },
  'GET /indienen/status/:token/aanpassen': { params: { token: tokens }, query: ['x'] },
  'GET /indienen/status/:token/materialen/:hash/:fileName': { params: { token: tokens, hash: () => MATERIAL_HASHES, fileName: () => MATERIAL_NAMES }, query: ['x'] },
  'GET /indienen/status/:token/bijwerken': { params: { token: tokens }, query: ['x'] },
  'GET /nakijken/:token': { params: { token: checkTokens }, query: ['x'] },
  'GET /nakijken/:token/bijwerken': { params: { token: checkTokens }, query: ['voorgesteld', 'x'], valid: { voorgesteld: ['1'] } },
  'GET /beheer': { moderator: true, query: ['gedaan', 'x'] },
  'GET /beheer/uitgaande-post': { moderator: true, query: ['status', 'page', 'x'] },
  'GET /beheer/meldingen': { moderator: true, query: ['bewaard', 'x'], valid: { bewaard: ['1', '0', 'toString'] } },
  'GET /beheer/synoniemen': { moderator: true, query: ['klaar', 'x'], valid: { klaar: ['bewaard', 'teruggezet', 'standaard', 'toString', '__proto__'] } },
  'GET /beheer/inloggen': { query: ['returnTo', 'uitgelogd'], valid: { returnTo: ['/beheer', '/beheer/praktijken/1?gedaan=publish', '//evil.example', '/beheer\\..\\x', 'https://evil.example/beheer'], uitgelogd: ['1'] }, runs: 30 },
  'GET /beheer/inloggen/code': { query: ['returnTo', 'x'] },
  'GET /beheer/inschrijven/:token': { query: ['x'] },
  'GET /beheer/praktijken/:id': { moderator: true, params: { id: ids }, query: ['gedaan', 'x'], valid: { gedaan: ['publish', 'reject', 'requestChanges', 'unpublish', 'bewerkt', 'toString', '__proto__', 'constructor'] }, runs: 30 },
  'GET /beheer/praktijken/:id/bewerken': { moderator: true, params: { id: ids }, query: ['x'] },
  'GET /beheer/praktijken/:id/materialen/:hash/:fileName': { moderator: true, params: { id: ids, hash: () => MATERIAL_HASHES, fileName: () => MATERIAL_NAMES }, query: ['x'] },
  'GET /beheer/praktijken/:id/voorstel': { moderator: true, params: { id: ids }, query: ['x'] },
  'POST /indienen': { in: 'submission-form.test.ts' },
  'POST /praktijken/:slug/contact': { in: 'contact-forms.test.ts' },
  'POST /contact': { in: 'contact-forms.test.ts' },
  'POST /praktijken/:slug/wij-doen-dit-ook': { in: 'adoption-form.test.ts' },
  'POST /wij-doen-dit-ook/bevestigen/:token': { in: 'adoption-form.test.ts' },
  'POST /beheer/overnames/:id/beslissing': { in: 'adoption-form.test.ts' },
  'POST /indienen/status/:token/aanpassen': { in: 'submission-form.test.ts' },
  'POST /indienen/status/:token/bijwerken': { in: 'submission-form.test.ts' },
  'POST /beheer/inloggen': { in: 'login.test.ts' },
  'POST /beheer/inloggen/code': { in: 'login.test.ts' },
  'POST /beheer/inschrijven/:token': { in: 'login.test.ts' },
  'POST /beheer/uitloggen': { in: 'login.test.ts' },
  'POST /beheer/praktijken/:id/beslissing': { in: 'moderation.test.ts' },
  'POST /beheer/praktijken/:id/bewerken': { in: 'moderation.test.ts' },
  'POST /beheer/praktijken/:id/stand': { in: 'moderation.test.ts' },
  'POST /beheer/praktijken/:id/voorstel': { in: 'moderation.test.ts' },
  'POST /beheer/meldingen': { in: 'notice-settings.test.ts' },
  'POST /beheer/synoniemen': { in: 'synonyms.test.ts' },
  'POST /beheer/synoniemen/standaard': { in: 'synonyms.test.ts' },
  'POST /beheer/synoniemen/:id/terugzetten': { in: 'synonyms.test.ts' },
  'POST /nakijken/:token': { in: 'yearly-check.test.ts' },
  'POST /nakijken/:token/bijwerken': { in: 'yearly-check.test.ts' },
};

const DEFAULT_RUNS = 15;
const ACCEPTS = [undefined, 'text/html', 'application/json', '*/*', 'application/atom+xml;q=0.9, text/csv', 'x/<xfz>'] as const;
// Host is echoed in links (the status link, the API page's curl examples): a forged one must come out escaped.
const HOSTS = [undefined, undefined, undefined, 'praktijkbank.example', `"xfz'.example`, '<xfz>.example', 'a.example:99999', '[::1]:80'] as const;
/** Other headers the app or its middleware read, now and then odd; the app trusts the loopback proxy, so X-Forwarded-* count. */
const EXTRA_HEADERS: readonly (Readonly<Record<string, string>> | undefined)[] = [
  undefined,
  undefined,
  undefined,
  undefined,
  { Cookie: 'praktijkbank=s%3Axfz.ongeldig' },
  { Cookie: 'praktijkbank=%E0%A4%A; praktijkbank=x' },
  { Cookie: '=; ;;praktijkbank' },
  { 'X-Forwarded-Proto': 'https' },
  { 'X-Forwarded-Proto': '<xfz>' },
  { 'X-Forwarded-Host': '<xfz>.example' },
  { 'X-Forwarded-Host': 'praktijkbank.example, evil.example' },
  { 'X-Forwarded-For': '<xfz>, 999.1.1.1' },
  { 'If-None-Match': '"xfz\'"' },
  { 'If-Modified-Since': 'gisteren <xfz>' },
  { Range: 'bytes=5-1,<xfz>' },
  { 'Accept-Encoding': 'gzip;q=<xfz>' },
];

describe('fuzzing every route', function () {
  this.timeout(120_000);
  const w = useFuzzWorld();
  let mod: LoggedIn;
  const tally = new StatusTally();
  before(async () => {
    mod = await loginAsModerator(w.t, { email: 'fuzz-routes@praktijkbank.test' });
  });
  after(() => console.log(`      answers: ${tally.toString()}`));

  it('has a fuzz target for every route the app registers, and none for a route it no longer has', () => {
    const registered = registeredRoutes(w.t.app);
    expect(registered.length, 'routes found in the router stack').to.be.greaterThan(20);
    expect(registered.filter((r) => !(r in ROUTES)), 'routes without a fuzz target: add them to ROUTES in test/http/fuzz/routes.test.ts').to.deep.equal([]);
    expect(Object.keys(ROUTES).filter((r) => !registered.includes(r)), 'fuzz targets of routes the app no longer has').to.deep.equal([]);
    for (const [route, target] of Object.entries(ROUTES)) {
      if (!('in' in target)) continue;
      const source = readFileSync(new URL(target.in, import.meta.url), 'utf8');
      expect(source, `${target.in} fuzzes ${route} (it names the route in a describe)`).to.contain(`describe('${route}'`);
    }
  });

  for (const [route, target] of Object.entries(ROUTES)) {
    if ('in' in target || !route.startsWith('GET ')) continue;
    const pattern = route.slice('GET '.length);
    it(`${route}: never a 5xx, never an unescaped echo, never a change to stored data`, async () => {
      const paramNames = [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      const paramsArb = fc.record(
        Object.fromEntries(paramNames.map((name) => [name, fc.oneof(fc.constantFrom(...(target.params?.[name]?.(w) ?? ['x'])).map(encodeURIComponent), naughtySegmentArb)])),
      ) as fc.Arbitrary<Record<string, string>>;
      const property = fc.asyncProperty(
        paramsArb,
        fc.option(queryStringArb(target.query ?? [], target.valid ?? {}), { freq: 6 }),
        fc.constantFrom('GET', 'GET', 'GET', 'GET', 'HEAD', 'OPTIONS'),
        fc.boolean(),
        fc.constantFrom(...ACCEPTS),
        fc.constantFrom(...HOSTS),
        fc.constantFrom(...EXTRA_HEADERS),
        async (params, query, method, asModerator, accept, host, headers) => {
          const path = `${fillPath(pattern, params)}${query === null ? '' : `?${query}`}`;
          const client = target.moderator && asModerator ? mod.agent : request(w.baseUrl);
          let test = method === 'HEAD' ? client.head(path) : method === 'OPTIONS' ? client.options(path) : client.get(path);
          test = test.set('X-Forwarded-For', randomClientAddress());
          if (accept) test = test.set('Accept', accept);
          if (host) test = test.set('Host', host);
          if (headers) test = test.set(headers);
          const before = fingerprint(w.t.services.db);
          const answer: Answer = await send(test);
          tally.add(answer.status);
          const what = `${method} ${path}${target.moderator && asModerator ? ' (as a moderator)' : ''}${host ? ` Host: ${host}` : ''}${headers ? ` ${JSON.stringify(headers)}` : ''}`;
          expectSafeAnswer(answer, { what, api: target.api === true && method !== 'HEAD' && method !== 'OPTIONS' });
          expectUnchanged(before, fingerprint(w.t.services.db), what);
        },
      );
      await fc.assert(property, fuzzSettings(target.runs ?? DEFAULT_RUNS));
    });
  }
});
