// The "stand van de praktijk": a ladder of four rungs, decided by a moderator with a justification.
// What each rung needs of a practice's content lives here, as rules; the criteria in a reader's words are
// EVIDENCE_LEVEL_TEXTS (http/presenters/evidence-presenter.ts), shown by the public page and the form alike.
// A rung is refused when the practice's own content does not hold what the rung needs.
import { z } from 'zod';
import { type EvidenceJudgement, type PracticeInput, cleanString } from './practice.js';
import { EVIDENCE_LEVELS, type EvidenceLevel, labelOf, valuesOf } from './vocabulary.js';

/** What a rung needs of the content, checkable by a program; the rest is the moderator's judgement. */
interface Requirement {
  /** Dutch, as a moderator reads it in "ontbreekt: ...". */
  readonly label: string;
  readonly holds: (practice: PracticeInput) => boolean;
}

const DESCRIBED: Requirement = { label: 'een beschrijving van de aanpak', holds: (p) => p.sections.aanpak !== undefined };
const WORKING_ELEMENTS: Requirement = { label: 'de werkzame elementen', holds: (p) => p.workingElements !== undefined };
const EVALUATED: Requirement = {
  label: 'een interne of externe evaluatie met een samenvatting of een verslag',
  holds: (p) => (p.evaluation.kind === 'intern' || p.evaluation.kind === 'extern') && (p.evaluation.summary !== undefined || p.evaluation.url !== undefined),
};

export interface EvidenceCriterion {
  readonly level: EvidenceLevel;
  readonly label: string;
  /** What the moderator checks beyond the content's fields, and names in the justification. */
  readonly judgement: string;
  /** Checked on the content; every rung also needs those below it: it is a ladder. */
  readonly requires: readonly Requirement[];
}

/** The ladder, lowest rung first. */
export const EVIDENCE_CRITERIA: readonly EvidenceCriterion[] = [
  {
    level: 'beschreven',
    label: labelOf(EVIDENCE_LEVELS, 'beschreven'),
    judgement: 'Kan iemand die de praktijk niet kent, met deze beschrijving aan de slag?',
    requires: [DESCRIBED],
  },
  {
    level: 'onderbouwd',
    label: labelOf(EVIDENCE_LEVELS, 'onderbouwd'),
    judgement: 'Volgen de werkzame elementen uit de aanpak, en is de uitleg meer dan een opsomming van goede bedoelingen?',
    requires: [DESCRIBED, WORKING_ELEMENTS],
  },
  {
    level: 'geevalueerd',
    label: labelOf(EVIDENCE_LEVELS, 'geevalueerd'),
    judgement: 'Zegt de evaluatie iets over de resultaten, en niet alleen over hoe de praktijk verliep?',
    requires: [DESCRIBED, WORKING_ELEMENTS, EVALUATED],
  },
  {
    level: 'overgenomen',
    label: labelOf(EVIDENCE_LEVELS, 'overgenomen'),
    judgement: 'Noem in de motivering welke gemeente ze overnam, en waar dat te lezen staat.',
    requires: [DESCRIBED, WORKING_ELEMENTS, EVALUATED],
  },
];

/** The form's value for "nog niet beoordeeld": clears the judgement. */
export const NOT_JUDGED = 'geen';
export const NOT_JUDGED_LABEL = 'Nog niet beoordeeld';

export const MAX_JUSTIFICATION = 1000;

/** What the moderators' form sends: a rung (or none) and why. */
export const evidenceFormSchema = z.object({
  level: z.enum([...valuesOf(EVIDENCE_LEVELS), NOT_JUDGED], { error: 'Kies een stand van de praktijk, of ‘nog niet beoordeeld’.' }),
  justification: cleanString({ error: 'Motiveer uw keuze in een paar zinnen.' })
    .min(1, { error: 'Motiveer uw keuze in een paar zinnen: de lezer van de praktijk ziet ze.' })
    .max(MAX_JUSTIFICATION, { error: `De motivering mag hoogstens ${MAX_JUSTIFICATION} tekens lang zijn.` }),
});
export type EvidenceForm = z.infer<typeof evidenceFormSchema>;

/** What of a rung's requirements the content lacks (empty: the content supports the rung). */
export function missingFor(level: EvidenceLevel, practice: PracticeInput): string[] {
  const criterion = EVIDENCE_CRITERIA.find((c) => c.level === level);
  return (criterion?.requires ?? []).filter((r) => !r.holds(practice)).map((r) => r.label);
}

/**
 * The highest rung the content alone supports; undefined when not even a description of the approach is
 * there. Never 'overgenomen': that another municipality runs it is a fact outside the record.
 */
export function highestSupported(practice: PracticeInput): EvidenceLevel | undefined {
  return EVIDENCE_CRITERIA.filter((c) => c.level !== 'overgenomen' && missingFor(c.level, practice).length === 0).at(-1)?.level;
}

/**
 * The form's rules for one practice: the shape above, and no rung its content does not support. The
 * single source of the judgement's validation and its Dutch messages.
 */
export function evidenceJudgementSchema(practice: PracticeInput) {
  return evidenceFormSchema.superRefine((form, ctx) => {
    if (form.level === NOT_JUDGED) return;
    const missing = missingFor(form.level, practice);
    if (missing.length === 0) return;
    ctx.addIssue({
      code: 'custom',
      path: ['level'],
      message: `‘${labelOf(EVIDENCE_LEVELS, form.level)}’ past niet bij wat de praktijk nu bevat: ${missing.join(', ')} ontbreekt. Vul de praktijk eerst aan (Bewerken), of kies een lagere stand.`,
    });
  });
}

/** The judgement to store for a valid form at a moment; undefined clears it. */
export function judgementOf(form: EvidenceForm, decidedAt: string): EvidenceJudgement | undefined {
  return form.level === NOT_JUDGED ? undefined : { level: form.level, justification: form.justification, decidedAt };
}
