// Numbers, amounts, sizes and dates as a Flemish reader writes them.
import { expect } from 'chai';
import { dutchNumber, euro, fileSize, partialDate, yearOf } from '../../../src/http/presenters/dutch-format.js';

const spaced = (s: string) => s.replace(/\u00a0/g, ' ');

describe('Dutch formats', () => {
  it('writes amounts in euro with a point between thousands, and cents only when there are any', () => {
    expect(spaced(euro(12500))).to.equal('€ 12.500');
    expect(spaced(euro(12500.5))).to.equal('€ 12.500,50');
    expect(spaced(euro(0))).to.equal('€ 0');
  });

  it('writes a decimal number with a comma', () => {
    expect(dutchNumber(0.5)).to.equal('0,5');
    expect(dutchNumber(1200)).to.equal('1.200');
  });

  it('gives a file size in bytes, kB or MB as file managers do', () => {
    expect(fileSize(512)).to.equal('512 bytes');
    expect(fileSize(1000)).to.equal('1 kB');
    expect(fileSize(240_000)).to.equal('240 kB');
    expect(fileSize(1_250_000)).to.equal('1,3 MB');
    expect(fileSize(10 * 1024 * 1024)).to.equal('10,5 MB');
  });

  it('says a source date as precisely as it is given, and no more', () => {
    expect(partialDate('2018')).to.deep.equal({ iso: '2018', label: '2018' });
    expect(partialDate('2018-02')).to.deep.equal({ iso: '2018-02', label: 'februari 2018' });
    expect(partialDate('2018-02-23')).to.deep.equal({ iso: '2018-02-23', label: '23 februari 2018' });
    expect(partialDate(undefined)).to.equal(undefined);
    expect(partialDate('23/02/2018')).to.equal(undefined);
  });

  it('takes the year of a partial date', () => {
    expect(yearOf('2018-02-23')).to.equal('2018');
    expect(yearOf('2018')).to.equal('2018');
    expect(yearOf(undefined)).to.equal(undefined);
  });
});
