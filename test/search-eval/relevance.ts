// The relevance evaluation: judged Dutch queries (test/fixtures/search-eval/queries.json) over a test
// catalogue (the seed catalogue plus test/fixtures/search-eval/practices.json), searched through the
// real application's catalogue exactly as the results page and the API search it. Each query is scored
// by where its relevant practices land: success@3, reciprocal rank and nDCG@10, averaged per kind.
import { readFileSync } from 'node:fs';
import { practiceInputSchema } from '../../src/domain/practice.js';
import { parseSearchQuery } from '../../src/domain/search-query.js';
import { startTestApp } from '../support/test-app.js';

const FIXTURES = new URL('../fixtures/search-eval/', import.meta.url);
const CUTOFF = 10;

export interface JudgedQuery {
  readonly query: string;
  readonly kind: string;
  /** The practices a user would be glad to find, best first (graded: the first counts most). */
  readonly relevant: readonly string[];
  readonly note?: string;
}

export interface QueryOutcome {
  readonly judged: JudgedQuery;
  /** The slugs of the first ten results. */
  readonly top: readonly string[];
  /** 1-based rank of the first relevant practice, or undefined when none is in the results. */
  readonly firstRelevantRank: number | undefined;
  readonly successAt3: number;
  readonly reciprocalRank: number;
  readonly ndcgAt10: number;
}

export interface KindSummary {
  readonly kind: string;
  readonly queries: number;
  readonly successAt3: number;
  readonly mrr: number;
  readonly ndcgAt10: number;
}

export interface Evaluation {
  readonly outcomes: readonly QueryOutcome[];
  readonly kinds: readonly KindSummary[];
  readonly overall: KindSummary;
}

export function judgedQueries(): JudgedQuery[] {
  return JSON.parse(readFileSync(new URL('queries.json', FIXTURES), 'utf8')) as JudgedQuery[];
}

/** The test practices beyond the seed catalogue, validated as a submission is. */
function testPractices(): { slug: string; input: ReturnType<typeof practiceInputSchema.parse> }[] {
  const raw = JSON.parse(readFileSync(new URL('practices.json', FIXTURES), 'utf8')) as ({ slug: string } & Record<string, unknown>)[];
  return raw.map(({ slug, ...input }) => ({ slug, input: practiceInputSchema.parse(input) }));
}

// Relevance grades for nDCG: the first listed practice is the answer, the others are welcome too.
function gradeOf(judged: JudgedQuery, slug: string): number {
  const position = judged.relevant.indexOf(slug);
  if (position < 0) return 0;
  return position === 0 ? 2 : 1;
}

function ndcg(judged: JudgedQuery, top: readonly string[]): number {
  const dcg = top.slice(0, CUTOFF).reduce((sum, slug, i) => sum + (2 ** gradeOf(judged, slug) - 1) / Math.log2(i + 2), 0);
  const ideal = judged.relevant
    .map((slug) => gradeOf(judged, slug))
    .slice(0, CUTOFF)
    .reduce((sum, grade, i) => sum + (2 ** grade - 1) / Math.log2(i + 2), 0);
  return ideal === 0 ? 0 : dcg / ideal;
}

export function outcomeOf(judged: JudgedQuery, top: readonly string[]): QueryOutcome {
  const index = top.findIndex((slug) => judged.relevant.includes(slug));
  const firstRelevantRank = index < 0 ? undefined : index + 1;
  return {
    judged,
    top,
    firstRelevantRank,
    successAt3: firstRelevantRank !== undefined && firstRelevantRank <= 3 ? 1 : 0,
    reciprocalRank: firstRelevantRank === undefined ? 0 : 1 / firstRelevantRank,
    ndcgAt10: ndcg(judged, top),
  };
}

function summaryOf(kind: string, outcomes: readonly QueryOutcome[]): KindSummary {
  const mean = (pick: (o: QueryOutcome) => number) => outcomes.reduce((sum, o) => sum + pick(o), 0) / Math.max(outcomes.length, 1);
  return { kind, queries: outcomes.length, successAt3: mean((o) => o.successAt3), mrr: mean((o) => o.reciprocalRank), ndcgAt10: mean((o) => o.ndcgAt10) };
}

/** Runs every judged query against a fresh app holding the test catalogue. */
export async function evaluate(queries: readonly JudgedQuery[] = judgedQueries()): Promise<Evaluation> {
  const t = startTestApp();
  try {
    for (const { slug, input } of testPractices()) t.services.practices.insert({ slug, status: 'published', input });
    await t.services.catalogue.refreshInBackground();
    const outcomes = queries.map((judged) => {
      const parsed = parseSearchQuery({ q: judged.query, pageSize: String(CUTOFF) });
      if (!parsed.ok) throw new Error(`query ${JSON.stringify(judged.query)} is refused: ${JSON.stringify(parsed.problems)}`);
      const result = t.services.catalogue.search(parsed.query, { snippets: false, cache: false });
      return outcomeOf(
        judged,
        result.items.map((item) => item.practice.slug),
      );
    });
    const kinds = [...new Set(queries.map((q) => q.kind))].sort().map((kind) => summaryOf(kind, outcomes.filter((o) => o.judged.kind === kind)));
    return { outcomes, kinds, overall: summaryOf('alle', outcomes) };
  } finally {
    t.close();
  }
}
