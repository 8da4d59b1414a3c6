// What understanding Dutch costs the search engine (issue 15): on a synthetic catalogue of each size,
// the time to build the index, its stored size, its vocabulary, the word list's load time, and the
// time of a query (the benchmark's mix plus the judged queries of test/fixtures/search-eval), measured
// in one process over SearchIndex alone: no HTTP, no facets, no cache.
// Usage: node --expose-gc --import tsx bench/search-cost.ts [SIZE ...]   (default 1000 10000)
import { readFileSync } from 'node:fs';
import { searchLayers } from '../src/search/query.js';
import { SearchIndex } from '../src/search/search-index.js';
import { DEFAULT_SEED, practiceAt } from './corpus.js';
import { QUERY_MIX } from './queries.js';
import { msSince, now, summarise } from './stats.js';
import { loadVocabulary } from './vocabulary.js';

const sizes = process.argv.slice(2).map(Number);
const judged = JSON.parse(readFileSync(new URL('../test/fixtures/search-eval/queries.json', import.meta.url), 'utf8')) as { query: string }[];
const texts = [...QUERY_MIX.map((q) => q.q), ...judged.map((q) => q.query)];
const vocabulary = loadVocabulary();

for (const size of sizes.length > 0 ? sizes : [1000, 10000]) {
  const documents = Array.from({ length: size }, (_, i) => {
    const p = practiceAt(i, DEFAULT_SEED, vocabulary);
    return {
      id: i + 1,
      title: p.title,
      summary: p.summary,
      body: Object.values(p.sections ?? {}).filter(Boolean).join('\n\n'),
      tags: [...p.themes, ...p.targetGroups, ...p.partners, ...p.municipalities.map((m) => m.name)].join('\n'),
    };
  });
  global.gc?.();
  let start = now();
  const index = SearchIndex.build(documents);
  const buildMs = msSince(start);
  const bytes = index.toBytes().byteLength;
  // Warm up, then time every query a few rounds.
  // What a request costs the engine: the scored practices (LayeredIndex.searchText), not the sorted
  // hits with their matched terms that SearchIndex.search adds for tests.
  const layers = [{ index }];
  for (const text of texts) searchLayers(layers, index.size, text);
  const times: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const text of texts) {
      start = now();
      searchLayers(layers, index.size, text);
      times.push(msSince(start));
    }
  }
  const words = (index as unknown as { words?: readonly string[] }).words?.length ?? 0;
  const q = summarise(times);
  global.gc?.();
  console.log(
    JSON.stringify({ size, buildMs: Math.round(buildMs), storedMB: +(bytes / 1e6).toFixed(1), terms: index.terms.length, writtenWords: words, queryP50Ms: +q.p50.toFixed(2), queryP99Ms: +q.p99.toFixed(2), heapMB: Math.round(process.memoryUsage().heapUsed / 1e6) }),
  );
}
