// What a practice's hidden aliases field holds: the parts of its compounds and its hyphenated words
// joined (compound-aliases.ts), and the synonyms of its words and of those parts (synonyms.ts): a
// practice that mentions 'CAW' also gets 'centrum algemeen welzijnswerk', one that mentions
// 'ouderenzorg' gets 'ouder zorg' and so 'senioren'. Queries stay simple words.
import { compoundAliasesOf } from './compound-aliases.js';
import { termsOf } from './dutch-pipeline.js';
import { SYNONYM_GROUPS } from './synonyms.js';

function termSequence(text: string): string {
  return termsOf(text).join(' ');
}

const groups = SYNONYM_GROUPS.map((group) => group.map((phrase) => ({ phrase, terms: ` ${termSequence(phrase)} ` })));

/** The aliases of a text: its compounds' parts and joined hyphenated words, then the synonyms of all. */
export function aliasesOf(text: string): string {
  return aliasesOfTerms(termSequence(text).split(' '), text);
}

/** The same, for a text whose index terms are at hand (the index builder has them). */
export function aliasesOfTerms(terms: readonly string[], text: string): string {
  const compounds = compoundAliasesOf(text);
  const haystack = ` ${terms.join(' ')} ${termSequence(compounds)} `;
  const aliases: string[] = compounds === '' ? [] : [compounds];
  for (const group of groups) {
    if (group.some((member) => haystack.includes(member.terms))) {
      aliases.push(...group.filter((member) => !haystack.includes(member.terms)).map((member) => member.phrase));
    }
  }
  return aliases.join('\n');
}
