// A municipality submits its own practice: the form, its exact Dutch messages, the review step, the
// status link, and that nothing unreviewed ever reaches a public path.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { type FormFields, formKeyIn, formToken, post, statusTokenOf, submitThroughForm, validFields } from '../support/submissions.js';
import { findSubmission } from '../../src/domain/submission.js';
import { startTestApp, useTestApp } from '../support/test-app.js';

describe('submitting a practice', () => {
  const t = useTestApp({ per: 'test' });

  const storedCount = () => t.services.practices.count();

  describe('GET /indienen', () => {
    it('offers every field of the record, the municipality list and a consent box, with a CSRF token', async () => {
      const $ = cheerio.load((await request(t.app).get('/indienen').expect(200)).text);
      for (const name of ['title', 'summary', 'aanleiding', 'aanpak', 'resultaten', 'leerpunten', 'partners', 'startYear', 'endYear', 'links', 'contactOrganisation', 'contactEmail']) {
        expect($(`[name=${name}]`), name).to.have.length(1);
        expect($(`label[for=${name}]`).text(), `label of ${name}`).not.to.equal('');
      }
      expect($('input[name=scale][type=radio]')).to.have.length(4);
      expect($('input[name=municipalities][type=checkbox]')).to.have.length(285);
      expect($('input[name=themes][type=checkbox]').length).to.be.greaterThan(10);
      expect($('input[name=targetGroups][type=checkbox]').length).to.be.greaterThan(5);
      expect($('input[name=lifeDomains][type=checkbox]').length).to.be.greaterThan(5);
      expect($('input[name=ongoing][type=checkbox]')).to.have.length(1);
      expect($('label[for=contactEmailPublic]').text()).to.contain('toestemming');
      expect($('input[name=_csrf]').val()).to.be.a('string').with.length.greaterThan(20);
      expect($('.honeypot input[name=website]').attr('tabindex')).to.equal('-1');
    });

    it('asks what a municipality needs to copy the practice: working elements, costs, funding, staff, reach, evaluation and a contact person', async () => {
      const $ = cheerio.load((await request(t.app).get('/indienen').expect(200)).text);
      for (const name of ['workingElements', 'transferability', 'costAmountEur', 'costNote', 'staffFte', 'reachCount', 'reachUnit', 'reachYear', 'evaluationSummary', 'evaluationUrl', 'contactName', 'contactRole']) {
        expect($(`[name=${name}]`), name).to.have.length(1);
        expect($(`label[for=${name}]`).text(), `label of ${name}`).not.to.equal('');
      }
      expect($('label[for=transferability]').text()).to.contain('Wat heb je nodig om dit over te nemen?');
      expect($('#costAmountEur').attr('inputmode')).to.equal('decimal');
      expect($('input[name=costPeriod][type=radio]').map((_, e) => $(e).val()).get()).to.deep.equal(['eenmalig', 'per-jaar']);
      expect($('input[name=funding][type=checkbox]').map((_, e) => $(e).val()).get()).to.deep.equal([
        'eigen-middelen',
        'vlaamse-subsidie',
        'provinciale-subsidie',
        'europese-middelen',
        'federale-middelen',
        'andere',
      ]);
      expect($('#reachUnit option').length).to.equal(10);
      expect($('input[name=evaluationKind][type=radio]').map((_, e) => $(`label[for=${$(e).attr('id')}]`).text()).get()).to.deep.equal(['Niet geëvalueerd', 'Interne evaluatie', 'Externe evaluatie']);
      expect($('#contactEmail-hint').text()).to.contain('alleen publiek getoond als u hieronder toestemming geeft');
      // The submitter is the source: the form asks no source, nor its date.
      expect($('[name=sourceDate]')).to.have.length(0);
    });
  });

  describe('POST /indienen with mistakes', () => {
    it('names every mistake at once: the end year and the municipality beside the fields that are wrong on their own', async () => {
      const agent = request.agent(t.app);
      const _csrf = await formToken(agent);
      const res = await post(agent, '/indienen', { ...validFields({ title: '', scale: '', municipalities: [], themes: [], startYear: '2022', endYear: '2020', ongoing: '' }), _csrf, step: 'review' }).expect(400);
      const $ = cheerio.load(res.text);
      const summary = $('.error-summary li').map((_, li) => $(li).text().trim()).get();
      expect(summary).to.deep.equal([
        'Vul de titel van de praktijk in.',
        'Kies de schaal: lokaal, intergemeentelijk, regionaal of Vlaams.',
        'Kies minstens één gemeente waar de praktijk loopt, of kies de schaal "Vlaams" als ze voor heel Vlaanderen geldt.',
        'Kies minstens één thema.',
        'Het eindjaar mag niet voor het beginjaar liggen.',
      ]);
      expect($('#endYear-error').text()).to.contain('Het eindjaar mag niet voor het beginjaar liggen.');
      expect($('#municipalities-error').text()).to.contain('Kies minstens één gemeente');
    });

    const cases: [string, FormFields, string, string][] = [
      ['an empty title', { title: '' }, 'title', 'Vul de titel van de praktijk in.'],
      ['a title over 200 characters', { title: 'x'.repeat(201) }, 'title', 'De titel mag hoogstens 200 tekens lang zijn.'],
      ['an empty summary', { summary: '   ' }, 'summary', 'Vul een korte samenvatting in.'],
      ['a summary over 600 characters', { summary: 'x'.repeat(612) }, 'summary', 'De samenvatting mag hoogstens 600 tekens lang zijn. Ze is nu 612 tekens lang: maak ze 12 tekens korter.'],
      ['no scale', { scale: '' }, 'scale', 'Kies de schaal: lokaal, intergemeentelijk, regionaal of Vlaams.'],
      ['a local practice without municipality', { municipalities: [] }, 'municipalities', 'Kies minstens één gemeente waar de praktijk loopt.'],
      ['an unknown municipality code', { municipalities: ['99999'] }, 'municipalities', 'Kies een Vlaamse gemeente uit de lijst.'],
      ['no theme', { themes: [] }, 'themes', 'Kies minstens één thema.'],
      ['an unknown theme', { themes: ['bestaat-niet'] }, 'themes', 'Kies een thema uit de lijst.'],
      ['a start year that is no year', { startYear: 'vorig jaar' }, 'startYear', 'Vul bij het beginjaar een jaartal in, bijvoorbeeld 2019.'],
      ['an end year before the start year', { startYear: '2020', endYear: '2019', ongoing: '' }, 'endYear', 'Het eindjaar mag niet voor het beginjaar liggen.'],
      ['an end year for an ongoing practice', { endYear: '2024' }, 'endYear', 'Een praktijk die nog loopt heeft geen eindjaar: laat het eindjaar leeg of vink "loopt nog" uit.'],
      ['a javascript: link', { links: 'javascript:alert(1)' }, 'links', 'Regel 1: Vul een webadres in dat begint met http:// of https://.'],
      ['no organisation', { contactOrganisation: '' }, 'contactOrganisation', 'Vul de naam van uw gemeente of organisatie in.'],
      ['an e-mail address that is none', { contactEmail: 'welzijn at kortrijk' }, 'contactEmail', 'Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.be.'],
    ];
    for (const [what, change, field, message] of cases) {
      it(`answers ${what} with 400, the message in the summary and beside the field, and keeps what was typed`, async () => {
        const agent = request.agent(t.app);
        const _csrf = await formToken(agent);
        const fields = validFields(change);
        const res = await post(agent, '/indienen', { ...fields, _csrf, step: 'review' }).expect(400);
        const $ = cheerio.load(res.text);
        expect($('.error-summary a').map((_, e) => $(e).text()).get()).to.deep.equal([message]);
        expect($(`.error-summary a`).attr('href')).to.equal(`#${field}`);
        expect($(`#${field}-error`).text()).to.contain(message);
        expect($('title').text()).to.match(/^Fout: /);
        // What was typed comes back: text, textareas, ticked boxes.
        expect($('#contactOrganisation').val()).to.equal(fields.contactOrganisation);
        expect($('#partners').text()).to.equal(fields.partners);
        if (field !== 'themes') expect($('#themes-armoedebestrijding').is(':checked')).to.equal(true);
        if (field !== 'title') expect($('#title').val()).to.equal(fields.title);
        expect(storedCount()).to.equal(16);
      });
    }

    const copyCases: [string, FormFields, string, string][] = [
      ['an amount in words', { costAmountEur: 'twaalf', costPeriod: 'eenmalig' }, 'costAmountEur', 'Vul het bedrag in euro in als een getal, bijvoorbeeld 12500 of 12.500,50.'],
      ['a negative amount', { costAmountEur: '-500', costPeriod: 'eenmalig' }, 'costAmountEur', 'Het bedrag kan niet negatief zijn.'],
      ['an amount with three decimals', { costAmountEur: '12,505', costPeriod: 'eenmalig' }, 'costAmountEur', 'Vul het bedrag in met hoogstens twee cijfers na de komma.'],
      ['an amount without period', { costAmountEur: '12.500' }, 'costPeriod', 'Kies of het bedrag eenmalig is of per jaar.'],
      ['a period without amount', { costPeriod: 'per-jaar' }, 'costAmountEur', 'Vul het bedrag in, of laat ook "eenmalig of per jaar" leeg.'],
      ['a cost note over 1000 characters', { costNote: 'x'.repeat(1001) }, 'costNote', 'Wat de kosten dekken mag hoogstens 1000 tekens lang zijn.'],
      ['staff effort in words', { staffFte: 'halftijds' }, 'staffFte', 'Vul de personeelsinzet in voltijdse equivalenten in, bijvoorbeeld 0,5.'],
      ['a count without unit', { reachCount: '120' }, 'reachUnit', 'Kies wat het aantal telt: personen, gezinnen, organisaties, ...'],
      ['a unit without count', { reachUnit: 'gezinnen' }, 'reachCount', 'Vul bij het bereik het aantal in.'],
      ['a count with a fraction', { reachCount: '12,5', reachUnit: 'personen' }, 'reachCount', 'Vul bij het bereik een geheel aantal in, bijvoorbeeld 120.'],
      ['a reach year before 1990', { reachCount: '120', reachUnit: 'personen', reachYear: '1850' }, 'reachYear', 'Vul bij het jaar van het bereik een jaartal in vanaf 1990.'],
      [
        'an evaluation summary with "niet geëvalueerd"',
        { evaluationKind: 'geen', evaluationSummary: 'Iedereen was tevreden.' },
        'evaluationKind',
        'U beschrijft een evaluatie: kies "interne" of "externe evaluatie" in plaats van "niet geëvalueerd".',
      ],
      ['an evaluation summary without kind', { evaluationSummary: 'Iedereen was tevreden.' }, 'evaluationKind', 'Kies of de evaluatie intern of extern was.'],
      ['a javascript: link to the evaluation report', { evaluationKind: 'intern', evaluationUrl: 'javascript:alert(1)' }, 'evaluationUrl', 'Vul een webadres in dat begint met http:// of https://.'],
      ['working elements over 5000 characters', { workingElements: 'x'.repeat(5001) }, 'workingElements', 'De werkzame elementen mogen hoogstens 5000 tekens lang zijn.'],
      ['a contact name over 200 characters', { contactName: 'x'.repeat(201) }, 'contactName', 'De naam van de contactpersoon mag hoogstens 200 tekens lang zijn.'],
    ];
    for (const [what, change, field, message] of copyCases) {
      it(`answers ${what} with 400 and the message beside the field, keeping every value typed`, async () => {
        const agent = request.agent(t.app);
        const fields = validFields(change);
        const res = await post(agent, '/indienen', { ...fields, _csrf: await formToken(agent), step: 'review' }).expect(400);
        const $ = cheerio.load(res.text);
        expect($('.error-summary a').map((_, e) => $(e).text()).get()).to.deep.equal([message]);
        expect($('.error-summary a').attr('href')).to.equal(`#${field}`);
        expect($(`#${field}`)).to.have.length(1);
        expect($(`#${field}-error`).text()).to.contain(message);
        for (const [name, value] of Object.entries(change)) expect(shownValueOf($, name), `${name} is kept`).to.equal(value);
        expect(storedCount()).to.equal(16);
      });
    }

    it('keeps an unknown funding source out, with its message', async () => {
      const agent = request.agent(t.app);
      const res = await post(agent, '/indienen', { ...validFields({ funding: ['eigen-middelen', 'loterij'] }), _csrf: await formToken(agent), step: 'review' }).expect(400);
      const $ = cheerio.load(res.text);
      expect($('#funding-error').text()).to.contain('Kies een financieringsbron uit de lijst.');
      expect(shownValueOf($, 'funding')).to.deep.equal(['eigen-middelen']);
    });

    it('names every problem of the new fields at once, in the order of the form, the rules between fields included', async () => {
      const agent = request.agent(t.app);
      const change = { title: '', costAmountEur: 'twaalf', staffFte: 'veel', reachCount: '10', evaluationKind: 'geen', evaluationSummary: 'Goed.', contactName: 'x'.repeat(201) };
      const res = await post(agent, '/indienen', { ...validFields(change), _csrf: await formToken(agent), step: 'review' }).expect(400);
      const $ = cheerio.load(res.text);
      expect($('.error-summary a').map((_, e) => $(e).attr('href')).get()).to.deep.equal(['#title', '#costAmountEur', '#staffFte', '#reachUnit', '#evaluationKind', '#contactName']);
      for (const field of ['title', 'costAmountEur', 'staffFte', 'reachUnit', 'evaluationKind', 'contactName']) expect($(`#${field}-error`), field).to.have.length(1);
    });

    it('names every problem at once, in the order of the form', async () => {
      const agent = request.agent(t.app);
      const res = await post(agent, '/indienen', { _csrf: await formToken(agent), step: 'review' }).expect(400);
      const $ = cheerio.load(res.text);
      expect($('.error-summary a').map((_, e) => $(e).attr('href')).get()).to.deep.equal(['#title', '#summary', '#scale', '#municipalities', '#themes', '#contactOrganisation', '#contactEmail']);
    });

    it('escapes what was typed', async () => {
      const agent = request.agent(t.app);
      const res = await post(agent, '/indienen', { ...validFields({ title: '<script>alert(1)</script>', summary: '' }), _csrf: await formToken(agent), step: 'review' }).expect(400);
      expect(res.text).not.to.contain('<script>alert(1)</script>');
      expect(cheerio.load(res.text)('#title').val()).to.equal('<script>alert(1)</script>');
    });

    it('refuses a filled-in honeypot without storing anything', async () => {
      const agent = request.agent(t.app);
      const res = await post(agent, '/indienen', { ...validFields(), website: 'http://spam.example', _csrf: await formToken(agent), step: 'confirm', token: 'A'.repeat(43) }).expect(400);
      expect(cheerio.load(res.text)('.error-summary').text()).to.contain('kon niet verwerkt worden');
      expect(storedCount()).to.equal(16);
    });

    it('refuses a POST without CSRF token, or with a wrong one, with 403 and stores nothing', async () => {
      const agent = request.agent(t.app);
      await formToken(agent);
      const missing = await post(agent, '/indienen', { ...validFields(), step: 'confirm', token: 'B'.repeat(43) }).expect(403);
      expect(missing.text).to.contain('Uw sessie is verlopen of het formulier is ongeldig');
      await post(agent, '/indienen', { ...validFields(), _csrf: 'vals', step: 'confirm', token: 'B'.repeat(43) }).expect(403);
      await post(request.agent(t.app), '/indienen', { ...validFields(), _csrf: 'zonder-sessie', step: 'review' }).expect(403);
      expect(storedCount()).to.equal(16);
    });

    it('answers a body over the size limit with a 4xx, not a crash', async () => {
      const agent = request.agent(t.app);
      const res = await post(agent, '/indienen', { ...validFields({ aanpak: 'x'.repeat(300_000) }), _csrf: await formToken(agent), step: 'review' });
      expect(res.status).to.equal(413);
      expect(storedCount()).to.equal(16);
    });

    it('limits the posts per address: the 61st within the hour gets 429', async () => {
      const agent = request.agent(t.app);
      const _csrf = await formToken(agent);
      for (let i = 0; i < 60; i++) await post(agent, '/indienen', { _csrf, step: 'edit' }).expect(200);
      const res = await post(agent, '/indienen', { _csrf, step: 'edit' }).expect(429);
      expect(res.text).to.contain('te veel inzendingen');
    });
  });

  describe('the review step', () => {
    it('shows the practice as it will be published, and published practices that look like it, before anything is stored', async () => {
      const agent = request.agent(t.app);
      const res = await post(agent, '/indienen', { ...validFields({ title: 'Geïntegreerd breed onthaal', municipalities: ['11055'] }), _csrf: await formToken(agent), step: 'review' }).expect(200);
      const $ = cheerio.load(res.text);
      expect($('.preview .practice__title').text()).to.equal('Geïntegreerd breed onthaal');
      expect($('.preview .facts').text()).to.contain('Zoersel');
      expect($('.lookalikes-review').text()).to.contain('Bestaat deze praktijk al?');
      expect($('.lookalikes-review a').first().attr('href')).to.equal('/praktijken/gbo-zoersel');
      expect($('input[name=token]').val(), 'a status-link token and the server\'s signature').to.match(/^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/);
      expect(storedCount()).to.equal(16);
    });

    it('does not say the practice is published before it is, and dates its source on the day of sending', async () => {
      const agent = request.agent(t.app);
      const res = await post(agent, '/indienen', { ...validFields(), _csrf: await formToken(agent), step: 'review' }).expect(200);
      const $ = cheerio.load(res.text);
      expect($('.preview .facts').text()).not.to.contain('Gepubliceerd');
      expect($('.preview').text()).not.to.contain('Datum van de bron niet bekend');
    });

    it('does not call a practice a look-alike for one shared common word', async () => {
      const agent = request.agent(t.app);
      const res = await post(agent, '/indienen', { ...validFields({ title: 'Sociale kruidenier Herentals', municipalities: ['13011'] }), _csrf: await formToken(agent), step: 'review' }).expect(200);
      expect(cheerio.load(res.text)('.lookalikes-review')).to.have.length(0);
    });

    it('goes back to the form with everything kept', async () => {
      const agent = request.agent(t.app);
      const res = await post(agent, '/indienen', { ...validFields(), _csrf: await formToken(agent), step: 'edit' }).expect(200);
      const $ = cheerio.load(res.text);
      expect($('#title').val()).to.equal(validFields().title);
      expect($('#municipalities-34022').is(':checked')).to.equal(true);
      expect($('#ongoing').is(':checked')).to.equal(true);
    });

    it('answers look-alikes as JSON for the form script', async () => {
      const res = await request(t.app).get('/indienen/gelijkaardig').query({ title: 'landbouwers', municipality: '32003' }).expect(200);
      expect(res.body.items[0]).to.deep.equal({ title: 'Hulpaanbod voor landbouwers in Diksmuide', url: '/praktijken/landbouwers-diksmuide', place: 'Diksmuide' });
      expect((await request(t.app).get('/indienen/gelijkaardig').expect(200)).body.items).to.deep.equal([]);
    });
  });

  describe('a practice another municipality can copy', () => {
    const copyable = {
      workingElements: 'Een vaste vertrouwenspersoon die op huisbezoek gaat.',
      transferability: 'Een sociaal huis, een afspraak met het OCMW en twee vrijwilligers per wijk.',
      costAmountEur: '12.500,50',
      costPeriod: 'per-jaar',
      costNote: 'Loon van de coördinator en huur van de keuken.',
      funding: ['eigen-middelen', 'vlaamse-subsidie'],
      staffFte: '0,5',
      reachCount: '1.200',
      reachUnit: 'gezinnen',
      reachYear: '2023',
      evaluationKind: 'extern',
      evaluationSummary: 'Meer gezinnen vonden de weg naar hun rechten.',
      evaluationUrl: 'https://www.kortrijk.be/evaluatie-wijkrestaurant.pdf',
      contactName: 'An Peeters',
      contactRole: 'Beleidsmedewerker welzijn',
    };

    it('goes from the form through the review to the store with every new value', async () => {
      const { token } = await submitThroughForm(t, validFields(copyable));
      const stored = findSubmission(t.services, token)!.practice;
      expect({
        workingElements: stored.workingElements,
        transferability: stored.transferability,
        costs: stored.costs,
        funding: stored.funding,
        staffFte: stored.staffFte,
        reach: stored.reach,
        evaluation: stored.evaluation,
        contactName: stored.contactName,
        contactRole: stored.contactRole,
      }).to.deep.equal({
        workingElements: copyable.workingElements,
        transferability: copyable.transferability,
        costs: { amountEur: 12500.5, period: 'per-jaar', note: copyable.costNote },
        funding: ['eigen-middelen', 'vlaamse-subsidie'],
        staffFte: 0.5,
        reach: { count: 1200, unit: 'gezinnen', year: 2023 },
        evaluation: { kind: 'extern', summary: copyable.evaluationSummary, url: copyable.evaluationUrl },
        contactName: 'An Peeters',
        contactRole: 'Beleidsmedewerker welzijn',
      });
    });

    it('carries every new value through the review step unchanged, and back to the form', async () => {
      const agent = request.agent(t.app);
      const review = await post(agent, '/indienen', { ...validFields(copyable), _csrf: await formToken(agent), step: 'review' }).expect(200);
      const $review = cheerio.load(review.text);
      for (const [name, value] of Object.entries(copyable)) {
        expect($review(`form.review-form input[type=hidden][name=${name}]`).map((_, e) => $review(e).val()).get(), name).to.deep.equal([value].flat());
      }
      const back = await post(agent, '/indienen', { ...validFields(copyable), _csrf: await formToken(agent), step: 'edit' }).expect(200);
      const $ = cheerio.load(back.text);
      for (const [name, value] of Object.entries(copyable)) expect(shownValueOf($, name), name).to.deep.equal(value);
    });

    it('says on the review step what a copier would still miss, with a way back to each field, and lets the practice be sent all the same', async () => {
      const agent = request.agent(t.app);
      const res = await post(agent, '/indienen', { ...validFields(), _csrf: await formToken(agent), step: 'review' }).expect(200);
      const $ = cheerio.load(res.text);
      const section = $('.completeness-review');
      expect(section.find('h2').text()).to.equal('Wat een andere gemeente nog zou missen');
      expect(section.text()).to.contain('Uw praktijk bevat 2 van de 9 dingen');
      expect(section.find('li').map((_, e) => $(e).contents().first().text().trim()).get()).to.deep.equal([
        'de resultaten',
        'wat de praktijk doet werken (werkzame elementen)',
        'wat nodig is om ze over te nemen',
        'wat ze kost (bedrag of personeelsinzet)',
        'wie ze bereikte (bereik)',
        'of en hoe ze geëvalueerd is',
        'materiaal om mee te starten (een draaiboek, een handleiding, ...)',
      ]);
      const fill = section.find('button').map((_, e) => ({ form: $(e).attr('form'), step: $(e).val(), action: $(e).attr('formaction') })).get();
      expect(fill[1]).to.deep.equal({ form: 'review-form', step: 'edit', action: '/indienen#workingElements' });
      expect(fill.map((f) => f.action)).to.include('/indienen#costAmountEur');
      expect($('#review-form button[value=confirm]').text()).to.equal('Praktijk indienen');
      // "Aanvullen" posts the review form back with step=edit: the form, everything kept, the field to fill in there.
      const back = await post(agent, '/indienen#workingElements', { ...validFields(), _csrf: await formToken(agent), step: 'edit' }).expect(200);
      const $back = cheerio.load(back.text);
      expect($back('#workingElements')).to.have.length(1);
      expect($back('#title').val()).to.equal(validFields().title);
    });

    it('says nothing is missing but the material when everything else is there', async () => {
      const agent = request.agent(t.app);
      const res = await post(agent, '/indienen', { ...validFields({ ...copyable, resultaten: 'Elke middag 40 maaltijden.' }), _csrf: await formToken(agent), step: 'review' }).expect(200);
      const $ = cheerio.load(res.text);
      expect($('.completeness-review').text()).to.contain('8 van de 9');
      expect($('.completeness-review li')).to.have.length(1);
    });

    it('shows the new values in the status link\'s edit form when the moderator asks for changes, and stores what is changed there', async () => {
      const { agent, token, statusPath } = await submitThroughForm(t, validFields(copyable));
      const id = findSubmission(t.services, token)!.practice.id;
      t.services.practices.setStatus(id, 'changes_requested', new Date().toISOString());
      const form = cheerio.load((await agent.get(`${statusPath}/aanpassen`).expect(200)).text);
      for (const [name, value] of Object.entries({ ...copyable, costAmountEur: '12.500,5', reachCount: '1.200' })) expect(shownValueOf(form, name), name).to.deep.equal(value);
      const _csrf = await formToken(agent, `${statusPath}/aanpassen`);
      const changed = validFields({ ...copyable, reachCount: '1.350', evaluationKind: 'intern' });
      await post(agent, `${statusPath}/aanpassen`, { ...changed, _csrf, step: 'review' }).expect(200);
      await post(agent, `${statusPath}/aanpassen`, { ...changed, _csrf, step: 'confirm' }).expect(303);
      const stored = findSubmission(t.services, token)!.practice;
      expect([stored.reach.count, stored.evaluation.kind, stored.costs.amountEur]).to.deep.equal([1350, 'intern', 12500.5]);
    });
  });

  describe('confirming', () => {
    it('stores the practice as pending and sends the submitter to a private status link', async () => {
      const { statusPath, token } = await submitThroughForm(t);
      expect(statusPath).to.equal(`/indienen/status/${token}`);
      const stored = t.services.practices.listByStatus(['pending']);
      expect(stored.map((p) => p.title)).to.deep.equal([validFields().title]);
      expect(stored[0]?.source.title).to.equal('Ingediend door Stad Kortrijk');
      expect(stored[0]?.contactEmailPublic).to.equal(false);
      // Only a hash of the token is stored.
      expect(JSON.stringify(t.services.db.prepare('SELECT * FROM submissions').all())).not.to.contain(token);
    });

    it('does not store a second copy when the same form is confirmed twice', async () => {
      const { agent, formKey, statusPath } = await submitThroughForm(t);
      const again = await post(agent, '/indienen', { ...validFields(), _csrf: await formToken(agent), step: 'confirm', token: formKey }).expect(303);
      expect(String(again.headers.location)).to.contain(statusPath);
      expect(t.services.practices.listByStatus(['pending'])).to.have.length(1);
    });

    it('shows the confirmation with the status link to keep', async () => {
      const { agent, statusPath } = await submitThroughForm(t);
      const res = await agent.get(`${statusPath}?ontvangen=1`).expect(200);
      expect(res.headers['cache-control']).to.equal('no-store');
      const $ = cheerio.load(res.text);
      expect($('h1').text()).to.equal('Bedankt, uw praktijk is ontvangen');
      expect($('.status-link__url a').attr('href')).to.match(new RegExp(`${statusPath}$`));
      expect($('.status').text()).to.equal('Wacht op beoordeling');
      expect($('main').text()).not.to.contain('Uw praktijk aanpassen');
    });

    it('keeps a pending practice out of every public path', async () => {
      await submitThroughForm(t, validFields({ title: 'Zonnebloemproject Kortrijk', summary: 'Zonnebloemen voor elke wijk.' }));
      const slug = t.services.practices.listByStatus(['pending'])[0]?.slug ?? '';
      expect(slug).to.equal('zonnebloemproject-kortrijk');
      await t.services.catalogue.refreshInBackground();
      const $ = cheerio.load((await request(t.app).get('/praktijken?q=zonnebloemproject').expect(200)).text);
      expect($('.result')).to.have.length(0);
      expect((await request(t.app).get('/praktijken').expect(200)).text).to.contain('16 praktijken');
      expect((await request(t.app).get('/praktijken?municipality=34022').expect(200)).text).to.contain('Geen praktijken gevonden');
      await request(t.app).get(`/praktijken/${slug}`).expect(404);
      await request(t.app).get(`/api/v1/practices/${slug}`).expect(404);
      const api = await request(t.app).get('/api/v1/practices?q=zonnebloemproject').expect(200);
      expect(api.body.total).to.equal(0);
      const all = await request(t.app).get('/api/v1/practices?pageSize=100').expect(200);
      expect(all.body.total).to.equal(16);
      expect(all.body.facets.municipality.map((f: { value: string }) => f.value)).not.to.include('34022');
      expect((await request(t.app).get('/indienen/gelijkaardig?title=zonnebloemproject').expect(200)).body.items).to.deep.equal([]);
      expect((await request(t.app).get('/healthz').expect(200)).body.practices).to.equal(16);
      expect((await request(t.app).get('/').expect(200)).text).not.to.contain('Zonnebloemproject');
      for (const p of t.services.catalogue.all()) {
        const page = await request(t.app).get(`/praktijken/${p.slug}`).expect(200);
        expect(page.text, p.slug).not.to.contain('Zonnebloemproject');
      }
    });
  });

  describe('the form key of the review page', () => {
    it('refuses a status-link token the client chose itself (AAAA…A), stores nothing, and shows the review again with a key of ours', async () => {
      const agent = request.agent(t.app);
      const _csrf = await formToken(agent);
      const before = storedCount();
      for (const chosen of ['A'.repeat(43), `${'A'.repeat(43)}.${'A'.repeat(43)}`, '', 'x']) {
        const res = await post(agent, '/indienen', { ...validFields(), _csrf, step: 'confirm', token: chosen }).expect(400);
        const $ = cheerio.load(res.text);
        expect($('.error-summary').text()).to.contain('Dit formulier is verlopen of ongeldig, en er is nog niets ingediend.');
        expect($('.preview .practice__title').text(), 'the practice is still there to confirm').to.equal(validFields().title);
        expect(formKeyIn(res.text)).not.to.equal(chosen);
      }
      expect(storedCount()).to.equal(before);
      await request(t.app).get(`/indienen/status/${'A'.repeat(43)}`).expect(404);
    });

    it("refuses a key signed by another installation's secret", async () => {
      const other = startTestApp({ SESSION_SECRET: 'een-ander-geheim-van-minstens-32-tekens' });
      try {
        const theirs = request.agent(other.app);
        const review = await post(theirs, '/indienen', { ...validFields(), _csrf: await formToken(theirs), step: 'review' }).expect(200);
        const agent = request.agent(t.app);
        const before = storedCount();
        await post(agent, '/indienen', { ...validFields(), _csrf: await formToken(agent), step: 'confirm', token: formKeyIn(review.text) }).expect(400);
        expect(storedCount()).to.equal(before);
      } finally {
        other.close();
      }
    });

    it('answers a key sent again with other content with a 409 that says so, keeps the first submission and what was sent', async () => {
      const { agent, formKey, token } = await submitThroughForm(t);
      const before = storedCount();
      const changed = validFields({ title: 'Een heel andere praktijk met dezelfde sleutel' });
      const res = await post(agent, '/indienen', { ...changed, _csrf: await formToken(agent), step: 'confirm', token: formKey }).expect(409);
      const $ = cheerio.load(res.text);
      expect($('.error-summary').text()).to.contain('Met dit formulier werd al een praktijk ingediend, met een andere inhoud');
      expect($('.preview .practice__title').text(), 'what was sent is shown, not lost').to.equal(changed.title);
      expect($('input[name=title]').val()).to.equal(changed.title);
      const newKey = formKeyIn(res.text);
      expect(newKey).not.to.equal(formKey);
      expect(storedCount()).to.equal(before);
      expect(findSubmission(t.services, token)?.practice.title, 'the first submission stands').to.equal(validFields().title);
      // Confirming again, with the new key, submits it as a practice of its own.
      const confirm = await post(agent, '/indienen', { ...changed, _csrf: await formToken(agent), step: 'confirm', token: newKey }).expect(303);
      expect(confirm.headers.location).to.equal(`/indienen/status/${statusTokenOf(newKey)}?ontvangen=1`);
      expect(storedCount()).to.equal(before + 1);
    });
  });

  describe('text as it is stored', () => {
    it('drops control and direction-override characters (NUL, ESC, U+202E…) and keeps accents, emoji and line breaks', async () => {
      const dirty = {
        title: 'Buurt\u0000werk\u001B[31m in \u202EGent\u202C',
        summary: 'Een zin met \u2066isolatie\u2069, een zachte\u00ADhyphen en é, ë, ç en 👩‍👩‍👧.',
        aanpak: 'Regel één\nRegel twee\u0007\tmet tab',
        partners: 'OCMW\u0008 Gent',
        contactOrganisation: 'Stad\u0085 Gent\u200F',
      };
      const { token } = await submitThroughForm(t, validFields(dirty));
      const stored = findSubmission(t.services, token)!.practice;
      expect(stored.title).to.equal('Buurtwerk[31m in Gent');
      expect(stored.summary).to.equal('Een zin met isolatie, een zachte\u00ADhyphen en é, ë, ç en 👩‍👩‍👧.');
      expect(stored.sections.aanpak).to.equal('Regel één\nRegel twee\tmet tab');
      expect(stored.partners).to.deep.equal(['OCMW Gent']);
      expect(stored.source.title).to.equal('Ingediend door Stad Gent');
      // eslint-disable-next-line no-control-regex -- the control characters are what must be absent
      expect(JSON.stringify(stored)).not.to.match(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
    });

    it('counts a title of only control characters as empty', async () => {
      const agent = request.agent(t.app);
      const res = await post(agent, '/indienen', { ...validFields({ title: '\u0000\u202E\u001B' }), _csrf: await formToken(agent), step: 'review' }).expect(400);
      expect(cheerio.load(res.text)('.error-summary').text()).to.contain('Vul de titel van de praktijk in.');
    });
  });

  describe('the status link', () => {
    it('answers an unknown or malformed token with 404', async () => {
      await request(t.app).get(`/indienen/status/${'A'.repeat(43)}`).expect(404);
      await request(t.app).get('/indienen/status/kort').expect(404);
      await request(t.app).get(`/indienen/status/${'A'.repeat(43)}/aanpassen`).expect(404);
    });

    it('offers no editing while the practice waits for a moderator', async () => {
      const { agent, statusPath } = await submitThroughForm(t);
      const res = await agent.get(`${statusPath}/aanpassen`).expect(303);
      expect(res.headers.location).to.equal(statusPath);
      const edit = await post(agent, `${statusPath}/aanpassen`, { ...validFields({ title: 'Gekaapt' }), _csrf: await formToken(agent), step: 'confirm' }).expect(303);
      expect(edit.headers.location).to.equal(statusPath);
      expect(t.services.practices.listByStatus(['pending'])[0]?.title).to.equal(validFields().title);
    });
  });
});

/** What the form shows for a field: a text's value, a textarea's text, the ticked boxes or radio, the chosen option. */
function shownValueOf($: cheerio.CheerioAPI, name: string): string | string[] {
  const fields = $(`[name=${name}]`);
  if (fields.is('textarea')) return fields.text();
  if (fields.is('select')) return String(fields.find('option:selected').val() ?? '');
  if (fields.is('input[type=checkbox]')) return fields.filter(':checked').map((_, e) => $(e).val()).get();
  if (fields.is('input[type=radio]')) return String(fields.filter(':checked').val() ?? '');
  return String(fields.val() ?? '');
}
