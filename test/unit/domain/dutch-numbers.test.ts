import { expect } from 'chai';
import { numberFromDutch } from '../../../src/domain/practice.js';

describe('reading a number as a Dutch speaker types it', () => {
  const cases: [string, unknown][] = [
    ['12500', 12500],
    ['12.500', 12500],
    ['12 500,50', 12500.5],
    ['€ 1.200', 1200],
    ['12.500.000', 12500000],
    ['0,5', 0.5],
    ['0.5', 0.5],
    ['0.125', 0.125],
    ['1,25', 1.25],
    ['12.5', 12.5],
    ['', undefined],
    ['twaalf', 'twaalf'],
  ];
  for (const [typed, read] of cases) {
    it(`reads ${JSON.stringify(typed)} as ${JSON.stringify(read)}`, () => {
      expect(numberFromDutch(typed)).to.equal(read);
    });
  }
});
