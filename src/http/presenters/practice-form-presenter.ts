// The view model of the practice form: every choice with its label and whether it is ticked, the
// municipalities grouped by province, and each field's error message.
import { MUNICIPALITIES } from '../../domain/municipalities.js';
import { LIFE_DOMAINS, PROVINCES, SCALES, TARGET_GROUPS, THEMES, type Term } from '../../domain/vocabulary.js';
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
