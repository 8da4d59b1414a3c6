// Near misses of a word among an index's terms, for words the index does not know. The sorted term list
// is walked as if it were a trie: terms that share a prefix share the rows of the edit-distance table,
// and a prefix already too far from the word skips every term that starts with it. The distance counts
// insertions, deletions, substitutions and swaps of two neighbouring letters, like Lunr's fuzzy
// matching, without building Lunr's token set (seconds and hundreds of megabytes at 10,000 practices).

/** The terms of `sorted` (sorted by code unit, no duplicates) within `maxDistance` edits of `word`. */
export function fuzzyTerms(sorted: readonly string[], word: string, maxDistance: number): string[] {
  const n = word.length;
  const found: string[] = [];
  // rows[k][j]: distance between the first k letters of the current term and the first j letters of word.
  const rows: Int32Array[] = [Int32Array.from({ length: n + 1 }, (_, j) => j)];
  let valid = ''; // the prefix whose rows are in `rows`
  let i = 0;
  while (i < sorted.length) {
    const term = sorted[i]!;
    let k = commonPrefixLength(valid, term);
    let prunedAt = -1;
    for (; k < term.length; k++) {
      const above = rows[k]!;
      const twoAbove = k > 0 ? rows[k - 1]! : undefined;
      const row = (rows[k + 1] ??= new Int32Array(n + 1));
      row[0] = k + 1;
      let min = row[0];
      const letter = term.charCodeAt(k);
      for (let j = 1; j <= n; j++) {
        const cost = letter === word.charCodeAt(j - 1) ? 0 : 1;
        let v = Math.min(above[j]! + 1, row[j - 1]! + 1, above[j - 1]! + cost);
        if (twoAbove && j > 1 && letter === word.charCodeAt(j - 2) && term.charCodeAt(k - 1) === word.charCodeAt(j - 1)) {
          v = Math.min(v, twoAbove[j - 2]! + 1);
        }
        row[j] = v;
        if (v < min) min = v;
      }
      if (min > maxDistance) {
        prunedAt = k + 1;
        break;
      }
    }
    if (prunedAt > 0) {
      // Every term starting with this prefix is too far: jump past them all.
      valid = term.slice(0, prunedAt);
      i = lowerBound(sorted, `${valid}\uffff`, i + 1);
      continue;
    }
    if (rows[term.length]![n]! <= maxDistance) found.push(term);
    valid = term;
    i++;
  }
  return found;
}

function commonPrefixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let k = 0;
  while (k < max && a.charCodeAt(k) === b.charCodeAt(k)) k++;
  return k;
}

/** The first position at or after `from` whose term is not below `value`. */
export function lowerBound(sorted: readonly string[], value: string, from = 0): number {
  let lo = from;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
