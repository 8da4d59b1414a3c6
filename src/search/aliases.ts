// Synonyms are applied when indexing: a practice that mentions 'CAW' also gets 'centrum algemeen
// welzijnswerk' in a hidden field, and the other way round, so queries stay simple single words.
import { termsOf } from './dutch-pipeline.js';
import { SYNONYM_GROUPS } from './synonyms.js';

function termSequence(text: string): string {
  return termsOf(text).join(' ');
}

const groups = SYNONYM_GROUPS.map((group) => group.map((phrase) => ({ phrase, terms: ` ${termSequence(phrase)} ` })));

/** The synonyms of every phrase of the synonym list that the text contains, as one string to index. */
export function aliasesOf(text: string): string {
  return aliasesOfTerms(termSequence(text).split(' '));
}

/** The same, for a text already analysed into its index terms (the index builder has them at hand). */
export function aliasesOfTerms(terms: readonly string[]): string {
  const haystack = ` ${terms.join(' ')} `;
  const aliases: string[] = [];
  for (const group of groups) {
    if (group.some((member) => haystack.includes(member.terms))) {
      aliases.push(...group.filter((member) => !haystack.includes(member.terms)).map((member) => member.phrase));
    }
  }
  return aliases.join('\n');
}
