// npm run search:eval: the relevance evaluation's figures per kind of query, and the queries whose
// answer is not in the first three (with what came instead), so a change to search can be judged.
// `--json` prints the figures as JSON instead.
import { type KindSummary, evaluate } from './relevance.js';

const evaluation = await evaluate();
const percent = (x: number) => `${(x * 100).toFixed(1).padStart(5)} %`;
const row = (s: KindSummary) => `${s.kind.padEnd(16)} ${String(s.queries).padStart(4)}   ${percent(s.successAt3)}   ${s.mrr.toFixed(3)}   ${s.ndcgAt10.toFixed(3)}`;

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ kinds: evaluation.kinds, overall: evaluation.overall }, null, 2));
} else {
  const misses = evaluation.outcomes.filter((o) => o.successAt3 === 0);
  if (misses.length > 0) {
    console.log('Not in the first three:');
    for (const o of misses) {
      const rank = o.firstRelevantRank === undefined ? 'not found' : `rank ${o.firstRelevantRank}`;
      console.log(`  [${o.judged.kind}] ${JSON.stringify(o.judged.query)}: ${rank}; wanted ${o.judged.relevant[0]}; got ${o.top.slice(0, 3).join(', ') || 'nothing'}`);
    }
    console.log('');
  }
  console.log(`${'kind'.padEnd(16)} ${'n'.padStart(4)}   success@3      MRR   nDCG@10`);
  for (const s of evaluation.kinds) console.log(row(s));
  console.log(row(evaluation.overall));
}
