// Words of a query found side by side in a practice's title or summary say more than the same words
// scattered: 'breed onthaal' in a title is what the user meant; 'breed' here and 'onthaal' there
// perhaps not. The index keeps no positions, so this reads the text of the few best practices.
import { termsOf } from './dutch-pipeline.js';
import { queryTermsOf } from './query.js';

/** The pairs of neighbouring words of a query, as index terms ('a b'); empty for a single word. */
export function adjacentPairsOf(text: string): string[] {
  const terms = queryTermsOf(text);
  const pairs: string[] = [];
  for (let i = 1; i < terms.length; i++) pairs.push(`${terms[i - 1]} ${terms[i]}`);
  return pairs;
}

/** The share (0 to 1) of the query's neighbouring pairs that stand side by side in the text. */
export function sideBySideShare(pairs: readonly string[], text: string): number {
  if (pairs.length === 0) return 0;
  const terms = termsOf(text);
  const present = new Set<string>();
  for (let i = 1; i < terms.length; i++) present.add(`${terms[i - 1]} ${terms[i]}`);
  return pairs.filter((pair) => present.has(pair)).length / pairs.length;
}
