// Where a practice runs, in words, for lists that name it in one cell: the moderation queue, the
// look-alikes beside the submission form. One rule, so a provincial practice never reads "Vlaanderen".
import { type Practice, provincesOf } from '../../domain/practice.js';
import { municipalityByCode } from '../../domain/municipalities.js';
import { PROVINCES, labelOf } from '../../domain/vocabulary.js';

/** Its municipalities, else its provinces, else "heel Vlaanderen". */
export function placeOf(practice: Pick<Practice, 'municipalities' | 'provinces'>): string {
  if (practice.municipalities.length > 0) return practice.municipalities.map((c) => municipalityByCode(c)?.name ?? c).join(', ');
  const provinces = provincesOf(practice);
  return provinces.length > 0 ? provinces.map((p) => `provincie ${labelOf(PROVINCES, p)}`).join(', ') : 'heel Vlaanderen';
}
