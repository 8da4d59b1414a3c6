// The practice form as HTML sends it (flat fields, repeated checkboxes, one line per partner or link)
// and back: raw values to re-show what was typed, a draft for the zod schema, and the schema's
// issues as a message per field. The schema stays the single source of the rules and the messages.
import type { z } from 'zod';
import { SECTION_KEYS } from '../../domain/practice.js';

/** Field names of the form, in the order they appear, for the error summary. */
export const FORM_FIELDS = [
  'title',
  'summary',
  'aanleiding',
  'aanpak',
  'resultaten',
  'leerpunten',
  'scale',
  'municipalities',
  'provinces',
  'themes',
  'targetGroups',
  'lifeDomains',
  'partners',
  'startYear',
  'endYear',
  'links',
  'sourceTitle',
  'sourcePublisher',
  'sourceUrl',
  'sourceNote',
  'contactOrganisation',
  'contactEmail',
  'contactEmailPublic',
] as const;
export type FormField = (typeof FORM_FIELDS)[number];

const MULTI = ['municipalities', 'provinces', 'themes', 'targetGroups', 'lifeDomains'] as const;
type MultiField = (typeof MULTI)[number];

/** What the user typed or ticked, as the form shows it again. */
export interface PracticeFormValues {
  readonly text: Partial<Record<Exclude<FormField, MultiField>, string>>;
  readonly multi: Record<MultiField, string[]>;
  readonly ongoing: boolean;
  readonly contactEmailPublic: boolean;
}

const MAX_FIELD_LENGTH = 20_000;

function textOf(value: unknown): string {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.slice(0, MAX_FIELD_LENGTH) : '';
}

function listOf(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.filter((v): v is string => typeof v === 'string').slice(0, 400);
}

const ticked = (value: unknown) => textOf(value) !== '';

export function emptyFormValues(): PracticeFormValues {
  return { text: {}, multi: { municipalities: [], provinces: [], themes: [], targetGroups: [], lifeDomains: [] }, ongoing: false, contactEmailPublic: false };
}

/** Reads a urlencoded body; anything missing or odd becomes empty rather than an error. */
export function formValuesOf(body: unknown): PracticeFormValues {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const text: Record<string, string> = {};
  for (const field of FORM_FIELDS) if (!(MULTI as readonly string[]).includes(field)) text[field] = textOf(b[field]);
  return {
    text,
    multi: {
      municipalities: listOf(b.municipalities),
      provinces: listOf(b.provinces),
      themes: listOf(b.themes),
      targetGroups: listOf(b.targetGroups),
      lifeDomains: listOf(b.lifeDomains),
    },
    ongoing: ticked(b.ongoing),
    contactEmailPublic: ticked(b.contactEmailPublic),
  };
}

const lines = (value: string | undefined) =>
  (value ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
const orUndefined = (value: string | undefined) => (value && value.trim() !== '' ? value : undefined);

/** A link line is a web address, optionally followed by a space and what it is. */
function linkOf(line: string): { url: string; label: string | undefined } {
  const [url = '', ...rest] = line.split(/\s+/);
  return { url, label: orUndefined(rest.join(' ')) };
}

/** The shape the practice schemas expect, built from the form's values. */
export function draftOf(values: PracticeFormValues): Record<string, unknown> {
  const t = values.text;
  return {
    title: t.title ?? '',
    summary: t.summary ?? '',
    sections: Object.fromEntries(SECTION_KEYS.map((k) => [k, orUndefined(t[k])])),
    scale: orUndefined(t.scale),
    ...values.multi,
    partners: lines(t.partners),
    startYear: orUndefined(t.startYear),
    endYear: orUndefined(t.endYear),
    ongoing: values.ongoing,
    links: lines(t.links).map(linkOf),
    source: { title: t.sourceTitle ?? '', publisher: orUndefined(t.sourcePublisher), url: orUndefined(t.sourceUrl), note: orUndefined(t.sourceNote) },
    contactOrganisation: orUndefined(t.contactOrganisation),
    contactEmail: orUndefined(t.contactEmail),
    contactEmailPublic: values.contactEmailPublic,
  };
}

const SOURCE_FIELDS: Record<string, FormField> = { title: 'sourceTitle', publisher: 'sourcePublisher', url: 'sourceUrl', note: 'sourceNote' };

function fieldOf(path: readonly PropertyKey[]): FormField {
  const [first, second] = path;
  if (first === 'sections' && typeof second === 'string') return second as FormField;
  if (first === 'source' && typeof second === 'string') return SOURCE_FIELDS[second] ?? 'sourceTitle';
  return (FORM_FIELDS as readonly PropertyKey[]).includes(first ?? '') ? (first as FormField) : 'title';
}

export interface FormErrors {
  /** The first message per field, shown beside it. */
  readonly byField: Partial<Record<FormField, string>>;
  /** Every field's message in the order of the form, for the summary at the top. */
  readonly summary: { field: FormField; message: string }[];
}

export function formErrorsOf(issues: readonly z.core.$ZodIssue[]): FormErrors {
  const byField: Partial<Record<FormField, string>> = {};
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    // A problem in one line of a list names the line, so the user can find it.
    const line = (field === 'links' || field === 'partners') && typeof issue.path[1] === 'number' ? `Regel ${issue.path[1] + 1}: ` : '';
    byField[field] ??= `${line}${issue.message}`;
  }
  const summary = FORM_FIELDS.flatMap((field) => (byField[field] ? [{ field, message: byField[field] }] : []));
  return { byField, summary };
}

/** The form's values for an existing practice, to edit it. */
export function formValuesOfPractice(p: {
  title: string;
  summary: string;
  sections: Partial<Record<(typeof SECTION_KEYS)[number], string | undefined>>;
  scale: string;
  municipalities: readonly string[];
  provinces: readonly string[];
  themes: readonly string[];
  targetGroups: readonly string[];
  lifeDomains: readonly string[];
  partners: readonly string[];
  startYear?: number | undefined;
  endYear?: number | undefined;
  ongoing: boolean;
  links: readonly { url: string; label?: string | undefined }[];
  source: { title: string; publisher?: string | undefined; url?: string | undefined; note?: string | undefined };
  contactOrganisation?: string | undefined;
  contactEmail?: string | undefined;
  contactEmailPublic: boolean;
}): PracticeFormValues {
  return {
    text: {
      title: p.title,
      summary: p.summary,
      aanleiding: p.sections.aanleiding ?? '',
      aanpak: p.sections.aanpak ?? '',
      resultaten: p.sections.resultaten ?? '',
      leerpunten: p.sections.leerpunten ?? '',
      scale: p.scale,
      partners: p.partners.join('\n'),
      startYear: p.startYear === undefined ? '' : String(p.startYear),
      endYear: p.endYear === undefined ? '' : String(p.endYear),
      links: p.links.map((l) => (l.label ? `${l.url} ${l.label}` : l.url)).join('\n'),
      sourceTitle: p.source.title,
      sourcePublisher: p.source.publisher ?? '',
      sourceUrl: p.source.url ?? '',
      sourceNote: p.source.note ?? '',
      contactOrganisation: p.contactOrganisation ?? '',
      contactEmail: p.contactEmail ?? '',
    },
    multi: {
      municipalities: [...p.municipalities],
      provinces: [...p.provinces],
      themes: [...p.themes],
      targetGroups: [...p.targetGroups],
      lifeDomains: [...p.lifeDomains],
    },
    ongoing: p.ongoing,
    contactEmailPublic: p.contactEmailPublic,
  };
}
