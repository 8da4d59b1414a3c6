// The snippet of each practice a results page shows: the excerpt around the terms it matched. Made only
// for the practices shown, and remembered per practice for its last few sets of matched terms: the same
// words find the same excerpt, whatever way they were typed. Tied to the practice object, so an edit
// starts afresh.
import type { LayeredIndex } from '../search/layered-index.js';
import { bodyOf } from '../search/practice-document.js';
import type { LayeredOutcome } from '../search/search-types.js';
import { type SnippetSegment, snippetOf } from '../search/snippet.js';
import type { Practice } from './practice.js';

const SNIPPETS_PER_PRACTICE = 4;

/** The snippet of a practice that shows no excerpt: its summary, unmarked. */
export function summarySnippet(practice: Practice): SnippetSegment[] {
  return [{ text: practice.summary, match: false }];
}

export class SnippetMemo {
  private readonly known = new WeakMap<Practice, Map<string, readonly SnippetSegment[]>>();
  // The snippets already shown for an outcome (one search, kept with its match in the cache of recent
  // searches): showing its page again needs not even the practice's matched terms.
  private readonly shown = new WeakMap<LayeredOutcome, Map<number, readonly SnippetSegment[]>>();

  /** The snippet of the practice in `slot` for the search's outcome (none when browsing): its summary when it matched no term. */
  snippetAt(index: LayeredIndex, outcome: LayeredOutcome | undefined, slot: number): SnippetSegment[] {
    const practice = index.practices[slot]!;
    if (!outcome) return summarySnippet(practice);
    let shown = this.shown.get(outcome);
    if (!shown) this.shown.set(outcome, (shown = new Map<number, readonly SnippetSegment[]>()));
    let segments = shown.get(slot);
    if (!segments) {
      segments = this.excerpt(practice, index.matchedTerms(outcome, slot));
      shown.set(slot, segments);
    }
    // Copies: a caller may change what it gets without changing what is remembered.
    return segments.map(({ text, match }) => ({ text, match }));
  }

  private excerpt(practice: Practice, terms: ReadonlySet<string>): readonly SnippetSegment[] {
    if (terms.size === 0) return summarySnippet(practice);
    const key = [...terms].sort().join(' ');
    let known = this.known.get(practice);
    if (!known) this.known.set(practice, (known = new Map<string, readonly SnippetSegment[]>()));
    let segments = known.get(key);
    if (!segments) {
      segments = snippetOf(`${practice.summary}\n${bodyOf(practice)}`, terms);
      if (known.size >= SNIPPETS_PER_PRACTICE) known.delete(known.keys().next().value!);
      known.set(key, segments);
    }
    return segments;
  }
}
