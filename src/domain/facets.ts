// The facets a search can be narrowed by: which values a practice has for each, and their labels.
import { municipalityByCode } from './municipalities.js';
import { type Practice, provincesOf } from './practice.js';
import type { FacetKey } from './search-query.js';
import { LIFE_DOMAINS, PROVINCES, SCALES, TARGET_GROUPS, THEMES, labelOf } from './vocabulary.js';

export interface FacetDefinition {
  readonly key: FacetKey;
  /** Dutch name of the facet, as a heading. */
  readonly label: string;
  readonly valuesOf: (practice: Practice) => readonly string[];
  readonly labelOf: (value: string) => string;
  /** How values are listed: by count (most first) or in their natural order (years newest first, names A-Z). */
  readonly order: 'count' | 'natural';
  readonly compare: (a: string, b: string) => number;
}

const byLabel = (label: (v: string) => string) => (a: string, b: string) => label(a).localeCompare(label(b), 'nl');
const vocabularyOrder = (values: readonly { value: string }[]) => (a: string, b: string) =>
  values.findIndex((t) => t.value === a) - values.findIndex((t) => t.value === b);
const municipalityName = (code: string) => municipalityByCode(code)?.name ?? code;

export const FACETS: readonly FacetDefinition[] = [
  { key: 'theme', label: 'Thema', valuesOf: (p) => p.themes, labelOf: (v) => labelOf(THEMES, v), order: 'count', compare: vocabularyOrder(THEMES) },
  { key: 'targetGroup', label: 'Doelgroep', valuesOf: (p) => p.targetGroups, labelOf: (v) => labelOf(TARGET_GROUPS, v), order: 'count', compare: vocabularyOrder(TARGET_GROUPS) },
  { key: 'lifeDomain', label: 'Levensdomein', valuesOf: (p) => p.lifeDomains, labelOf: (v) => labelOf(LIFE_DOMAINS, v), order: 'count', compare: vocabularyOrder(LIFE_DOMAINS) },
  { key: 'province', label: 'Provincie', valuesOf: (p) => provincesOf(p), labelOf: (v) => labelOf(PROVINCES, v), order: 'natural', compare: vocabularyOrder(PROVINCES) },
  { key: 'municipality', label: 'Gemeente', valuesOf: (p) => p.municipalities, labelOf: municipalityName, order: 'natural', compare: byLabel(municipalityName) },
  { key: 'scale', label: 'Schaal', valuesOf: (p) => [p.scale], labelOf: (v) => labelOf(SCALES, v), order: 'natural', compare: vocabularyOrder(SCALES) },
  { key: 'startYear', label: 'Beginjaar', valuesOf: (p) => (p.startYear === undefined ? [] : [String(p.startYear)]), labelOf: (v) => v, order: 'natural', compare: (a, b) => Number(b) - Number(a) },
];

export function facet(key: FacetKey): FacetDefinition {
  const found = FACETS.find((f) => f.key === key);
  if (!found) throw new Error(`unknown facet ${key}`);
  return found;
}
