// The Dutch text pipeline shared by indexing, querying and highlighting, so all three agree on what a
// "word" is: split on anything that is not a letter or digit, lower-case, fold accents, drop stop
// words, stem (Snowball Dutch) and smooth over a few stemmer gaps users would notice.
import lunr from 'lunr';
import { createRequire } from 'node:module';

type LunrPlugin = (l: typeof lunr) => void;
const require = createRequire(import.meta.url);
(require('lunr-languages/lunr.stemmer.support.js') as LunrPlugin)(lunr);
(require('lunr-languages/lunr.nl.js') as LunrPlugin)(lunr);

interface DutchLunr {
  stemmer: lunr.PipelineFunction;
  stopWordFilter: lunr.PipelineFunction;
}
const nl = (lunr as unknown as { nl: DutchLunr }).nl;

// Lunr splits only on whitespace and '-'; users type 'OCMW/CAW', 'zorg,welzijn', "baby's".
// The tokenizer tests one character at a time, so this pattern describes a single separator character.
const SEPARATOR = /[^\p{L}\p{N}\p{M}]/u;
lunr.tokenizer.separator = SEPARATOR;

/** Lower-cases and strips diacritics: 'Geïntegreerd' → 'geintegreerd', 'crèche' → 'creche'. */
export function foldAccents(word: string): string {
  return word.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

// The Snowball stemmer keeps some forms apart that users treat as one word.
function smoothStem(stem: string): string {
  return stem
    .replace(/ches$/, 'ch') // English loan plurals: 'coaches' → 'coach'
    .replace(/ies$/, 'ie') // plurals of words in -ie, kept whole by Snowball: 'organisaties' → 'organisatie'
    .replace(/([bcdfgklmnprstvz])\1$/, '$1') // undoubled plural stems: 'gezinn' (gezinnen) → 'gezin'
    .replace(/(.{3}[dt])es$/, '$1') // plurals in -s of words in -de/-te: 'gemeentes' → 'gemeent', as 'gemeente'
    .replace(/z$/, 's') // voiced plural stems: 'huiz' (huizen) → 'huis'
    .replace(/v$/, 'f') // 'initiatiev' (initiatieven) → 'initiatief'
    .replace(/centra$/, 'centrum') // Latin plurals: 'woonzorgcentra' → 'woonzorgcentrum'
    .replace(/kinder$/, 'kind'); // the irregular plural 'kinderen' → 'kind'
}

const foldStep: lunr.PipelineFunction = (token) => token.update((s) => foldAccents(s));
const smoothStep: lunr.PipelineFunction = (token) => token.update((s) => smoothStem(s));

// Registered so a serialized index can be loaded again (lunr refuses unknown pipeline functions).
lunr.Pipeline.registerFunction(foldStep, 'praktijkbank-fold');
lunr.Pipeline.registerFunction(smoothStep, 'praktijkbank-smooth');

const steps: lunr.PipelineFunction[] = [foldStep, nl.stopWordFilter, nl.stemmer, smoothStep];

/** Sets up a Lunr builder with the Dutch pipeline for indexing and searching. */
export function useDutch(builder: lunr.Builder): void {
  builder.pipeline.reset();
  builder.searchPipeline.reset();
  builder.pipeline.add(...steps);
  builder.searchPipeline.add(...steps);
}

const pipeline = new lunr.Pipeline();
pipeline.add(...steps);

// Words repeat endlessly across practices: remembering the term of each word makes building an index,
// snippets and queries several times faster. Bounded: cleared whole when full.
const MEMO_LIMIT = 200_000;
const memo = new Map<string, string | null>();

/** The index term of one word, or undefined for a stop word or a word with no letters or digits. */
export function indexTermOf(word: string): string | undefined {
  const known = memo.get(word);
  if (known !== undefined) return known ?? undefined;
  const [term] = pipeline.runString(word);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(word, term ? term : null);
  return term ? term : undefined;
}

/** The index terms of a text, in order: the words the index and the query agree on. */
export function termsOf(text: string): string[] {
  const terms: string[] = [];
  for (const { word } of wordsOf(text)) {
    const term = indexTermOf(word);
    if (term !== undefined) terms.push(term);
  }
  return terms;
}

// Words that exercise every step: accents, stop words, the stemmer and each smoothing rule.
const PIPELINE_PROBE = [
  'Geïntegreerd', 'crèche', 'Één', 'de', 'het', 'van', 'en', 'zorg', 'mantelzorgers', 'coaches', 'organisaties',
  'gezinnen', 'gemeentes', 'gemeente', 'huizen', 'initiatieven', 'woonzorgcentra', 'kinderen', 'onthaal',
  'armoede', 'vluchtelingen', 'landbouwers', 'OCMW', "baby's", 'netwerken', 'wonen', 'jongeren', 'buurtwerking',
];

/**
 * What decides the terms of a text, as behaviour: the terms of the probe words and the separator. A
 * persisted index made with other steps must not be reused. (Not the functions' source: the compiled
 * build and tsx print it differently, and a stored index must serve both.)
 */
export const PIPELINE_SOURCE = JSON.stringify({ separator: SEPARATOR.source, terms: PIPELINE_PROBE.map((word) => termsOf(word)) });

/** Splits text into words exactly as the index does, keeping where each word stands in the text. */
export function wordsOf(text: string): { word: string; start: number; end: number }[] {
  // A plain exec loop: several times cheaper than a generator over matchAll, and snippets run it for
  // every practice shown.
  const pattern = /[\p{L}\p{N}\p{M}]+/gu;
  const words: { word: string; start: number; end: number }[] = [];
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    words.push({ word: match[0], start: match.index, end: match.index + match[0].length });
  }
  return words;
}

export { lunr };
