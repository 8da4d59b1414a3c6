// Bulk import: practices in the API's shape (GET /api/v1/practices/{slug}, or rows of the CSV export
// translated by csv-import.ts), validated with the same practice schema as the form, written all
// together or not at all. A slug the catalogue has updates that practice (its status and history stay);
// a new slug, or none, publishes a new one.
import { z } from 'zod';
import { type ContentField, changedFields } from './moderation.js';
import { municipalityByCode } from './municipalities.js';
import { type Practice, type PracticeInput, SECTION_KEYS, contentOf, practiceInputSchema } from './practice.js';
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
  'workingElements',
  'transferability',
  'costs',
  'funding',
  'staffFte',
  'reach',
  'evaluation',
  'contact',
  'lastVerifiedAt',
  'recentlyVerified',
  'evidenceLevel',
  'materials',
  'completeness',
  'adoptions',
] as const;

/**
 * Fields the API shows but an import does not write: the system keeps them (dates, the moderators'
 * judgement, what is known) or their content is not in the file (materials are files, not JSON).
 */
export const READ_ONLY_FIELDS = ['publishedAt', 'updatedAt', 'url', 'lastVerifiedAt', 'recentlyVerified', 'evidenceLevel', 'materials', 'completeness', 'adoptions'] as const;

const NESTED_FIELDS: Record<string, readonly string[]> = {
  sections: SECTION_KEYS,
  period: ['startYear', 'endYear', 'ongoing'],
  source: ['title', 'publisher', 'url', 'note', 'date'],
  costs: ['amountEur', 'period', 'note'],
  reach: ['count', 'unit', 'year'],
  evaluation: ['kind', 'summary', 'url'],
  contact: ['name', 'role', 'organisation', 'email'],
};

export interface ImportProblem {
  /** Position of the record in the file's array, counted from 0 (as in jq '.[17]'); -1 for the file as a whole. */
  readonly index: number;
  /** What is wrong, in Dutch, starting with the field: "titel: Vul de titel van de praktijk in." */
  readonly message: string;
}

export interface ImportRecord {
  readonly slug: string;
  /** What the practice will hold: for an update, with what the file cannot carry kept from the stored practice. */
  readonly input: PracticeInput;
  /** The stored practice this record updates; undefined for a new one. */
  readonly existing: Practice | undefined;
}

export type ImportValidation = { ok: true; records: ImportRecord[] } | { ok: false; problems: ImportProblem[]; total: number };

/** How a file counts its records in messages: JSON records, or the rows of a CSV file. */
export interface RecordNoun {
  readonly one: string;
  readonly many: string;
}
export const JSON_RECORDS: RecordNoun = { one: 'record', many: 'records' };

export class ImportRejected extends Error {
  constructor(
    readonly problems: readonly ImportProblem[],
    readonly total: number,
    noun: RecordNoun = JSON_RECORDS,
  ) {
    const bad = new Set(problems.map((p) => p.index)).size;
    super(
      total === 0
        ? `${problems.map((p) => p.message).join(' ')} Er is niets ingelezen.`
        : `${bad} van de ${total} ${noun.many} ${bad === 1 ? 'is' : 'zijn'} ongeldig; er is niets ingelezen.`,
    );
  }
}

/** What an import needs of the stores; findBySlug finds a practice in any status. */
export interface ImportStores {
  readonly practices: PracticeStore & { findBySlug(slug: string): Practice | undefined };
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
  const contact = isObject(record.contact) ? record.contact : {};
  // contact repeats contactOrganisation and contactEmail; either may be given (validateRecord checks they agree).
  const contactEmail = nullToUndefined(contact.email ?? record.contactEmail);
  const costs = nullsToUndefined(nullToUndefined(record.costs));
  const reach = nullsToUndefined(nullToUndefined(record.reach));
  const evaluation = nullsToUndefined(nullToUndefined(record.evaluation));
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
    workingElements: nullToUndefined(record.workingElements),
    transferability: nullToUndefined(record.transferability),
    costs,
    funding: nullToUndefined(record.funding),
    staffFte: nullToUndefined(record.staffFte),
    reach,
    evaluation,
    contactName: nullToUndefined(contact.name),
    contactRole: nullToUndefined(contact.role),
    contactOrganisation: nullToUndefined(contact.organisation ?? record.contactOrganisation),
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
  workingElements: 'werkzame elementen',
  transferability: 'wat nodig is om over te nemen',
  funding: 'financiering',
  staffFte: 'personeelsinzet (VTE)',
  contactName: 'naam van de contactpersoon',
  contactRole: 'functie van de contactpersoon',
};
const NESTED_LABELS: Record<string, Record<string, string>> = {
  costs: { amountEur: 'kosten (bedrag)', period: 'kosten (eenmalig of per jaar)', note: 'wat de kosten dekken' },
  reach: { count: 'bereik (aantal)', unit: 'bereik (wat telt)', year: 'bereik (jaar)' },
  evaluation: { kind: 'evaluatie', summary: 'samenvatting van de evaluatie', url: 'webadres van het evaluatierapport' },
};
const ITEM_LABELS: Record<string, string> = {
  municipalities: 'gemeente',
  provinces: 'provincie',
  themes: 'thema',
  targetGroups: 'doelgroep',
  lifeDomains: 'levensdomein',
  partners: 'partner',
  links: 'link',
  funding: 'financieringsbron',
};
const SOURCE_LABELS: Record<string, string> = {
  title: 'titel van de bron',
  publisher: 'uitgever van de bron',
  url: 'webadres van de bron',
  note: 'toelichting bij de bron',
  date: 'datum van de bron',
};

const shown = (value: unknown) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? '' : ` ("${text.length > 40 ? `${text.slice(0, 40)}…` : text}")`;
};

/** The Dutch name of the field a schema issue is about: "titel", "thema 2 ("armoede")", "link 1, omschrijving". */
function fieldLabelOf(path: readonly PropertyKey[], draft: Record<string, unknown>): string {
  const [first, second, third] = path;
  if (first === 'sections' && typeof second === 'string') return FIELD_LABELS[second] ?? second;
  if (first === 'source' && typeof second === 'string') return SOURCE_LABELS[second] ?? 'bron';
  const nested = NESTED_LABELS[String(first)];
  if (nested && typeof second === 'string') return nested[second] ?? String(first);
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

interface CheckedRecord {
  readonly slug: string | undefined;
  readonly input: PracticeInput;
  /** Addresses of links the record gives without a label key (the CSV has none): an update keeps their stored label. */
  readonly unlabelledLinks: ReadonlySet<string>;
}

/** contact.organisation and contact.email repeat two older fields; given both ways, they must agree. */
function contactConflicts(record: Record<string, unknown>): string[] {
  const contact = isObject(record.contact) ? record.contact : {};
  const pairs = [
    ['organisation', 'contactOrganisation', 'contactorganisatie'],
    ['email', 'contactEmail', 'contactadres'],
  ] as const;
  return pairs
    .filter(([inner, outer]) => contact[inner] != null && record[outer] != null && contact[inner] !== record[outer])
    .map(([inner, outer, label]) => `${label}: contact.${inner} en ${outer} verschillen; geef één waarde, of dezelfde in beide.`);
}

/** Validates one record: the problems, or the slug it asked for (if any) and its practice input. */
function validateRecord(record: unknown, index: number): { problems: ImportProblem[] } | CheckedRecord {
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
  problems.push(...contactConflicts(record).map(problem));
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
  const links = Array.isArray(record.links) ? record.links : [];
  const unlabelledLinks = new Set(links.filter((l): l is Record<string, unknown> => isObject(l) && !('label' in l)).map((l) => String(l.url).trim()));
  return { slug: typeof slug === 'string' ? slug : undefined, input: parsed.data, unlabelledLinks };
}

/**
 * What an update writes: the record's content, plus what an import file cannot carry, kept from the
 * stored practice: its materials (files, not text), a private contact e-mail (never exported), and the
 * label of a link the file gives without one.
 */
export function updatedContent(stored: Practice, input: PracticeInput, unlabelledLinks: ReadonlySet<string> = new Set()): PracticeInput {
  const privateEmail = stored.contactEmail !== undefined && !stored.contactEmailPublic && input.contactEmail === undefined;
  const storedLabels = new Map(stored.links.map((l) => [l.url, l.label]));
  return {
    ...input,
    materials: stored.materials,
    ...(privateEmail ? { contactEmail: stored.contactEmail, contactEmailPublic: false } : {}),
    links: input.links.map((l) => (l.label === undefined && unlabelledLinks.has(l.url) ? { ...l, label: storedLabels.get(l.url) } : l)),
  };
}

/**
 * Validates every record of a parsed import file and gives each its slug: the one it asked for, which
 * must be unique in the file (a stored practice with it is updated), or one made from its title that
 * no practice has. Reports every problem.
 */
export function validateImport(records: unknown, findBySlug: (slug: string) => Practice | undefined, noun: RecordNoun = JSON_RECORDS): ImportValidation {
  if (!Array.isArray(records)) return { ok: false, total: 0, problems: [{ index: -1, message: 'Het bestand moet een lijst (JSON-array) van praktijken zijn, zoals "items" van GET /api/v1/practices.' }] };
  if (records.length === 0) return { ok: false, total: 0, problems: [{ index: -1, message: 'De lijst is leeg: er is niets om in te lezen.' }] };
  const problems: ImportProblem[] = [];
  const checked = records.map((record, index) => validateRecord(record, index));
  // Asked-for slugs first, so a generated slug never takes one a later record asks for.
  const claimed = new Map<string, number>();
  checked.forEach((result, index) => {
    if ('problems' in result || result.slug === undefined) return;
    const earlier = claimed.get(result.slug);
    if (earlier !== undefined) problems.push({ index, message: `slug ("${result.slug}"): komt ook voor in ${noun.one} ${earlier}; elke praktijk heeft haar eigen slug.` });
    else claimed.set(result.slug, index);
  });
  const valid: ImportRecord[] = [];
  checked.forEach((result, index) => {
    if ('problems' in result) {
      problems.push(...result.problems);
      return;
    }
    if (result.slug !== undefined) {
      const existing = findBySlug(result.slug);
      const input = existing ? updatedContent(existing, result.input, result.unlabelledLinks) : result.input;
      valid.push({ slug: result.slug, input, existing });
      return;
    }
    const slug = uniqueSlug(result.input.title, (s) => claimed.has(s) || findBySlug(s) !== undefined);
    claimed.set(slug, index);
    valid.push({ slug, input: result.input, existing: undefined });
  });
  if (problems.length > 0) return { ok: false, total: records.length, problems: problems.sort((a, b) => a.index - b.index) };
  return { ok: true, records: valid };
}

export interface ImportPlan {
  /** Slugs of the practices the import publishes as new. */
  readonly inserted: string[];
  /** Practices whose content changes, with the fields that change. */
  readonly updated: { readonly slug: string; readonly fields: ContentField[] }[];
  /** Slugs of stored practices the file holds exactly as they are: nothing is written for them. */
  readonly unchanged: string[];
}

/** What importing validated records would do, practice by practice; nothing is written. */
export function planImport(records: readonly ImportRecord[]): ImportPlan {
  const plan: ImportPlan = { inserted: [], updated: [], unchanged: [] };
  for (const { slug, input, existing } of records) {
    if (!existing) plan.inserted.push(slug);
    else {
      const fields = changedFields(contentOf(existing), input);
      if (fields.length === 0) plan.unchanged.push(slug);
      else plan.updated.push({ slug, fields });
    }
  }
  return plan;
}

/**
 * Writes every record of an import file in one transaction: a new practice is published with a
 * 'published' event naming the file, a changed one is updated (status and history kept) with an
 * 'edited' event; throws ImportRejected, having written nothing, when any record is bad.
 */
export function importPractices(
  stores: ImportStores,
  records: unknown,
  { origin, now = new Date().toISOString(), noun = JSON_RECORDS }: ImportOptions & { readonly noun?: RecordNoun },
): ImportPlan & { imported: number } {
  // Validated before the transaction, so the write lock is held only while writing. Should a submission
  // take one of these slugs in between, the UNIQUE constraint rolls the whole import back.
  const validation = validateImport(records, (slug) => stores.practices.findBySlug(slug), noun);
  if (!validation.ok) throw new ImportRejected(validation.problems, validation.total, noun);
  const plan = planImport(validation.records);
  const changed = new Set(plan.updated.map((u) => u.slug));
  stores.practices.transaction(() => {
    for (const { slug, input, existing } of validation.records) {
      if (!existing) {
        const practiceId = stores.practices.insert({ slug, status: 'published', input, now });
        stores.events.add({ practiceId, action: 'published', reason: `Ingelezen uit ${origin} met npm run import.`, at: now });
      } else if (changed.has(slug)) {
        stores.practices.update(existing.id, input, now);
        stores.events.add({ practiceId: existing.id, action: 'edited', reason: `Bijgewerkt uit ${origin} met npm run import.`, at: now });
      }
    }
  });
  return { ...plan, imported: plan.inserted.length + plan.updated.length };
}
