// Text search while no usable index exists (first start, or too many changes for the small index): the
// index term of every word as the start of a word of the title, summary or tags (accents folded),
// weighted like those fields in the index. Slower and rougher than the index, but complete, and only
// for the seconds until the first index is built.
import { foldAccents, wordsOf } from './dutch-pipeline.js';
import { queryTermsWithWrittenOf } from './query.js';
import { FIELD_BOOSTS, type SearchDocument } from './search-document.js';
import type { LayeredOutcome } from './search-types.js';

const SCANNED_FIELDS = ['title', 'summary', 'tags'] as const;
const WEIGHTS = SCANNED_FIELDS.map((field) => FIELD_BOOSTS[field]);

// A word is found by its index term or by itself as typed at the start of a written word: a stem is
// not always a prefix of its word ('onthaal' is stemmed 'onthal'), the word as typed is.

// The scanned fields of a document as ' word word …', folded once per document.
const foldedFields = new WeakMap<SearchDocument, string[]>();

/** Searches the documents in slots 0 .. count - 1: every word, or any word when none holds them all. */
export function scanDocuments(count: number, documentOf: (slot: number) => SearchDocument, text: string): LayeredOutcome {
  const words = queryTermsWithWrittenOf(text);
  const terms = words.map((w) => w.term);
  if (terms.length === 0) return { slots: new Int32Array(0), scores: new Float64Array(0), allWords: true, empty: true, terms: [], boosts: [], corrections: [] };
  const needles = words.map(({ term, written }) => (term === written ? [` ${term}`] : [` ${term}`, ` ${written}`]));
  const every = (1 << terms.length) - 1;
  const all: { slot: number; score: number; found: number }[] = [];
  for (let slot = 0; slot < count; slot++) {
    const doc = documentOf(slot);
    let fields = foldedFields.get(doc);
    if (!fields) {
      fields = SCANNED_FIELDS.map((field) => ` ${[...wordsOf(foldAccents(doc[field]))].map((w) => w.word).join(' ')}`);
      foldedFields.set(doc, fields);
    }
    let score = 0;
    let found = 0;
    needles.forEach((needle, i) => {
      fields.forEach((field, f) => {
        if (needle.some((n) => field.includes(n))) {
          score += WEIGHTS[f]!;
          found |= 1 << i;
        }
      });
    });
    if (found !== 0) all.push({ slot, score, found });
  }
  const withAll = all.filter((hit) => hit.found === every);
  const allWords = withAll.length > 0 || all.length === 0;
  const chosen = allWords ? withAll : all;
  return { slots: Int32Array.from(chosen, (h) => h.slot), scores: Float64Array.from(chosen, (h) => h.score), allWords, empty: false, terms, boosts: terms.map(() => 1), corrections: [] };
}
