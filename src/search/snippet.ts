// A short excerpt of a practice's text around the words that matched, as segments so the template can
// escape the text and mark the matches without ever building HTML from user input.
import { indexTermOf, wordsOf } from './dutch-pipeline.js';

export interface SnippetSegment {
  readonly text: string;
  readonly match: boolean;
}

const WINDOW_WORDS = 32;
// The excerpt comes from the start of the text: a long practice costs no more than this to scan.
const SCAN_CHARS = 4_000;

/** The best window of about WINDOW_WORDS words of text, with every word whose index term matched marked. */
export function snippetOf(fullText: string, matchedTerms: ReadonlySet<string>, windowWords = WINDOW_WORDS): SnippetSegment[] {
  const truncated = fullText.length > SCAN_CHARS;
  const text = truncated ? fullText.slice(0, SCAN_CHARS) : fullText;
  const words = wordsOf(text);
  // A word cut in two at the end of the scanned part is left out.
  if (truncated && words.length > 1 && words[words.length - 1]!.end === text.length) words.pop();
  if (words.length === 0) return [];
  const isMatch = words.map(({ word }) => {
    const term = indexTermOf(word);
    return term !== undefined && matchedTerms.has(term);
  });

  // Slide a window over the words and keep the first one with the most matches.
  let best = 0;
  let bestCount = -1;
  let count = 0;
  for (let i = 0; i < words.length; i++) {
    if (isMatch[i]) count++;
    if (i >= windowWords && isMatch[i - windowWords]) count--;
    const start = Math.max(0, i - windowWords + 1);
    if (count > bestCount) {
      bestCount = count;
      best = start;
    }
  }
  // Start a little before the first match so it has context.
  const firstMatch = isMatch.indexOf(true, best);
  if (firstMatch > best + 4) best = Math.min(firstMatch - 4, Math.max(0, words.length - windowWords));
  const last = Math.min(words.length, best + windowWords) - 1;

  const segments: SnippetSegment[] = [];
  const push = (piece: string, match: boolean) => {
    if (piece === '') return;
    const previous = segments[segments.length - 1];
    if (previous && previous.match === match) segments[segments.length - 1] = { text: previous.text + piece, match };
    else segments.push({ text: piece, match });
  };
  if (best > 0) push('… ', false);
  // From the very start, keep what comes before the first word too: the opening quote of '‘Eén gezin…’'.
  let cursor = best === 0 ? 0 : words[best]!.start;
  for (let i = best; i <= last; i++) {
    const w = words[i]!;
    push(text.slice(cursor, w.start), false);
    push(text.slice(w.start, w.end), isMatch[i]!);
    cursor = w.end;
  }
  const tail = last < words.length - 1 || truncated ? ' …' : text.slice(cursor);
  push(tail, false);
  return segments;
}
