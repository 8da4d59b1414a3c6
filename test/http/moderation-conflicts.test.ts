// Decisions tied to what the moderator saw (issue 11): every decision and edit form carries the
// practice's revision, and a practice that changed since is answered with 409, what changed, and the
// forms again on the current revision. Two moderators, each with their own session, and a submitter.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { type FormFields, post, submitThroughForm, validFields } from '../support/submissions.js';
import { type Agent, errorSummary, type LoggedIn, loginAsModerator, useTestApp } from '../support/test-app.js';

/** The successful controls of a form, as a browser would send them (repeated names become lists). */
function fieldsOf($: cheerio.CheerioAPI, form: string): FormFields {
  const fields: Record<string, string | string[]> = {};
  for (const { name, value } of $(form).serializeArray()) {
    const had = fields[name];
    fields[name] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
  }
  return fields;
}

/** What the decision forms of a page offer, and the revision they carry (they all carry the same). */
function decisionFormsOf($: cheerio.CheerioAPI) {
  const forms = $('form.decision');
  const revisions = new Set(forms.map((_, f) => $(f).find('input[name=revision]').val() as string).get());
  expect(revisions.size, 'every decision form carries one and the same revision').to.be.at.most(1);
  return {
    decisions: forms.map((_, f) => $(f).find('input[name=decision]').val() as string).get(),
    revision: [...revisions][0] ?? '',
    reasonOf: (decision: string) => $(`#reason-${decision}`).text(),
  };
}

/**
 * The submitter changes the practice through the status link, as in a browser: the form as it is
 * filled in, the changes, the review step, and its confirm button with the page's own hidden fields.
 */
async function resubmit(agent: Agent, statusPath: string, changes: FormFields): Promise<void> {
  const form = cheerio.load((await agent.get(`${statusPath}/aanpassen`).expect(200)).text);
  const review = await post(agent, `${statusPath}/aanpassen`, { ...fieldsOf(form, 'form.practice-form'), ...changes, step: 'review' }).expect(200);
  await post(agent, `${statusPath}/aanpassen`, { ...fieldsOf(cheerio.load(review.text), 'form.review-form'), step: 'confirm' }).expect(303);
}

describe('decisions tied to the revision the moderator saw', () => {
  const t = useTestApp({ per: 'test' });
  let an: LoggedIn;
  let bert: LoggedIn;
  beforeEach(async () => {
    an = await loginAsModerator(t, { email: 'an@praktijkbank.test' });
    bert = await loginAsModerator(t, { email: 'bert@praktijkbank.test' });
  });

  const idOf = (title: string): number => {
    const practice = t.services.practices.listByStatus(['pending', 'changes_requested', 'rejected', 'published', 'unpublished']).find((p) => p.title === title);
    if (!practice) throw new Error(`no practice titled ${title}`);
    return practice.id;
  };
  const practice = (id: number) => t.services.practices.findById(id);
  const actions = (id: number) => t.services.events.listFor(id).map((e) => [e.action, e.moderatorEmail ?? 'de indiener']);
  /** The review page as a moderator opens it. */
  const openReview = async (mod: LoggedIn, id: number) => cheerio.load((await mod.agent.get(`/beheer/praktijken/${id}`).expect(200)).text);
  const decide = (mod: LoggedIn, id: number, decision: string, revision: string | string[] | undefined, reason = '') =>
    post(mod.agent, `/beheer/praktijken/${id}/beslissing`, { _csrf: mod.csrfToken, decision, reason, ...(revision === undefined ? {} : { revision }) });
  const openEdit = async (mod: LoggedIn, id: number) => cheerio.load((await mod.agent.get(`/beheer/praktijken/${id}/bewerken`).expect(200)).text);
  const saveEdit = (mod: LoggedIn, id: number, fields: FormFields) => post(mod.agent, `/beheer/praktijken/${id}/bewerken`, { ...fields, _csrf: mod.csrfToken });
  /** Whether the public catalogue shows the practice, once every refresh a decision started has run. */
  const isPublic = async (id: number) => {
    await t.services.catalogue.refreshInBackground();
    const res = await request(t.app).get(`/praktijken/${practice(id)?.slug ?? ''}`);
    return res.status === 200;
  };
  const changedFieldsOf = ($: cheerio.CheerioAPI) => $('.changes__field').map((_, f) => $(f).attr('data-field')).get();
  const changeOf = ($: cheerio.CheerioAPI, field: string) => {
    const text = (part: string) => $(`.changes__field[data-field=${field}] .changes__${part}`).text().trim();
    return { before: text('before'), after: text('after'), added: text('added'), removed: text('removed') };
  };

  describe('POST /beheer/praktijken/:id/beslissing', () => {
    it('refuses a Publish from a page opened before a colleague rejected: 409 names the colleague, and the practice stays rejected and private', async () => {
      await submitThroughForm(t, validFields({ title: 'Buurtwerking Heule' }));
      const id = idOf('Buurtwerking Heule');
      const seenByAn = decisionFormsOf(await openReview(an, id));
      const seenByBert = decisionFormsOf(await openReview(bert, id));
      expect(seenByAn.decisions).to.include('publish');

      await decide(bert, id, 'reject', seenByBert.revision, 'Dit is geen lokaal sociaal beleid.').expect(303);
      const res = await decide(an, id, 'publish', seenByAn.revision, 'Mooi project.').expect(409);

      const $ = cheerio.load(res.text);
      expect($('h1').text()).to.equal('Intussen gewijzigd: Buurtwerking Heule');
      expect(errorSummary(res.text)).to.contain('Uw beslissing ‘Publiceren’ is niet uitgevoerd');
      const changes = $('#changes-title').closest('section');
      expect(changes.find('.history__list li').text().replace(/\s+/g, ' ')).to.contain('Afgewezen door bert@praktijkbank.test. Reden: Dit is geen lokaal sociaal beleid.');
      expect(changes.find('.changes__none').text()).to.contain('De inhoud van de praktijk is niet gewijzigd.');
      expect($('.status-facts .status').text()).to.equal('Afgewezen');
      // The forms again, on the revision the page shows now: for a rejected practice that is reopening only.
      const again = decisionFormsOf($);
      expect(again.decisions).to.deep.equal(['reopen']);
      expect($('.typed-reason').text(), 'the note typed with a decision that is no longer open, to copy').to.contain('Mooi project.');
      expect(again.revision).to.equal(decisionFormsOf(await openReview(an, id)).revision).and.not.equal(seenByAn.revision);

      expect(practice(id)?.status).to.equal('rejected');
      expect(practice(id)?.publishedAt).to.equal(undefined);
      expect(actions(id)).to.deep.equal([
        ['submitted', 'de indiener'],
        ['rejected', 'bert@praktijkbank.test'],
      ]);
      expect(await isPublic(id)).to.equal(false);
    });

    it('refuses a Publish of content the submitter replaced meanwhile, showing the changed fields; publishing the new revision then works', async () => {
      const { statusPath, agent } = await submitThroughForm(t, validFields({ title: 'Wijkrestaurant Heule' }));
      const id = idOf('Wijkrestaurant Heule');
      await decide(bert, id, 'requestChanges', decisionFormsOf(await openReview(bert, id)).revision, 'Vul de resultaten aan.').expect(303);
      const seen = decisionFormsOf(await openReview(an, id));
      expect(seen.decisions).to.include('publish');

      await resubmit(agent, statusPath, { resultaten: 'Elke middag veertig maaltijden.', partners: 'OCMW Kortrijk\nBuurtcomité Heule', themes: ['armoedebestrijding', 'vrije-tijd'] });
      const res = await decide(an, id, 'publish', seen.revision, 'Klaar voor publicatie.').expect(409);

      const $ = cheerio.load(res.text);
      expect($('#changes-title').closest('section').find('.history__list li').text()).to.contain('Aangepast en opnieuw ingediend door de indiener');
      expect(changedFieldsOf($)).to.deep.equal(['resultaten', 'themes', 'partners']);
      expect(changeOf($, 'resultaten')).to.deep.include({ before: '(leeg)', after: 'Elke middag veertig maaltijden.' });
      expect(changeOf($, 'themes')).to.deep.include({ before: 'Armoedebestrijding', added: 'Vrijetijdsbeleid', removed: '' });
      expect(changeOf($, 'partners')).to.deep.include({ added: 'Buurtcomité Heule', removed: 'Vrijwilligerspunt' });
      expect(practice(id)?.status).to.equal('pending');
      expect(await isPublic(id)).to.equal(false);

      // Deciding again from the conflict page: Publish is still open, with the note typed before.
      const again = decisionFormsOf($);
      expect(again.reasonOf('publish')).to.equal('Klaar voor publicatie.');
      await decide(an, id, 'publish', again.revision, again.reasonOf('publish')).expect(303);
      expect(practice(id)?.status).to.equal('published');
      expect(await isPublic(id)).to.equal(true);
      expect(practice(id)?.sections.resultaten).to.equal('Elke middag veertig maaltijden.');
    });

    it('republishes an unpublished practice only on the revision the moderator saw', async () => {
      const id = t.services.catalogue.findPublished('gbo-zoersel')?.id ?? 0;
      await decide(bert, id, 'unpublish', decisionFormsOf(await openReview(bert, id)).revision, 'Even offline.').expect(303);
      const seen = decisionFormsOf(await openReview(an, id));
      expect(seen.decisions).to.deep.equal(['publish']);
      const edit = await openEdit(bert, id);
      await saveEdit(bert, id, { ...fieldsOf(edit, 'form.practice-form'), title: 'Geïntegreerd breed onthaal Zoersel (herwerkt)' }).expect(303);

      const res = await decide(an, id, 'publish', seen.revision).expect(409);
      const $ = cheerio.load(res.text);
      expect($('#changes-title').closest('section').find('.history__list li').text()).to.contain('Bewerkt door bert@praktijkbank.test');
      expect(changedFieldsOf($)).to.deep.equal(['title']);
      expect(changeOf($, 'title').after).to.equal('Geïntegreerd breed onthaal Zoersel (herwerkt)');
      expect(practice(id)?.status).to.equal('unpublished');
      await decide(an, id, 'publish', decisionFormsOf($).revision).expect(303);
      expect(practice(id)?.status).to.equal('published');
    });

    it('offers no Publish on a rejected practice and refuses one; after an explicit reopening with a reason it can be published', async () => {
      await submitThroughForm(t, validFields({ title: 'Sociale kruidenier Heule' }));
      const id = idOf('Sociale kruidenier Heule');
      await decide(bert, id, 'reject', decisionFormsOf(await openReview(bert, id)).revision, 'Bestaat al.').expect(303);

      const rejected = decisionFormsOf(await openReview(an, id));
      expect(rejected.decisions).to.deep.equal(['reopen']);
      const refused = await decide(an, id, 'publish', rejected.revision).expect(409);
      expect(errorSummary(refused.text)).to.contain('Een afgewezen praktijk kan pas gepubliceerd worden als ze eerst heropend is.');
      expect(practice(id)?.status).to.equal('rejected');

      const noReason = await decide(an, id, 'reopen', rejected.revision, '  ').expect(400);
      expect(cheerio.load(noReason.text)('#reason-reopen-error').text()).to.contain('Geef een reden op');
      const reopened = await decide(an, id, 'reopen', rejected.revision, 'Na overleg toch een andere praktijk.').expect(303);
      expect(reopened.headers.location).to.equal(`/beheer/praktijken/${id}?gedaan=reopen`);
      expect(practice(id)?.status).to.equal('pending');
      const review = cheerio.load((await an.agent.get(String(reopened.headers.location)).expect(200)).text);
      expect(review('.confirmation').text()).to.contain('De praktijk is heropend');
      expect(review('.history__list li').last().text()).to.contain('Heropend door an@praktijkbank.test. Reden: Na overleg toch een andere praktijk.');

      const pending = decisionFormsOf(review);
      expect(pending.decisions).to.deep.equal(['publish', 'requestChanges', 'reject']);
      await decide(an, id, 'publish', pending.revision).expect(303);
      expect(practice(id)?.status).to.equal('published');
      expect(actions(id).map(([action]) => action)).to.deep.equal(['submitted', 'rejected', 'reopened', 'published']);
    });

    it('answers a missing or unreadable revision with 400 in Dutch and decides nothing', async () => {
      await submitThroughForm(t, validFields({ title: 'Praktijk zonder versie' }));
      const id = idOf('Praktijk zonder versie');
      const current = decisionFormsOf(await openReview(an, id)).revision;
      for (const revision of [undefined, '', 'abc', '-1', '1.5', '1e3', ' 1', '9'.repeat(16), [current, current]]) {
        const res = await decide(an, id, 'publish', revision).expect(400);
        expect(errorSummary(res.text), JSON.stringify(revision)).to.contain('Uw beslissing is niet uitgevoerd: het formulier zei niet welke versie van de praktijk u zag.');
        // The page shows the practice as it is now, so deciding from it is deciding on what is shown.
        expect(decisionFormsOf(cheerio.load(res.text)).revision).to.equal(current);
      }
      expect(practice(id)?.status).to.equal('pending');
      expect(actions(id)).to.have.length(1);
    });

    it('answers a revision the practice never had yet (a form from after a restored backup) with 409, not a guess', async () => {
      await submitThroughForm(t, validFields({ title: 'Praktijk uit de toekomst' }));
      const id = idOf('Praktijk uit de toekomst');
      const current = Number(decisionFormsOf(await openReview(an, id)).revision);
      const res = await decide(an, id, 'publish', String(current + 1000)).expect(409);
      expect(cheerio.load(res.text)('#changes-title').closest('section').text()).to.contain('Welke inhoud u zag, is niet meer te achterhalen.');
      expect(practice(id)?.status).to.equal('pending');
    });
  });

  describe('POST /beheer/praktijken/:id/bewerken', () => {
    it('refuses the second of two edits opened at once with 409, keeping its input and showing the first; nothing of the first is lost', async () => {
      const id = t.services.catalogue.findPublished('gbo-zoersel')?.id ?? 0;
      const original = practice(id);
      const formOfAn = fieldsOf(await openEdit(an, id), 'form.practice-form');
      const formOfBert = fieldsOf(await openEdit(bert, id), 'form.practice-form');
      expect(formOfAn.revision).to.match(/^\d+$/);

      await saveEdit(an, id, { ...formOfAn, summary: 'De samenvatting zoals An ze herschreef.' }).expect(303);
      const bertTyped = { ...formOfBert, title: 'Breed onthaal Zoersel', aanpak: 'De aanpak zoals Bert ze herschreef.' };
      const res = await saveEdit(bert, id, bertTyped).expect(409);

      const $ = cheerio.load(res.text);
      expect(errorSummary(res.text)).to.contain('Uw wijzigingen zijn niet opgeslagen: de praktijk is gewijzigd sinds u het formulier opende.');
      expect($('#changes-title').closest('section').find('.history__list li').text()).to.contain('Bewerkt door an@praktijkbank.test');
      expect(changedFieldsOf($)).to.deep.equal(['summary']);
      expect(changeOf($, 'summary')).to.deep.include({ before: original?.summary, after: 'De samenvatting zoals An ze herschreef.' });
      // Bert's input is still in the form, and the form now carries the current revision.
      expect($('#title').val()).to.equal('Breed onthaal Zoersel');
      expect($('#aanpak').text()).to.equal('De aanpak zoals Bert ze herschreef.');
      expect($('#summary').text()).to.equal(original?.summary);
      const shown = fieldsOf($, 'form.practice-form');
      expect(shown.revision).to.not.equal(formOfBert.revision);
      // Nothing of Bert's was stored, nothing of An's was lost.
      expect(practice(id)?.summary).to.equal('De samenvatting zoals An ze herschreef.');
      expect(practice(id)?.title).to.equal(original?.title);
      expect(actions(id).filter(([action]) => action === 'edited')).to.deep.equal([['edited', 'an@praktijkbank.test']]);

      // Saving again is a choice made with the difference in view: Bert takes An's summary over and saves.
      await saveEdit(bert, id, { ...shown, summary: 'De samenvatting zoals An ze herschreef.' }).expect(303);
      const both = practice(id);
      expect([both?.title, both?.summary, both?.sections.aanpak]).to.deep.equal(['Breed onthaal Zoersel', 'De samenvatting zoals An ze herschreef.', 'De aanpak zoals Bert ze herschreef.']);
    });

    it('keeps the revision the form was opened on through a validation error, so a colleague’s edit meanwhile is still caught', async () => {
      const id = t.services.catalogue.findPublished('gbo-zoersel')?.id ?? 0;
      const formOfAn = fieldsOf(await openEdit(an, id), 'form.practice-form');
      const invalid = await saveEdit(an, id, { ...formOfAn, summary: '' }).expect(400);
      const kept = fieldsOf(cheerio.load(invalid.text), 'form.practice-form');
      expect(kept.revision).to.equal(formOfAn.revision);

      await saveEdit(bert, id, { ...fieldsOf(await openEdit(bert, id), 'form.practice-form'), title: 'Titel van Bert' }).expect(303);
      const res = await saveEdit(an, id, { ...kept, summary: 'Samenvatting van An.' }).expect(409);
      expect(changedFieldsOf(cheerio.load(res.text))).to.deep.equal(['title']);
      expect(practice(id)?.title).to.equal('Titel van Bert');
    });

    it('answers an edit without a readable revision with 400 in Dutch, keeping what was typed and storing nothing', async () => {
      const id = t.services.catalogue.findPublished('gbo-zoersel')?.id ?? 0;
      const before = practice(id);
      const { revision: _revision, ...withoutRevision } = fieldsOf(await openEdit(an, id), 'form.practice-form');
      for (const revision of [undefined, 'twee', ['1', '2']]) {
        const res = await saveEdit(an, id, { ...withoutRevision, ...(revision === undefined ? {} : { revision }), title: 'Getypte titel' }).expect(400);
        expect(errorSummary(res.text)).to.contain('Uw wijzigingen zijn niet opgeslagen: het formulier zei niet welke versie van de praktijk u bewerkte.');
        expect(cheerio.load(res.text)('#title').val()).to.equal('Getypte titel');
      }
      expect(practice(id)).to.deep.equal(before);
    });
  });
});
