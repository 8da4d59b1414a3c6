// Child process of the benchmark: builds the Lunr index of a database's published practices from
// scratch, as a full rebuild does, and reports time and memory. A process of its own, so its peak
// resident memory (VmHWM) is the build's and nothing else's.
// Usage: node --import tsx bench/index-build.ts DATABASE_FILE
import { join } from 'node:path';
import { openDatabase } from '../src/store/database.js';
import { PracticeRepository } from '../src/store/practice-repository.js';
import { SearchIndex } from '../src/search/search-index.js';
import { searchDocumentOf } from '../src/search/practice-document.js';
import { QUERY_MIX } from './queries.js';
import { memoryOf, msSince, now, reportResult, summarise } from './stats.js';
import { ROOT } from './vocabulary.js';

const file = process.argv[2];
if (!file) throw new Error('usage: index-build.ts DATABASE_FILE');

const db = openDatabase({ path: file, migrationsDir: join(ROOT, 'db', 'migrations') });
let start = now();
const practices = new PracticeRepository(db).listPublished();
const loadPracticesMs = msSince(start);
db.close();
const documents = practices.map(searchDocumentOf);
const baseline = memoryOf();

start = now();
const index = SearchIndex.build(documents);
const buildMs = msSince(start);
const afterBuild = memoryOf();

// The index's stored form: bytes (toBytes/fromBytes) or Lunr's JSON (toJSON/load), whichever this
// version of SearchIndex has, so the benchmark runs on either side of the engine change.
interface Storable {
  toBytes?: () => Uint8Array;
  toJSON?: () => object;
}
interface Loader {
  fromBytes?: (bytes: Uint8Array) => SearchIndex;
  load?: (serialized: object) => SearchIndex;
}
const storable = index as unknown as Storable;
const loader = SearchIndex as unknown as Loader;
start = now();
const stored: Uint8Array | string = storable.toBytes ? storable.toBytes() : JSON.stringify(storable.toJSON?.() ?? {});
const serializeMs = msSince(start);
start = now();
const reloaded =
  typeof stored === 'string' ? (loader.load?.(JSON.parse(stored) as object) ?? index) : (loader.fromBytes?.(stored) ?? index);
const loadMs = msSince(start);
const afterSerialize = memoryOf();

// The text search alone (no facets, snippets or paging): what the engine itself costs per query.
const rounds = Number(process.argv[3] ?? 5);
const latencies: number[] = [];
for (const q of QUERY_MIX) reloaded.search(q.q);
for (let round = 0; round < rounds; round++) {
  for (const q of QUERY_MIX) {
    const t = now();
    reloaded.search(q.q);
    latencies.push(msSince(t));
  }
}

reportResult({
  practices: practices.length,
  loadPracticesMs,
  buildMs,
  serializeMs,
  serializedMb: (typeof stored === 'string' ? Buffer.byteLength(stored) : stored.byteLength) / 2 ** 20,
  loadMs,
  rssBeforeBuildMb: baseline.rssMb,
  peakDuringBuildMb: afterBuild.peakMb,
  rssAfterBuildMb: afterBuild.rssMb,
  peakWithSerializeMb: afterSerialize.peakMb,
  heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20,
  textSearch: summarise(latencies),
});
