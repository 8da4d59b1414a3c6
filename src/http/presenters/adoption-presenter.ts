// What the "wij doen dit ook" pages show: the form's fields and errors, the municipalities by province,
// the moderators' list. The adopter's address is never picked: the moderators see only its domain.
import type { ZodError } from 'zod';
import { ADOPTION_FIELDS, type Adoption, type AdoptionField } from '../../domain/adoptions.js';
import { dutchDayAndTimeOf } from '../../domain/calendar.js';
import { MUNICIPALITIES, municipalityByCode } from '../../domain/municipalities.js';
import type { Practice, PracticeAdoption } from '../../domain/practice.js';
import { PROVINCES } from '../../domain/vocabulary.js';
import { paths } from '../../paths.js';
import { beheerPaths } from '../beheer-paths.js';

export type AdoptionFormValues = Partial<Record<AdoptionField, string>>;

export interface FormError {
  readonly field: string;
  readonly message: string;
}

/** The typed values as they came, for the form to show again; anything else than text becomes empty. */
export function adoptionFormValues(body: unknown): AdoptionFormValues {
  const record = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return Object.fromEntries(ADOPTION_FIELDS.map((f) => [f, typeof record[f] === 'string' ? (record[f]).slice(0, 2000) : '']));
}

/** One message per field, the first; in the order of the form. The honeypot's goes to the first field. */
export function adoptionFormErrors(error: ZodError): FormError[] {
  const byField = new Map<string, string>();
  for (const issue of error.issues) {
    const name = String(issue.path[0] ?? 'municipality');
    const field = (ADOPTION_FIELDS as readonly string[]).includes(name) ? name : 'municipality';
    if (!byField.has(field)) byField.set(field, issue.message);
  }
  return ADOPTION_FIELDS.filter((f) => byField.has(f)).map((f) => ({ field: f, message: byField.get(f) ?? '' }));
}

export function adoptionFormView(practice: Practice, values: AdoptionFormValues, errors: readonly FormError[], thisYear: number) {
  const own = new Set(practice.municipalities);
  return {
    title: practice.title,
    practiceHref: paths.practice(practice.slug),
    action: paths.adopt(practice.slug),
    thisYear,
    values,
    errors,
    error: (field: string) => errors.find((e) => e.field === field)?.message,
    ownMunicipalities: practice.municipalities.map((code) => municipalityByCode(code)?.name ?? code),
    // Every Flemish municipality but the practice's own, per province: an <optgroup> each, no JavaScript needed.
    municipalityGroups: PROVINCES.map((p) => ({
      label: p.label,
      options: MUNICIPALITIES.filter((m) => m.province === p.value && !own.has(m.nisCode)).map((m) => ({ value: m.nisCode, label: m.name, selected: values.municipality === m.nisCode })),
    })).filter((g) => g.options.length > 0),
  };
}
export type AdoptionFormView = ReturnType<typeof adoptionFormView>;

const nameOf = (code: string) => municipalityByCode(code)?.name ?? code;

/** "Gemeente X (sinds 2025)" items for the practice page, each linking to the search on that adopter. */
export function adoptionsOnPage(adoptions: readonly PracticeAdoption[] | undefined) {
  return (adoptions ?? []).map((a) => ({ name: nameOf(a.nisCode), since: a.since, href: paths.practices({ adoptedBy: a.nisCode }) }));
}

export interface AdoptionReviewRow {
  readonly id: number;
  readonly municipality: string;
  readonly since: number;
  readonly note: string | undefined;
  readonly emailDomain: string;
  readonly practiceTitle: string;
  readonly practiceHref: string | undefined;
  readonly reviewHref: string;
  readonly action: string;
  readonly confirmedAt: string | undefined;
  readonly decided: { readonly approved: boolean; readonly at: string; readonly by: string | undefined; readonly reason: string | undefined } | undefined;
}

export function adoptionReviewRow(adoption: Adoption, practice: Practice | undefined): AdoptionReviewRow {
  return {
    id: adoption.id,
    municipality: nameOf(adoption.nisCode),
    since: adoption.since,
    note: adoption.note,
    emailDomain: adoption.emailDomain,
    practiceTitle: practice?.title ?? `Praktijk ${adoption.practiceId}`,
    practiceHref: practice?.status === 'published' ? paths.practice(practice.slug) : undefined,
    reviewHref: beheerPaths.practice(adoption.practiceId),
    action: beheerPaths.adoptionDecision(adoption.id),
    confirmedAt: adoption.confirmedAt && dutchDayAndTimeOf(new Date(adoption.confirmedAt)),
    decided:
      adoption.decidedAt === undefined
        ? undefined
        : { approved: adoption.status === 'approved', at: dutchDayAndTimeOf(new Date(adoption.decidedAt)), by: adoption.moderatorEmail, reason: adoption.reason },
  };
}
