// Moderators review submissions: the queue, the review page, decisions with reasons, edits, history,
// and publishing that reaches search within two seconds.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { formToken, post, submitThroughForm, validFields } from '../support/submissions.js';
import { errorSummary, type LoggedIn, loginAsModerator, useTestApp } from '../support/test-app.js';

/** Polls until check() holds, for at most `ms`; returns how long it took. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return Date.now() - start;
}

describe('moderating submissions', () => {
  const t = useTestApp({ per: 'test' });
  let mod: LoggedIn;
  beforeEach(async () => {
    mod = await loginAsModerator(t, { email: 'moderator@praktijkbank.test' });
  });

  const idOf = (title: string) => t.services.practices.listByStatus(['pending', 'changes_requested', 'rejected', 'published', 'unpublished']).find((p) => p.title === title)?.id;
  // Decides on the practice as it is now: the revision its review page would carry (moderation-conflicts.test.ts is about older ones).
  const decide = (id: number | undefined, decision: string, reason = '', csrf = mod.csrfToken) =>
    post(mod.agent, `/beheer/praktijken/${id}/beslissing`, { _csrf: csrf, decision, reason, revision: String(t.services.practices.revisionOf(id ?? 0) ?? '') });
  const publicSearchFinds = async (word: string) => (await request(t.app).get(`/api/v1/practices?q=${word}`).expect(200)).body.total > 0;

  describe('GET /beheer', () => {
    it('lists pending submissions oldest first, with no-store', async () => {
      await submitThroughForm(t, validFields({ title: 'Eerste inzending' }));
      await new Promise((r) => setTimeout(r, 5));
      await submitThroughForm(t, validFields({ title: 'Tweede inzending' }));
      const res = await mod.agent.get('/beheer').expect(200);
      expect(res.headers['cache-control']).to.equal('no-store');
      const $ = cheerio.load(res.text);
      const pending = $('#pending-title').closest('section').find('tbody a').map((_, e) => $(e).text()).get();
      expect(pending).to.deep.equal(['Eerste inzending', 'Tweede inzending']);
    });

    it('names where each practice runs: its province when it has no municipality, "heel Vlaanderen" only when it has neither', async () => {
      await submitThroughForm(t, validFields({ title: 'Provinciale inzending', scale: 'regionaal', municipalities: [], provinces: ['limburg'] }));
      const $ = cheerio.load((await mod.agent.get('/beheer').expect(200)).text);
      const placeOf = (title: string) => $('.queue-table tr').filter((_, tr) => $(tr).find('a').text() === title).find('td').eq(2).text();
      expect($('.queue-table th').eq(2).text()).to.equal('Waar');
      expect(placeOf('Provinciale inzending')).to.equal('provincie Limburg');
      // The seeds: one in West-Vlaanderen, one in a municipality, one for all of Flanders.
      expect(placeOf('Zorgnetwerken West-Vlaanderen')).to.equal('provincie West-Vlaanderen');
      expect(placeOf('Hulpaanbod voor landbouwers in Diksmuide')).to.equal('Diksmuide');
      expect(placeOf('Eén gezin, één plan')).to.equal('heel Vlaanderen');
    });

    it('sends someone who is not logged in to the login page', async () => {
      const res = await request(t.app).get('/beheer/praktijken/1').expect(303);
      expect(res.headers.location).to.equal('/beheer/inloggen?returnTo=%2Fbeheer%2Fpraktijken%2F1');
      await post(request.agent(t.app), '/beheer/praktijken/1/beslissing', { decision: 'publish' }).expect(403);
    });
  });

  describe('GET /beheer/praktijken/:id', () => {
    it('shows the practice exactly as it will be published, the private e-mail and the history', async () => {
      await submitThroughForm(t);
      const res = await mod.agent.get(`/beheer/praktijken/${idOf(validFields().title)}`).expect(200);
      const $ = cheerio.load(res.text);
      expect($('.preview .practice__title').text()).to.equal(validFields().title);
      expect($('.status-facts').text()).to.contain('welzijn@kortrijk.test').and.contain('privé');
      expect($('.history__list li').text()).to.contain('Ingediend').and.contain('de indiener');
      expect($('form.decision input[name=decision]').map((_, e) => $(e).val()).get()).to.deep.equal(['publish', 'requestChanges', 'reject']);
      const revision = String(t.services.practices.revisionOf(idOf(validFields().title) ?? 0));
      expect($('form.decision input[name=revision]').map((_, e) => $(e).val()).get()).to.deep.equal([revision, revision, revision]);
    });

    it('answers an unknown or malformed id with 404', async () => {
      await mod.agent.get('/beheer/praktijken/99999').expect(404);
      await mod.agent.get('/beheer/praktijken/abc').expect(404);
      await mod.agent.get('/beheer/praktijken/1e3').expect(404);
    });
  });

  describe('POST /beheer/praktijken/:id/beslissing', () => {
    it('requires a reason to reject, in Dutch, and keeps the practice pending', async () => {
      await submitThroughForm(t);
      const id = idOf(validFields().title);
      const res = await decide(id, 'reject', '   ').expect(400);
      const $ = cheerio.load(res.text);
      expect($('.error-summary').text()).to.contain('Geef een reden op: de indiener leest ze.');
      expect($('#reason-reject-error').text()).to.contain('Geef een reden op');
      expect(t.services.practices.findById(id ?? 0)?.status).to.equal('pending');
    });

    it('requires a reason to ask for changes', async () => {
      await submitThroughForm(t);
      await decide(idOf(validFields().title), 'requestChanges', '').expect(400);
    });

    it('rejects with a reason the submitter reads on the status page; the history records who, when and why', async () => {
      const { statusPath } = await submitThroughForm(t);
      const id = idOf(validFields().title);
      const res = await decide(id, 'reject', 'Dit is geen praktijk van lokaal sociaal beleid.').expect(303);
      expect(res.headers.location).to.equal(`/beheer/praktijken/${id}?gedaan=reject`);
      const status = cheerio.load((await request(t.app).get(statusPath).expect(200)).text);
      expect(status('.status').text()).to.equal('Afgewezen');
      expect(status('.moderator-reason').text()).to.contain('Dit is geen praktijk van lokaal sociaal beleid.');
      const history = t.services.events.listFor(id ?? 0);
      expect(history.map((e) => [e.action, e.moderatorEmail ?? null, e.reason ?? null])).to.deep.equal([
        ['submitted', null, null],
        ['rejected', 'moderator@praktijkbank.test', 'Dit is geen praktijk van lokaal sociaal beleid.'],
      ]);
      expect(history[1]?.at).to.match(/^\d{4}-\d\d-\d\dT/);
      const review = cheerio.load((await mod.agent.get(`/beheer/praktijken/${id}`).expect(200)).text);
      expect(review('.history__list').text()).to.contain('Afgewezen door moderator@praktijkbank.test').and.contain('Dit is geen praktijk');
    });

    it('asks for changes; the submitter edits through the status link and the practice returns to the queue', async () => {
      const { statusPath, agent } = await submitThroughForm(t);
      const id = idOf(validFields().title);
      await decide(id, 'requestChanges', 'Vul de resultaten aan.').expect(303);
      const status = cheerio.load((await agent.get(statusPath).expect(200)).text);
      expect(status('.moderator-reason').text()).to.contain('Vul de resultaten aan.');
      expect(status('a.button').attr('href')).to.equal(`${statusPath}/aanpassen`);

      const form = cheerio.load((await agent.get(`${statusPath}/aanpassen`).expect(200)).text);
      expect(form('#title').val()).to.equal(validFields().title);
      expect(form('.notice').text()).to.contain('Vul de resultaten aan.');
      const _csrf = form('input[name=_csrf]').val() as string;
      const fields = validFields({ resultaten: 'Elke middag 40 maaltijden.' });
      const invalid = await post(agent, `${statusPath}/aanpassen`, { ...fields, summary: '', _csrf, step: 'review' }).expect(400);
      expect(cheerio.load(invalid.text)('#summary-error').text()).to.contain('Vul een korte samenvatting in.');
      await post(agent, `${statusPath}/aanpassen`, { ...fields, _csrf, step: 'review' }).expect(200);
      await post(agent, `${statusPath}/aanpassen`, { ...fields, _csrf, step: 'confirm' }).expect(303);

      const practice = t.services.practices.findById(id ?? 0);
      expect(practice?.status).to.equal('pending');
      expect(practice?.sections.resultaten).to.equal('Elke middag 40 maaltijden.');
      expect(t.services.events.listFor(id ?? 0).map((e) => e.action)).to.deep.equal(['submitted', 'changes_requested', 'resubmitted']);
    });

    it('publishes: the practice is found by search within two seconds, and its page and API answer', async () => {
      await submitThroughForm(t, validFields({ title: 'Wijkrestaurant Kortrijkzuid' }));
      const id = idOf('Wijkrestaurant Kortrijkzuid');
      expect(await publicSearchFinds('kortrijkzuid')).to.equal(false);
      await decide(id, 'publish').expect(303);
      const took = await within(2000, () => publicSearchFinds('kortrijkzuid'));
      expect(took).to.be.below(2000);
      const slug = t.services.practices.findById(id ?? 0)?.slug ?? '';
      await request(t.app).get(`/praktijken/${slug}`).expect(200);
      const api = await request(t.app).get(`/api/v1/practices/${slug}`).expect(200);
      expect(api.body.contactEmail).to.equal(null);
      expect(t.services.practices.findById(id ?? 0)?.publishedAt).to.be.a('string');
    });

    it('shows the contact e-mail publicly only with the submitter’s consent', async () => {
      await submitThroughForm(t, validFields({ title: 'Publiek adres', contactEmailPublic: 'ja' }));
      await decide(idOf('Publiek adres'), 'publish').expect(303);
      await t.services.catalogue.refreshInBackground();
      const slug = t.services.practices.findById(idOf('Publiek adres') ?? 0)?.slug ?? '';
      const page = cheerio.load((await request(t.app).get(`/praktijken/${slug}`).expect(200)).text);
      expect(page('a[href="mailto:welzijn@kortrijk.test"]')).to.have.length(1);
    });

    it('unpublishes a published practice: gone from the public catalogue, recorded in the history', async () => {
      await submitThroughForm(t, validFields({ title: 'Tijdelijk Zichtbaar' }));
      const id = idOf('Tijdelijk Zichtbaar');
      await decide(id, 'publish').expect(303);
      await within(2000, () => publicSearchFinds('tijdelijk'));
      await decide(id, 'unpublish', 'Het project is gestopt.').expect(303);
      await within(2000, async () => !(await publicSearchFinds('tijdelijk')));
      const slug = t.services.practices.findById(id ?? 0)?.slug ?? '';
      await request(t.app).get(`/praktijken/${slug}`).expect(404);
      expect(t.services.events.listFor(id ?? 0).map((e) => e.action)).to.deep.equal(['submitted', 'published', 'unpublished']);
    });

    it('answers a decision the practice’s current status does not allow with 409, saying why', async () => {
      await submitThroughForm(t);
      const id = idOf(validFields().title);
      await decide(id, 'publish').expect(303);
      const res = await decide(id, 'reject', 'Te laat.').expect(409);
      expect(errorSummary(res.text)).to.contain('Die beslissing kan niet bij een praktijk met de status ‘Gepubliceerd’.');
      expect(t.services.practices.findById(id ?? 0)?.status).to.equal('published');
    });

    it('refuses a decision without the CSRF token', async () => {
      await submitThroughForm(t);
      const id = idOf(validFields().title);
      await decide(id, 'publish', '', '').expect(403);
      await decide(id, 'publish', '', 'vals').expect(403);
      expect(t.services.practices.findById(id ?? 0)?.status).to.equal('pending');
    });

    it('refuses an unknown decision with 400', async () => {
      await submitThroughForm(t);
      await decide(idOf(validFields().title), 'verwijderen').expect(400);
    });
  });

  describe('editing as a moderator', () => {
    it('edits before publishing, with the same messages, and records the edit', async () => {
      await submitThroughForm(t);
      const id = idOf(validFields().title);
      const form = cheerio.load((await mod.agent.get(`/beheer/praktijken/${id}/bewerken`).expect(200)).text);
      expect(form('#sourceTitle').val()).to.equal('Ingediend door Stad Kortrijk');
      expect(form('#contactEmail').val()).to.equal('welzijn@kortrijk.test');
      // The form carries the revision it was opened on (see moderation-conflicts.test.ts).
      const revision = form('form.practice-form input[name=revision]').val() as string;
      const fields = { ...validFields({ title: 'Wijkrestaurant (bewerkt)' }), sourceTitle: 'Ingediend door Stad Kortrijk', contactEmail: 'welzijn@kortrijk.test', revision };
      const bad = await post(mod.agent, `/beheer/praktijken/${id}/bewerken`, { ...fields, sourceTitle: '', _csrf: mod.csrfToken }).expect(400);
      expect(cheerio.load(bad.text)('#sourceTitle-error').text()).to.contain('Vul de titel van de bron in.');
      await post(mod.agent, `/beheer/praktijken/${id}/bewerken`, { ...fields, _csrf: mod.csrfToken }).expect(303);
      expect(t.services.practices.findById(id ?? 0)?.title).to.equal('Wijkrestaurant (bewerkt)');
      expect(t.services.practices.findById(id ?? 0)?.status).to.equal('pending');
      expect(t.services.events.listFor(id ?? 0).at(-1)?.action).to.equal('edited');
    });

    it('edits a published practice and the public page follows', async () => {
      const published = t.services.catalogue.findPublished('gbo-zoersel');
      const id = published?.id;
      const form = cheerio.load((await mod.agent.get(`/beheer/praktijken/${id}/bewerken`).expect(200)).text);
      const body = new URLSearchParams();
      form('form.practice-form').serializeArray().forEach(({ name, value }) => body.append(name, value));
      body.set('summary', 'Een nieuwe samenvatting van het onthaal in Zoersel.');
      await mod.agent.post(`/beheer/praktijken/${id}/bewerken`).type('form').send(body.toString()).expect(303);
      await within(2000, async () => (await request(t.app).get('/praktijken/gbo-zoersel')).text.includes('Een nieuwe samenvatting'));
      // Nothing else changed on the way through the form.
      const after = t.services.practices.findById(id ?? 0);
      expect({ ...after, summary: '', updatedAt: '' }).to.deep.equal({ ...published, summary: '', updatedAt: '' });
    });
  });

  it('keeps searching from the previous index while a rebuild runs', async () => {
    await submitThroughForm(t, validFields({ title: 'Parallel Zoeken' }));
    await decide(idOf('Parallel Zoeken'), 'publish').expect(303);
    // Immediately after the decision the rebuild has not finished: search answers, from the old index.
    const during = await request(t.app).get('/api/v1/practices?q=zoersel').expect(200);
    expect(during.body.total).to.be.greaterThan(0);
    await within(2000, () => publicSearchFinds('parallel'));
  });

  it('is not reachable with a submitter’s session', async () => {
    const { agent } = await submitThroughForm(t);
    await agent.get('/beheer').expect(303);
    await post(agent, `/beheer/praktijken/${idOf(validFields().title)}/beslissing`, { _csrf: await formToken(agent), decision: 'publish' }).expect(403);
  });
});
