// The evidence ladder ("stand van de praktijk") in words a reader understands: what each rung asks,
// for the page that explains it and for the practice page that names a practice's rung.
import { EVIDENCE_LEVELS, type EvidenceLevel } from '../../domain/vocabulary.js';

interface EvidenceLevelText {
  /** What a practice must show to stand on this rung. */
  readonly criterion: string;
  /** What that looks like in a practice. */
  readonly example: string;
}

export const EVIDENCE_LEVEL_TEXTS: Record<EvidenceLevel, EvidenceLevelText> = {
  beschreven: {
    criterion: 'De aanpak is zo beschreven dat een andere gemeente ze kan volgen: wie doet wat, voor wie, met welke stappen.',
    example: 'Bijvoorbeeld: een beschrijving van de stappen van een buurtgericht onthaal, met de partners en de taakverdeling.',
  },
  onderbouwd: {
    criterion:
      'De praktijk legt uit waarom ze zou moeten werken: ze noemt haar werkzame elementen, steunt op een theorie of op resultaten van gelijkaardige aanpakken elders.',
    example: 'Bijvoorbeeld: outreachend werken omdat onderzoek toont dat mensen in armoede diensten vaak niet zelf vinden.',
  },
  geevalueerd: {
    criterion: 'Er is een evaluatie met resultaten beschikbaar, intern of door een externe partner: wat bereikte de praktijk, en wat niet?',
    example: 'Bijvoorbeeld: een evaluatierapport met het aantal bereikte gezinnen en wat zij over de ondersteuning zeggen.',
  },
  overgenomen: {
    criterion: 'Een andere gemeente of organisatie heeft de praktijk overgenomen en voert ze ook uit.',
    example: 'Bijvoorbeeld: een aanpak van één stad die nu ook in twee buurgemeenten loopt.',
  },
};

/** The rungs of the ladder, lowest first, with their label and criterion, for the page that explains them. */
export function evidenceLevelsView() {
  return EVIDENCE_LEVELS.map((level) => ({ value: level.value, label: level.label, ...EVIDENCE_LEVEL_TEXTS[level.value] }));
}
