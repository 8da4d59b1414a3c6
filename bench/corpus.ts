// Reproducible synthetic catalogues for the benchmark: realistic Dutch practices in the API's shape
// (the import format), written from the vocabulary of the seed texts with a seeded generator. The
// same seed and size give the same file, byte for byte.
import { createWriteStream } from 'node:fs';
import slugify from 'slugify';
import { MUNICIPALITIES, type Municipality } from '../src/domain/municipalities.js';
import { LIFE_DOMAINS, PROVINCES, SCALES, TARGET_GROUPS, THEMES, type Province } from '../src/domain/vocabulary.js';
import type { PracticeApiView } from '../src/http/api-schemas.js';
import { Random } from './prng.js';
import { type Chain, type Vocabulary, loadVocabulary } from './vocabulary.js';

export const DEFAULT_SEED = 20261125;

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

class Writer {
  constructor(
    private readonly random: Random,
    private readonly vocabulary: Vocabulary,
    /** The practice's subjects: its sentences mostly start there and follow those texts' word pairs. */
    private readonly topics: readonly Chain[],
  ) {}

  compound(): string {
    const r = this.random;
    const parts = this.vocabulary.compoundParts;
    const first = r.pick(parts);
    let second = r.pick(parts);
    while (second === first) second = r.pick(parts);
    return `${first}${second}${r.chance(0.3) ? 'en' : ''}`;
  }

  /** One sentence along the word-pair chain, with now and then a compound or a place of its own. */
  sentence(place?: string): string {
    const r = this.random;
    const words = [r.pick(r.chance(0.8) ? r.pick(this.topics).sentenceStarts : this.vocabulary.sentenceStarts)];
    while (words.length < 32) {
      const last = words[words.length - 1] as string;
      if (/[.!?]$/.test(last) && words.length >= 6) break;
      const inTopic = this.topics.flatMap((t) => t.next.get(last) ?? []);
      const following = inTopic.length > 0 && r.chance(0.8) ? inTopic : this.vocabulary.next.get(last);
      if (!following) break;
      words.push(r.pick(following));
    }
    const out = words.map((w) => (w.length >= 6 && /^\p{Ll}+$/u.test(w) && r.chance(0.04) ? this.compound() : w));
    if (place && r.chance(0.12)) {
      // "In Lokeren, de gemeente ..." – keep names and abbreviations as they are.
      if (/^\p{Lu}\p{Ll}+$/u.test(out[0] ?? '')) out[0] = (out[0] as string).toLowerCase();
      out.unshift('In', `${place},`);
    }
    const text = out.join(' ').replace(/[,;:]$/, '');
    return /[.!?…]$/.test(text) ? text : `${text}.`;
  }

  /** Sentences until about `words` words, in paragraphs of two to four sentences. */
  text(words: number, place?: string): string {
    const paragraphs: string[][] = [[]];
    let count = 0;
    while (count < words) {
      const s = this.sentence(place);
      count += s.split(' ').length;
      const current = paragraphs[paragraphs.length - 1] as string[];
      current.push(s);
      if (current.length >= this.random.int(2, 4)) paragraphs.push([]);
    }
    return paragraphs.filter((p) => p.length > 0).map((p) => p.join(' ')).join('\n\n');
  }
}

const byProvince = new Map<Province, Municipality[]>(PROVINCES.map((p) => [p.value, MUNICIPALITIES.filter((m) => m.province === p.value)]));

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  return `${cut.slice(0, cut.lastIndexOf(' '))}.`;
}

/** The practice at position `index` of the corpus of this seed: the same every time. */
// A record as API v1 gave it before issue 12: the import still takes it as is, the new fields left empty.
type Issue12Field = 'workingElements' | 'transferability' | 'costs' | 'funding' | 'staffFte' | 'reach' | 'evaluation' | 'contact' | 'lastVerifiedAt' | 'evidenceLevel' | 'materials' | 'completeness';
type CorpusRecord = Omit<PracticeApiView, 'source' | Issue12Field | 'recentlyVerified' | 'adoptions'> & { source: Omit<PracticeApiView['source'], 'date'> };

export function practiceAt(index: number, seed: number, vocabulary: Vocabulary): CorpusRecord {
  const r = new Random((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const w = new Writer(r, vocabulary, r.sample(vocabulary.topics, 3));
  const scale = r.weighted([['lokaal', 55], ['intergemeentelijk', 20], ['regionaal', 12], ['vlaams', 13]] as const);
  const province = r.pick(PROVINCES).value;
  let places: Municipality[] = [];
  let ownProvinces: Province[] = [];
  if (scale === 'lokaal') places = [r.pick(MUNICIPALITIES)];
  else if (scale === 'intergemeentelijk') places = r.sample(byProvince.get(province) ?? [], r.int(2, 6));
  else if (scale === 'regionaal') {
    if (r.chance(0.5)) places = r.sample(byProvince.get(province) ?? [], r.int(5, 15));
    else ownProvinces = [province];
  }
  places.sort((a, b) => a.nisCode.localeCompare(b.nisCode));
  const placeName = places[0]?.name ?? (ownProvinces[0] ? PROVINCES.find((p) => p.value === ownProvinces[0])?.label : 'Vlaanderen') ?? 'Vlaanderen';

  const themes = r.sample(THEMES, r.weighted([[1, 50], [2, 35], [3, 15]] as const)).map((t) => t.value);
  const targetGroups = r.sample(TARGET_GROUPS, r.int(0, 3));
  const lifeDomains = r.sample(LIFE_DOMAINS, r.int(0, 3)).map((t) => t.value);
  const theme = THEMES.find((t) => t.value === themes[0])!;
  const head = r.pick(vocabulary.titleHeads);
  const title = r.weighted<() => string>([
    [() => `${head} in ${placeName}`, 3],
    [() => `${capitalise(w.compound())} voor ${(targetGroups[0]?.label ?? 'kwetsbare inwoners').toLowerCase()} in ${placeName}`, 3],
    [() => `${theme.label}: ${head.charAt(0).toLowerCase()}${head.slice(1)} in ${placeName}`, 2],
    [() => `${capitalise(r.pickSkewed(vocabulary.contentWords))} en ${r.pickSkewed(vocabulary.contentWords)} in ${placeName}`, 2],
  ])();
  const slug = `${slugify(title, { lower: true, strict: true, locale: 'nl' }).slice(0, 60).replace(/-+$/, '')}-${index + 1}`;

  const startYear = r.chance(0.7) ? r.int(2005, 2025) : null;
  const ongoing = startYear !== null && r.chance(0.5);
  const endYear = startYear !== null && !ongoing && r.chance(0.6) ? Math.min(2026, startYear + r.int(0, 5)) : null;
  const organisation = places[0] ? `${r.pick(['Gemeente', 'OCMW', 'Sociaal huis', 'Stad'])} ${places[0].name}` : r.pick(['VVSG', 'Departement Zorg', 'CAW Oost-Vlaanderen', 'Vlaamse overheid']);
  const partners = [...new Set([...r.sample(vocabulary.partners, r.int(0, 2)), ...(r.chance(0.4) ? [`vzw ${capitalise(w.compound())}`] : []), ...(places[1] ? [`OCMW ${places[1].name}`] : [])])];
  const source = r.pick(vocabulary.sourceTitles);
  const section = (words: number, p: number) => (r.chance(p) ? w.text(words, placeName) : null);
  const at = new Date(Date.UTC(2025, 0, 1) + index * 60_000).toISOString();

  return {
    slug,
    title,
    summary: clip(w.text(r.int(25, 50)).replace(/\n\n/g, ' '), 600),
    sections: {
      aanleiding: section(r.int(50, 90), 0.95),
      aanpak: section(r.int(90, 150), 1),
      resultaten: section(r.int(40, 80), 0.75),
      leerpunten: section(r.int(30, 70), 0.6),
    },
    municipalities: places.map((m) => ({ nisCode: m.nisCode, name: m.name, province: m.province })),
    provinces: [...new Set([...places.map((m) => m.province), ...ownProvinces])].sort(),
    scale: SCALES.find((s) => s.value === scale)!.value,
    themes,
    targetGroups: targetGroups.map((t) => t.value),
    lifeDomains,
    partners,
    period: { startYear, endYear, ongoing },
    links: places[0] && r.chance(0.5) ? [{ url: `https://www.${slugify(places[0].name, { lower: true, strict: true })}.be/${slug}`, label: `Meer over ${title}`.slice(0, 200) }] : [],
    source: {
      title: `${source.title} (synthetisch benchmarkcorpus)`,
      publisher: source.publisher,
      url: null,
      note: `Record ${index} van het benchmarkcorpus met seed ${seed}, geschreven door bench/corpus.ts met de woorden van de seedteksten. Geen echte praktijk.`,
    },
    contactOrganisation: r.chance(0.7) ? organisation : null,
    contactEmail: null,
    publishedAt: at,
    updatedAt: at,
    url: `/praktijken/${slug}`,
  };
}

/** Writes a corpus of `size` practices as an import file (a JSON array), streaming; returns its byte size. */
export async function writeCorpus(file: string, size: number, seed = DEFAULT_SEED): Promise<{ bytes: number; words: number }> {
  const vocabulary = loadVocabulary();
  const out = createWriteStream(file);
  let bytes = 0;
  let words = 0;
  const write = (chunk: string) =>
    new Promise<void>((resolve, reject) => {
      bytes += Buffer.byteLength(chunk);
      if (out.write(chunk)) return resolve();
      const onError = (error: Error) => reject(error);
      out.once('error', onError).once('drain', () => {
        out.off('error', onError);
        resolve();
      });
    });
  await write('[\n');
  for (let i = 0; i < size; i++) {
    const practice = practiceAt(i, seed, vocabulary);
    words += [practice.summary, ...Object.values(practice.sections)].join(' ').split(/\s+/).length;
    await write(`${JSON.stringify(practice)}${i < size - 1 ? ',' : ''}\n`);
  }
  await write(']\n');
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { bytes, words: Math.round(words / size) };
}
