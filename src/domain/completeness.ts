// What a municipality needs to copy a practice, and which of it a practice already holds. Said
// honestly on the practice page ("wat we nog niet weten"), in the review step as encouragement, and in
// the API as `completeness`. Every element counts the same: no weighting pretends to a precision the
// list does not have.
import type { PracticeInput } from './practice.js';

export const COMPLETENESS_ELEMENTS = [
  { key: 'aanpak', label: 'de aanpak', present: (p: PracticeInput) => p.sections.aanpak !== undefined },
  { key: 'resultaten', label: 'de resultaten', present: (p: PracticeInput) => p.sections.resultaten !== undefined },
  { key: 'werkzame-elementen', label: 'wat de praktijk doet werken (werkzame elementen)', present: (p: PracticeInput) => p.workingElements !== undefined },
  { key: 'overname', label: 'wat nodig is om ze over te nemen', present: (p: PracticeInput) => p.transferability !== undefined },
  {
    key: 'kosten',
    label: 'wat ze kost (bedrag of personeelsinzet)',
    present: (p: PracticeInput) => p.costs.amountEur !== undefined || p.staffFte !== undefined,
  },
  { key: 'bereik', label: 'wie ze bereikte (bereik)', present: (p: PracticeInput) => p.reach.count !== undefined },
  { key: 'evaluatie', label: 'of en hoe ze geëvalueerd is', present: (p: PracticeInput) => p.evaluation.kind !== undefined },
  // A person to ask: a name or an address; an organisation alone is no one in particular.
  { key: 'contact', label: 'een contactpersoon', present: (p: PracticeInput) => p.contactName !== undefined || p.contactEmail !== undefined },
  { key: 'materiaal', label: 'materiaal om mee te starten (een draaiboek, een handleiding, ...)', present: (p: PracticeInput) => p.materials.length > 0 },
] as const;

export type CompletenessElement = (typeof COMPLETENESS_ELEMENTS)[number]['key'];

export interface Completeness {
  /** Share of the elements present, as a whole percentage (0–100). */
  readonly score: number;
  readonly present: CompletenessElement[];
  readonly missing: CompletenessElement[];
}

export function completenessOf(practice: PracticeInput): Completeness {
  const present = COMPLETENESS_ELEMENTS.filter((e) => e.present(practice)).map((e) => e.key);
  const missing = COMPLETENESS_ELEMENTS.filter((e) => !e.present(practice)).map((e) => e.key);
  return { score: Math.round((present.length / COMPLETENESS_ELEMENTS.length) * 100), present, missing };
}

/** The Dutch words for an element, as the lists on the page and in the review step say it. */
export function completenessLabelOf(key: CompletenessElement): string {
  return COMPLETENESS_ELEMENTS.find((e) => e.key === key)?.label ?? key;
}
