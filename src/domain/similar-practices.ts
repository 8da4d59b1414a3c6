// Published practices that resemble a practice: by the words of its title (to warn a submitter of a
// double), or by the themes, target groups, life domains and provinces it shares (to read on).
import type { Snapshot } from './catalogue-snapshot.js';
import { type Practice, provincesOf } from './practice.js';
import { newestFirst } from './published-practices.js';

/** Published practices whose title looks like this one, those in the same municipalities first. */
export function lookalikesIn(snapshot: Snapshot, title: string, municipalities: readonly string[], limit: number): Practice[] {
  if (title.trim() === '') return [];
  const outcome = snapshot.searchText(title);
  const found: { practice: Practice; score: number }[] = [];
  outcome.slots.forEach((slot, i) => {
    const practice = snapshot.practices[slot]!;
    const samePlace = practice.municipalities.some((m) => municipalities.includes(m));
    // Sharing one common word ("sociale") does not make a look-alike; in the same municipality it may.
    if (!outcome.allWords && !samePlace) return;
    found.push({ practice, score: outcome.scores[i]! * (samePlace ? 2 : 1) });
  });
  return found
    .sort((a, b) => b.score - a.score || newestFirst(a.practice, b.practice))
    .slice(0, limit)
    .map((c) => c.practice);
}

/** Published practices that share the most themes, target groups, life domains and provinces. */
export function relatedIn(practices: readonly Practice[], practice: Practice, limit: number): Practice[] {
  const shared = (a: readonly string[], b: readonly string[]) => a.filter((v) => b.includes(v)).length;
  const provinces = provincesOf(practice);
  return practices
    .filter((other) => other.id !== practice.id)
    .map((other) => ({
      other,
      score:
        3 * shared(practice.themes, other.themes) +
        2 * shared(practice.targetGroups, other.targetGroups) +
        shared(practice.lifeDomains, other.lifeDomains) +
        shared(provinces, provincesOf(other)),
    }))
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map((r) => r.other);
}
