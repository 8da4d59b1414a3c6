// The practice form as HTML sends it (flat fields, repeated checkboxes, one line per partner or link)
// and back: raw values to re-show what was typed, a draft for the zod schema, and the schema's
// issues as a message per field. The schema stays the single source of the rules and the messages.
import type { z } from 'zod';
import { CONTENT_FIELDS } from '../../domain/moderation.js';
import type { PracticeInput } from '../../domain/practice.js';

/**
 * Field names of the form, in the order they appear, for the error summary: the fields a moderator
 * sees compared (CONTENT_FIELDS), so the form and the diff cannot drift apart.
 */
export const FORM_FIELDS = CONTENT_FIELDS;
export type FormField = (typeof FORM_FIELDS)[number];

const MULTI = ['municipalities', 'provinces', 'themes', 'targetGroups', 'lifeDomains', 'funding'] as const;
type MultiField = (typeof MULTI)[number];
// Checkboxes that are on or off; materials are files, read by the materials part of the form.
const NOT_TEXT: readonly FormField[] = [...MULTI, 'ongoing', 'contactEmailPublic', 'materials'];
type TextField = Exclude<FormField, MultiField | 'ongoing' | 'contactEmailPublic' | 'materials'>;
const TEXT_FIELDS = FORM_FIELDS.filter((f): f is TextField => !NOT_TEXT.includes(f));

/**
 * Flat form fields that live inside an object of the record: one table read by draftOf (to build the
 * object), formErrorsOf (to find the field of an issue's path) and formValuesOfPractice.
 */
const NESTED = {
  aanleiding: ['sections', 'aanleiding'],
  aanpak: ['sections', 'aanpak'],
  resultaten: ['sections', 'resultaten'],
  leerpunten: ['sections', 'leerpunten'],
  costAmountEur: ['costs', 'amountEur'],
  costPeriod: ['costs', 'period'],
  costNote: ['costs', 'note'],
  reachCount: ['reach', 'count'],
  reachUnit: ['reach', 'unit'],
  reachYear: ['reach', 'year'],
  evaluationKind: ['evaluation', 'kind'],
  evaluationSummary: ['evaluation', 'summary'],
  evaluationUrl: ['evaluation', 'url'],
  sourceTitle: ['source', 'title'],
  sourcePublisher: ['source', 'publisher'],
  sourceUrl: ['source', 'url'],
  sourceNote: ['source', 'note'],
  sourceDate: ['source', 'date'],
} as const satisfies Partial<Record<TextField, readonly [string, string]>>;
type NestedField = keyof typeof NESTED;
type Group = (typeof NESTED)[NestedField][0];
const GROUPS: readonly Group[] = ['sections', 'costs', 'reach', 'evaluation', 'source'];
const nestedEntries = Object.entries(NESTED) as [NestedField, (typeof NESTED)[NestedField]][];

/** What the user typed or ticked, as the form shows it again. */
export interface PracticeFormValues {
  readonly text: Partial<Record<TextField, string>>;
  readonly multi: Record<MultiField, string[]>;
  readonly ongoing: boolean;
  readonly contactEmailPublic: boolean;
}

/**
 * Text as typed, never cut: a field over its limit is refused with its length, and shown again whole.
 * A form sends each line break as CR LF; as one character, as the browser's counter counts it.
 */
function textOf(value: unknown): string {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.replace(/\r\n?/g, '\n') : '';
}

function listOf(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.filter((v): v is string => typeof v === 'string').slice(0, 400);
}

const ticked = (value: unknown) => textOf(value) !== '';

const emptyMulti = (): Record<MultiField, string[]> => ({ municipalities: [], provinces: [], themes: [], targetGroups: [], lifeDomains: [], funding: [] });

export function emptyFormValues(): PracticeFormValues {
  return { text: {}, multi: emptyMulti(), ongoing: false, contactEmailPublic: false };
}

/** Reads a urlencoded body; anything missing or odd becomes empty rather than an error. */
export function formValuesOf(body: unknown): PracticeFormValues {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const text: Partial<Record<TextField, string>> = {};
  for (const field of TEXT_FIELDS) text[field] = textOf(b[field]);
  const multi = emptyMulti();
  for (const field of MULTI) multi[field] = listOf(b[field]);
  return { text, multi, ongoing: ticked(b.ongoing), contactEmailPublic: ticked(b.contactEmailPublic) };
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
  const groups: Record<Group, Record<string, string | undefined>> = { sections: {}, costs: {}, reach: {}, evaluation: {}, source: {} };
  for (const [field, [group, key]] of nestedEntries) groups[group][key] = orUndefined(t[field]);
  return {
    title: t.title ?? '',
    summary: t.summary ?? '',
    sections: groups.sections,
    workingElements: orUndefined(t.workingElements),
    transferability: orUndefined(t.transferability),
    scale: orUndefined(t.scale),
    ...values.multi,
    partners: lines(t.partners),
    startYear: orUndefined(t.startYear),
    endYear: orUndefined(t.endYear),
    ongoing: values.ongoing,
    links: lines(t.links).map(linkOf),
    costs: groups.costs,
    staffFte: orUndefined(t.staffFte),
    reach: groups.reach,
    evaluation: groups.evaluation,
    // The source title is required where the schema has a source: an empty one gets its message.
    source: { ...groups.source, title: t.sourceTitle ?? '' },
    contactName: orUndefined(t.contactName),
    contactRole: orUndefined(t.contactRole),
    contactOrganisation: orUndefined(t.contactOrganisation),
    contactEmail: orUndefined(t.contactEmail),
    contactEmailPublic: values.contactEmailPublic,
  };
}

function fieldOf(path: readonly PropertyKey[]): FormField {
  const [first, second] = path;
  if (GROUPS.includes(first as Group)) {
    const nested = nestedEntries.find(([, [group, key]]) => group === first && key === second);
    // An object-level issue (no key) goes to the group's first field.
    return nested?.[0] ?? nestedEntries.find(([, [group]]) => group === first)?.[0] ?? 'title';
  }
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

// A number as a Dutch speaker writes it ("12.500,5"), which numberFromDutch reads back to the same value.
const dutchNumber = new Intl.NumberFormat('nl-BE', { maximumFractionDigits: 10 });
const shown = (value: string | number | undefined): string => (value === undefined ? '' : typeof value === 'number' ? dutchNumber.format(value) : value);
const YEARS: readonly TextField[] = ['startYear', 'endYear', 'reachYear'];

/** The form's values for an existing practice, to edit it. */
export function formValuesOfPractice(p: PracticeInput): PracticeFormValues {
  const text: Partial<Record<TextField, string>> = {
    title: p.title,
    summary: p.summary,
    workingElements: p.workingElements ?? '',
    transferability: p.transferability ?? '',
    scale: p.scale,
    partners: p.partners.join('\n'),
    startYear: p.startYear === undefined ? '' : String(p.startYear),
    endYear: p.endYear === undefined ? '' : String(p.endYear),
    links: p.links.map((l) => (l.label ? `${l.url} ${l.label}` : l.url)).join('\n'),
    staffFte: shown(p.staffFte),
    contactName: p.contactName ?? '',
    contactRole: p.contactRole ?? '',
    contactOrganisation: p.contactOrganisation ?? '',
    contactEmail: p.contactEmail ?? '',
  };
  for (const [field, [group, key]] of nestedEntries) {
    const value = (p[group] as Record<string, string | number | undefined>)[key];
    // A year is a year, not a number with a thousands point.
    text[field] = YEARS.includes(field) && value !== undefined ? String(value) : shown(value);
  }
  return {
    text,
    multi: {
      municipalities: [...p.municipalities],
      provinces: [...p.provinces],
      themes: [...p.themes],
      targetGroups: [...p.targetGroups],
      lifeDomains: [...p.lifeDomains],
      funding: [...p.funding],
    },
    ongoing: p.ongoing,
    contactEmailPublic: p.contactEmailPublic,
  };
}
