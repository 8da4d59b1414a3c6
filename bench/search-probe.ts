// Child process of the benchmark: opens the catalogue the way the app does (openServices), times
// Catalogue.search over the query mix, publishes a practice through the moderators' domain path and
// times how long until search finds it while searches keep running, then runs the same mix on FTS5.
// Usage: node --import tsx bench/search-probe.ts DATABASE_FILE FTS_FILE ROUNDS
import { loadConfig } from '../src/config.js';
import { type ModerationStores, decide } from '../src/domain/moderation.js';
import { createModerator } from '../src/domain/moderators.js';
import { newSubmissionToken, submissionInputSchema, submitPractice } from '../src/domain/submission.js';
import { openServices } from '../src/services.js';
import { buildFts5 } from './fts5.js';
import { BENCH_OPERATOR } from './processes.js';
import { QUERY_MIX, type QueryKind, searchQueryOf, variantOf } from './queries.js';
import { type LatencySummary, memoryOf, msSince, now, reportResult, summarise } from './stats.js';

const [file, ftsFile, roundsArg] = process.argv.slice(2);
if (!file || !ftsFile) throw new Error('usage: search-probe.ts DATABASE_FILE FTS_FILE ROUNDS');
const rounds = Number(roundsArg ?? 10);
const PUBLISH_TIMEOUT_MS = 300_000;

const config = loadConfig({
  DATABASE_PATH: file,
  SEED_CATALOGUE: 'false',
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://praktijkbank.example',
  ...BENCH_OPERATOR,
  SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0000',
});
const start = now();
const services = openServices(config);
const openMs = msSince(start);
const afterOpen = memoryOf();
const { catalogue } = services;

// 1. Catalogue.search over the mix: what one request costs in process (text, filters, facets, snippets).
const queries = QUERY_MIX.map((q) => ({ bench: q, query: searchQueryOf(q) }));
const lunrTimes = new Map<number, number[]>(queries.map((_, i) => [i, []]));
const totals = queries.map(({ query }) => catalogue.search(query).total);
// Each round types the words with other capitals (the cache counts them as one search, so it is
// bypassed here): what a search costs when it is not an answer from the cache.
for (let round = 1; round <= rounds; round++) {
  queries.forEach(({ bench }, i) => {
    const query = searchQueryOf(variantOf(bench, round));
    const t = now();
    catalogue.search(query, { cache: false });
    lunrTimes.get(i)!.push(msSince(t));
  });
}
// The same query twice in a row: the second answer may come from a cache of recent results.
const repeated: number[] = [];
for (const { query } of queries) {
  catalogue.search(query);
  const t = now();
  catalogue.search(query);
  repeated.push(msSince(t));
}
const afterSearches = memoryOf();

// 2. Publish a new practice as a moderator does and search for it until it is found.
const moderator = await createModerator(services.moderators, `bench-${Date.now()}@praktijkbank.test`, 'benchmark-wachtwoord-lang-genoeg');
const marker = `zwaluwnest${Date.now().toString(36)}`;
const input = submissionInputSchema.parse({
  title: `Benchmarkpraktijk ${marker}`,
  summary: `Een praktijk die de benchmark publiceert om te meten hoe snel ze te vinden is (${marker}).`,
  municipalities: ['11002'],
  scale: 'lokaal',
  themes: ['netwerken'],
  contactOrganisation: 'Praktijkbank benchmark',
  contactEmail: 'benchmark@praktijkbank.test',
});
const { practiceId } = submitPractice(services, input, newSubmissionToken());
// Exactly what the moderation controller wires: decide(), then the catalogue's refresh in the background.
const stores: ModerationStores = { practices: services.practices, events: services.events, catalogueChanged: () => void catalogue.refreshInBackground() };
const probe = searchQueryOf({ kind: 'één woord', q: marker, filters: {} });
const during: number[] = [];
const afterFound: number[] = [];
const beforePublish = memoryOf();
const published = now();
decide(stores, { practiceId, decision: 'publish', moderatorId: moderator.id, seenRevision: services.practices.revisionOf(practiceId) ?? -1 });
const decideMs = msSince(published);
let foundMs: number | undefined;
let i = 0;
const yieldToEventLoop = () => new Promise((resolve) => setImmediate(resolve));
while (foundMs === undefined && msSince(published) < PUBLISH_TIMEOUT_MS) {
  const background = searchQueryOf(variantOf(queries[i % queries.length]!.bench, Math.floor(i++ / queries.length) + rounds + 1));
  let t = now();
  catalogue.search(background, { cache: false });
  during.push(msSince(t));
  t = now();
  const found = catalogue.search(probe).items.some((item) => item.practice.id === practiceId);
  during.push(msSince(t));
  if (found) foundMs = msSince(published);
  await yieldToEventLoop();
}
// Keep searching a while longer, so a merge that follows the first answer is measured too.
const settleUntil = msSince(published) + Math.max(2000, (foundMs ?? 0) * 1.5);
while (msSince(published) < settleUntil) {
  const t = now();
  catalogue.search(searchQueryOf(variantOf(queries[i % queries.length]!.bench, Math.floor(i++ / queries.length) + rounds + 1)), { cache: false });
  afterFound.push(msSince(t));
  await yieldToEventLoop();
}
const afterPublish = memoryOf();

// 3. The same mix on FTS5, over the same published practices.
const practices = services.practices.listPublished();
const { engine, buildMs: ftsBuildMs } = buildFts5(ftsFile, practices);
const ftsTimes = new Map<number, number[]>(queries.map((_, i) => [i, []]));
const ftsHits = queries.map(({ bench }) => engine.search(bench).length);
for (let round = 0; round < rounds; round++) {
  queries.forEach(({ bench }, i) => {
    const t = now();
    engine.search(bench);
    ftsTimes.get(i)!.push(msSince(t));
  });
}
engine.close();
services.close();

const byKind = (times: Map<number, number[]>) => {
  const kinds = new Map<QueryKind, number[]>();
  queries.forEach(({ bench }, i) => kinds.set(bench.kind, [...(kinds.get(bench.kind) ?? []), ...times.get(i)!]));
  return Object.fromEntries([...kinds].map(([kind, values]) => [kind, summarise(values)])) as Record<QueryKind, LatencySummary>;
};
const all = (times: Map<number, number[]>) => summarise([...times.values()].flat());

reportResult({
  practices: catalogue.size,
  openServicesMs: openMs,
  memory: { afterOpen, afterSearches, beforePublish, afterPublish },
  lunr: { all: all(lunrTimes), byKind: byKind(lunrTimes), repeated: summarise(repeated) },
  fts5: { buildMs: ftsBuildMs, all: all(ftsTimes), byKind: byKind(ftsTimes) },
  perQuery: queries.map(({ bench }, i) => ({
    ...bench,
    lunrTotal: totals[i],
    lunrP50: summarise(lunrTimes.get(i)!).p50,
    fts5Top20: ftsHits[i],
    fts5P50: summarise(ftsTimes.get(i)!).p50,
  })),
  publish: {
    decideMs,
    foundMs: foundMs ?? null,
    timedOut: foundMs === undefined,
    searchesWhileWaiting: summarise(during),
    searchesAfterFound: summarise(afterFound),
  },
});
// The catalogue's worker or the session pruner must not keep this child alive.
process.exit(0);
