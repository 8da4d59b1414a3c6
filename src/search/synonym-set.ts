// The synonym list as a search reads it: each member of each group as the words a query would have, so a
// query's words (or a run of them) can be recognised as a member and searched as the others too. Applied
// when searching, not when indexing, so a moderator's edit (src/domain/synonyms.ts) counts at once.
import { foldAccents, indexTermOf, wordsOf } from './dutch-pipeline.js';

/** A member of a synonym group as index terms: 'centrum algemeen welzijnswerk' → centrum, algemen, welzijnswerk. */
export interface SynonymMember {
  readonly phrase: string;
  readonly terms: readonly string[];
}

export type SynonymGroups = readonly (readonly string[])[];

/** The longest member, in words, that a run of query words is compared with. */
export const MAX_MEMBER_WORDS = 6;

export class SynonymSet {
  /** The other members of every member's group(s), by the member's terms joined with spaces. */
  private readonly othersByTerms = new Map<string, SynonymMember[]>();

  /** The one-word members as written (folded), sorted, with their terms: what a typo may have meant. */
  readonly words: readonly string[];
  private readonly termOfWord = new Map<string, string>();

  constructor(readonly groups: SynonymGroups) {
    for (const group of groups) {
      const members = group.map((phrase) => ({ phrase, terms: termsOf(phrase) })).filter((m) => m.terms.length > 0 && m.terms.length <= MAX_MEMBER_WORDS);
      for (const member of members) {
        const key = member.terms.join(' ');
        const others = this.othersByTerms.get(key) ?? [];
        for (const other of members) {
          if (other.terms.join(' ') !== key && !others.some((o) => o.terms.join(' ') === other.terms.join(' '))) others.push(other);
        }
        this.othersByTerms.set(key, others);
        if (member.terms.length === 1) {
          const written = wordsOf(member.phrase).map((w) => foldAccents(w.word));
          if (written.length === 1) this.termOfWord.set(written[0]!, member.terms[0]!);
        }
      }
    }
    this.words = [...this.termOfWord.keys()].sort();
  }

  /** The term of a one-word member written so (folded). */
  termOf(word: string): string | undefined {
    return this.termOfWord.get(word);
  }

  /** The members meaning the same as the words with these terms, in order; empty when they are no member. */
  othersOf(terms: readonly string[]): readonly SynonymMember[] {
    return this.othersByTerms.get(terms.join(' ')) ?? [];
  }

  static readonly NONE = new SynonymSet([]);
}

function termsOf(phrase: string): string[] {
  const terms: string[] = [];
  for (const { word } of wordsOf(phrase)) {
    const term = indexTermOf(foldAccents(word));
    if (term !== undefined) terms.push(term);
  }
  return terms;
}
