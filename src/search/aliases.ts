// Synonyms are applied when indexing: a practice that mentions 'CAW' also gets 'centrum algemeen
// welzijnswerk' in a hidden field, and the other way round, so queries stay simple single words.
import { indexTermOf, wordsOf } from './dutch-pipeline.js';
import { SYNONYM_GROUPS } from './synonyms.js';

function termSequence(text: string): string {
  const terms: string[] = [];
  for (const { word } of wordsOf(text)) {
    const term = indexTermOf(word);
    if (term) terms.push(term);
  }
  return terms.join(' ');
}

const groups = SYNONYM_GROUPS.map((group) => group.map((phrase) => ({ phrase, terms: ` ${termSequence(phrase)} ` })));

/** The synonyms of every phrase of the synonym list that the text contains, as one string to index. */
export function aliasesOf(text: string): string {
  const haystack = ` ${termSequence(text)} `;
  const aliases: string[] = [];
  for (const group of groups) {
    if (group.some((member) => haystack.includes(member.terms))) {
      aliases.push(...group.filter((member) => !haystack.includes(member.terms)).map((member) => member.phrase));
    }
  }
  return aliases.join('\n');
}
