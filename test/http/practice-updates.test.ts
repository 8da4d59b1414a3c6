// Updates after publication (issue 12, point 5): the submitter proposes changes through the status
// link, the published version stays online unchanged, and a moderator sees exactly what changed before
// approving (the new text goes online, laatst nagekeken is set) or rejecting (the reason on the status page).
// Also: a resubmission shows what the submitter changed since the moderator asked for changes.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { MATERIAL_GRACE_MS, cleanUpMaterials } from '../../src/domain/materials.js';
import { pdfFile } from '../support/material-files.js';
import { rawBody } from '../support/raw-body.js';
import { type FormFields, formToken, post, submitThroughForm, validFields } from '../support/submissions.js';
import { type Agent, errorSummary, type LoggedIn, loginAsModerator, useTestApp } from '../support/test-app.js';

/** The successful controls of a form, as a browser would send them. */
function fieldsOf($: cheerio.CheerioAPI, form: string): FormFields {
  const fields: Record<string, string | string[]> = {};
  for (const { name, value } of $(form).serializeArray()) {
    const had = fields[name];
    fields[name] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
  }
  return fields;
}

describe('updates after publication', () => {
  const t = useTestApp({ per: 'test' });
  let an: LoggedIn;
  let bert: LoggedIn;
  beforeEach(async () => {
    an = await loginAsModerator(t, { email: 'an@praktijkbank.test' });
    bert = await loginAsModerator(t, { email: 'bert@praktijkbank.test' });
  });

  const practiceTitled = (title: string) => {
    const found = t.services.practices.listByStatus(['pending', 'changes_requested', 'published']).find((p) => p.title === title);
    if (!found) throw new Error(`no practice titled ${title}`);
    return found;
  };
  const openReview = async (mod: LoggedIn, id: number) => cheerio.load((await mod.agent.get(`/beheer/praktijken/${id}`).expect(200)).text);
  const decide = async (mod: LoggedIn, id: number, decision: string, reason = '') => {
    const revision = (await openReview(mod, id))('form.decision input[name=revision]').first().val() as string;
    await post(mod.agent, `/beheer/praktijken/${id}/beslissing`, { _csrf: mod.csrfToken, decision, reason, revision }).expect(303);
  };
  /** Submits and publishes a practice; returns its id, slug, status page and the submitter's browser. */
  const published = async (title = 'Wijkrestaurant Heule') => {
    const submitted = await submitThroughForm(t, validFields({ title }));
    const { id, slug } = practiceTitled(title);
    await decide(an, id, 'publish');
    return { id, slug, ...submitted };
  };
  /** The submitter proposes changes as in a browser: the prefilled form, the changes, the review step, confirm. */
  const propose = async (agent: Agent, statusPath: string, changes: FormFields) => {
    const form = cheerio.load((await agent.get(`${statusPath}/bijwerken`).expect(200)).text);
    const review = await post(agent, `${statusPath}/bijwerken`, { ...fieldsOf(form, 'form.practice-form'), ...changes, step: 'review' }).expect(200);
    // The review step says what is checked: a change that waits, with the published version still online.
    expect(cheerio.load(review.text)('h1').text()).to.equal('Controleer uw wijziging');
    expect(cheerio.load(review.text)('.lead').text()).to.contain('Tot dan blijft de gepubliceerde versie online.');
    return post(agent, `${statusPath}/bijwerken`, { ...fieldsOf(cheerio.load(review.text), 'form.review-form'), step: 'confirm' }).expect(303);
  };
  const publicPage = async (slug: string) => {
    await t.services.catalogue.refreshInBackground();
    return (await request(t.app).get(`/praktijken/${slug}`).expect(200)).text;
  };
  const openUpdate = async (mod: LoggedIn, id: number) => cheerio.load((await mod.agent.get(`/beheer/praktijken/${id}/voorstel`).expect(200)).text);
  const decideUpdate = (mod: LoggedIn, id: number, $: cheerio.CheerioAPI, decision: 'approve' | 'reject', reason = '') =>
    post(mod.agent, `/beheer/praktijken/${id}/voorstel`, {
      _csrf: mod.csrfToken,
      decision,
      reason,
      revision: $('form.decision input[name=revision]').first().val() as string,
      update: $('form.decision input[name=update]').first().val() as string,
    });
  /** Posts a form as multipart, as a browser with a file input does: the fields, then the files. */
  const postMultipart = (agent: Agent, path: string, fields: FormFields, uploads: readonly { name: string; content: Buffer }[] = []) => {
    let req = agent.post(path);
    for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) req = req.field(name, v);
    for (const u of uploads) req = req.attach('materials', u.content, { filename: u.name, contentType: 'application/octet-stream' });
    return req;
  };
  const changedFieldsOf = ($: cheerio.CheerioAPI, section: string) => $(`${section} .changes__field`).map((_, f) => $(f).attr('data-field')).get();
  const changeOf = ($: cheerio.CheerioAPI, field: string) => {
    const text = (part: string) => $(`.changes__field[data-field=${field}] .changes__${part}`).text().trim();
    return { before: text('before'), after: text('after'), added: text('added'), removed: text('removed') };
  };

  it('offers a published practice’s submitter to propose changes, prefilled with the published content', async () => {
    const { statusPath, agent } = await published();
    const status = cheerio.load((await agent.get(statusPath).expect(200)).text);
    expect(status('a[href$="/bijwerken"]').text()).to.contain('Wijziging voorstellen');
    const form = cheerio.load((await agent.get(`${statusPath}/bijwerken`).expect(200)).text);
    expect(form('#title').val()).to.equal('Wijkrestaurant Heule');
    expect(form('.notice').text()).to.contain('blijft de gepubliceerde versie online');
  });

  it('keeps the published version online until a moderator approves; the moderator sees exactly what changed; approving puts it online and sets laatst nagekeken', async () => {
    const { id, slug, statusPath, agent } = await published();
    const before = t.services.practices.findById(id);
    const confirmed = await propose(agent, statusPath, { resultaten: 'Elke middag veertig maaltijden.', partners: 'OCMW Kortrijk\nBuurtcomité Heule', summary: 'Een wijkrestaurant met een nieuwe samenvatting.' });
    expect(confirmed.headers.location).to.equal(`${statusPath}?voorgesteld=1`);

    // Online: the old text, untouched.
    const page = await publicPage(slug);
    expect(page).not.to.contain('Elke middag veertig maaltijden.');
    expect(page).not.to.contain('nieuwe samenvatting');
    expect(t.services.practices.findById(id)?.updatedAt).to.equal(before?.updatedAt);
    const status = cheerio.load((await agent.get(`${statusPath}?voorgesteld=1`).expect(200)).text);
    expect(status('.update-status').text()).to.contain('wacht op een moderator');

    // The queue lists it; the review page points to it; the proposal page shows each changed field.
    const queue = cheerio.load((await an.agent.get('/beheer').expect(200)).text);
    expect(queue('#updates-title').closest('section').find(`a[href="/beheer/praktijken/${id}/voorstel"]`).text()).to.equal('Wijkrestaurant Heule');
    expect((await openReview(an, id))('.pending-update a').attr('href')).to.equal(`/beheer/praktijken/${id}/voorstel`);
    const $ = await openUpdate(an, id);
    expect(changedFieldsOf($, '.update-changes')).to.deep.equal(['summary', 'resultaten', 'partners']);
    expect(changeOf($, 'resultaten')).to.deep.include({ before: '(leeg)', after: 'Elke middag veertig maaltijden.' });
    expect(changeOf($, 'partners')).to.deep.include({ added: 'Buurtcomité Heule', removed: 'Vrijwilligerspunt' });

    const approved = await decideUpdate(an, id, $, 'approve').expect(303);
    expect(approved.headers.location).to.equal(`/beheer/praktijken/${id}?gedaan=voorstel-goedgekeurd`);
    const after = t.services.practices.findById(id);
    expect(after?.sections.resultaten).to.equal('Elke middag veertig maaltijden.');
    expect(after?.status).to.equal('published');
    expect(after?.source, 'the source stays as the moderators keep it').to.deep.equal(before?.source);
    expect(after?.lastVerifiedAt).to.be.a('string').and.not.equal(before?.lastVerifiedAt);
    expect(await publicPage(slug)).to.contain('Elke middag veertig maaltijden.');
    expect(t.services.events.listFor(id).map((e) => e.action)).to.deep.equal(['submitted', 'published', 'update_proposed', 'update_approved']);
    expect(cheerio.load((await agent.get(statusPath).expect(200)).text)('.update-status').text()).to.contain('goedgekeurd');
  });

  it('keeps the published version when a moderator rejects, and shows the reason on the status page', async () => {
    const { id, slug, statusPath, agent } = await published();
    await propose(agent, statusPath, { summary: 'Een samenvatting die de moderator niet overneemt.' });
    const $ = await openUpdate(an, id);

    const missing = await decideUpdate(an, id, $, 'reject', '  ').expect(400);
    expect(errorSummary(missing.text)).to.contain('Geef een reden op');
    await decideUpdate(an, id, $, 'reject', 'De nieuwe samenvatting klopt niet met de aanpak.').expect(303);

    expect(t.services.practices.findById(id)?.summary).not.to.contain('niet overneemt');
    expect(await publicPage(slug)).not.to.contain('niet overneemt');
    const status = cheerio.load((await agent.get(statusPath).expect(200)).text);
    expect(status('.update-status__reason').text()).to.equal('De nieuwe samenvatting klopt niet met de aanpak.');
    // Nothing waits any more: the proposal page leads back to the review.
    await an.agent.get(`/beheer/praktijken/${id}/voorstel`).expect(303);
  });

  it('lets a newer proposal replace the waiting one, and refuses a decision on the replaced one with 409', async () => {
    const { id, statusPath, agent } = await published();
    await propose(agent, statusPath, { summary: 'Eerste voorstel van samenvatting.' });
    const seen = await openUpdate(an, id);
    const form = cheerio.load((await agent.get(`${statusPath}/bijwerken`).expect(200)).text);
    expect(form('#summary').text() || form('#summary').val(), 'the form starts from the waiting proposal').to.contain('Eerste voorstel');
    await propose(agent, statusPath, { summary: 'Tweede voorstel van samenvatting.' });

    const res = await decideUpdate(an, id, seen, 'approve').expect(409);
    expect(errorSummary(res.text)).to.contain('stuurde de indiener een nieuwer voorstel');
    expect(changeOf(cheerio.load(res.text), 'summary').after).to.equal('Tweede voorstel van samenvatting.');
    expect(t.services.practices.findById(id)?.summary).not.to.contain('voorstel');
    expect(t.services.practiceUpdates.listPending()).to.have.length(1);
  });

  it('refuses to approve a proposal on a practice a colleague edited meanwhile: 409, nothing replaced', async () => {
    const { id, statusPath, agent } = await published();
    await propose(agent, statusPath, { summary: 'Voorstel van de indiener.' });
    const seen = await openUpdate(an, id);
    const edit = cheerio.load((await bert.agent.get(`/beheer/praktijken/${id}/bewerken`).expect(200)).text);
    await post(bert.agent, `/beheer/praktijken/${id}/bewerken`, { ...fieldsOf(edit, 'form.practice-form'), leerpunten: 'Bert vulde de leerpunten aan.' }).expect(303);

    const res = await decideUpdate(an, id, seen, 'approve').expect(409);
    expect(errorSummary(res.text)).to.contain('is de praktijk gewijzigd');
    const $ = cheerio.load(res.text);
    expect($('.update-overwrites').text(), 'approving now would overwrite Bert’s edit: the page says so').to.contain('Leerpunten');
    expect(t.services.practices.findById(id)?.summary).not.to.contain('Voorstel');
    expect(t.services.practices.findById(id)?.sections.leerpunten).to.equal('Bert vulde de leerpunten aan.');
  });

  it('offers no update to a practice that is not published: the status link leads back to the status page', async () => {
    const { statusPath, agent } = await submitThroughForm(t, validFields({ title: 'Nog niet gepubliceerd' }));
    expect((await agent.get(`${statusPath}/bijwerken`).expect(303)).headers.location).to.equal(statusPath);
    expect(cheerio.load((await agent.get(statusPath).expect(200)).text)('a[href$="/bijwerken"]').length).to.equal(0);
    expect(t.services.practiceUpdates.listPending()).to.have.length(0);
  });

  it('keeps the proposal form’s input and says what is wrong, in Dutch, on bad input', async () => {
    const { statusPath, agent } = await published();
    const form = cheerio.load((await agent.get(`${statusPath}/bijwerken`).expect(200)).text);
    const res = await post(agent, `${statusPath}/bijwerken`, { ...fieldsOf(form, 'form.practice-form'), title: '', summary: 'Mijn nieuwe samenvatting.', step: 'review' }).expect(400);
    expect(errorSummary(res.text)).to.contain('Vul de titel van de praktijk in.');
    expect(cheerio.load(res.text)('#summary').text()).to.contain('Mijn nieuwe samenvatting.');
  });

  it('shows a moderator what the submitter changed since they asked for changes', async () => {
    const { statusPath, agent } = await submitThroughForm(t, validFields({ title: 'Buurtwerking Heule' }));
    const { id } = practiceTitled('Buurtwerking Heule');
    await decide(an, id, 'requestChanges', 'Vul de resultaten aan.');
    expect((await openReview(an, id))('.resubmission-changes').length, 'nothing resubmitted yet').to.equal(0);

    const form = cheerio.load((await agent.get(`${statusPath}/aanpassen`).expect(200)).text);
    const review = await post(agent, `${statusPath}/aanpassen`, { ...fieldsOf(form, 'form.practice-form'), resultaten: 'Veertig buren per week.', themes: ['armoedebestrijding', 'vrije-tijd'], step: 'review' }).expect(200);
    await post(agent, `${statusPath}/aanpassen`, { ...fieldsOf(cheerio.load(review.text), 'form.review-form'), step: 'confirm' }).expect(303);

    const $ = await openReview(an, id);
    expect(changedFieldsOf($, '.resubmission-changes')).to.deep.equal(['resultaten', 'themes']);
    expect(changeOf($, 'resultaten')).to.deep.include({ before: '(leeg)', after: 'Veertig buren per week.' });
    expect(changeOf($, 'themes')).to.deep.include({ added: 'Vrijetijdsbeleid', removed: '' });
  });

  describe('materials in a proposed update', () => {
    const DRAAIBOEK = pdfFile('draaiboek');
    const OUD = pdfFile('oud verslag');
    const NIEUW = pdfFile('nieuw verslag');

    /** A published practice with two PDFs, submitted through the form with its files. */
    const publishedWithFiles = async () => {
      const agent = request.agent(t.app);
      const _csrf = await formToken(agent);
      const review = await postMultipart(agent, '/indienen', { ...validFields({ title: 'Wijkrestaurant met draaiboek' }), _csrf, step: 'review' }, [
        { name: 'draaiboek.pdf', content: DRAAIBOEK },
        { name: 'oud-verslag.pdf', content: OUD },
      ]);
      expect(review.status, errorSummary(review.text)).to.equal(200);
      const confirmed = await post(agent, '/indienen', { ...fieldsOf(cheerio.load(review.text), 'form.review-form'), step: 'confirm' }).expect(303);
      const statusPath = String(confirmed.headers.location).replace(/\?.*$/, '');
      const { id, slug } = practiceTitled('Wijkrestaurant met draaiboek');
      await decide(an, id, 'publish');
      return { id, slug, statusPath, agent };
    };
    const fileOf = (id: number, fileName: string) => {
      const found = [...(t.services.practices.findById(id)?.materials ?? []), ...(t.services.practiceUpdates.findPending(id)?.content.materials ?? [])].find((m) => m.fileName === fileName);
      if (!found) throw new Error(`no file ${fileName}`);
      return `${found.fileHash}/${encodeURIComponent(found.fileName)}`;
    };
    const download = async (agent: Agent, path: string) => {
      const res = await agent.get(path).buffer(true).parse(rawBody);
      return { status: res.status, body: res.body as Buffer };
    };
    /** The submitter's proposal: the old report ticked for removal, a new report uploaded, the draaiboek retitled. */
    const proposeNewReport = async (agent: Agent, statusPath: string, draaiboek: string) => {
      const form = cheerio.load((await agent.get(`${statusPath}/bijwerken`).expect(200)).text);
      expect(form('form.practice-form').attr('enctype')).to.equal('multipart/form-data');
      expect(form('input[name=material-1-name]').val()).to.equal('oud-verslag.pdf');
      const review = await postMultipart(agent, `${statusPath}/bijwerken`, { ...fieldsOf(form, 'form.practice-form'), 'material-0-title': 'Draaiboek voor de vrijwilligers', 'material-1-remove': 'ja', step: 'review' }, [
        { name: 'nieuw-verslag.pdf', content: NIEUW },
      ]);
      expect(review.status, errorSummary(review.text)).to.equal(200);
      const preview = cheerio.load(review.text)('.preview');
      expect(preview.text()).to.contain('nieuw-verslag').and.not.contain('oud-verslag');
      // The published file opens through the status link; the new upload, not yet anywhere, is only listed.
      expect(preview.find('a[href*="/materialen/"]').map((_, a) => cheerio.load(a)('a').attr('href')).get()).to.deep.equal([`${statusPath}/materialen/${draaiboek}`]);
      return post(agent, `${statusPath}/bijwerken`, { ...fieldsOf(cheerio.load(review.text), 'form.review-form'), step: 'confirm' }).expect(303);
    };

    it('keeps the published files public until approval; the proposed file is served only through the status link and to moderators', async () => {
      const { id, slug, statusPath, agent } = await publishedWithFiles();
      const oud = fileOf(id, 'oud-verslag.pdf');
      await proposeNewReport(agent, statusPath, fileOf(id, 'draaiboek.pdf'));
      const nieuw = fileOf(id, 'nieuw-verslag.pdf');

      const page = cheerio.load(await publicPage(slug));
      expect(page('a[href*="/materialen/"]').map((_, a) => page(a).attr('href')).get()).to.have.members([`/praktijken/${slug}/materialen/${fileOf(id, 'draaiboek.pdf')}`, `/praktijken/${slug}/materialen/${oud}`]);
      expect((await download(request(t.app), `/praktijken/${slug}/materialen/${oud}`)).body.equals(OUD)).to.equal(true);
      expect((await download(request(t.app), `/praktijken/${slug}/materialen/${nieuw}`)).status, 'not public before approval').to.equal(404);
      const viaLink = await download(request(t.app), `${statusPath}/materialen/${nieuw}`);
      expect(viaLink.status).to.equal(200);
      expect(viaLink.body.equals(NIEUW)).to.equal(true);
      expect((await download(an.agent, `/beheer/praktijken/${id}/materialen/${nieuw}`)).body.equals(NIEUW)).to.equal(true);
      await request(t.app).get(`/beheer/praktijken/${id}/materialen/${nieuw}`).expect(303);
      await request(t.app).get(`/indienen/status/${'x'.repeat(20)}/materialen/${nieuw}`).expect(404);

      // The form of the waiting proposal starts from it, its files linked through the status link.
      const again = cheerio.load((await agent.get(`${statusPath}/bijwerken`).expect(200)).text);
      expect(again('input[name$="-name"]').map((_, e) => again(e).val()).get()).to.deep.equal(['draaiboek.pdf', 'nieuw-verslag.pdf']);
      expect(again(`a[href="${statusPath}/materialen/${nieuw}"]`).length).to.equal(1);
    });

    it('shows the moderator which files came and went, linked, and the retitled one field by field', async () => {
      const { id, statusPath, agent } = await publishedWithFiles();
      const oud = fileOf(id, 'oud-verslag.pdf');
      await proposeNewReport(agent, statusPath, fileOf(id, 'draaiboek.pdf'));
      const $ = await openUpdate(an, id);
      const links = (list: string) => $(`.update-files__${list} a`).map((_, a) => ({ text: $(a).text(), href: $(a).attr('href') })).get();
      expect(links('added')).to.deep.equal([{ text: 'nieuw-verslag', href: `/beheer/praktijken/${id}/materialen/${fileOf(id, 'nieuw-verslag.pdf')}` }]);
      expect(links('removed')).to.deep.equal([{ text: 'oud-verslag', href: `/beheer/praktijken/${id}/materialen/${oud}` }]);
      for (const { href } of [...links('added'), ...links('removed')]) await an.agent.get(href ?? '').expect(200);
      const materials = changeOf($, 'materials');
      expect(materials.added).to.contain('Draaiboek voor de vrijwilligers').and.contain('nieuw-verslag');
      expect(materials.removed).to.contain('oud-verslag');
    });

    it('puts the new set online on approval; the removed file is no longer public and is cleaned up after its grace period', async () => {
      const { id, slug, statusPath, agent } = await publishedWithFiles();
      const oud = fileOf(id, 'oud-verslag.pdf');
      const oudHash = oud.split('/')[0] ?? '';
      await proposeNewReport(agent, statusPath, fileOf(id, 'draaiboek.pdf'));
      const nieuw = fileOf(id, 'nieuw-verslag.pdf');
      const nieuwHash = nieuw.split('/')[0] ?? '';
      const { materials, materialFiles } = t.services.materialStores;
      const later = (days: number) => new Date(Date.now() + days * MATERIAL_GRACE_MS);

      // Waiting, long past every grace period: the proposal keeps its file, the practice its own.
      expect(cleanUpMaterials(materials, materialFiles, later(3)).unused).to.deep.equal([]);
      expect(materialFiles.exists(nieuwHash)).to.equal(true);

      await decideUpdate(an, id, await openUpdate(an, id), 'approve').expect(303);
      expect(t.services.practices.findById(id)?.materials.map((m) => [m.title, m.fileName])).to.deep.equal([
        ['Draaiboek voor de vrijwilligers', 'draaiboek.pdf'],
        ['nieuw-verslag', 'nieuw-verslag.pdf'],
      ]);
      await publicPage(slug);
      expect((await download(request(t.app), `/praktijken/${slug}/materialen/${nieuw}`)).body.equals(NIEUW)).to.equal(true);
      expect((await download(request(t.app), `/praktijken/${slug}/materialen/${oud}`)).status).to.equal(404);
      expect((await download(request(t.app), `${statusPath}/materialen/${oud}`)).status, 'nor through the status link').to.equal(404);

      // Within its grace period the removed file stays (a form may still carry it); after it, it goes.
      expect(cleanUpMaterials(materials, materialFiles, new Date()).unused).to.deep.equal([]);
      expect(cleanUpMaterials(materials, materialFiles, later(2)).unused).to.deep.equal([oudHash]);
      expect(materialFiles.exists(oudHash)).to.equal(false);
      expect(materialFiles.exists(nieuwHash)).to.equal(true);
    });

    it('forgets the file of a rejected proposal: no longer served, cleaned up after its grace period, the published files kept', async () => {
      const { id, slug, statusPath, agent } = await publishedWithFiles();
      await proposeNewReport(agent, statusPath, fileOf(id, 'draaiboek.pdf'));
      const nieuw = fileOf(id, 'nieuw-verslag.pdf');
      await decideUpdate(an, id, await openUpdate(an, id), 'reject', 'Het nieuwe verslag hoort bij een ander project.').expect(303);

      expect((await download(request(t.app), `${statusPath}/materialen/${nieuw}`)).status).to.equal(404);
      expect((await download(an.agent, `/beheer/praktijken/${id}/materialen/${nieuw}`)).status).to.equal(404);
      const { materials, materialFiles } = t.services.materialStores;
      expect(cleanUpMaterials(materials, materialFiles, new Date(Date.now() + 2 * MATERIAL_GRACE_MS)).unused).to.deep.equal([nieuw.split('/')[0]]);
      await publicPage(slug);
      expect((await download(request(t.app), `/praktijken/${slug}/materialen/${fileOf(id, 'oud-verslag.pdf')}`)).body.equals(OUD)).to.equal(true);
    });

    it('refuses an upload that breaks the rules by name, keeping the proposal’s text and files, and stores no proposal', async () => {
      const { id, statusPath, agent } = await publishedWithFiles();
      const form = cheerio.load((await agent.get(`${statusPath}/bijwerken`).expect(200)).text);
      const res = await postMultipart(agent, `${statusPath}/bijwerken`, { ...fieldsOf(form, 'form.practice-form'), summary: 'Mijn nieuwe samenvatting.', step: 'review' }, [
        { name: 'verslag.pdf', content: Buffer.from('<!doctype html><html><script>alert(1)</script></html>') },
        { name: 'leeg.pdf', content: Buffer.alloc(0) },
      ]);
      expect(res.status).to.equal(400);
      expect(errorSummary(res.text)).to.contain('"verslag.pdf" is geen PDF').and.contain('"leeg.pdf" is leeg');
      const $ = cheerio.load(res.text);
      expect($('#summary').text()).to.contain('Mijn nieuwe samenvatting.');
      expect($('input[name$="-name"]').map((_, e) => $(e).val()).get()).to.deep.equal(['draaiboek.pdf', 'oud-verslag.pdf']);
      expect(t.services.practiceUpdates.findPending(id)).to.equal(undefined);
    });

    it('refuses an eleventh file by name in a proposal', async () => {
      const { statusPath, agent } = await publishedWithFiles();
      const form = cheerio.load((await agent.get(`${statusPath}/bijwerken`).expect(200)).text);
      const uploads = Array.from({ length: 9 }, (_, i) => ({ name: `bijlage-${i + 1}.pdf`, content: pdfFile(`bijlage ${i + 1}`) }));
      const res = await postMultipart(agent, `${statusPath}/bijwerken`, { ...fieldsOf(form, 'form.practice-form'), step: 'review' }, uploads);
      expect(res.status).to.equal(400);
      expect(errorSummary(res.text)).to.contain('"bijlage-9.pdf" is niet toegevoegd: een praktijk heeft hoogstens 10 bestanden');
      expect(cheerio.load(res.text)('input[name$="-hash"]')).to.have.length(10);
    });
  });
});
