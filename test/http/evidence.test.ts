// The moderators' judgement of the "stand van de praktijk" (issue 12, point 3): on the review page, a
// rung or "nog niet beoordeeld" with a required justification, tied to the revision the moderator saw,
// never a rung the practice's own content does not support.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { insertPractice } from '../support/practices.js';
import { post } from '../support/submissions.js';
import { errorSummary, type LoggedIn, loginAsModerator, useTestApp } from '../support/test-app.js';

describe('the stand van de praktijk, judged by moderators', () => {
  const t = useTestApp();
  let an: LoggedIn;
  let bert: LoggedIn;
  before(async () => {
    an = await loginAsModerator(t, { email: 'an.evidence@praktijkbank.test' });
    bert = await loginAsModerator(t, { email: 'bert.evidence@praktijkbank.test' });
  });

  /** A published practice of our own, with what a rung needs: an approach, working elements and an internal evaluation. */
  const supported = async (overrides: Record<string, unknown> = {}) => {
    const slug = await insertPractice(t, {
      sections: { aanpak: 'Een buddy begeleidt elke nieuwkomer een jaar lang.' },
      workingElements: 'Een vaste vertrouwenspersoon en een vast ritme van ontmoetingen.',
      evaluation: { kind: 'intern', summary: 'Negen op tien nieuwkomers vonden binnen het jaar hun weg naar de diensten.' },
      ...overrides,
    });
    const id = t.services.practices.findBySlug(slug)?.id;
    if (!id) throw new Error('no practice');
    return { id, slug };
  };
  const openReview = async (mod: LoggedIn, id: number) => cheerio.load((await mod.agent.get(`/beheer/praktijken/${id}`).expect(200)).text);
  const revisionOf = ($: cheerio.CheerioAPI) => $('form.evidence-form input[name=revision]').val() as string;
  const judge = (mod: LoggedIn, id: number, fields: Record<string, string>) => post(mod.agent, `/beheer/praktijken/${id}/stand`, { _csrf: mod.csrfToken, ...fields });

  describe('GET /beheer/praktijken/:id', () => {
    it('offers every rung with its criterion, says what the content holds, and names what a rung would still miss', async () => {
      const { id } = await supported({ workingElements: undefined, evaluation: {} });
      const $ = await openReview(an, id);
      const form = $('form.evidence-form');
      expect(form.find('input[name=level]').map((_, i) => $(i).val()).get()).to.deep.equal(['geen', 'beschreven', 'onderbouwd', 'geevalueerd', 'overgenomen']);
      expect(form.find('input[name=level]:checked').val(), 'a practice without a judgement').to.equal('geen');
      expect($('#evidence-level-onderbouwd-hint').text()).to.contain('waarom ze zou moeten werken').and.contain('Ontbreekt in de praktijk: de werkzame elementen');
      expect($('#evidence-level-beschreven-hint').text()).not.to.contain('Ontbreekt');
      expect($('.evidence-support').text()).to.contain('hoogstens de stand ‘Beschreven’');
      expect($('.evidence-support').text()).to.contain('Wat nog ontbreekt:').and.contain('werkzame elementen');
      expect($('.evidence-support a').attr('href')).to.equal('/stand-van-de-praktijk');
    });
  });

  describe('POST /beheer/praktijken/:id/stand', () => {
    it('stores the rung with its justification and moment, in the history and through the API', async () => {
      const { id, slug } = await supported();
      const before = Date.now();
      const res = await judge(an, id, { level: 'geevalueerd', justification: 'Interne evaluatie met resultaten per jaar.', revision: revisionOf(await openReview(an, id)) }).expect(303);
      expect(res.headers.location).to.equal(`/beheer/praktijken/${id}?gedaan=stand`);

      const evidence = t.services.practices.findById(id)?.evidence;
      expect(evidence).to.deep.include({ level: 'geevalueerd', justification: 'Interne evaluatie met resultaten per jaar.' });
      expect(Date.parse(evidence?.decidedAt ?? '')).to.be.at.least(before - 1000);
      const last = t.services.events.listFor(id).at(-1);
      expect(last).to.deep.include({ action: 'evidence_judged', moderatorEmail: 'an.evidence@praktijkbank.test', reason: 'Interne evaluatie met resultaten per jaar.' });

      const $ = await openReview(an, id);
      expect($('.evidence-judgement').text()).to.contain('Nu: Geëvalueerd');
      expect($('form.evidence-form input[name=level]:checked').val()).to.equal('geevalueerd');
      expect($('.history__list').text()).to.contain('Stand van de praktijk beoordeeld');

      await t.services.catalogue.refreshInBackground();
      const api = await request(t.app).get(`/api/v1/practices/${slug}`).expect(200);
      expect(api.body.evidenceLevel).to.deep.include({ level: 'geevalueerd', justification: 'Interne evaluatie met resultaten per jaar.' });
    });

    it('clears a judgement with "nog niet beoordeeld", and still wants to know why', async () => {
      const { id } = await supported();
      await judge(an, id, { level: 'beschreven', justification: 'Goed beschreven.', revision: revisionOf(await openReview(an, id)) }).expect(303);
      await judge(an, id, { level: 'geen', justification: 'Eerst de nieuwe evaluatie lezen.', revision: revisionOf(await openReview(an, id)) }).expect(303);
      expect(t.services.practices.findById(id)?.evidence).to.equal(undefined);
      expect(t.services.events.listFor(id).at(-1)).to.deep.include({ action: 'evidence_judged', reason: 'Eerst de nieuwe evaluatie lezen.' });
    });

    it('refuses a judgement without justification: 400 with a Dutch message beside the field, the chosen rung kept', async () => {
      const { id } = await supported();
      const res = await judge(an, id, { level: 'onderbouwd', justification: '   ', revision: revisionOf(await openReview(an, id)) }).expect(400);
      expect(errorSummary(res.text)).to.contain('Motiveer uw keuze in een paar zinnen');
      const $ = cheerio.load(res.text);
      expect($('#evidence-justification-error').text()).to.contain('Motiveer uw keuze');
      expect($('a[href="#evidence-justification"]').length).to.equal(1);
      expect($('form.evidence-form input[name=level]:checked').val(), 'what the moderator chose stays chosen').to.equal('onderbouwd');
      expect($('title').text()).to.match(/^Fout: /);
      expect(t.services.practices.findById(id)?.evidence).to.equal(undefined);
    });

    it('refuses a justification over 1000 characters, keeping what was typed', async () => {
      const { id } = await supported();
      const long = 'Lang verhaal. '.repeat(80);
      const res = await judge(an, id, { level: 'beschreven', justification: long, revision: revisionOf(await openReview(an, id)) }).expect(400);
      expect(errorSummary(res.text)).to.contain('De motivering mag hoogstens 1000 tekens lang zijn.');
      expect(cheerio.load(res.text)('#evidence-justification').text()).to.equal(long);
    });

    it('refuses a rung the content does not support, naming what is missing', async () => {
      const { id } = await supported({ evaluation: {} });
      const res = await judge(an, id, { level: 'geevalueerd', justification: 'Ze werkt, zegt de gemeente.', revision: revisionOf(await openReview(an, id)) }).expect(400);
      expect(errorSummary(res.text)).to.contain('‘Geëvalueerd’ past niet bij wat de praktijk nu bevat').and.contain('evaluatie');
      expect(cheerio.load(res.text)('#evidence-justification').text()).to.equal('Ze werkt, zegt de gemeente.');
      expect(t.services.practices.findById(id)?.evidence).to.equal(undefined);
    });

    it('refuses an unknown rung with a Dutch message, never a 500', async () => {
      const { id } = await supported();
      const res = await judge(an, id, { level: 'bewezen', justification: 'Zeker.', revision: revisionOf(await openReview(an, id)) }).expect(400);
      expect(errorSummary(res.text)).to.contain('Kies een stand van de praktijk');
    });

    it('refuses a judgement made on a page opened before a colleague changed the practice: 409, nothing stored, the input kept', async () => {
      const { id } = await supported();
      const seenByAn = revisionOf(await openReview(an, id));
      await judge(bert, id, { level: 'beschreven', justification: 'Bert vindt: beschreven.', revision: revisionOf(await openReview(bert, id)) }).expect(303);

      const res = await judge(an, id, { level: 'onderbouwd', justification: 'An vindt: onderbouwd.', revision: seenByAn }).expect(409);
      expect(errorSummary(res.text)).to.contain('de praktijk is gewijzigd sinds u de pagina opende');
      const $ = cheerio.load(res.text);
      expect($('#evidence-justification').text()).to.equal('An vindt: onderbouwd.');
      expect(revisionOf($), 'the form now carries the current revision').not.to.equal(seenByAn);
      expect(t.services.practices.findById(id)?.evidence?.level).to.equal('beschreven');
    });

    it('refuses a form without a revision: 400, nothing stored', async () => {
      const { id } = await supported();
      const res = await judge(an, id, { level: 'beschreven', justification: 'Goed beschreven.' }).expect(400);
      expect(errorSummary(res.text)).to.contain('het formulier zei niet welke versie');
      expect(t.services.practices.findById(id)?.evidence).to.equal(undefined);
    });

    it('refuses a visitor who is not logged in with 403, as the guard does for every POST under /beheer, and stores nothing', async () => {
      const { id } = await supported();
      const visitor = request.agent(t.app);
      const page = await visitor.get('/indienen').expect(200);
      const res = await post(visitor, `/beheer/praktijken/${id}/stand`, { _csrf: cheerio.load(page.text)('input[name=_csrf]').val() as string, level: 'beschreven', justification: 'x', revision: '1' });
      expect(res.status).to.equal(403);
      expect(res.text).to.contain('U bent niet (meer) ingelogd.');
      expect(t.services.practices.findById(id)?.evidence).to.equal(undefined);
    });
  });

  describe('publishing', () => {
    it('sets laatst nagekeken: a moderator read the practice through', async () => {
      const slug = await insertPractice(t, {}, { status: 'pending' });
      const id = t.services.practices.findBySlug(slug)?.id ?? 0;
      expect(t.services.practices.findById(id)?.lastVerifiedAt).to.equal(undefined);
      const $ = await openReview(an, id);
      const revision = $('form.decision input[name=revision]').first().val() as string;
      await post(an.agent, `/beheer/praktijken/${id}/beslissing`, { _csrf: an.csrfToken, decision: 'publish', reason: '', revision }).expect(303);
      const practice = t.services.practices.findById(id);
      expect(practice?.status).to.equal('published');
      expect(practice?.lastVerifiedAt).to.equal(practice?.updatedAt);
    });
  });
});
