// What a practice's hidden aliases field holds: the parts of its compounds and its hyphenated words
// joined (compound-aliases.ts), so 'armoede bij kinderen' finds 'kinderarmoede' and 'oost vlaanderen'
// finds 'Oost-Vlaanderen'. Synonyms are not indexed: a search applies them (synonym-set.ts), so a
// moderator's edit of the list counts at once, without rebuilding the index.
import { compoundAliasesOf } from './compound-aliases.js';

/** The aliases of a practice's text. */
export function aliasesOf(text: string): string {
  return compoundAliasesOf(text);
}
