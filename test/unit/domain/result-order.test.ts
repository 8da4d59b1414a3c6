import { expect } from 'chai';
import fc from 'fast-check';

import { topOf } from '../../../src/domain/result-order.js';

describe('topOf (the best results of an early page)', () => {
  it('gives the first k of the full order, for any scores, ties and k', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 200 }), fc.nat(220), (scores, k) => {
        const slots = Int32Array.from(scores.keys());
        // Relevance as the catalogue orders it: best score first, a tie to the lower (newer) slot.
        const compare = (a: number, b: number) => scores[b]! - scores[a]! || a - b;
        const sorted = slots.slice().sort(compare);
        expect(Array.from(topOf(slots, k, compare))).to.deep.equal(Array.from(sorted.subarray(0, k)));
      }),
    );
  });

  it('keeps every slot when k is larger than their number', () => {
    expect(Array.from(topOf(Int32Array.from([4, 2, 9]), 10, (a, b) => a - b))).to.deep.equal([2, 4, 9]);
  });
});
