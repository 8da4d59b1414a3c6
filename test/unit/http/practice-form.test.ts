// The practice form module: flat fields in, the record's nested shape out, each schema issue back to
// the field it belongs to, and a stored practice shown in the form so that saving it unchanged changes nothing.
import { expect } from 'chai';
import fc from 'fast-check';
import { CONTENT_FIELDS } from '../../../src/domain/moderation.js';
import { practiceInputSchema } from '../../../src/domain/practice.js';
import { FORM_FIELDS, draftOf, formErrorsOf, formValuesOf, formValuesOfPractice } from '../../../src/http/forms/practice-form.js';
import { practiceInput } from '../../support/practices.js';

const full = () =>
  practiceInput({
    workingElements: 'Een vaste vertrouwenspersoon.',
    transferability: 'Een sociaal huis met een onthaalbalie.',
    costs: { amountEur: 12500.5, period: 'per-jaar', note: 'Loon van de coördinator.' },
    funding: ['eigen-middelen', 'vlaamse-subsidie'],
    staffFte: 0.5,
    reach: { count: 1200, unit: 'gezinnen', year: 2023 },
    evaluation: { kind: 'extern', summary: 'Meer rechten geopend.', url: 'https://example.org/evaluatie.pdf' },
    contactName: 'An Peeters',
    contactRole: 'Beleidsmedewerker welzijn',
    contactOrganisation: 'Gemeente Aartselaar',
    contactEmail: 'an@aartselaar.test',
    source: { title: 'Jaarverslag', date: '2018-02' },
  });

describe('the practice form module', () => {
  it('names the fields in the order a moderator sees them compared, so form and diff cannot drift apart', () => {
    expect(FORM_FIELDS).to.equal(CONTENT_FIELDS);
  });

  it('builds the nested costs, reach, evaluation and source from flat fields, reading a Dutch amount', () => {
    const draft = draftOf(
      formValuesOf({ costAmountEur: '12.500,50', costPeriod: 'eenmalig', costNote: ' ', reachCount: '120', reachUnit: 'personen', evaluationKind: 'intern', sourceDate: '2018', funding: ['andere'] }),
    );
    expect(draft).to.deep.include({
      costs: { amountEur: '12.500,50', period: 'eenmalig', note: undefined },
      reach: { count: '120', unit: 'personen', year: undefined },
      evaluation: { kind: 'intern', summary: undefined, url: undefined },
      funding: ['andere'],
    });
    expect(draft.source).to.deep.equal({ title: '', publisher: undefined, url: undefined, note: undefined, date: '2018' });
    const parsed = practiceInputSchema.parse({ ...draftOf(formValuesOf({ ...formOf(full()), costAmountEur: '12.500,50' })) });
    expect(parsed.costs.amountEur).to.equal(12500.5);
  });

  it('puts each issue of a nested field beside that field, the rules between fields included while other fields are invalid', () => {
    const draft = draftOf(formValuesOf({ ...formOf(full()), costAmountEur: 'twaalf', reachCount: '10', reachUnit: '', evaluationKind: 'geen', sourceDate: 'vorig jaar', staffFte: 'veel', funding: ['loterij'] }));
    const parsed = practiceInputSchema.safeParse(draft);
    expect(parsed.success).to.equal(false);
    const { summary, byField } = formErrorsOf(parsed.error?.issues ?? []);
    expect(summary.map((e) => e.field)).to.deep.equal(['costAmountEur', 'funding', 'staffFte', 'reachUnit', 'evaluationKind', 'sourceDate']);
    expect(byField.reachUnit).to.equal('Kies wat het aantal telt: personen, gezinnen, organisaties, ...');
    expect(byField.funding).to.equal('Kies een financieringsbron uit de lijst.');
  });

  it('lets a rule between fields speak only when the fields it reads are valid on their own', () => {
    const draft = draftOf(formValuesOf({ ...formOf(full()), costAmountEur: 'twaalf', costPeriod: '', scale: '', municipalities: [], startYear: 'ooit', endYear: '2019' }));
    const issues = practiceInputSchema.safeParse(draft).error?.issues ?? [];
    // No "choose the period" beside an amount that is no number, no year order without a start year;
    // the municipality is asked for beside the scale, not a round later.
    expect(issues.map((i) => i.path.join('.'))).to.deep.equal(['scale', 'startYear', 'costs.amountEur', 'municipalities']);
    expect(issues.find((i) => i.path[0] === 'municipalities')?.message).to.equal('Kies minstens één gemeente waar de praktijk loopt, of kies de schaal "Vlaams" als ze voor heel Vlaanderen geldt.');
  });

  it('names an end year before the start year together with the other problems', () => {
    const draft = draftOf(formValuesOf({ ...formOf(full()), title: '', summary: '', themes: [], startYear: '2022', endYear: '2020', ongoing: '' }));
    const messages = (practiceInputSchema.safeParse(draft).error?.issues ?? []).map((i) => i.message);
    expect(messages).to.include('Het eindjaar mag niet voor het beginjaar liggen.');
    expect(messages).to.include('Vul de titel van de praktijk in.');
  });

  it('reports each rule once when every field is valid', () => {
    const draft = draftOf(formValuesOf({ ...formOf(full()), reachUnit: '' }));
    const issues = practiceInputSchema.safeParse(draft).error?.issues ?? [];
    expect(issues.map((i) => i.message)).to.deep.equal(['Kies wat het aantal telt: personen, gezinnen, organisaties, ...']);
  });

  it('shows a stored practice so that saving the form unchanged gives the same practice', () => {
    const practice = full();
    const values = formValuesOfPractice(practice);
    expect(values.text.costAmountEur).to.equal('12.500,5');
    expect(values.text.staffFte).to.equal('0,5');
    expect(values.text.reachYear, 'a year has no thousands point').to.equal('2023');
    expect(values.multi.funding).to.deep.equal(['eigen-middelen', 'vlaamse-subsidie']);
    // Compared as JSON: a missing field and an undefined one are the same practice.
    expect(asJson(practiceInputSchema.parse(draftOf(formValuesOf(formOf(practice)))))).to.deep.equal(asJson(practice));
  });

  it('gives back any amount, staff effort and reach it shows', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (cents, hundredthsFte, count) => {
          const practice = practiceInput({
            costs: { amountEur: cents / 100, period: 'eenmalig' },
            staffFte: hundredthsFte / 100,
            reach: { count, unit: 'personen' },
          });
          const again = practiceInputSchema.parse(draftOf(formValuesOf(formOf(practice))));
          expect([again.costs.amountEur, again.staffFte, again.reach.count]).to.deep.equal([cents / 100, hundredthsFte / 100, count]);
        },
      ),
    );
  });
});

/** The form's values as the browser would send them back (flat names, repeated for lists). */
function formOf(practice: ReturnType<typeof practiceInput>): Record<string, string | string[]> {
  const values = formValuesOfPractice(practice);
  return {
    ...Object.fromEntries(Object.entries(values.text).filter(([, v]) => v !== undefined)),
    ...values.multi,
    ...(values.ongoing ? { ongoing: 'ja' } : {}),
    ...(values.contactEmailPublic ? { contactEmailPublic: 'ja' } : {}),
  };
}

const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
