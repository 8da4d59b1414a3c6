// Dutch glues words together: 'kinderarmoede' is 'kinder' + 'armoede', 'gezinscoach' is 'gezin' + -s- +
// 'coach'. A compound is split into parts that are words (what counts as a word is the caller's: the
// Dutch word list when indexing, the index's own terms when reading a query), with the linking letters
// Dutch puts between parts. The split with the fewest parts wins, then the one whose shortest part is
// longest: 'woonzorgcentrum' is 'woon' + 'zorg' + 'centrum', never 'woo' + 'nzorg' + ...

/** Letters Dutch puts between the parts of a compound: gezin-s-coach, zieken-huis (-en- is a part's plural). */
const LINKS = ['', 's', 'e', 'en'] as const;
export const MIN_PART_LENGTH = 3;
/** Longer words are not split: no Dutch compound a user types is this long, and the work grows with the square. */
export const MAX_COMPOUND_LENGTH = 40;
const MAX_PARTS = 4;
/**
 * Endings that make a derived word, not a compound, although the word list has them as words of their
 * own: 'tijdelijk' is no 'tijd' + 'lijk', 'gezondheid' no 'gezond' + 'heid'. Never a part.
 */
const SUFFIXES = new Set(['lijk', 'lijke', 'lijkheid', 'heid', 'heden', 'schap', 'schappen', 'baar', 'bare', 'zaam', 'zame', 'loos', 'loze', 'achtig', 'achtige', 'ing', 'ingen', 'ster', 'sters', 'tje', 'tjes', 'isch', 'ische', 'elijk', 'elijke', 'erij', 'erijen']);

interface Split {
  readonly parts: readonly string[];
  /** The length of the shortest part. */
  readonly shortest: number;
  readonly links: number;
}

function better(a: Split, b: Split | undefined): boolean {
  if (!b) return true;
  if (a.parts.length !== b.parts.length) return a.parts.length < b.parts.length;
  if (a.shortest !== b.shortest) return a.shortest > b.shortest;
  return a.links < b.links;
}

/**
 * The parts of a compound (two or more), or undefined when `word` cannot be split into parts that
 * `isPart` accepts (told whether the part ends the word: only the last part of a compound is inflected,
 * 'kinderopvang-initiatieven'). `word` is folded (lower case, no accents); the parts are substrings of
 * it, without the linking letters; every part is at least `minPart` letters long.
 */
export function splitCompound(word: string, isPart: (part: string, last: boolean) => boolean, minPart = MIN_PART_LENGTH): string[] | undefined {
  const n = word.length;
  if (n < 2 * minPart || n > MAX_COMPOUND_LENGTH) return undefined;
  // best[i]: the best split of word.slice(i) into parts; best[n] is the empty split.
  const best: (Split | undefined)[] = new Array<Split | undefined>(n + 1);
  best[n] = { parts: [], shortest: Infinity, links: 0 };
  for (let i = n - minPart; i >= 0; i--) {
    // The whole word is not a split of itself.
    const lastEnd = i === 0 ? n - minPart : n;
    for (let j = i + minPart; j <= lastEnd; j++) {
      let part: string | undefined;
      for (const link of LINKS) {
        const next = j + link.length;
        if (next > n || (link !== '' && (next === n || !word.startsWith(link, j)))) continue;
        const rest = best[next];
        if (!rest || rest.parts.length >= MAX_PARTS) continue;
        part ??= word.slice(i, j);
        if (SUFFIXES.has(part) || !isPart(part, next === n)) break;
        const candidate = { parts: [part, ...rest.parts], shortest: Math.min(part.length, rest.shortest), links: rest.links + (link === '' ? 0 : 1) };
        if (better(candidate, best[i])) best[i] = candidate;
      }
    }
  }
  const split = best[0];
  return split && split.parts.length >= 2 ? [...split.parts] : undefined;
}
