// What a results page and the API say beside the results about the words of a search: which words were
// searched as other words ("Resultaten voor 'kinderopvang' — zocht u toch 'winteropvang'?"), and, when
// nothing was found, a query that would find something and the themes that come closest.
import { singleWordsOf } from '../search/query.js';
import type { Correction } from '../search/search-types.js';
import { foldAccents, wordsOf } from '../search/dutch-pipeline.js';
import type { Snapshot } from './catalogue-snapshot.js';
import { THEMES, labelOf, type Theme } from './vocabulary.js';

/** A query to try instead, with how many practices it finds (with the same filters). */
export interface SuggestedQuery {
  readonly q: string;
  readonly total: number;
}

export interface NearTheme {
  readonly value: Theme;
  readonly label: string;
  /** How many practices of this theme hold at least one word of the query. */
  readonly count: number;
}

const MAX_NEAR_THEMES = 3;

/** The text with each corrected word replaced by what was searched; undefined when nothing was corrected. */
export function rewrittenQuery(text: string, corrections: readonly Correction[]): string | undefined {
  if (corrections.length === 0) return undefined;
  const to = new Map(corrections.map((c) => [c.from, c.to]));
  let rewritten = '';
  let at = 0;
  let changed = false;
  for (const { word, start, end } of wordsOf(text)) {
    const replacement = to.get(foldAccents(word));
    if (replacement === undefined) continue;
    rewritten += text.slice(at, start) + replacement;
    at = end;
    changed = true;
  }
  return changed ? (rewritten + text.slice(at)).trim() : undefined;
}

/**
 * The themes of the practices that hold at least one word of the query on its own, most such practices
 * first: where a search that found nothing comes closest.
 */
export function nearThemesOf(snapshot: Snapshot, text: string): NearTheme[] {
  const counts = new Map<Theme, number>();
  const seen = new Set<number>();
  for (const word of singleWordsOf(text)) {
    const outcome = snapshot.searchText(word);
    for (const slot of outcome.slots) {
      if (seen.has(slot)) continue;
      seen.add(slot);
      for (const theme of snapshot.practices[slot]!.themes) counts.set(theme, (counts.get(theme) ?? 0) + 1);
    }
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || labelOf(THEMES, a[0]).localeCompare(labelOf(THEMES, b[0]), 'nl'))
    .slice(0, MAX_NEAR_THEMES)
    .map(([value, count]) => ({ value, label: labelOf(THEMES, value), count }));
}
