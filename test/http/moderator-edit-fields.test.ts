// The moderator's edit form carries every field a copier needs, and the source's date: shown as stored,
// saved with the revision the form was opened on, refused with the form's own messages.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import { post } from '../support/submissions.js';
import { insertPractice } from '../support/practices.js';
import { type LoggedIn, loginAsModerator, useTestApp } from '../support/test-app.js';

describe("the moderator's edit of a practice's new fields", () => {
  const t = useTestApp({ per: 'test' });
  let mod: LoggedIn;
  beforeEach(async () => {
    mod = await loginAsModerator(t);
  });

  const stored = {
    workingElements: 'Een vaste vertrouwenspersoon.',
    transferability: 'Een sociaal huis met een onthaalbalie.',
    costs: { amountEur: 2500, period: 'eenmalig' as const, note: 'Drukwerk.' },
    funding: ['provinciale-subsidie' as const],
    staffFte: 0.2,
    reach: { count: 80, unit: 'personen' as const, year: 2022 },
    evaluation: { kind: 'intern' as const, summary: 'Deelnemers waren tevreden.' },
    contactName: 'Jan Janssens',
    contactRole: 'Coördinator',
    source: { title: 'Jaarverslag 2018', date: '2018-02-23' },
  };

  /** The edit form's fields as the browser would send them back. */
  async function openEdit(id: number): Promise<{ $: cheerio.CheerioAPI; body: URLSearchParams }> {
    const $ = cheerio.load((await mod.agent.get(`/beheer/praktijken/${id}/bewerken`).expect(200)).text);
    const body = new URLSearchParams();
    $('form.practice-form').serializeArray().forEach(({ name, value }) => body.append(name, value));
    return { $, body };
  }
  const idOf = (slug: string) => t.services.practices.findBySlug(slug)?.id ?? 0;

  it('shows every new field as stored, the source date included', async () => {
    const id = idOf(await insertPractice(t, stored, { status: 'pending' }));
    const { $ } = await openEdit(id);
    expect($('#workingElements').text()).to.equal(stored.workingElements);
    expect($('#transferability').text()).to.equal(stored.transferability);
    expect($('#costAmountEur').val()).to.equal('2.500');
    expect($('input[name=costPeriod]:checked').val()).to.equal('eenmalig');
    expect($('#costNote').text()).to.equal('Drukwerk.');
    expect($('input[name=funding]:checked').map((_, e) => $(e).val()).get()).to.deep.equal(['provinciale-subsidie']);
    expect($('#staffFte').val()).to.equal('0,2');
    expect([$('#reachCount').val(), $('#reachUnit option:selected').val(), $('#reachYear').val()]).to.deep.equal(['80', 'personen', '2022']);
    expect($('input[name=evaluationKind]:checked').val()).to.equal('intern');
    expect($('#evaluationSummary').text()).to.equal('Deelnemers waren tevreden.');
    expect([$('#contactName').val(), $('#contactRole').val()]).to.deep.equal(['Jan Janssens', 'Coördinator']);
    expect($('#sourceDate').val()).to.equal('2018-02-23');
  });

  it('saves changed new fields with the revision the form carries, and nothing else changes', async () => {
    const id = idOf(await insertPractice(t, stored, { status: 'pending' }));
    const before = t.services.practices.findById(id);
    const { body } = await openEdit(id);
    expect(body.get('revision')).to.equal(String(t.services.practices.revisionOf(id)));
    body.set('costAmountEur', '3.000,75');
    body.set('costPeriod', 'per-jaar');
    body.append('funding', 'europese-middelen');
    body.set('reachCount', '95');
    body.set('evaluationKind', 'extern');
    body.set('evaluationUrl', 'https://example.org/rapport.pdf');
    body.set('contactName', 'Mie Maes');
    body.set('sourceDate', '2019');
    await mod.agent.post(`/beheer/praktijken/${id}/bewerken`).type('form').send(body.toString()).expect(303);
    const after = t.services.practices.findById(id);
    expect(after?.costs).to.deep.equal({ amountEur: 3000.75, period: 'per-jaar', note: 'Drukwerk.' });
    expect(after?.funding).to.have.members(['provinciale-subsidie', 'europese-middelen']);
    expect(after?.reach).to.deep.equal({ count: 95, unit: 'personen', year: 2022 });
    expect(after?.evaluation).to.deep.equal({ kind: 'extern', summary: 'Deelnemers waren tevreden.', url: 'https://example.org/rapport.pdf' });
    expect(after?.contactName).to.equal('Mie Maes');
    expect(after?.source.date).to.equal('2019');
    expect({ ...after, costs: 0, funding: 0, reach: 0, evaluation: 0, contactName: 0, source: 0, updatedAt: 0 }).to.deep.equal({
      ...before,
      costs: 0,
      funding: 0,
      reach: 0,
      evaluation: 0,
      contactName: 0,
      source: 0,
      updatedAt: 0,
    });
    expect(t.services.events.listFor(id).at(-1)?.action).to.equal('edited');
  });

  it('saves the form unchanged without changing the practice', async () => {
    const id = idOf(await insertPractice(t, stored, { status: 'pending' }));
    const before = t.services.practices.findById(id);
    const { body } = await openEdit(id);
    await mod.agent.post(`/beheer/praktijken/${id}/bewerken`).type('form').send(body.toString()).expect(303);
    expect(JSON.stringify({ ...t.services.practices.findById(id), updatedAt: '' })).to.equal(JSON.stringify({ ...before, updatedAt: '' }));
  });

  it('refuses a bad source date and a count without unit with their messages, keeping the input and the revision', async () => {
    const id = idOf(await insertPractice(t, stored, { status: 'pending' }));
    const { body } = await openEdit(id);
    const revision = body.get('revision');
    body.set('sourceDate', '23/02/2018');
    body.set('reachUnit', '');
    body.set('costAmountEur', 'twaalf');
    const res = await post(mod.agent, `/beheer/praktijken/${id}/bewerken`, Object.fromEntries(body)).expect(400);
    const $ = cheerio.load(res.text);
    expect($('.error-summary a').map((_, e) => $(e).attr('href')).get()).to.deep.equal(['#costAmountEur', '#reachUnit', '#sourceDate']);
    expect($('#sourceDate-error').text()).to.contain('Vul de datum van de bron in als jjjj-mm-dd, of jjjj-mm of jjjj');
    expect($('#reachUnit-error').text()).to.contain('Kies wat het aantal telt');
    expect([$('#sourceDate').val(), $('#costAmountEur').val()]).to.deep.equal(['23/02/2018', 'twaalf']);
    expect($('form.practice-form input[name=revision]').val()).to.equal(revision);
    expect(t.services.practices.findById(id)?.source.date).to.equal('2018-02-23');
  });
});
