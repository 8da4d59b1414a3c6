// Bulk import: practices in the API's shape (GET /api/v1/practices/{slug}), validated with the same
// practice schema as the form, published all together or not at all.
import { z } from 'zod';
import { municipalityByCode } from './municipalities.js';
import { type PracticeInput, SECTION_KEYS, practiceInputSchema } from './practice.js';
import type { EventStore } from './practice-events.js';
import type { PracticeStore } from './practice-store.js';
import { SLUG_PATTERN } from './seed.js';
import { uniqueSlug } from './submission.js';

/** The fields of a practice in the API (practiceApiSchema); the import reads these and no others. */
export const API_PRACTICE_FIELDS = [
  'slug',
  'title',
  'summary',
  'sections',
  'municipalities',
  'provinces',
  'scale',
  'themes',
  'targetGroups',
  'lifeDomains',
  'partners',
  'period',
  'links',
  'source',
  'contactOrganisation',
  'contactEmail',
  'publishedAt',
  'updatedAt',
  'url',
] as const;

const NESTED_FIELDS: Record<string, readonly string[]> = {
  sections: SECTION_KEYS,
  period: ['startYear', 'endYear', 'ongoing'],
  source: ['title', 'publisher', 'url', 'note'],
};

export interface ImportProblem {
  /** Position of the record in the file's array, counted from 0 (as in jq '.[17]'); -1 for the file as a whole. */
  readonly index: number;
  /** What is wrong, in Dutch, starting with the field: "titel: Vul de titel van de praktijk in." */
  readonly message: string;
}

export interface ImportRecord {
  readonly slug: string;
  readonly input: PracticeInput;
}

export type ImportValidation = { ok: true; records: ImportRecord[] } | { ok: false; problems: ImportProblem[]; total: number };

export class ImportRejected extends Error {
  constructor(
    readonly problems: readonly ImportProblem[],
    readonly total: number,
  ) {
    const bad = new Set(problems.map((p) => p.index)).size;
    super(total === 0 ? `${problems.map((p) => p.message).join(' ')} Er is niets ingelezen.` : `${bad} van de ${total} records ${bad === 1 ? 'is' : 'zijn'} ongeldig; er is niets ingelezen.`);
  }
}

export interface ImportStores {
  readonly practices: PracticeStore;
  readonly events: EventStore;
}

export interface ImportOptions {
  /** Where the records come from (a file name), kept in each practice's history. */
  readonly origin: string;
  /** ISO timestamp of the publication; defaults to now. */
  readonly now?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const nullToUndefined = (value: unknown) => (value === null ? undefined : value);
const nullsToUndefined = (value: unknown) => (isObject(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nullToUndefined(v)])) : value);

/**
 * The practice schema's input for one record in the API's shape. Only the shape is translated here;
 * whatever is odd is passed on unchanged, so the schema reports it with its own message.
 */
export function draftOfApiRecord(record: Record<string, unknown>): Record<string, unknown> {
  const period = isObject(record.period) ? record.period : {};
  const municipalities = Array.isArray(record.municipalities)
    ? record.municipalities.map((m: unknown) => (isObject(m) ? m.nisCode : m))
    : record.municipalities;
  // The API lists the provinces of the municipalities too; a practice only names the others itself.
  const derived = new Set(Array.isArray(municipalities) ? municipalities.map((code) => (typeof code === 'string' ? municipalityByCode(code)?.province : undefined)) : []);
  const provinces = Array.isArray(record.provinces) ? record.provinces.filter((p: unknown) => !derived.has(p as never)) : record.provinces;
  const contactEmail = nullToUndefined(record.contactEmail);
  return {
    title: record.title,
    summary: record.summary,
    sections: nullsToUndefined(nullToUndefined(record.sections)),
    municipalities: nullToUndefined(municipalities),
    provinces: nullToUndefined(provinces),
    scale: record.scale,
    themes: record.themes,
    targetGroups: nullToUndefined(record.targetGroups),
    lifeDomains: nullToUndefined(record.lifeDomains),
    partners: nullToUndefined(record.partners),
    startYear: nullToUndefined(period.startYear),
    endYear: nullToUndefined(period.endYear),
    ongoing: nullToUndefined(period.ongoing),
    links: Array.isArray(record.links) ? record.links.map(nullsToUndefined) : nullToUndefined(record.links),
    source: nullsToUndefined(record.source),
    contactOrganisation: nullToUndefined(record.contactOrganisation),
    contactEmail,
    // The API shows an e-mail address only when its owner agreed to publish it.
    contactEmailPublic: contactEmail !== undefined,
  };
}

const FIELD_LABELS: Record<string, string> = {
  title: 'titel',
  summary: 'samenvatting',
  aanleiding: 'aanleiding',
  aanpak: 'aanpak',
  resultaten: 'resultaten',
  leerpunten: 'leerpunten',
  municipalities: 'gemeenten',
  provinces: 'provincies',
  scale: 'schaal',
  themes: 'thema’s',
  targetGroups: 'doelgroepen',
  lifeDomains: 'levensdomeinen',
  partners: 'partners',
  startYear: 'beginjaar',
  endYear: 'eindjaar',
  ongoing: 'loopt nog',
  links: 'links',
  source: 'bron',
  contactOrganisation: 'contactorganisatie',
  contactEmail: 'contactadres',
};
const ITEM_LABELS: Record<string, string> = {
  municipalities: 'gemeente',
  provinces: 'provincie',
  themes: 'thema',
  targetGroups: 'doelgroep',
  lifeDomains: 'levensdomein',
  partners: 'partner',
  links: 'link',
};
const SOURCE_LABELS: Record<string, string> = { title: 'titel van de bron', publisher: 'uitgever van de bron', url: 'webadres van de bron', note: 'toelichting bij de bron' };

const shown = (value: unknown) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? '' : ` ("${text.length > 40 ? `${text.slice(0, 40)}…` : text}")`;
};

/** The Dutch name of the field a schema issue is about: "titel", "thema 2 ("armoede")", "link 1, omschrijving". */
function fieldLabelOf(path: readonly PropertyKey[], draft: Record<string, unknown>): string {
  const [first, second, third] = path;
  if (first === 'sections' && typeof second === 'string') return FIELD_LABELS[second] ?? second;
  if (first === 'source' && typeof second === 'string') return SOURCE_LABELS[second] ?? 'bron';
  const name = String(first ?? '');
  if (typeof second === 'number' && ITEM_LABELS[name]) {
    const list = draft[name];
    const item = Array.isArray(list) ? (list as unknown[])[second] : undefined;
    if (name === 'links') return `link ${second + 1}${third === 'label' ? ', omschrijving' : ''}${third === 'url' ? shown((item as { url?: unknown } | undefined)?.url) : ''}`;
    return `${ITEM_LABELS[name]} ${second + 1}${name === 'partners' ? '' : shown(item)}`;
  }
  return FIELD_LABELS[name] ?? (name || 'praktijk');
}

// Messages the schema does not spell out itself (a list where a word was expected, say) in Dutch too.
const dutchFallback = z.locales.nl().localeError;

/** Validates one record: the problems, or the slug it asked for (if any) and its practice input. */
function validateRecord(record: unknown, index: number): { problems: ImportProblem[] } | { slug: string | undefined; input: PracticeInput } {
  const problem = (message: string): ImportProblem => ({ index, message });
  if (!isObject(record)) return { problems: [problem('is geen praktijk: verwacht een object met title, summary, … zoals de API het geeft.')] };
  const problems: ImportProblem[] = [];
  for (const key of Object.keys(record)) {
    if (!(API_PRACTICE_FIELDS as readonly string[]).includes(key)) problems.push(problem(`onbekend veld "${key}": gebruik de velden van de API (docs/api.md).`));
  }
  for (const [field, known] of Object.entries(NESTED_FIELDS)) {
    const value = record[field];
    if (!isObject(value)) continue;
    for (const key of Object.keys(value)) if (!known.includes(key)) problems.push(problem(`onbekend veld "${field}.${key}".`));
  }
  const slug = record.slug;
  if (slug !== undefined && slug !== null && (typeof slug !== 'string' || !SLUG_PATTERN.test(slug))) {
    problems.push(problem(`slug${shown(slug)}: gebruik kleine letters, cijfers en koppeltekens, bijvoorbeeld "buurtgerichte-zorg-gent", of laat de slug weg.`));
  }
  const draft = draftOfApiRecord(record);
  const parsed = practiceInputSchema.safeParse(draft, { error: dutchFallback });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(problem(`${fieldLabelOf(issue.path, draft)}: ${issue.message}`));
  }
  if (problems.length > 0 || !parsed.success) return { problems };
  return { slug: typeof slug === 'string' ? slug : undefined, input: parsed.data };
}

/**
 * Validates every record of a parsed import file and gives each its slug: the one it asked for, which
 * must be free in the file and in the catalogue, or one made from its title. Reports every problem.
 */
export function validateImport(records: unknown, slugTaken: (slug: string) => boolean): ImportValidation {
  if (!Array.isArray(records)) return { ok: false, total: 0, problems: [{ index: -1, message: 'Het bestand moet een lijst (JSON-array) van praktijken zijn, zoals "items" van GET /api/v1/practices.' }] };
  if (records.length === 0) return { ok: false, total: 0, problems: [{ index: -1, message: 'De lijst is leeg: er is niets om in te lezen.' }] };
  const problems: ImportProblem[] = [];
  const checked = records.map((record, index) => validateRecord(record, index));
  // Asked-for slugs first, so a generated slug never takes one a later record asks for.
  const claimed = new Map<string, number>();
  checked.forEach((result, index) => {
    if ('problems' in result || result.slug === undefined) return;
    const earlier = claimed.get(result.slug);
    if (earlier !== undefined) problems.push({ index, message: `slug ("${result.slug}"): komt ook voor in record ${earlier}; elke praktijk heeft haar eigen slug.` });
    else if (slugTaken(result.slug)) problems.push({ index, message: `slug ("${result.slug}"): er bestaat al een praktijk met deze slug. Is dit bestand al eens ingelezen?` });
    else claimed.set(result.slug, index);
  });
  const valid: ImportRecord[] = [];
  checked.forEach((result, index) => {
    if ('problems' in result) {
      problems.push(...result.problems);
      return;
    }
    const slug = result.slug ?? uniqueSlug(result.input.title, (s) => claimed.has(s) || slugTaken(s));
    claimed.set(slug, index);
    valid.push({ slug, input: result.input });
  });
  if (problems.length > 0) return { ok: false, total: records.length, problems: problems.sort((a, b) => a.index - b.index) };
  return { ok: true, records: valid };
}

/**
 * Publishes every record of an import file in one transaction, each with a 'published' event naming
 * where it came from; throws ImportRejected, having written nothing, when any record is bad.
 */
export function importPractices(stores: ImportStores, records: unknown, { origin, now = new Date().toISOString() }: ImportOptions): { imported: number } {
  const reason = `Ingelezen uit ${origin} met npm run import.`;
  // Validated before the transaction, so the write lock is held only while inserting. Should a submission
  // take one of these slugs in between, the UNIQUE constraint rolls the whole import back.
  const validation = validateImport(records, (slug) => stores.practices.slugExists(slug));
  if (!validation.ok) throw new ImportRejected(validation.problems, validation.total);
  return stores.practices.transaction(() => {
    for (const { slug, input } of validation.records) {
      const practiceId = stores.practices.insert({ slug, status: 'published', input, now });
      stores.events.add({ practiceId, action: 'published', reason, at: now });
    }
    return { imported: validation.records.length };
  });
}
