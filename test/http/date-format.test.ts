// One way of writing a day for people on every HTML page ("1 december 2026", with the ISO form only in
// <time datetime>), and previews that do not call a practice or a change published before it is.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { beheerPaths } from '../../src/http/beheer-paths.js';
import { formToken, post, submitThroughForm, validFields } from '../support/submissions.js';
import { loginAsModerator, useTestApp } from '../support/test-app.js';

/** The text a person reads in the page's main part: no form values, no code samples. */
function readableText(html: string): string {
  const $ = cheerio.load(html);
  $('script, style, input, textarea, select, code, pre').remove();
  return $('main').text().replace(/\s+/g, ' ');
}

const ISO_DAY = /\b\d{4}-\d{2}-\d{2}\b/;
const DUTCH_DAY = /^\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4}( om \d{2}:\d{2})?$/;

describe('dates on the pages people read', () => {
  const t = useTestApp({ per: 'test' });

  const publish = async (title: string) => {
    const mod = await loginAsModerator(t, { email: 'moderator@praktijkbank.test' });
    const id = t.services.practices.listByStatus(['pending']).find((p) => p.title === title)?.id ?? 0;
    await post(mod.agent, beheerPaths.decision(id), { _csrf: mod.csrfToken, decision: 'publish', reason: '', revision: String(t.services.practices.revisionOf(id)) }).expect(303);
    await t.services.catalogue.refreshInBackground();
    return { mod, id };
  };

  it('writes every day in words, the ISO form only in a <time datetime>, on the public and the moderators’ pages', async () => {
    const { statusPath } = await submitThroughForm(t);
    const { mod, id } = await publish(validFields().title);
    const slug = t.services.practices.findById(id)?.slug ?? '';
    const pages: Record<string, string> = {};
    for (const url of ['/', '/over', '/cijfers', '/open-data', `/praktijken/${slug}`, '/praktijken/gbo-zoersel', statusPath, '/toegankelijkheid', '/privacy']) {
      pages[url] = (await request(t.app).get(url).expect(200)).text;
    }
    for (const url of [beheerPaths.home(), beheerPaths.practice(id), beheerPaths.outbox()]) pages[url] = (await mod.agent.get(url).expect(200)).text;
    for (const [url, html] of Object.entries(pages)) {
      expect(readableText(html), url).not.to.match(ISO_DAY);
      const $ = cheerio.load(html);
      $('main time').each((_, e) => {
        expect($(e).text().trim(), `${url}: <time>`).to.match(DUTCH_DAY);
        expect($(e).attr('datetime'), `${url}: datetime`).to.match(/^\d{4}(-\d{2}(-\d{2})?)?(T[\d:.]+Z)?$/);
      });
    }
    // The municipality list's date on the about page, and the outbox's moments, were the odd ones out.
    expect(readableText(pages['/over'] ?? '')).to.contain('geldig vanaf 1 januari 2025');
    expect(cheerio.load(pages[beheerPaths.outbox()] ?? '')('main time').length).to.be.greaterThan(0);
  });

  it('the preview of a submission says it is not published yet, never "Gepubliceerd"', async () => {
    const agent = request.agent(t.app);
    const review = await post(agent, '/indienen', { ...validFields(), _csrf: await formToken(agent), step: 'review' }).expect(200);
    const preview = cheerio.load(review.text)('.preview');
    const text = preview.text().replace(/\s+/g, ' ');
    expect(text).not.to.match(/Gepubliceerd/);
    expect(text).not.to.contain('Laatst bijgewerkt');
    expect(text).to.contain('Nog niet gepubliceerd');
  });

  it('the moderator’s preview of a pending submission says it is not published yet', async () => {
    await submitThroughForm(t);
    const mod = await loginAsModerator(t, { email: 'moderator@praktijkbank.test' });
    const id = t.services.practices.listByStatus(['pending'])[0]?.id ?? 0;
    const text = cheerio.load((await mod.agent.get(beheerPaths.practice(id)).expect(200)).text)('.preview').text().replace(/\s+/g, ' ');
    expect(text).not.to.match(/Gepubliceerd/);
    expect(text).to.contain('Nog niet gepubliceerd');
  });

  it('the preview of a proposed change gives the published version’s date and says the change is not published yet', async () => {
    const { statusPath } = await submitThroughForm(t);
    const { id } = await publish(validFields().title);
    t.services.db.prepare("UPDATE practices SET published_at = '2026-03-02T10:00:00.000Z', updated_at = '2026-03-02T10:00:00.000Z' WHERE id = ?").run(id);
    const agent = request.agent(t.app);
    const _csrf = await formToken(agent, `${statusPath}/bijwerken`);
    const review = await post(agent, `${statusPath}/bijwerken`, { ...validFields({ summary: 'Een nieuwe samenvatting van het wijkrestaurant.' }), _csrf, step: 'review' }).expect(200);
    const $ = cheerio.load(review.text);
    const facts = Object.fromEntries($('.preview dt').map((_, dt) => [[$(dt).text().trim(), $(dt).next('dd').text().replace(/\s+/g, ' ').trim()]]).get() as [string, string][]);
    expect(facts.Gepubliceerd).to.equal('2 maart 2026');
    expect(facts['Deze wijziging']).to.contain('Nog niet gepubliceerd');
    expect(facts).not.to.have.property('Laatst bijgewerkt');
  });
});
