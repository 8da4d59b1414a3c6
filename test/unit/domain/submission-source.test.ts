import { expect } from 'chai';
import { practiceInputOf, submissionInputSchema } from '../../../src/domain/submission.js';

const input = submissionInputSchema.parse({
  title: 'Buurtsoep aan huis',
  summary: 'Vrijwilligers brengen soep bij alleenwonende ouderen.',
  scale: 'lokaal',
  municipalities: ['44087'],
  themes: ['ouderenzorg'],
  contactOrganisation: 'Sociaal Huis Lochristi',
  contactEmail: 'buurtwerk@lochristi.example',
});

describe('the source of a submitted practice', () => {
  it('is the submitter, and the submission is the source text: its day is the source date', () => {
    const { source } = practiceInputOf(input, '2026-03-14T10:00:00.000Z');
    expect(source).to.deep.equal({
      title: 'Ingediend door Sociaal Huis Lochristi',
      publisher: undefined,
      url: undefined,
      note: 'Ingediend via Praktijkbank op 14 maart 2026.',
      date: '2026-03-14',
    });
  });

  it('counts the day as it is in Flanders, not in UTC', () => {
    expect(practiceInputOf(input, '2026-12-31T23:30:00.000Z').source.date).to.equal('2027-01-01');
    expect(practiceInputOf(input, '2026-06-30T22:30:00.000Z').source.note).to.equal('Ingediend via Praktijkbank op 1 juli 2026.');
  });
});
