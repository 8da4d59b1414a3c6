// The relevance evaluation (npm run search:eval) as a floor: search quality over the judged queries of
// test/fixtures/search-eval cannot silently drop. The floors sit a little under the figures measured
// when they were set (docs/search.md); raise them when search gets better, never lower them to pass.
import { expect } from 'chai';
import { type Evaluation, evaluate, judgedQueries } from '../../search-eval/relevance.js';

const OVERALL_FLOOR = { successAt3: 0.97, mrr: 0.95, ndcgAt10: 0.9 };
/** Every kind of query, on its own: no kind may be given up for the others. */
const KIND_FLOOR = { successAt3: 0.9, mrr: 0.8 };

describe('search relevance over the judged queries', function () {
  this.timeout(60_000);
  let evaluation: Evaluation;
  before(async () => {
    evaluation = await evaluate();
  });

  it('holds at least 150 judged queries, each with an answer, of every kind the issue names', () => {
    const queries = judgedQueries();
    expect(queries.length).to.be.at.least(150);
    expect(queries.every((q) => q.relevant.length > 0)).to.equal(true);
    expect(new Set(queries.map((q) => q.kind))).to.have.all.keys('exact', 'compound-split', 'compound-join', 'typo', 'prefix', 'synonym', 'english', 'multiword', 'place');
  });

  it(`finds the answer in the first three for at least ${OVERALL_FLOOR.successAt3 * 100} % of all queries, with MRR and nDCG@10 above their floors`, () => {
    const { overall } = evaluation;
    expect(overall.successAt3, 'success@3').to.be.at.least(OVERALL_FLOOR.successAt3);
    expect(overall.mrr, 'MRR').to.be.at.least(OVERALL_FLOOR.mrr);
    expect(overall.ndcgAt10, 'nDCG@10').to.be.at.least(OVERALL_FLOOR.ndcgAt10);
  });

  it('keeps every kind of query above its floor', () => {
    for (const kind of evaluation.kinds) {
      expect(kind.successAt3, `${kind.kind}: success@3`).to.be.at.least(KIND_FLOOR.successAt3);
      expect(kind.mrr, `${kind.kind}: MRR`).to.be.at.least(KIND_FLOOR.mrr);
    }
  });
});
