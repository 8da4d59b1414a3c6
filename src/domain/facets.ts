// The facets a search can be narrowed by: which values a practice has for each, and their labels.
import { COMPLETENESS_ELEMENTS, type CompletenessElement } from './completeness.js';
import { municipalityByCode } from './municipalities.js';
import { type Practice, type PracticeInput, provincesOf } from './practice.js';
import { FLAG_ON, type FacetKey, NOT_YET_JUDGED } from './search-query.js';
import { recentlyVerified } from './verification.js';
import { EVIDENCE_LEVELS, LIFE_DOMAINS, PROVINCES, SCALES, TARGET_GROUPS, THEMES, labelOf } from './vocabulary.js';

export interface FacetDefinition {
  readonly key: FacetKey;
  /** Dutch name of the facet, as a heading. */
  readonly label: string;
  /** The practice's values as at `asOf`: only "niet recent nagekeken" depends on the day. */
  readonly valuesOf: (practice: Practice, asOf: Date) => readonly string[];
  readonly labelOf: (value: string) => string;
  /** How values are listed: by count (most first) or in their natural order (years newest first, names A-Z). */
  readonly order: 'count' | 'natural';
  readonly compare: (a: string, b: string) => number;
  /** A filter on one value of its own ("met contactpersoon"), shown in a shared group rather than as a facet of its own. */
  readonly flag?: boolean;
}

const byLabel = (label: (v: string) => string) => (a: string, b: string) => label(a).localeCompare(label(b), 'nl');
const vocabularyOrder = (values: readonly { value: string }[]) => (a: string, b: string) =>
  values.findIndex((t) => t.value === a) - values.findIndex((t) => t.value === b);
const municipalityName = (code: string) => municipalityByCode(code)?.name ?? code;

// "Has a contact person" and "has material" mean what the completeness list means: one definition.
const completenessTest = (key: CompletenessElement): ((p: PracticeInput) => boolean) => {
  const element = COMPLETENESS_ELEMENTS.find((e) => e.key === key);
  if (!element) throw new Error(`unknown completeness element ${key}`);
  return element.present;
};
const hasContact = completenessTest('contact');
const hasMaterials = completenessTest('materiaal');

const EVIDENCE_TERMS = [...EVIDENCE_LEVELS, { value: NOT_YET_JUDGED, label: 'Nog niet beoordeeld' }] as const;
const flag = (label: string) => (v: string) => (v === FLAG_ON ? label : v);

export const FACETS: readonly FacetDefinition[] = [
  { key: 'theme', label: 'Thema', valuesOf: (p) => p.themes, labelOf: (v) => labelOf(THEMES, v), order: 'count', compare: vocabularyOrder(THEMES) },
  { key: 'targetGroup', label: 'Doelgroep', valuesOf: (p) => p.targetGroups, labelOf: (v) => labelOf(TARGET_GROUPS, v), order: 'count', compare: vocabularyOrder(TARGET_GROUPS) },
  { key: 'lifeDomain', label: 'Levensdomein', valuesOf: (p) => p.lifeDomains, labelOf: (v) => labelOf(LIFE_DOMAINS, v), order: 'count', compare: vocabularyOrder(LIFE_DOMAINS) },
  { key: 'province', label: 'Provincie', valuesOf: (p) => provincesOf(p), labelOf: (v) => labelOf(PROVINCES, v), order: 'natural', compare: vocabularyOrder(PROVINCES) },
  { key: 'municipality', label: 'Gemeente', valuesOf: (p) => p.municipalities, labelOf: municipalityName, order: 'natural', compare: byLabel(municipalityName) },
  // Approved "wij doen dit ook" adoptions: the other municipalities that run the practice too.
  { key: 'adoptedBy', label: 'Overgenomen door', valuesOf: (p) => (p.adoptions ?? []).map((a) => a.nisCode), labelOf: municipalityName, order: 'natural', compare: byLabel(municipalityName) },
  { key: 'scale', label: 'Schaal', valuesOf: (p) => [p.scale], labelOf: (v) => labelOf(SCALES, v), order: 'natural', compare: vocabularyOrder(SCALES) },
  { key: 'startYear', label: 'Beginjaar', valuesOf: (p) => (p.startYear === undefined ? [] : [String(p.startYear)]), labelOf: (v) => v, order: 'natural', compare: (a, b) => Number(b) - Number(a) },
  {
    key: 'evidenceLevel',
    label: 'Stand van de praktijk',
    valuesOf: (p) => [p.evidence?.level ?? NOT_YET_JUDGED],
    labelOf: (v) => labelOf(EVIDENCE_TERMS, v),
    order: 'natural',
    compare: vocabularyOrder(EVIDENCE_TERMS),
  },
  { key: 'hasContact', label: 'Contactpersoon', valuesOf: (p) => (hasContact(p) ? [FLAG_ON] : []), labelOf: flag('Met contactpersoon'), order: 'natural', compare: () => 0, flag: true },
  { key: 'hasMaterials', label: 'Materiaal', valuesOf: (p) => (hasMaterials(p) ? [FLAG_ON] : []), labelOf: flag('Met materiaal'), order: 'natural', compare: () => 0, flag: true },
  // Not confirmed for 18 months (verification.ts): it depends on the day, so a snapshot holds for one day only.
  {
    key: 'notRecentlyVerified',
    label: 'Nagekeken',
    valuesOf: (p, asOf) => (recentlyVerified(p, asOf) ? [] : [FLAG_ON]),
    labelOf: flag('Niet recent nagekeken'),
    order: 'natural',
    compare: () => 0,
    flag: true,
  },
];

/** A chosen filter in words, for a sentence: "thema Armoedebestrijding of Gezinsondersteuning", "met contactpersoon". */
export function filterInWords(definition: FacetDefinition, values: readonly string[]): string {
  const labels = values.map((v) => definition.labelOf(v));
  if (definition.flag) return labels.join(' of ').toLowerCase();
  const list = labels.length <= 1 ? labels.join('') : `${labels.slice(0, -1).join(', ')} of ${labels[labels.length - 1]}`;
  return `${definition.label.toLowerCase()} ${list}`;
}

export function facet(key: FacetKey): FacetDefinition {
  const found = FACETS.find((f) => f.key === key);
  if (!found) throw new Error(`unknown facet ${key}`);
  return found;
}
