// The language of the synthetic corpus, learnt from the project's own Dutch texts: the seed catalogue
// (seeds/practices.json) and the source texts it was made from (../shared/seeds/*.txt). A word-pair
// chain over their sentences writes new sentences in the same words and rhythm.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SEED_FILE = join(ROOT, 'seeds', 'practices.json');
const SOURCE_DIR = join(ROOT, '..', 'shared', 'seeds');

export interface Chain {
  /** First words of the sentences. */
  readonly sentenceStarts: readonly string[];
  /** word → the words that follow it (repeats keep their frequency). */
  readonly next: ReadonlyMap<string, readonly string[]>;
}

export interface Vocabulary extends Chain {
  /** One chain per text (a seed practice, a source text), so a practice keeps to a subject. */
  readonly topics: readonly Chain[];
  /** Words of five letters or more, most frequent first. */
  readonly contentWords: readonly string[];
  /** The heads of the seed titles ("Pilootprojecten lokale gezinscoaches", "Lerend netwerk"). */
  readonly titleHeads: readonly string[];
  /** Parts that Dutch glues into compounds (zorg, buurt, netwerk), from words of the texts. */
  readonly compoundParts: readonly string[];
  readonly partners: readonly string[];
  readonly sourceTitles: readonly { title: string; publisher: string }[];
  readonly wordCount: number;
}

interface SeedRecord {
  title: string;
  summary: string;
  sections?: Record<string, string>;
  partners?: string[];
  source: { title: string; publisher?: string };
}

// Lines of the saved web pages that are navigation, not prose.
const isProse = (line: string) => line.split(/\s+/).length >= 8 && /[.!?…:”]$/.test(line.trim());

function sentencesOf(text: string): string[] {
  return text
    .split(/\n+/)
    .filter(isProse)
    .flatMap((line) => line.trim().split(/(?<=[.!?])\s+(?=[A-ZÀ-Ý‘“'"0-9])/u))
    .map((s) => s.trim())
    .filter((s) => s.split(/\s+/).length >= 5);
}

// Compound heads and tails seen in the texts ("buurtgerichte", "gezinscoaches", "woonzorgcentra").
const COMPOUND_CANDIDATES = [
  'zorg', 'welzijn', 'buurt', 'gezin', 'gezins', 'huis', 'onthaal', 'netwerk', 'project', 'plan', 'punt', 'team', 'werk',
  'opvang', 'school', 'jeugd', 'dienst', 'hulp', 'wijk', 'centrum', 'armoede', 'woon', 'leef', 'coach', 'thuis', 'kinder',
  'vrijetijd', 'ouderen', 'vrijwilligers', 'beleid', 'traject', 'aanbod', 'overleg', 'steun', 'partner', 'toets', 'dossier',
];

export function loadVocabulary(): Vocabulary {
  const seeds = JSON.parse(readFileSync(SEED_FILE, 'utf8')) as SeedRecord[];
  const texts = seeds.flatMap((s) => [s.summary, ...Object.values(s.sections ?? {})]);
  if (existsSync(SOURCE_DIR)) {
    for (const file of readdirSync(SOURCE_DIR).filter((f) => f.endsWith('.txt')).sort()) texts.push(readFileSync(join(SOURCE_DIR, file), 'utf8'));
  }
  const sentences = texts.flatMap(sentencesOf);
  const frequency = new Map<string, number>();
  let wordCount = 0;
  const chainOf = (ofSentences: readonly string[]): Chain => {
    const next = new Map<string, string[]>();
    const starts: string[] = [];
    for (const sentence of ofSentences) {
      const words = sentence.split(/\s+/);
      if (words[0]) starts.push(words[0]);
      words.forEach((word, i) => {
        const following = words[i + 1];
        if (following === undefined) return;
        const list = next.get(word) ?? [];
        list.push(following);
        next.set(word, list);
      });
    }
    return { sentenceStarts: starts, next };
  };
  for (const sentence of sentences) {
    const words = sentence.split(/\s+/);
    wordCount += words.length;
    for (const word of words) {
      const bare = word.toLowerCase().replace(/[^\p{L}]/gu, '');
      if (bare.length >= 5) frequency.set(bare, (frequency.get(bare) ?? 0) + 1);
    }
  }
  const { sentenceStarts: starts, next } = chainOf(sentences);
  const topics = texts.map((t) => chainOf(sentencesOf(t))).filter((c) => c.sentenceStarts.length > 0);
  const allText = texts.join(' ').toLowerCase();
  const titleHeads = [...new Set(seeds.map((s) => s.title.split(/ (?:in|voor|met|tijdens|over|van) /)[0]!.replace(/\s*\(.*\)$/, '')))];
  return {
    sentenceStarts: starts,
    next,
    topics,
    contentWords: [...frequency.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w),
    titleHeads,
    compoundParts: COMPOUND_CANDIDATES.filter((part) => allText.includes(part)),
    partners: [...new Set(seeds.flatMap((s) => s.partners ?? []))],
    sourceTitles: seeds.map((s) => ({ title: s.source.title, publisher: s.source.publisher ?? 'Vlaamse overheid' })),
    wordCount,
  };
}
