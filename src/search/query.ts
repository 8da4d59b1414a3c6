// From a user's text to scored practices, over one index or several searched as one (the main index
// and the small index of recent changes). User text never reaches Lunr's query parser: every word is
// analysed by the Dutch pipeline and expanded against the indexes' own vocabulary (exact, prefix, and
// fuzzy only for words no index knows), so no string can throw or turn into a costly leading wildcard.
//
// Scoring is lunr.Index#query's for a query of optional terms: a practice's score is the dot product of
// the query vector (each term's boost) with its BM25 term weights, divided by the query vector's length.
// Here the query vector is the same for every index searched together, so their scores compare.
import { indexTermOf, wordsOf } from './dutch-pipeline.js';
import type { Layer, LayeredOutcome, SearchHit } from './search-types.js';

const TERM_BOOST = { exact: 10, prefix: 3, fuzzy: 1 } as const;
const MAX_WORDS = 12;
const MAX_WORD_LENGTH = 40;
const MIN_PREFIX_LENGTH = 3;
const MIN_FUZZY_LENGTH = 4;
const MAX_FUZZY2_LENGTH = 20;

/** The distinct index terms of a user's query text, in order, bounded in number and length. */
export function queryTermsOf(text: string): string[] {
  const terms: string[] = [];
  for (const { word } of wordsOf(text)) {
    const term = indexTermOf(word.slice(0, MAX_WORD_LENGTH));
    if (term && !terms.includes(term)) terms.push(term);
    if (terms.length === MAX_WORDS) break;
  }
  return terms;
}

/** The index terms that count as a match for one word of the query, with their boosts. */
function expand(layers: readonly Layer[], word: string): Map<string, number> {
  const group = new Map<string, number>();
  const add = (terms: string[], boost: number) => {
    for (const t of terms) group.set(t, Math.max(boost, group.get(t) ?? 0));
  };
  if (layers.some((l) => l.index.has(word))) add([word], TERM_BOOST.exact);
  if (word.length >= MIN_PREFIX_LENGTH) for (const l of layers) add(l.index.termsStartingWith(word), TERM_BOOST.prefix);
  // Fuzzy only for a word no index knows, not even as the start of a term: a known word is never "corrected".
  if (group.size === 0 && word.length >= MIN_FUZZY_LENGTH) {
    // Two edits for long words, but not beyond MAX_FUZZY2_LENGTH, where near misses are noise.
    const distance = word.length >= 8 && word.length <= MAX_FUZZY2_LENGTH ? 2 : 1;
    for (const l of layers) add(l.index.termsNear(word, distance), TERM_BOOST.fuzzy);
  }
  return group;
}

const NOTHING: LayeredOutcome = { slots: new Int32Array(0), scores: new Float64Array(0), allWords: true, empty: false, terms: [], boosts: [] };

/** Searches the layers as one index of `slotCount` slots: every word, or any word when none holds them all. */
export function searchLayers(layers: readonly Layer[], slotCount: number, text: string): LayeredOutcome {
  const words = queryTermsOf(text);
  if (words.length === 0) return { ...NOTHING, empty: true };

  // Each distinct term once, with its highest boost and the words (bits) it stands for.
  const clauses = new Map<string, { boost: number; words: number }>();
  words.forEach((word, i) => {
    for (const [term, boost] of expand(layers, word)) {
      const clause = clauses.get(term);
      clauses.set(term, { boost: Math.max(boost, clause?.boost ?? 0), words: (clause?.words ?? 0) | (1 << i) });
    }
  });
  if (clauses.size === 0) return NOTHING;
  let squares = 0;
  for (const { boost } of clauses.values()) squares += boost * boost;
  const norm = Math.sqrt(squares);

  const scores = new Float64Array(slotCount);
  const found = new Uint16Array(slotCount);
  const touched: number[] = [];
  for (const { index, slotOf } of layers) {
    for (const [term, { boost, words: bits }] of clauses) {
      const t = index.termIndexOf(term);
      if (t < 0) continue;
      const { docs, weights } = index;
      for (let p = index.offsets[t]!, end = index.offsets[t + 1]!; p < end; p++) {
        const slot = slotOf ? slotOf[docs[p]!]! : docs[p]!;
        if (slot < 0) continue;
        if (found[slot] === 0) touched.push(slot);
        found[slot] = found[slot]! | bits;
        scores[slot] = scores[slot]! + boost * weights[p]!;
      }
    }
  }
  const every = (1 << words.length) - 1;
  const withAll = touched.filter((slot) => found[slot] === every);
  const allWords = withAll.length > 0 || touched.length === 0;
  const slots = Int32Array.from(allWords ? withAll : touched);
  return { slots, scores: Float64Array.from(slots, (slot) => scores[slot]! / norm), allWords, empty: false, terms: [...clauses.keys()], boosts: [...clauses.values()].map((c) => c.boost) };
}

/** The terms of an outcome that the practice in `slot` holds: what its snippet marks. */
export function matchedTermsOf(layers: readonly Layer[], terms: readonly string[], slot: number): Set<string> {
  const matched = new Set<string>();
  for (const { index, slotOf, docOf } of layers) {
    const doc = docOf ? docOf[slot]! : slot;
    if (doc < 0 || doc >= index.size || (slotOf && slotOf[doc] !== slot)) continue;
    for (const term of terms) {
      const t = index.termIndexOf(term);
      if (t >= 0 && index.holds(t, doc)) matched.add(term);
    }
  }
  return matched;
}

/** A whole outcome as hits sorted best first, for a single index (tests, small uses). */
export function hitsOf(layers: readonly Layer[], outcome: LayeredOutcome, idOf: (slot: number) => number): SearchHit[] {
  return Array.from(outcome.slots, (slot, i) => ({ slot, score: outcome.scores[i]! }))
    .sort((a, b) => b.score - a.score || a.slot - b.slot)
    .map(({ slot, score }) => ({ id: idOf(slot), score, matchedTerms: matchedTermsOf(layers, outcome.terms, slot) }));
}
