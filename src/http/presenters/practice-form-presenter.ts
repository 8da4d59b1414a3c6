// The view model of the practice form: every choice with its label and whether it is ticked, the
// municipalities grouped by province, and each field's error message; and, for the review step, what
// a municipality that wants to copy the practice will still miss.
import { type CompletenessElement, completenessLabelOf, completenessOf } from '../../domain/completeness.js';
import { MUNICIPALITIES } from '../../domain/municipalities.js';
import type { PracticeInput } from '../../domain/practice.js';
import { COST_PERIODS, EVALUATION_KINDS, FUNDING_SOURCES, LIFE_DOMAINS, PROVINCES, REACH_UNITS, SCALES, TARGET_GROUPS, THEMES, type Term } from '../../domain/vocabulary.js';
import type { FormErrors, FormField, PracticeFormValues } from '../forms/practice-form.js';

export interface ChoiceView {
  readonly value: string;
  readonly label: string;
  readonly id: string;
  readonly checked: boolean;
}

const choices = (name: string, terms: readonly Term[], selected: readonly string[]): ChoiceView[] =>
  terms.map((t) => ({ value: t.value, label: t.label, id: `${name}-${t.value}`, checked: selected.includes(t.value) }));

export interface PracticeFormOptions {
  /** Moderators also edit the source; for a submission the submitter is the source. */
  readonly withSource: boolean;
}

export function practiceFormView(values: PracticeFormValues, errors: FormErrors | undefined, options: PracticeFormOptions) {
  const error = (field: FormField) => errors?.byField[field];
  return {
    text: values.text,
    ongoing: values.ongoing,
    contactEmailPublic: values.contactEmailPublic,
    withSource: options.withSource,
    error,
    errorSummary: errors?.summary ?? [],
    scales: choices('scale', SCALES, values.text.scale ? [values.text.scale] : []),
    themes: choices('themes', THEMES, values.multi.themes),
    targetGroups: choices('targetGroups', TARGET_GROUPS, values.multi.targetGroups),
    lifeDomains: choices('lifeDomains', LIFE_DOMAINS, values.multi.lifeDomains),
    provinces: choices('provinces', PROVINCES, values.multi.provinces),
    costPeriods: choices('costPeriod', COST_PERIODS, values.text.costPeriod ? [values.text.costPeriod] : []),
    funding: choices('funding', FUNDING_SOURCES, values.multi.funding),
    reachUnits: choices('reachUnit', REACH_UNITS, values.text.reachUnit ? [values.text.reachUnit] : []),
    evaluationKinds: choices('evaluationKind', EVALUATION_KINDS, values.text.evaluationKind ? [values.text.evaluationKind] : []),
    municipalityGroups: PROVINCES.map((p) => {
      const municipalities = MUNICIPALITIES.filter((m) => m.province === p.value).map((m) => ({
        value: m.nisCode,
        label: m.name,
        id: `municipalities-${m.nisCode}`,
        checked: values.multi.municipalities.includes(m.nisCode),
      }));
      return { province: p.label, id: `municipalities-${p.value}`, municipalities, selectedCount: municipalities.filter((m) => m.checked).length };
    }),
    selectedMunicipalities: MUNICIPALITIES.filter((m) => values.multi.municipalities.includes(m.nisCode)).map((m) => m.name),
  };
}
export type PracticeFormView = ReturnType<typeof practiceFormView>;

/** Every value of the form as hidden fields, to carry it through the review step unchanged. */
export function hiddenFieldsOf(values: PracticeFormValues): { name: string; value: string }[] {
  const fields: { name: string; value: string }[] = [];
  for (const [name, value] of Object.entries(values.text)) if (value) fields.push({ name, value });
  for (const [name, list] of Object.entries(values.multi)) for (const value of list) fields.push({ name, value });
  if (values.ongoing) fields.push({ name: 'ongoing', value: 'ja' });
  if (values.contactEmailPublic) fields.push({ name: 'contactEmailPublic', value: 'ja' });
  return fields;
}

// Where in the form each element a copier needs is filled in, for the review step's "Aanvullen".
const FIELD_OF_ELEMENT: Record<CompletenessElement, FormField> = {
  aanpak: 'aanpak',
  resultaten: 'resultaten',
  'werkzame-elementen': 'workingElements',
  overname: 'transferability',
  kosten: 'costAmountEur',
  bereik: 'reachCount',
  evaluatie: 'evaluationKind',
  contact: 'contactName',
  materiaal: 'materials',
};

/** What the review step says about completeness: how much is there, and each missing element with where to add it. */
export function completenessReviewView(practice: PracticeInput) {
  const { score, present, missing } = completenessOf(practice);
  return {
    score,
    presentCount: present.length,
    total: present.length + missing.length,
    missing: missing.map((key) => ({ key, label: completenessLabelOf(key), field: FIELD_OF_ELEMENT[key] })),
  };
}
export type CompletenessReviewView = ReturnType<typeof completenessReviewView>;
