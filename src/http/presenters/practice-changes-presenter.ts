// What changed in a practice since a moderator saw it, as a page shows it: each changed field with its
// label, its value then and now, and for choices and lists what was added and removed.
import { type ChangesSince, type ContentField, type ContentValue, contentValue } from '../../domain/moderation.js';
import { municipalityByCode } from '../../domain/municipalities.js';
import {
  COST_PERIODS,
  EVALUATION_KINDS,
  FUNDING_SOURCES,
  LIFE_DOMAINS,
  PROVINCES,
  REACH_UNITS,
  SCALES,
  TARGET_GROUPS,
  THEMES,
  type Term,
  labelOf,
} from '../../domain/vocabulary.js';

// The labels of the practice form (views/partials/practice-fields.ejs), without its "(niet verplicht)".
const LABELS: Record<ContentField, string> = {
  title: 'Titel',
  summary: 'Korte samenvatting',
  aanleiding: 'Aanleiding',
  aanpak: 'Aanpak',
  resultaten: 'Resultaten',
  leerpunten: 'Leerpunten',
  scale: 'Schaal',
  municipalities: 'Gemeenten',
  provinces: 'Provincies',
  themes: 'Thema’s',
  targetGroups: 'Doelgroepen',
  lifeDomains: 'Levensdomeinen',
  partners: 'Partnerorganisaties',
  startYear: 'Beginjaar',
  endYear: 'Eindjaar',
  ongoing: 'De praktijk loopt nog',
  links: 'Links',
  sourceTitle: 'Titel van de bron',
  sourcePublisher: 'Uitgever van de bron',
  sourceUrl: 'Webadres van de bron',
  sourceNote: 'Toelichting bij de bron',
  sourceDate: 'Datum van de bron',
  workingElements: 'Werkzame elementen',
  transferability: 'Wat heb je nodig om dit over te nemen?',
  costAmountEur: 'Kosten in euro',
  costPeriod: 'Eenmalig of per jaar',
  costNote: 'Wat de kosten dekken',
  funding: 'Financiering',
  staffFte: 'Personeelsinzet (VTE)',
  reachCount: 'Bereik: aantal',
  reachUnit: 'Bereik: wat het aantal telt',
  reachYear: 'Bereik: jaar',
  evaluationKind: 'Evaluatie',
  evaluationSummary: 'Samenvatting van de evaluatie',
  evaluationUrl: 'Webadres van het evaluatierapport',
  materials: 'Materiaal (bestanden)',
  contactName: 'Naam van de contactpersoon',
  contactRole: 'Functie van de contactpersoon',
  contactOrganisation: 'Contactorganisatie',
  contactEmail: 'Contact-e-mailadres',
  contactEmailPublic: 'Toestemming om het e-mailadres te publiceren',
};

const VOCABULARIES: Partial<Record<ContentField, readonly Term[]>> = {
  scale: SCALES,
  provinces: PROVINCES,
  themes: THEMES,
  targetGroups: TARGET_GROUPS,
  lifeDomains: LIFE_DOMAINS,
  funding: FUNDING_SOURCES,
  costPeriod: COST_PERIODS,
  reachUnit: REACH_UNITS,
  evaluationKind: EVALUATION_KINDS,
};

export const EMPTY = '(leeg)';

function shown(field: ContentField, value: string): string {
  if (field === 'municipalities') return municipalityByCode(value)?.name ?? value;
  const terms = VOCABULARIES[field];
  return terms ? labelOf(terms, value) : value;
}

function textOf(field: ContentField, value: ContentValue): string {
  if (value === undefined || value === '') return EMPTY;
  if (typeof value === 'boolean') return value ? 'ja' : 'nee';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return shown(field, value);
  return value.length ? value.map((v) => shown(field, v)).join(', ') : EMPTY;
}

export interface FieldChangeView {
  readonly field: ContentField;
  readonly label: string;
  /** The value then and now, as paragraphs (a text keeps its line breaks; a list is one line). */
  readonly before: string[];
  readonly after: string[];
  /** For a list or choice: what was added and what was removed. */
  readonly added: string[];
  readonly removed: string[];
}

const paragraphsOf = (text: string) => text.split(/\r?\n+/).map((line) => line.trim()).filter(Boolean);

export function fieldChangeView(field: ContentField, before: ContentValue, after: ContentValue): FieldChangeView {
  const asList = (v: ContentValue) => (Array.isArray(v) ? (v as readonly string[]) : []);
  const [was, is] = [asList(before), asList(after)];
  return {
    field,
    label: LABELS[field],
    before: paragraphsOf(textOf(field, before)),
    after: paragraphsOf(textOf(field, after)),
    added: is.filter((v) => !was.includes(v)).map((v) => shown(field, v)),
    removed: was.filter((v) => !is.includes(v)).map((v) => shown(field, v)),
  };
}

/** Every field that changed since the moderator's revision, in the order of the form. */
export function fieldChangesView(changes: ChangesSince): FieldChangeView[] {
  const { seen, practice } = changes;
  if (!seen) return [];
  return changes.changedFields.map((field) => fieldChangeView(field, contentValue(seen, field), contentValue(practice, field)));
}
