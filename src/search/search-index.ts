// The search index of published practices, in a compact form made for answering fast. It is Lunr's
// index in content: Lunr's tokenizer rules and Dutch pipeline (lunr-languages nl) make the terms, and
// every term of every practice gets Lunr's BM25 weight (lunr.idf, k1 and b of lunr.Builder, the field
// boosts rounded as Lunr rounds them). It stores those weights as plain typed arrays, one posting list
// per term, instead of Lunr's object graph: a tenth of the memory, loaded in milliseconds, and a query
// is a few loops over numbers (see query.ts, whose scores equal lunr.Index#query's, as a test checks).
import { createHash } from 'node:crypto';
import { aliasesOf } from './aliases.js';
import { COMPOUND_PROBE } from './compound-aliases.js';
import { PIPELINE_SOURCE, foldAccents, indexTermOf, lunr, wordsOf } from './dutch-pipeline.js';
import { fuzzyTerms, lowerBound } from './fuzzy.js';
import { hitsOf, searchLayers } from './query.js';
import { DOCUMENT_SHAPE, FIELDS, FIELD_BOOSTS, type SearchDocument } from './search-document.js';
import type { PostingIndex, SearchOutcome, WrittenWord } from './search-types.js';
import { SynonymSet } from './synonym-set.js';
import { SYNONYM_GROUPS } from './synonyms.js';

// index-builder.ts and index-worker.ts take the document type from here.

const BOOSTS = FIELDS.map((f) => FIELD_BOOSTS[f]);

// Lunr's own BM25 parameters, read from a builder so they cannot drift from the library's.
const lunrDefaults = new lunr.Builder() as unknown as { _k1: number; _b: number };
const K1 = lunrDefaults._k1;
const B = lunrDefaults._b;

/** lunr.idf: `documentsWithTerm` counts a practice once per field that holds the term, as Lunr does. */
function idf(documentsWithTerm: number, documentCount: number): number {
  const x = (documentCount - documentsWithTerm + 0.5) / (documentsWithTerm + 0.5);
  return Math.log(1 + Math.abs(x));
}

// 2: the written words of the documents with their terms. 3: synonyms applied when searching, not indexed.
const FORMAT = 3;
/** Everything that decides the terms and weights; an index stored under another fingerprint is stale. */
export const ANALYSIS_FINGERPRINT = createHash('sha256')
  .update(JSON.stringify({ FORMAT, DOCUMENT_SHAPE, FIELD_BOOSTS, K1, B, PIPELINE_SOURCE, COMPOUND_PROBE }))
  .digest('hex')
  .slice(0, 16);

/** A stored index that cannot be used: damaged, truncated, or made by another version of the analysis. */
export class UnreadableSearchIndex extends Error {}

export class SearchIndex implements PostingIndex {
  private encoded: Uint8Array | undefined;

  private constructor(
    /** The practice id of each document, by document number. */
    readonly refs: Int32Array,
    /** Every term, sorted by code unit. */
    readonly terms: readonly string[],
    /** The postings of terms[t] are docs/weights[offsets[t] .. offsets[t + 1]), documents ascending. */
    readonly offsets: Uint32Array,
    readonly docs: Uint32Array,
    /** Lunr's BM25 weight of the term in the document, summed over the fields. */
    readonly weights: Float64Array,
    /** Per term: in how many (document, field) pairs it occurs, for idf. */
    private readonly fieldDocs: Uint32Array,
    /** Per field: the number of terms in it over all documents, for the average field length. */
    readonly fieldLengthTotals: Float64Array,
    /** Every word of the documents as written, folded (lower case, no accents), sorted by code unit. */
    readonly words: readonly string[],
    /** The position in `terms` of the term of each of `words`. */
    readonly wordTerms: Uint32Array,
  ) {}

  /**
   * Analyses and weighs the documents. With a `reference` (the main index), idf and the average field
   * lengths come from the reference and these documents together, so a small index of recent changes
   * weighs a term as the merged index will.
   */
  static build(documents: readonly SearchDocument[], reference?: SearchIndex): SearchIndex {
    const F = FIELDS.length;
    const termIds = new Map<string, number>();
    const termList: string[] = [];
    const fieldDocCount: number[] = [];
    const fieldLengths = new Uint32Array(documents.length * F);
    const totals = new Float64Array(F);
    // Per (document, field), in order: its distinct terms and how often each occurs.
    const entryTerm: number[] = [];
    const entryFrequency: number[] = [];
    const entryStart = new Uint32Array(documents.length * F + 1);

    // Every word as written (before stemming) with its term: typos and prefixes are matched on the word
    // as a user types it, then searched as its term (see query.ts).
    const termOfWord = new Map<string, string>();
    const analyse = (text: string): string[] => {
      const terms: string[] = [];
      for (const { word } of wordsOf(text)) {
        const term = indexTermOf(word);
        if (term === undefined) continue;
        terms.push(term);
        if (!termOfWord.has(word)) termOfWord.set(word, term);
      }
      return terms;
    };

    documents.forEach((doc, d) => {
      const title = analyse(doc.title);
      const summary = analyse(doc.summary);
      const body = analyse(doc.body);
      const tags = analyse(doc.tags);
      const aliases = analyse(aliasesOf([doc.title, doc.summary, doc.body, doc.tags].join('\n')));
      const byField = { title, summary, tags, aliases, body };
      FIELDS.forEach((field, f) => {
        const terms = byField[field];
        const frequencies = new Map<number, number>();
        for (const term of terms) {
          let id = termIds.get(term);
          if (id === undefined) {
            id = termList.length;
            termIds.set(term, id);
            termList.push(term);
            fieldDocCount.push(0);
          }
          frequencies.set(id, (frequencies.get(id) ?? 0) + 1);
        }
        for (const [id, tf] of frequencies) {
          entryTerm.push(id);
          entryFrequency.push(tf);
          fieldDocCount[id]!++;
        }
        fieldLengths[d * F + f] = terms.length;
        totals[f] = totals[f]! + terms.length;
        entryStart[d * F + f + 1] = entryTerm.length;
      });
    });

    const statsSize = documents.length + (reference?.size ?? 0);
    const average = FIELDS.map((_, f) => (totals[f]! + (reference?.fieldLengthTotals[f] ?? 0)) / statsSize);
    const idfs = termList.map((term, id) => idf(fieldDocCount[id]! + (reference?.documentsWithTerm(term) ?? 0), statsSize));

    // Weigh each (document, term), summing its fields, and count the postings of each term.
    const order = termList.map((_, id) => id).sort((a, b) => (termList[a]! < termList[b]! ? -1 : 1));
    const rank = new Uint32Array(termList.length);
    order.forEach((id, r) => (rank[id] = r));
    const postingTerm: number[] = [];
    const postingWeight: number[] = [];
    const postingDocStart = new Uint32Array(documents.length + 1);
    const counts = new Uint32Array(termList.length + 1);
    const scratch = new Float64Array(termList.length);
    const seenIn = new Int32Array(termList.length).fill(-1);
    const touched: number[] = [];
    for (let d = 0; d < documents.length; d++) {
      for (let f = 0; f < F; f++) {
        const length = fieldLengths[d * F + f]!;
        for (let e = entryStart[d * F + f]!; e < entryStart[d * F + f + 1]!; e++) {
          const id = entryTerm[e]!;
          const tf = entryFrequency[e]!;
          // lunr.Builder#createFieldVectors, to the letter (document boost 1).
          const score = ((idfs[id]! * ((K1 + 1) * tf)) / (K1 * (1 - B + B * (length / average[f]!)) + tf)) * BOOSTS[f]!;
          if (seenIn[id] !== d) {
            seenIn[id] = d;
            touched.push(id);
          }
          scratch[id] = scratch[id]! + Math.round(score * 1000) / 1000;
        }
      }
      for (const id of touched) {
        postingTerm.push(rank[id]!);
        postingWeight.push(scratch[id]!);
        counts[rank[id]! + 1]!++;
        scratch[id] = 0;
      }
      touched.length = 0;
      postingDocStart[d + 1] = postingTerm.length;
    }

    const offsets = new Uint32Array(termList.length + 1);
    for (let t = 0; t < termList.length; t++) offsets[t + 1] = offsets[t]! + counts[t + 1]!;
    const fill = offsets.slice(0, termList.length);
    const docs = new Uint32Array(postingTerm.length);
    const weights = new Float64Array(postingTerm.length);
    for (let d = 0; d < documents.length; d++) {
      for (let p = postingDocStart[d]!; p < postingDocStart[d + 1]!; p++) {
        const at = fill[postingTerm[p]!]!++;
        docs[at] = d;
        weights[at] = postingWeight[p]!;
      }
    }
    const fieldDocs = new Uint32Array(termList.length);
    order.forEach((id, r) => (fieldDocs[r] = fieldDocCount[id]!));
    // Folded, distinct, sorted; a word and its capitalised or accented forms are one written word.
    const termRankOfWord = new Map<string, number>();
    for (const [word, term] of termOfWord) termRankOfWord.set(foldAccents(word), rank[termIds.get(term)!]!);
    const words = [...termRankOfWord.keys()].sort();
    return new SearchIndex(
      Int32Array.from(documents, (doc) => doc.id),
      order.map((id) => termList[id]!),
      offsets,
      docs,
      weights,
      fieldDocs,
      totals,
      words,
      Uint32Array.from(words, (word) => termRankOfWord.get(word)!),
    );
  }

  /** How many documents the index holds. */
  get size(): number {
    return this.refs.length;
  }

  /** The position of a term in `terms`, or -1. */
  termIndexOf(term: string): number {
    const at = lowerBound(this.terms, term);
    return at < this.terms.length && this.terms[at] === term ? at : -1;
  }

  has(term: string): boolean {
    return this.termIndexOf(term) >= 0;
  }

  /** The terms that start with `prefix`, itself included. */
  termsStartingWith(prefix: string): string[] {
    const found: string[] = [];
    for (let at = lowerBound(this.terms, prefix); at < this.terms.length && this.terms[at]!.startsWith(prefix); at++) found.push(this.terms[at]!);
    return found;
  }

  /** The terms within `distance` edits of `term`. */
  termsNear(term: string, distance: number): string[] {
    return fuzzyTerms(this.terms, term, distance);
  }

  /** The written words (folded) that start with `prefix`, with their terms. */
  wordsStartingWith(prefix: string): WrittenWord[] {
    const found: WrittenWord[] = [];
    for (let at = lowerBound(this.words, prefix); at < this.words.length && this.words[at]!.startsWith(prefix); at++) {
      found.push({ word: this.words[at]!, term: this.terms[this.wordTerms[at]!]! });
    }
    return found;
  }

  /** The written words (folded) within `distance` edits of `word`, with their terms. */
  wordsNear(word: string, distance: number): WrittenWord[] {
    return fuzzyTerms(this.words, word, distance).map((near) => ({ word: near, term: this.terms[this.wordTerms[lowerBound(this.words, near)]!]! }));
  }

  /** The shortest written word (folded) whose term is at position `t`: how to show a term to a person. */
  writtenWordOf(t: number): string | undefined {
    let best: string | undefined;
    for (let at = 0; at < this.wordTerms.length; at++) {
      if (this.wordTerms[at] === t && (best === undefined || this.words[at]!.length < best.length)) best = this.words[at];
    }
    return best;
  }

  /** How many documents hold the term at position `t`. */
  documentCount(t: number): number {
    return this.offsets[t + 1]! - this.offsets[t]!;
  }

  /** Whether document `doc` holds the term at position `t`. */
  holds(t: number, doc: number): boolean {
    let lo = this.offsets[t]!;
    let hi = this.offsets[t + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.docs[mid]! < doc) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.offsets[t + 1]! && this.docs[lo] === doc;
  }

  documentsWithTerm(term: string): number {
    const t = this.termIndexOf(term);
    return t < 0 ? 0 : this.fieldDocs[t]!;
  }

  /** Searches for practices holding every word of the text, or the most words when none holds them all. */
  search(text: string, synonyms: SynonymSet = DEFAULT_SYNONYMS): SearchOutcome {
    const layers = [{ index: this }];
    const outcome = searchLayers(layers, this.size, text, synonyms);
    return { hits: hitsOf(layers, outcome, (doc) => this.refs[doc]!), allWords: outcome.allWords, empty: outcome.empty };
  }

  /** The index as bytes, with a digest: for the database and for handing over from a worker thread. */
  toBytes(): Uint8Array {
    return (this.encoded ??= this.encode());
  }

  /** Drops the bytes kept from fromBytes or toBytes, once stored. */
  forgetBytes(): void {
    this.encoded = undefined;
  }

  private encode(): Uint8Array {
    const header = Buffer.from(
      JSON.stringify({
        format: FORMAT,
        analysis: ANALYSIS_FINGERPRINT,
        terms: this.terms,
        words: this.words,
        refs: Array.from(this.refs),
        totals: Array.from(this.fieldLengthTotals),
        postings: this.docs.length,
      }),
    );
    const headerEnd = 8 + header.length;
    const start = Math.ceil(headerEnd / 8) * 8;
    const parts = [this.weights, this.offsets, this.fieldDocs, this.docs, this.wordTerms];
    const size = start + parts.reduce((sum, a) => sum + a.byteLength, 0);
    const bytes = new Uint8Array(size + 32);
    bytes.set(MAGIC, 0);
    new DataView(bytes.buffer).setUint32(4, header.length, true);
    bytes.set(header, 8);
    let at = start;
    for (const part of parts) {
      bytes.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), at);
      at += part.byteLength;
    }
    bytes.set(createHash('sha256').update(bytes.subarray(0, size)).digest(), size);
    return bytes;
  }

  /** An index written by toBytes; throws UnreadableSearchIndex for anything else, never a wrong index. */
  static fromBytes(bytes: Uint8Array): SearchIndex {
    try {
      if (bytes.length < 40 || !MAGIC.every((b, i) => bytes[i] === b)) throw new UnreadableSearchIndex('not a search index');
      const size = bytes.length - 32;
      const digest = createHash('sha256').update(bytes.subarray(0, size)).digest();
      if (!digest.equals(bytes.subarray(size))) throw new UnreadableSearchIndex('the digest does not match: damaged');
      const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
      const header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + headerLength)).toString('utf8')) as {
        format: number;
        analysis: string;
        terms: string[];
        words: string[];
        refs: number[];
        totals: number[];
        postings: number;
      };
      if (header.format !== FORMAT || header.analysis !== ANALYSIS_FINGERPRINT) throw new UnreadableSearchIndex('made by another version of the analysis');
      const V = header.terms.length;
      const P = header.postings;
      let at = Math.ceil((8 + headerLength) / 8) * 8;
      // Copies, so the arrays are aligned and do not keep the stored bytes alive.
      const take = <T>(make: (buffer: ArrayBuffer) => T, byteLength: number): T => {
        if (at + byteLength > size) throw new UnreadableSearchIndex('truncated');
        // Uint8Array's slice copies; a Buffer's (what SQLite gives) would only be a view of its pool.
        const copy = Uint8Array.prototype.slice.call(bytes, at, at + byteLength).buffer;
        at += byteLength;
        return make(copy);
      };
      const weights = take((b) => new Float64Array(b), P * 8);
      const offsets = take((b) => new Uint32Array(b), (V + 1) * 4);
      const fieldDocs = take((b) => new Uint32Array(b), V * 4);
      const docs = take((b) => new Uint32Array(b), P * 4);
      const wordTerms = take((b) => new Uint32Array(b), header.words.length * 4);
      if (at !== size || offsets[V] !== P || header.totals.length !== FIELDS.length || wordTerms.some((t) => t >= V)) throw new UnreadableSearchIndex('inconsistent sizes');
      const index = new SearchIndex(Int32Array.from(header.refs), header.terms, offsets, docs, weights, fieldDocs, Float64Array.from(header.totals), header.words, wordTerms);
      // Kept until stored, so storing an index that came from a worker does not encode it again.
      index.encoded = bytes;
      return index;
    } catch (error) {
      if (error instanceof UnreadableSearchIndex) throw error;
      throw new UnreadableSearchIndex(`unreadable: ${(error as Error).message}`, { cause: error });
    }
  }
}

const DEFAULT_SYNONYMS = new SynonymSet(SYNONYM_GROUPS);

const MAGIC = [0x50, 0x42, 0x53, 0x49]; // "PBSI"
