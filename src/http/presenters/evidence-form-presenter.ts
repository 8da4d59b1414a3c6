// The moderators' form "Stand van de praktijk": the rungs with their criteria, what the practice's
// content supports, the current judgement, and what a moderator typed when it was refused.
import { completenessLabelOf, completenessOf } from '../../domain/completeness.js';
import { EVIDENCE_CRITERIA, NOT_JUDGED, NOT_JUDGED_LABEL, highestSupported, missingFor } from '../../domain/evidence.js';
import type { Practice } from '../../domain/practice.js';
import { EVIDENCE_LEVELS, labelOf } from '../../domain/vocabulary.js';
import { EVIDENCE_LEVEL_TEXTS } from './evidence-presenter.js';
import { paths } from '../../paths.js';
import { beheerPaths } from '../beheer-paths.js';
import { dutchDayAndTimeOf } from '../../domain/calendar.js';
import { adoptionsOnPage } from './adoption-presenter.js';

/** What the moderator sent when the judgement was refused: shown again, with a message per field. */
export interface EvidenceFormState {
  readonly level: string;
  readonly justification: string;
  readonly errors: { readonly level?: string | undefined; readonly justification?: string | undefined };
}


export function evidenceFormView(practice: Practice, state?: EvidenceFormState) {
  const chosen = state?.level ?? practice.evidence?.level ?? NOT_JUDGED;
  const supported = highestSupported(practice);
  const completeness = completenessOf(practice);
  // An approved "wij doen dit ook" adoption names the other municipality, confirmed from its address.
  const adoptions = adoptionsOnPage(practice.adoptions);
  const adoptedBy = adoptions.length ? adoptions.map((a) => `${a.name} (sinds ${a.since})`).join(', ') : undefined;
  return {
    action: beheerPaths.evidence(practice.id),
    ladderHref: paths.evidenceLevels(),
    current: practice.evidence
      ? {
          label: labelOf(EVIDENCE_LEVELS, practice.evidence.level),
          justification: practice.evidence.justification,
          at: dutchDayAndTimeOf(new Date(practice.evidence.decidedAt)),
          iso: practice.evidence.decidedAt,
        }
      : undefined,
    options: [
      { value: NOT_JUDGED, label: NOT_JUDGED_LABEL, criterion: 'Er is nog niet beslist hoe goed deze praktijk onderbouwd is.', judgement: undefined, missing: [] as string[] },
      ...EVIDENCE_CRITERIA.map((c) => ({ value: c.level, label: c.label, criterion: EVIDENCE_LEVEL_TEXTS[c.level].criterion, judgement: c.judgement, missing: missingFor(c.level, practice) })),
    ].map((o) => ({ ...o, checked: o.value === chosen, adoptedBy: o.value === 'overgenomen' ? adoptedBy : undefined })),
    supportedLabel: supported ? labelOf(EVIDENCE_LEVELS, supported) : undefined,
    present: completeness.present.map(completenessLabelOf),
    missing: completeness.missing.map(completenessLabelOf),
    justification: state?.justification ?? '',
    errors: state?.errors ?? {},
  };
}

export type EvidenceFormView = ReturnType<typeof evidenceFormView>;

/** The error summary's entries for a refused judgement, linked to the fields of views/beheer/partials/evidence.ejs. */
export function evidenceErrorSummary(state: EvidenceFormState | undefined): { field: string; message: string }[] {
  if (!state) return [];
  const { level, justification } = state.errors;
  return [...(level ? [{ field: 'evidence-level', message: level }] : []), ...(justification ? [{ field: 'evidence-justification', message: justification }] : [])];
}
