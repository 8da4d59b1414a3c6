// The bar chart's layout: one row per bar, lengths proportional to the counts, every figure in words.
import { expect } from 'chai';
import { barChart, wrapLabel } from '../../../src/http/presenters/bar-chart.js';

describe('barChart', () => {
  it('draws the largest count at 85% of the width and the others in proportion', () => {
    const chart = barChart('c', 'Praktijken per thema', [
      { label: 'Armoedebestrijding', count: 4 },
      { label: 'Buurtgerichte zorg', count: 2, highlighted: true },
      { label: 'Vrijetijdsbeleid', count: 0 },
    ]);
    expect(chart.bars.map((b) => b.width)).to.deep.equal(['85%', '42.5%', '0%']);
    expect(chart.bars.map((b) => b.label)).to.deep.equal(['Armoedebestrijding', 'Buurtgerichte zorg (gekozen)', 'Vrijetijdsbeleid']);
    expect(chart.bars.map((b) => b.count)).to.deep.equal([4, 2, 0]);
  });

  it('puts each label above its bar and each row below the previous one', () => {
    const chart = barChart('c', 't', [{ label: 'a', count: 1 }, { label: 'b', count: 1 }]);
    const [first, second] = chart.bars;
    if (!first || !second) throw new Error('two bars expected');
    expect(first.labelY).to.be.below(first.barY);
    expect(second.labelY).to.be.above(first.barY + first.barHeight);
    expect(chart.height).to.be.at.least(second.barY + second.barHeight);
  });

  it('wraps a long label onto more lines and moves its bar down by as many', () => {
    expect(wrapLabel('Geestelijke gezondheid en mentaal welzijn (gekozen)')).to.deep.equal(['Geestelijke gezondheid en', 'mentaal welzijn (gekozen)']);
    expect(wrapLabel('Armoedebestrijding')).to.deep.equal(['Armoedebestrijding']);
    expect(wrapLabel('welzijnsdienstverleningsorganisatiesamenwerkingsverband x', 20)).to.deep.equal(['welzijnsdienstverleningsorganisatiesamenwerkingsverband', 'x']);
    const [short, long] = barChart('c', 't', [{ label: 'Kort', count: 1 }, { label: 'Verzoekers om internationale bescherming', count: 1 }]).bars;
    if (!short || !long) throw new Error('two bars expected');
    expect(long.labelLines).to.have.length(2);
    expect(long.barY - long.labelY).to.equal(short.barY - short.labelY + long.lineHeight);
  });

  it('keeps a tiny share visible', () => {
    const chart = barChart('c', 't', [{ label: 'a', count: 1000 }, { label: 'b', count: 1 }]);
    expect(chart.bars[1]?.width).to.equal('0.5%');
  });

  it('names every figure in its description and gives the title and description ids', () => {
    const chart = barChart('stat', 'Praktijken per provincie', [{ label: 'Limburg', count: 1, highlighted: true }, { label: 'Antwerpen', count: 5 }]);
    expect(chart.description).to.equal('Staafdiagram. Limburg (gekozen): 1; Antwerpen: 5.');
    expect([chart.titleId, chart.descId]).to.deep.equal(['stat-title', 'stat-desc']);
    expect(barChart('e', 't', []).description).to.equal('Geen gegevens.');
  });
});
