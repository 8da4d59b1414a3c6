// Synoniemen (/beheer/synoniemen, issue 15): moderators edit the sector's synonym list, every save is a
// revision with its author and note, an earlier one (or the code's list) can be restored, and searches
// use a saved list at once.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { parseSearchQuery } from '../../src/domain/search-query.js';
import { formatSynonyms } from '../../src/domain/synonyms.js';
import { SYNONYM_GROUPS } from '../../src/search/synonyms.js';
import { openServices } from '../../src/services.js';
import { captureLog } from '../support/log-capture.js';
import { type LoggedIn, csrfTokenIn, errorSummary, loginAsModerator, useTestApp } from '../support/test-app.js';

const PAGE = '/beheer/synoniemen';

/** The slugs the public API finds for a query, in order. */
async function apiSlugs(app: Parameters<typeof request>[0], q: string): Promise<string[]> {
  const res = await request(app).get(`/api/v1/practices?q=${encodeURIComponent(q)}&pageSize=100`).expect(200);
  return (res.body as { items: { slug: string }[] }).items.map((i) => i.slug);
}

/** The form's fields as the page shows them now. */
async function formOf(moderator: LoggedIn): Promise<{ text: string; basedOn: string; csrf: string }> {
  const page = await moderator.agent.get(PAGE).expect(200);
  const $ = cheerio.load(page.text);
  return { text: $('#synonyms-text').text(), basedOn: $('input[name="basedOn"]').val() as string, csrf: csrfTokenIn(page.text) };
}

async function save(moderator: LoggedIn, text: string, note = '', basedOn?: string) {
  const form = await formOf(moderator);
  return moderator.agent.post(PAGE).type('form').send({ _csrf: moderator.csrfToken, text, note, basedOn: basedOn ?? form.basedOn });
}

const fieldErrors = (html: string) =>
  cheerio
    .load(html)('#synonyms-text-error li')
    .map((_, li) => cheerio.load(li).text().trim())
    .get();

describe('GET /beheer/synoniemen', function () {
  this.timeout(30_000);
  const t = useTestApp({ per: 'test' });

  it('sends a visitor without a session to the login page, and refuses their saves and restores', async () => {
    const res = await request(t.app).get(PAGE).expect(303);
    expect(res.headers.location).to.equal(`/beheer/inloggen?returnTo=${encodeURIComponent(PAGE)}`);
    const agent = request.agent(t.app);
    const token = csrfTokenIn((await agent.get('/beheer/inloggen').expect(200)).text);
    for (const path of [PAGE, `${PAGE}/standaard`, `${PAGE}/1/terugzetten`]) {
      await agent.post(path).type('form').send({ _csrf: token, text: 'loket, onthaal', basedOn: '0' }).expect(403);
    }
    expect(t.services.synonyms.list()).to.deep.equal([]);
  });

  it('shows the list that comes with the code, one group per line, while no moderator saved one, and links it from the moderators’ bar', async () => {
    const moderator = await loginAsModerator(t);
    const page = await moderator.agent.get(PAGE).expect(200);
    const $ = cheerio.load(page.text);
    expect($('h1').text()).to.equal('Synoniemen');
    expect($('#synonyms-text').text()).to.equal(formatSynonyms(SYNONYM_GROUPS));
    expect($('#synonyms-text').text().split('\n')).to.have.length(SYNONYM_GROUPS.length);
    expect($('#synonyms-text').text()).to.include('ouderen, senioren, bejaarden, elderly, older people');
    expect($('input[name="basedOn"]').val()).to.equal('0');
    expect(page.text).to.include(`De standaardlijst (${SYNONYM_GROUPS.length} groepen)`);
    expect($('.moderator-bar a[href="/beheer/synoniemen"]').text()).to.equal('Synoniemen');
    expect($('button:contains("Standaardlijst terugzetten")')).to.have.length(0);
  });
});

describe('POST /beheer/synoniemen', function () {
  this.timeout(30_000);
  const t = useTestApp({ per: 'test' });

  it('saves the list as a revision with its author and note, and confirms it after a 303', async () => {
    const moderator = await loginAsModerator(t, { email: 'an@gemeente.test' });
    const res = await save(moderator, 'ouderen, senioren\r\n\r\n  loket ,onthaal, balie  \n', 'Loket toegevoegd');
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal(`${PAGE}?klaar=bewaard`);
    const [revision, ...older] = t.services.synonyms.list();
    expect(older).to.deep.equal([]);
    expect(revision?.groups).to.deep.equal([
      ['ouderen', 'senioren'],
      ['loket', 'onthaal', 'balie'],
    ]);
    expect(revision?.note).to.equal('Loket toegevoegd');
    expect(revision?.moderatorEmail).to.equal('an@gemeente.test');

    const page = await moderator.agent.get(res.headers.location as string).expect(200);
    const $ = cheerio.load(page.text);
    expect($('.confirmation').text().trim()).to.equal('De synoniemen zijn bewaard. Zoekopdrachten gebruiken ze meteen.');
    expect($('#synonyms-text').text()).to.equal('ouderen, senioren\nloket, onthaal, balie');
    expect($('input[name="basedOn"]').val()).to.equal(String(revision?.id));
  });

  it('is used by the public search at once: a new group finds a practice under its new word', async () => {
    const moderator = await loginAsModerator(t);
    expect(await apiSlugs(t.app, 'loket')).to.not.include('gbo-zoersel');
    const form = await formOf(moderator);
    await save(moderator, `${form.text}\nloket, onthaal`).then((res) => expect(res.status).to.equal(303));
    // No wait, no reindex: the catalogue applies the saved list to the next query.
    expect(await apiSlugs(t.app, 'loket')).to.include('gbo-zoersel');
  });

  // The public answers' ETag (http-caching.ts) and the export copies (export-cache.ts) are keyed by
  // Catalogue.answersVersion, which a new synonym list raises.
  it('changes the public answers’ ETag, so a browser or a shared cache that kept an answer does not get it confirmed unchanged', async () => {
    const moderator = await loginAsModerator(t);
    const before = await request(t.app).get('/api/v1/practices?q=loket').expect(200);
    const etag = before.headers.etag as string;
    expect(etag).to.be.a('string');
    await request(t.app).get('/api/v1/practices?q=loket').set('If-None-Match', etag).expect(304);
    expect((await save(moderator, 'loket, onthaal')).status).to.equal(303);
    const after = await request(t.app).get('/api/v1/practices?q=loket').set('If-None-Match', etag);
    expect(after.status).to.equal(200);
    expect((after.body as { items: { slug: string }[] }).items.map((i) => i.slug)).to.include('gbo-zoersel');
  });

  it('refuses bad lines with a 400, a message per line in Dutch, and the typed list and note kept', async () => {
    const moderator = await loginAsModerator(t);
    const text = [
      'ouderen, senioren',
      '',
      'loket',
      'mantelzorg,, informele zorg',
      'Senioren, bejaarden',
      'buurtzorg, buurtzorg',
      `kort, ${'a'.repeat(81)}`,
      'onthaal, <script>',
      'de, het',
    ].join('\n');
    const res = await save(moderator, text, 'Mijn toelichting');
    expect(res.status).to.equal(400);
    const expected = [
      'Regel 3: een groep heeft minstens twee termen',
      'Regel 4: laat geen term leeg (twee komma’s na elkaar, of een komma aan het begin of het einde)',
      'Regel 5: de term „Senioren” staat ook op regel 1; een term hoort bij één groep',
      'Regel 6: de term „buurtzorg” staat twee keer in deze groep',
      `Regel 7: de term „${'a'.repeat(40)}…” is te lang: hoogstens 80 tekens`,
      "Regel 8: de term „<script>” bevat een teken dat niet mag; gebruik letters, cijfers, spaties en - ' . / & ( ) +",
      'Regel 9: de term „de” bestaat alleen uit woorden die het zoeken overslaat (zoals de, het, een, en)',
    ];
    expect(fieldErrors(res.text)).to.deep.equal(expected);
    const $ = cheerio.load(res.text);
    expect($('#error-summary-title').text()).to.equal('Er zijn 7 problemen');
    expect($('.error-summary li').map((_, li) => $(li).text()).get()).to.deep.equal(expected);
    expect($('title').text()).to.match(/^Fout: Synoniemen/);
    expect($('#synonyms-text').text()).to.equal(text);
    expect($('#synonyms-text').attr('aria-invalid')).to.equal('true');
    expect($('#synonyms-note').val()).to.equal('Mijn toelichting');
    expect($('.error-summary a').first().attr('href')).to.equal('#synonyms-text');
    expect(t.services.synonyms.list()).to.deep.equal([]);
  });

  it('refuses an empty list, a list of more than 300 groups, and a note on two lines', async () => {
    const moderator = await loginAsModerator(t);
    const empty = await save(moderator, '\n  \n');
    expect(empty.status).to.equal(400);
    expect(errorSummary(empty.text)).to.equal('Er is een probleem De lijst is leeg. Zet één groep synoniemen per regel, of zet de standaardlijst terug.');

    const many = Array.from({ length: 301 }, (_, i) => `woord${i}a, woord${i}b`).join('\n');
    const tooMany = await save(moderator, many);
    expect(tooMany.status).to.equal(400);
    expect(errorSummary(tooMany.text)).to.equal('Er is een probleem De lijst telt 301 groepen; hoogstens 300.');

    const note = await save(moderator, 'loket, onthaal', 'eerste regel\r\ntweede regel');
    expect(note.status).to.equal(400);
    expect(errorSummary(note.text)).to.equal('Er is een probleem Schrijf de toelichting op één regel.');
    expect(cheerio.load(note.text)('#synonyms-note-error').text()).to.include('Schrijf de toelichting op één regel.');
    expect(t.services.synonyms.list()).to.deep.equal([]);
  });

  it('does not overwrite a colleague’s save made after the form was opened: 409, the typed list kept, and a second save goes through', async () => {
    const an = await loginAsModerator(t);
    const bo = await loginAsModerator(t);
    const anForm = await formOf(an);
    expect((await save(bo, 'loket, onthaal', 'Bo was eerst')).status).to.equal(303);

    const conflict = await an.agent.post(PAGE).type('form').send({ _csrf: an.csrfToken, text: 'ouderen, senioren', note: '', basedOn: anForm.basedOn });
    expect(conflict.status).to.equal(409);
    expect(errorSummary(conflict.text)).to.match(/^Er is een probleem Een collega bewaarde de lijst intussen \(versie \d+ van .+, door moderator\d+@praktijkbank\.test\)\. Uw tekst staat hieronder nog/);
    const $ = cheerio.load(conflict.text);
    expect($('#synonyms-text').text()).to.equal('ouderen, senioren');
    expect(t.services.synonyms.list()).to.have.length(1);

    const again = await an.agent.post(PAGE).type('form').send({ _csrf: an.csrfToken, text: 'ouderen, senioren', note: '', basedOn: $('input[name="basedOn"]').val() });
    expect(again.status).to.equal(303);
    expect(t.services.synonyms.list()[0]?.groups).to.deep.equal([['ouderen', 'senioren']]);
  });
});

describe('the history of the synonym list, and restoring', function () {
  this.timeout(30_000);
  const t = useTestApp({ per: 'test' });

  it('lists every revision, the newest first, with who, the note, the number of groups and the groups added and removed', async () => {
    const moderator = await loginAsModerator(t, { email: 'cas@gemeente.test' });
    expect((await save(moderator, 'ouderen, senioren\nloket, onthaal', 'Eerste eigen lijst')).status).to.equal(303);
    expect((await save(moderator, 'ouderen, senioren, bejaarden\nloket, onthaal\nbuddy, maatje')).status).to.equal(303);

    const $ = cheerio.load((await moderator.agent.get(PAGE).expect(200)).text);
    const entries = $('.synonym-history .history__list > li');
    expect(entries).to.have.length(2);
    const text = (i: number) => entries.eq(i).text().replace(/\s+/g, ' ');
    /** The groups an entry lists after 'Toegevoegd' or 'Verwijderd'. */
    const groups = (i: number, label: 'Toegevoegd' | 'Verwijderd') =>
      entries.eq(i).find(`p:contains("${label}") + ul li, summary:contains("${label}") + ul li`).map((_, li) => $(li).text()).get();
    expect(text(0)).to.match(/Versie \d+ \(in gebruik\) — .+, door cas@gemeente\.test; 3 groepen\./);
    expect(groups(0, 'Toegevoegd')).to.deep.equal(['ouderen, senioren, bejaarden', 'buddy, maatje']);
    expect(groups(0, 'Verwijderd')).to.deep.equal(['ouderen, senioren']);
    expect(entries.eq(0).find('button')).to.have.length(0);
    expect(text(1)).to.match(/, door cas@gemeente\.test; 2 groepen\./);
    expect(text(1)).to.include('Toelichting: Eerste eigen lijst');
    // Against the list that comes with the code: every group of it is gone, the two typed ones are new.
    expect(groups(1, 'Toegevoegd')).to.deep.equal(['ouderen, senioren', 'loket, onthaal']);
    // Many groups fold away behind their count.
    expect(groups(1, 'Verwijderd')).to.have.length(SYNONYM_GROUPS.length);
    expect(entries.eq(1).find('details > summary').text()).to.equal(`Verwijderd (${SYNONYM_GROUPS.length})`);
    expect(entries.eq(1).find('button').text()).to.match(/^Versie \d+ terugzetten$/);
    expect($('time').first().attr('datetime')).to.match(/^\d{4}-\d\d-\d\dT/);
  });

  it('restores an earlier revision as a new one, and searches follow at once', async () => {
    const moderator = await loginAsModerator(t);
    expect((await save(moderator, 'loket, onthaal')).status).to.equal(303);
    const first = t.services.synonyms.list()[0]!;
    expect((await save(moderator, 'ouderen, senioren')).status).to.equal(303);
    expect(await apiSlugs(t.app, 'loket')).to.not.include('gbo-zoersel');

    const res = await moderator.agent.post(`${PAGE}/${first.id}/terugzetten`).type('form').send({ _csrf: moderator.csrfToken }).expect(303);
    expect(res.headers.location).to.equal(`${PAGE}?klaar=teruggezet`);
    const [restored, ...rest] = t.services.synonyms.list();
    expect(rest).to.have.length(2);
    expect(restored?.groups).to.deep.equal(first.groups);
    expect(restored?.note).to.equal(`Versie ${first.id} teruggezet`);
    expect(await apiSlugs(t.app, 'loket')).to.include('gbo-zoersel');
    const page = await moderator.agent.get(res.headers.location as string).expect(200);
    expect(cheerio.load(page.text)('.confirmation').text().trim()).to.equal('De gekozen versie is teruggezet als nieuwe versie. Zoekopdrachten gebruiken ze meteen.');

    await moderator.agent.post(`${PAGE}/999999/terugzetten`).type('form').send({ _csrf: moderator.csrfToken }).expect(404);
    expect(t.services.synonyms.list()).to.have.length(3);
  });

  it('restores the list that comes with the code ("standaardlijst terugzetten")', async () => {
    const moderator = await loginAsModerator(t);
    expect((await save(moderator, 'loket, onthaal')).status).to.equal(303);
    expect(await apiSlugs(t.app, 'senioren')).to.deep.equal([]);
    const page = cheerio.load((await moderator.agent.get(PAGE).expect(200)).text);
    expect(page('form[action="/beheer/synoniemen/standaard"] button').text()).to.equal('Standaardlijst terugzetten');

    const res = await moderator.agent.post(`${PAGE}/standaard`).type('form').send({ _csrf: moderator.csrfToken }).expect(303);
    expect(res.headers.location).to.equal(`${PAGE}?klaar=standaard`);
    const restored = t.services.synonyms.list()[0];
    expect(restored?.groups).to.deep.equal(SYNONYM_GROUPS);
    expect(restored?.note).to.equal('Standaardlijst teruggezet');
    expect(await apiSlugs(t.app, 'senioren')).to.not.deep.equal([]);
    const after = cheerio.load((await moderator.agent.get(res.headers.location as string).expect(200)).text);
    expect(after('#synonyms-text').text()).to.equal(formatSynonyms(SYNONYM_GROUPS));
  });

  it('applies the saved list again after a restart', async () => {
    const moderator = await loginAsModerator(t);
    expect((await save(moderator, 'loket, onthaal')).status).to.equal(303);
    // A second app on the same database, as after a restart.
    const restarted = openServices(t.config, captureLog().logger, { runJobs: false, sendMail: false });
    try {
      const query = parseSearchQuery({ q: 'loket' });
      if (!query.ok) throw new Error('a valid query');
      expect(restarted.catalogue.search(query.query).items.map((i) => i.practice.slug)).to.include('gbo-zoersel');
    } finally {
      restarted.close();
    }
  });
});
