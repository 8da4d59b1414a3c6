// The shapes the index (search-index.ts) and the query (query.ts) share: what a query reads of an index,
// and what a search answers. Types only: the query needs no index module and the index imports the
// query's functions, never the other way round.

/** An index as a query reads it: sorted terms, each with a posting list of (document, weight). */
export interface PostingIndex {
  /** How many documents the index holds. */
  readonly size: number;
  /** The postings of term t are docs/weights[offsets[t] .. offsets[t + 1]), documents ascending. */
  readonly offsets: Uint32Array;
  readonly docs: Uint32Array;
  readonly weights: Float64Array;
  /** The position of a term in the index's sorted terms, or -1. */
  termIndexOf(term: string): number;
  has(term: string): boolean;
  /** The terms that start with `prefix`, itself included. */
  termsStartingWith(prefix: string): string[];
  /** The terms within `distance` edits of `term`. */
  termsNear(term: string, distance: number): string[];
  /** Whether document `doc` holds the term at position `t`. */
  holds(t: number, doc: number): boolean;
  /** The written words (folded) that start with `prefix`, with their terms. */
  wordsStartingWith(prefix: string): WrittenWord[];
  /** The written words (folded) within `distance` edits of `word`, with their terms. */
  wordsNear(word: string, distance: number): WrittenWord[];
  /** How many documents hold the term at position `t`. */
  documentCount(t: number): number;
  /** The shortest written word (folded) whose term is at position `t`: how to show a term to a person. */
  writtenWordOf(t: number): string | undefined;
}

/** A word as the documents write it (folded), and the index term it stands for. */
export interface WrittenWord {
  readonly word: string;
  readonly term: string;
}

/** One index searched as part of a whole, its documents numbered in the caller's "slots". */
export interface Layer {
  readonly index: PostingIndex;
  /** The slot of each document of the index, or -1 to leave the document out (masked); default: its number. */
  readonly slotOf?: Int32Array;
  /** The document of the index in each slot, or -1; default: the slot itself. */
  readonly docOf?: Int32Array;
}

export interface LayeredOutcome {
  /** The slots found, in no particular order. */
  readonly slots: Int32Array;
  /** The score of slots[i]. */
  readonly scores: Float64Array;
  readonly allWords: boolean;
  readonly empty: boolean;
  /** Every index term the query looked for, for highlighting (see matchedTermsOf). */
  readonly terms: readonly string[];
  /** The boost of each of those terms. */
  readonly boosts: readonly number[];
  /** Words of the query the index did not know, searched as the near words shown here instead. */
  readonly corrections: readonly Correction[];
}

/** A word of a query (folded, as typed) searched as another word of the catalogue (as written there). */
export interface Correction {
  readonly from: string;
  readonly to: string;
}

export interface SearchHit {
  readonly id: number;
  readonly score: number;
  /** The index terms this practice matched, for highlighting. */
  readonly matchedTerms: ReadonlySet<string>;
}

export interface SearchOutcome {
  readonly hits: SearchHit[];
  /** False when no practice held every word and the hits hold any of them instead. */
  readonly allWords: boolean;
  /** True when the query had no word the index could use (only stop words or punctuation). */
  readonly empty: boolean;
}
