// From a user's text to scored practices, over one index or several searched as one (the main index
// and the small index of recent changes). User text never reaches Lunr's query parser: every word is
// analysed by the Dutch pipeline and expanded against the indexes' own vocabulary, so no string can
// throw or turn into a costly leading wildcard. For each word, in this order:
//   1. its term, exactly, and the terms that start with it or with the word as typed (prefixes);
//   2. when the index knows neither: its parts, when it is a compound of words the index knows
//      ('kinderarmoede' → 'kinder' + 'armoede'), each part then required;
//   3. when the index knows neither: the written words and terms one or two typing errors away, matched
//      on the word as typed ('gezinscoahces' → 'gezinscoaches'), before stemming spoils it;
// a word or run of words that is a member of a synonym group is also searched as the other members
// ('senioren' → 'ouderen'), and adjacent words are tried joined ('woon zorg centrum' →
// 'woonzorgcentrum'). A known word is never corrected.
//
// Scoring is lunr.Index#query's for a query of optional terms: a practice's score is the dot product of
// the query vector (each term's boost) with its BM25 term weights, divided by the query vector's length.
// Here the query vector is the same for every index searched together, so their scores compare. When no
// practice holds every word, practices holding more of the words come first, then by score.
import { compoundPartsOf } from './compound-aliases.js';
import { splitCompound } from './decompound.js';
import { isDutchWordForm } from './lexicon.js';
import { MUNICIPALITIES } from '../domain/municipalities.js';
import { PROVINCES } from '../domain/vocabulary.js';
import { foldAccents, indexTermOf, wordsOf } from './dutch-pipeline.js';
import { fuzzyTerms } from './fuzzy.js';
import type { Correction, Layer, LayeredOutcome, SearchHit } from './search-types.js';
import { MAX_MEMBER_WORDS, SynonymSet } from './synonym-set.js';

const TERM_BOOST = { exact: 10, part: 6, synonym: 5, prefix: 3, fuzzy: 1 } as const;
const MAX_WORDS = 12;
const MAX_WORD_LENGTH = 40;
const MIN_PREFIX_LENGTH = 3;
const MIN_FUZZY_LENGTH = 4;
/** A part of a compound this long may also be the start of a known word. */
const MIN_PREFIX_PART_LENGTH = 5;
const MAX_FUZZY2_LENGTH = 20;
/** Up to this many adjacent words are tried as one ('woon zorg centrum'). */
const MAX_JOINED = 3;
/**
 * Without a practice holding every word, each word a practice holds adds this to its score: far above
 * any score of the terms, so more words always rank first, and the same for every layer.
 */
export const WORD_RANK = 1e6;
/** The bits of a query: words, and the parts of split compounds. */
const MAX_BITS = 31;

/** The distinct index terms of a user's query text, in order, bounded in number and length. */
export function queryTermsOf(text: string): string[] {
  const terms: string[] = [];
  for (const { term } of queryWordsOf(text)) {
    if (!terms.includes(term)) terms.push(term);
  }
  return terms;
}

/** Each index term of a query with the first word as typed (folded) that gave it: what a scan of written text looks for. */
export function queryTermsWithWrittenOf(text: string): { readonly term: string; readonly written: string }[] {
  const seen = new Map<string, string>();
  for (const { term, written } of queryWordsOf(text)) if (!seen.has(term)) seen.set(term, written);
  return [...seen].map(([term, written]) => ({ term, written }));
}

interface QueryWord {
  /** As typed, folded (lower case, no accents), at most MAX_WORD_LENGTH letters. */
  readonly written: string;
  readonly term: string;
  /** Words joined by hyphens ('Oost-Vlaanderen') are one unit of the query: found together or not at all. */
  readonly unit: number;
}

/** The words of a query that the index can use (stop words dropped), at most MAX_WORDS. */
function queryWordsOf(text: string): QueryWord[] {
  const words = wordsWithUnitsOf(text);
  // A place name of several words is one unit however it is typed: 'oost vlaanderen', 'Sint Niklaas'.
  for (let i = 0; i < words.length; i++) {
    for (let length = Math.min(MAX_PLACE_WORDS, words.length - i); length >= 2; length--) {
      const run = words.slice(i, i + length);
      if (!placeNames().has(run.map((w) => w.written).join(' '))) continue;
      const unit = run[0]!.unit;
      for (let j = i; j < i + length; j++) words[j] = { ...words[j]!, unit };
      i += length - 1;
      break;
    }
  }
  return words;
}

const MAX_PLACE_WORDS = 4;
let places: Set<string> | undefined;

/** The names of provinces and municipalities of more than one word, as their query words. */
function placeNames(): Set<string> {
  places ??= new Set(
    [...PROVINCES.map((p) => p.label), ...MUNICIPALITIES.map((m) => m.name)]
      .map((name) => wordsWithUnitsOf(name).map((w) => w.written))
      .filter((words) => words.length >= 2)
      .map((words) => words.join(' ')),
  );
  return places;
}

function wordsWithUnitsOf(text: string): QueryWord[] {
  const words: QueryWord[] = [];
  let unit = -1;
  let previousEnd = -2;
  for (const { word, start, end } of wordsOf(text)) {
    const hyphenated = start === previousEnd + 1 && text[previousEnd] === '-';
    previousEnd = end;
    if (!hyphenated) unit++;
    const cut = word.slice(0, MAX_WORD_LENGTH);
    const term = indexTermOf(cut);
    if (term === undefined) continue;
    words.push({ written: foldAccents(cut), term, unit });
    if (words.length === MAX_WORDS) break;
  }
  return words;
}

/**
 * What identifies a query for the cache of recent results: its words as typed (folded), in order, with
 * the hyphens that bind them. Two texts with one key give the same outcome.
 */
export function queryKeyOf(text: string): string {
  const words = queryWordsOf(text);
  return words.map((w, i) => (i > 0 && words[i - 1]!.unit === w.unit ? `-${w.written}` : ` ${w.written}`)).join('');
}

class Clauses {
  /** Each distinct term once, with its highest boost and the bits it stands for. */
  readonly byTerm = new Map<string, { boost: number; bits: number }>();

  add(term: string, boost: number, bits: number): void {
    const clause = this.byTerm.get(term);
    this.byTerm.set(term, { boost: Math.max(boost, clause?.boost ?? 0), bits: (clause?.bits ?? 0) | bits });
  }
}

const knownIn = (layers: readonly Layer[], term: string) => layers.some((l) => l.index.has(term));

/** Two edits for long words, but not beyond MAX_FUZZY2_LENGTH, where near misses are noise. */
function fuzzyDistanceOf(word: string): number {
  return word.length >= 8 && word.length <= MAX_FUZZY2_LENGTH ? 2 : 1;
}

/** The fuzzy candidates of a word over all layers, nearest first, then the most used. */
function nearWords(layers: readonly Layer[], word: QueryWord, distance: number, termDistance = distance): { word: string; term: string; distance: number; documents: number }[] {
  const found = new Map<string, { word: string; term: string; distance: number; documents: number }>();
  for (const { index } of layers) {
    for (const near of index.wordsNear(word.written, distance)) {
      const t = index.termIndexOf(near.term);
      const documents = t < 0 ? 0 : index.documentCount(t);
      const known = found.get(near.word);
      found.set(near.word, { ...near, distance: editDistance(word.written, near.word), documents: documents + (known?.documents ?? 0) });
    }
    for (const term of index.termsNear(word.term, termDistance)) {
      if (![...found.values()].some((f) => f.term === term)) {
        const t = index.termIndexOf(term);
        if (t < 0) continue;
        found.set(`term:${term}`, { word: index.writtenWordOf(t) ?? term, term, distance: editDistance(word.term, term), documents: index.documentCount(t) });
      }
    }
  }
  return [...found.values()].sort((a, b) => a.distance - b.distance || b.documents - a.documents || (a.word < b.word ? -1 : 1));
}

/** Searches the layers as one index of `slotCount` slots: every word, or as many words as any practice holds. */
export function searchLayers(layers: readonly Layer[], slotCount: number, text: string, synonyms: SynonymSet = SynonymSet.NONE): LayeredOutcome {
  const words = queryWordsOf(text);
  if (words.length === 0) return { ...NOTHING, empty: true };

  const clauses = new Clauses();
  const corrections: Correction[] = [];
  const wordBits: number[] = [];
  // The term each word is compared with the synonym list as: its own, or what a typo of a member meant.
  const synonymTerms = words.map((w) => w.term);
  // Other ways to find a unit of the query: all of the bits of one alternative (synonyms, compound parts).
  const alternatives = new Map<number, number[]>();
  const addAlternative = (unit: number, terms: readonly string[]) => {
    if (nextBit + terms.length > MAX_BITS) return;
    let alternative = 0;
    for (const term of terms) {
      const bit = 1 << nextBit++;
      clauses.add(term, TERM_BOOST.synonym, bit);
      alternative |= bit;
    }
    alternatives.set(unit, [...(alternatives.get(unit) ?? []), alternative]);
  };
  let nextBit = words.length;
  words.forEach((word, i) => {
    const bit = 1 << i;
    let bits = bit;
    let found = false;
    if (knownIn(layers, word.term)) {
      clauses.add(word.term, TERM_BOOST.exact, bit);
      found = true;
      // A known compound is also found by its parts written apart: 'kinderarmoede' → 'armoede bij kinderen'.
      // Not a word of the word list itself: 'tijdelijk' is no 'tijde' + 'lijk'.
      const partTerms = isDutchWordForm(word.written) ? undefined : compoundPartsOf(word.written)?.map((part) => indexTermOf(part));
      if (partTerms?.every((term) => term !== undefined && knownIn(layers, term))) addAlternative(word.unit, partTerms as string[]);
    }
    if (word.written.length >= MIN_PREFIX_LENGTH) {
      for (const { index } of layers) {
        for (const term of index.termsStartingWith(word.term)) {
          clauses.add(term, TERM_BOOST.prefix, bit);
          found = true;
        }
        for (const written of index.wordsStartingWith(word.written)) {
          clauses.add(written.term, TERM_BOOST.prefix, bit);
          found = true;
        }
      }
    }
    if (!found) {
      // A compound of words the index knows: each part required, as if typed apart. A longer part may
      // also be the start of a word the index knows ('mantelzorg' of 'mantelzorgers').
      const parts = splitCompound(word.written, (part) => {
        const term = indexTermOf(part);
        if (term !== undefined && knownIn(layers, term)) return true;
        return part.length >= MIN_PREFIX_PART_LENGTH && layers.some((l) => l.index.wordsStartingWith(part).length > 0);
      });
      if (parts && nextBit + parts.length <= MAX_BITS) {
        bits = 0;
        for (const part of parts) {
          const partBit = 1 << nextBit++;
          const term = indexTermOf(part);
          if (term !== undefined && knownIn(layers, term)) clauses.add(term, TERM_BOOST.part, partBit);
          if (part.length >= MIN_PREFIX_PART_LENGTH) {
            for (const { index } of layers) for (const written of index.wordsStartingWith(part)) clauses.add(written.term, TERM_BOOST.prefix, partBit);
          }
          bits |= partBit;
        }
      }
      // A member of the synonym list whose synonyms the index knows is searched as those (below), not
      // corrected into some near word: 'eenzaamheid' finds 'eenzaam' and 'sociaal isolement'.
      const meant = synonyms.othersOf([word.term]).some((other) => other.terms.every((term) => knownIn(layers, term)));
      if (word.written.length >= MIN_FUZZY_LENGTH && !meant) {
        const near = nearWords(layers, word, fuzzyDistanceOf(word.written), fuzzyDistanceOf(word.term));
        for (const { term } of near) clauses.add(term, TERM_BOOST.fuzzy, bits);
        // A word of the synonym list the catalogue never uses, mistyped ('mantelzrog'): searched as
        // that word, so as its synonyms.
        const synonym =
          near.length === 0 && !parts && synonyms.othersOf([word.term]).length === 0 ? fuzzyTerms(synonyms.words, word.written, fuzzyDistanceOf(word.written))[0] : undefined;
        if (synonym !== undefined) synonymTerms[i] = synonyms.termOf(synonym)!;
        // Corrected, unless the word was read as a compound: then its parts are what was searched.
        const correction = near[0]?.word ?? synonym;
        if (correction !== undefined && correction !== word.written && !parts) corrections.push({ from: word.written, to: correction });
      }
    }
    wordBits.push(bits);
  });

  // A word, or a run of words, that is a member of a synonym group is also searched as the other members:
  // a one-word member stands for the whole run ('senioren' → 'ouderen'), a member of several words is
  // another way to find each word of the run, when all its words are found ('CAW' → 'centrum algemeen
  // welzijnswerk').
  for (let i = 0; i < words.length; i++) {
    for (let length = Math.min(MAX_MEMBER_WORDS, words.length - i); length >= 1; length--) {
      const run = words.slice(i, i + length);
      const others = synonyms.othersOf(synonymTerms.slice(i, i + length));
      if (others.length === 0) continue;
      const runBits = run.reduce((bits, _, k) => bits | wordBits[i + k]!, 0);
      for (const other of others) {
        if (!other.terms.every((term) => knownIn(layers, term))) continue;
        if (other.terms.length === 1) {
          clauses.add(other.terms[0]!, TERM_BOOST.synonym, runBits);
          continue;
        }
        for (const unit of new Set(run.map((w) => w.unit))) addAlternative(unit, other.terms);
      }
    }
  }

  // Adjacent words joined: 'woon zorg centrum' finds 'woonzorgcentrum' as if all three words were there.
  for (let i = 0; i < words.length; i++) {
    let joined = words[i]!.written;
    let bits = wordBits[i]!;
    for (let j = i + 1; j < Math.min(words.length, i + MAX_JOINED); j++) {
      joined += words[j]!.written;
      bits |= wordBits[j]!;
      const term = indexTermOf(joined.slice(0, MAX_WORD_LENGTH));
      if (term !== undefined && knownIn(layers, term)) clauses.add(term, TERM_BOOST.exact, bits);
    }
  }
  if (clauses.byTerm.size === 0) return { ...NOTHING, corrections };

  // A unit of the query (a word, or words bound by hyphens or a place name) counts as found when all its
  // bits are. A compound read as its parts counts in part: 'mantelzorgbeleid' is half found by a
  // practice about mantelzorg, but 'Oost-Vlaanderen' is not found at all by one about Vlaanderen.
  const unitMasks: number[] = [];
  words.forEach((word, i) => (unitMasks[word.unit] = (unitMasks[word.unit] ?? 0) | wordBits[i]!));
  const units = unitMasks
    .map((mask, unit) => ({ mask, partial: (mask & ((1 << words.length) - 1)) === 0, alternatives: alternatives.get(unit) ?? [] }))
    .filter(({ mask }) => mask !== undefined);

  let squares = 0;
  for (const { boost } of clauses.byTerm.values()) squares += boost * boost;
  const norm = Math.sqrt(squares);

  const scores = new Float64Array(slotCount);
  const found = new Uint32Array(slotCount);
  const touched: number[] = [];
  for (const { index, slotOf } of layers) {
    for (const [term, { boost, bits }] of clauses.byTerm) {
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
  // How many units each touched practice holds: plain loops, this runs for every practice found.
  const unitList = units.map((u) => ({ ...u, size: bitCount(u.mask) }));
  const counts = new Float64Array(touched.length);
  let holdingAll = 0;
  for (let k = 0; k < touched.length; k++) {
    const bits = found[touched[k]!]!;
    let n = 0;
    for (const { mask, partial, alternatives: others, size } of unitList) {
      const held = bits & mask;
      if (held === mask || others.some((other) => (bits & other) === other)) n++;
      else if (partial && held !== 0) n += bitCount(held) / size;
    }
    counts[k] = n;
    if (n === unitList.length) holdingAll++;
  }
  const allWords = holdingAll > 0 || touched.length === 0;
  // Without a practice holding every word: those holding at least one whole word, most words first.
  const slotList: number[] = [];
  const scoreList: number[] = [];
  for (let k = 0; k < touched.length; k++) {
    const n = counts[k]!;
    if (allWords ? n !== unitList.length : n === 0) continue;
    const slot = touched[k]!;
    slotList.push(slot);
    scoreList.push(allWords ? scores[slot]! / norm : n * WORD_RANK + scores[slot]! / norm);
  }
  const slots = Int32Array.from(slotList);
  return {
    slots,
    scores: Float64Array.from(scoreList),
    allWords,
    empty: false,
    terms: [...clauses.byTerm.keys()],
    boosts: [...clauses.byTerm.values()].map((c) => c.boost),
    corrections,
  };
}

function bitCount(bits: number): number {
  let n = 0;
  for (let b = bits; b !== 0; b &= b - 1) n++;
  return n;
}

const NOTHING: LayeredOutcome = { slots: new Int32Array(0), scores: new Float64Array(0), allWords: true, empty: false, terms: [], boosts: [], corrections: [] };

/** Levenshtein distance with swaps of neighbouring letters, for ranking near words (short words only). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = v;
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * For a query that found nothing: each word the index knows neither whole, as a prefix, nor as a
 * compound, with the catalogue's nearest written word, looked for further than a search corrects
 * (two edits, three for long words). Words with no near word are left out.
 */
export function suggestionsOf(layers: readonly Layer[], text: string): Correction[] {
  const suggestions: Correction[] = [];
  for (const word of queryWordsOf(text)) {
    if (knownIn(layers, word.term) || layers.some((l) => l.index.wordsStartingWith(word.written).length > 0)) continue;
    // A word of the Dutch word list is no typo: its near words are other words ('geweld' is not
    // 'beeld', 'kloof' not 'leef'), and "Bedoelde u …?" would only puzzle.
    if (word.written.length < MIN_FUZZY_LENGTH || isDutchWordForm(word.written)) continue;
    const near = nearWords(layers, word, word.written.length >= 9 ? 3 : 2, word.term.length >= 9 ? 3 : 2).filter((n) => n.word !== word.written);
    if (near.length > 0) suggestions.push({ from: word.written, to: near[0]!.word });
  }
  return suggestions;
}

/** The query's words that the index can use, one text each: what a search of a single word asks. */
export function singleWordsOf(text: string): string[] {
  return [...new Set(queryWordsOf(text).map((w) => w.written))];
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
