// Keeping practices current (issue 14, point 5), through a real SMTP server started here: "Klopt uw
// praktijk nog?" once a year after the last check, with a signed link that confirms (a GET changes
// nothing) and a way to propose changes; "niet recent nagekeken" after 18 months, on the page, as a
// filter in the HTML results and the API, judged at the catalogue's clock.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { loadConfig } from '../../src/config.js';
import { checkToken } from '../../src/domain/yearly-check.js';
import { monthsBefore } from '../../src/domain/verification.js';
import { signingKey } from '../../src/http/signing-keys.js';
import { openServices } from '../../src/services.js';
import { captureLog } from '../support/log-capture.js';
import { insertPractice } from '../support/practices.js';
import { type ReceivedMail, type TestSmtpServer, startSmtpServer } from '../support/smtp.js';
import { type FormFields, post } from '../support/submissions.js';
import { type TestApp, useTestApp } from '../support/test-app.js';

const PUBLIC_URL = 'https://praktijkbank.example.be';
const DAY_MS = 24 * 60 * 60_000;

const textLinks = (mail: ReceivedMail) => (mail.parsed.text ?? '').match(/https?:\/\/\S+/g) ?? [];
const htmlLinks = (mail: ReceivedMail) => cheerio.load(String(mail.parsed.html))('a').map((_, a) => cheerio.load(a)('a').attr('href')).get();

const practiceOf = (t: TestApp, slug: string) => {
  const found = t.services.practices.listByStatus(['published', 'unpublished']).find((p) => p.slug === slug);
  if (!found) throw new Error(`no practice ${slug}`);
  return found;
};

/** A published practice last checked at `checkedAt`, with a contact address unless said otherwise. */
async function practiceCheckedAt(t: TestApp, checkedAt: Date, { title = 'Buurtpensioen Lier', contactEmail = 'welzijn@lier.test' } = {}) {
  const slug = await insertPractice(t, { title, ...(contactEmail ? { contactEmail, contactOrganisation: 'Stad Lier' } : {}) }, { now: new Date(checkedAt.getTime() - 30 * DAY_MS).toISOString() });
  t.services.practices.markVerified(practiceOf(t, slug).id, checkedAt.toISOString());
  await t.services.catalogue.refreshInBackground();
  return slug;
}

/** The successful controls of a form, as a browser would send them. */
function fieldsOf($: cheerio.CheerioAPI, form: string): FormFields {
  const fields: Record<string, string | string[]> = {};
  for (const { name, value } of $(form).serializeArray()) {
    const had = fields[name];
    fields[name] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
  }
  return fields;
}

const yearlyChecksIn = (t: TestApp) => (['waiting', 'sent', 'failed'] as const).flatMap((s) => t.services.outbox.list(s, 500)).filter((m) => m.kind === 'yearly_check');

/** The confirm link's path (and token) from a received message. */
function checkLinkOf(mail: ReceivedMail): { path: string; token: string } {
  const link = textLinks(mail).find((l) => l.startsWith(`${PUBLIC_URL}/nakijken/`) && !l.endsWith('/bijwerken'));
  if (!link) throw new Error('no confirm link in the message');
  const path = new URL(link).pathname;
  return { path, token: decodeURIComponent(path.split('/')[2]!) };
}

/** Opens the confirm page with a fresh agent; returns it with the form's CSRF token. */
async function openConfirmPage(t: TestApp, path: string) {
  const agent = request.agent(t.app);
  const page = await agent.get(path).expect(200);
  const csrf = cheerio.load(page.text)('form.check-confirm input[name=_csrf]').attr('value') ?? '';
  return { agent, page, csrf };
}

async function confirmThrough(t: TestApp, path: string) {
  const { agent, csrf } = await openConfirmPage(t, path);
  return agent.post(path).type('form').send({ _csrf: csrf }).expect(200);
}

describe('the yearly check "Klopt uw praktijk nog?"', () => {
  let smtp: TestSmtpServer;
  before(async () => {
    smtp = await startSmtpServer();
  });
  after(async () => smtp.close());
  beforeEach(() => {
    smtp.received.splice(0);
    smtp.behaviour = 'accept';
  });
  const environment = () => ({ SMTP_URL: smtp.url, PUBLIC_URL, MAIL_FROM: 'praktijkbank@vereniging.test' });
  const t = useTestApp({ per: 'test', environment });

  describe('who is asked, and how often', () => {
    it('asks a practice checked 13 months ago once: not again on a second run, nor after a restart on the same database', async () => {
      const now = new Date();
      await practiceCheckedAt(t, monthsBefore(now, 13));
      t.services.runScheduledJobs(now);
      t.services.runScheduledJobs(new Date(now.getTime() + 5 * 60_000));
      const [mail] = await smtp.waitFor(1);
      expect(mail!.recipients).to.deep.equal(['welzijn@lier.test']);
      expect(mail!.parsed.subject).to.equal('Klopt uw praktijk nog? Buurtpensioen Lier');
      expect(mail!.parsed.text).to.contain('Ja, ze loopt nog zo').and.contain('Aanpassen');

      // A second process (or the app after a restart) on the same file asks nothing again.
      const config = loadConfig({ NODE_ENV: 'test', DATABASE_PATH: t.config.databasePath, SMTP_URL: smtp.url, PUBLIC_URL });
      const restarted = openServices(config, captureLog().logger, { runJobs: false, sendMail: false });
      try {
        restarted.runScheduledJobs(new Date(now.getTime() + 10 * 60_000));
        restarted.runScheduledJobs(new Date(now.getTime() + 30 * DAY_MS));
      } finally {
        restarted.close();
      }
      t.services.runScheduledJobs(new Date(now.getTime() + 60 * DAY_MS));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(smtp.received).to.have.length(1);
      expect(yearlyChecksIn(t)).to.have.length(1);
    });

    it('does not ask a practice checked 11 months ago, nor one without a contact address', async () => {
      const now = new Date();
      await practiceCheckedAt(t, monthsBefore(now, 11), { title: 'Recent nagekeken' });
      await practiceCheckedAt(t, monthsBefore(now, 13), { title: 'Zonder adres', contactEmail: '' });
      t.services.runScheduledJobs(now);
      expect(yearlyChecksIn(t)).to.deep.equal([]);
    });

    it('asks again a year after an unanswered question', async () => {
      const now = new Date();
      await practiceCheckedAt(t, monthsBefore(now, 26));
      t.services.runScheduledJobs(monthsBefore(now, 13));
      t.services.runScheduledJobs(monthsBefore(now, 6));
      expect(yearlyChecksIn(t)).to.have.length(1);
      t.services.runScheduledJobs(now);
      expect(yearlyChecksIn(t)).to.have.length(2);
      // Both are delivered within this test, not into the next one's inbox.
      await smtp.waitFor(2);
    });

    it('writes both links absolute from PUBLIC_URL, in the text and the HTML', async () => {
      const now = new Date();
      await practiceCheckedAt(t, monthsBefore(now, 13));
      t.services.runScheduledJobs(now);
      const [mail] = await smtp.waitFor(1);
      const { token } = checkLinkOf(mail!);
      const expected = [`${PUBLIC_URL}/nakijken/${token}`, `${PUBLIC_URL}/nakijken/${token}/bijwerken`];
      expect(textLinks(mail!)).to.include.members(expected);
      expect(htmlLinks(mail!)).to.include.members(expected);
      for (const link of [...textLinks(mail!), ...htmlLinks(mail!)]) expect(link.startsWith(`${PUBLIC_URL}/`), link).to.equal(true);
    });
  });

  describe('GET and POST /nakijken/:token', () => {
    // Each question goes to an address of its own, and the link is taken from the message to that
    // address: a message of an earlier test's app that arrives late can never be taken for this one.
    let asking = 0;
    async function asked(title = 'Buurtpensioen Lier', contactEmail = 'welzijn@lier.test') {
      const now = new Date();
      const address = contactEmail.replace('@', `+${++asking}@`);
      const slug = await practiceCheckedAt(t, monthsBefore(now, 13), { title, contactEmail: address });
      t.services.runScheduledJobs(now);
      return { slug, ...checkLinkOf(await smtp.waitForMailTo(address)) };
    }

    it('shows the practice and a confirm button, and a GET changes nothing', async () => {
      const { slug, path } = await asked();
      const before = practiceOf(t, slug).lastVerifiedAt;
      const { page } = await openConfirmPage(t, path);
      const $ = cheerio.load(page.text);
      expect($('h1').text()).to.equal('Klopt uw praktijk nog?');
      expect($('.check-practice h2').text()).to.equal('Buurtpensioen Lier');
      expect($('form.check-confirm button[type=submit]').text()).to.equal('Ja, ze loopt nog zo');
      expect(page.headers['cache-control']).to.contain('no-store');
      await request(t.app).get(path).expect(200);
      expect(practiceOf(t, slug).lastVerifiedAt).to.equal(before);
      expect(t.services.events.listFor(practiceOf(t, slug).id).map((e) => e.action)).not.to.include('check_confirmed');
    });

    it('POST sets laatst nagekeken, records it in the history, thanks, and the practice page shows the date', async () => {
      const { slug, path } = await asked();
      const answer = await confirmThrough(t, path);
      const $ = cheerio.load(answer.text);
      expect($('h1').text()).to.equal('Bedankt: uw praktijk is nagekeken');
      const practice = practiceOf(t, slug);
      expect(Date.now() - new Date(practice.lastVerifiedAt!).getTime()).to.be.below(60_000);
      const events = t.services.events.listFor(practice.id);
      expect(events.at(-1)).to.include({ action: 'check_confirmed', moderatorEmail: undefined });
      const today = new Intl.DateTimeFormat('nl-BE', { timeZone: 'Europe/Brussels', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date());
      expect($('time').first().text()).to.equal(today);
      const page = cheerio.load((await request(t.app).get(`/praktijken/${slug}`).expect(200)).text);
      expect(page('.practice__trust-item').filter((_, el) => page(el).find('dt').text() === 'Laatst nagekeken').find('time').first().text()).to.equal(today);
    });

    it('refuses the link once answered: 410 with a Dutch page, on GET and POST, and nothing changes', async () => {
      const { slug, path } = await asked();
      const { agent, csrf } = await openConfirmPage(t, path);
      await agent.post(path).type('form').send({ _csrf: csrf }).expect(200);
      const verified = practiceOf(t, slug).lastVerifiedAt;
      const again = await agent.post(path).type('form').send({ _csrf: csrf }).expect(410);
      expect(cheerio.load(again.text)('h1').text()).to.equal('Deze vraag is al beantwoord');
      await request(t.app).get(path).expect(410);
      expect(practiceOf(t, slug).lastVerifiedAt).to.equal(verified);
      expect(t.services.events.listFor(practiceOf(t, slug).id).filter((e) => e.action === 'check_confirmed')).to.have.length(1);
    });

    it('refuses a forged or tampered link with 404', async () => {
      const { path, token } = await asked();
      const [checkId, practiceId, expires, signature] = token.split('.') as [string, string, string, string];
      const flip = (s: string) => `${s.slice(0, -1)}${s.endsWith('A') ? 'B' : 'A'}`;
      const refused = [
        'zomaar-iets',
        `${checkId}.${practiceId}.${expires}.${'A'.repeat(43)}`,
        `${checkId}.${practiceId}.${expires}.${flip(signature)}`,
        `${Number(checkId) + 1}.${practiceId}.${expires}.${signature}`,
        `${checkId}.${practiceId}.${Number(expires) + 86_400 * 365}.${signature}`,
      ];
      for (const forged of refused) {
        const page = await request(t.app).get(`/nakijken/${encodeURIComponent(forged)}`).expect(404);
        expect(cheerio.load(page.text)('h1').text(), forged).to.equal('Deze link werkt niet');
      }
      await request(t.app).get(path).expect(200);
    });

    it('refuses a link for another practice, even one signed with the right key', async () => {
      const first = await asked('Eerste praktijk', 'een@lier.test');
      const second = await asked('Tweede praktijk', 'twee@lier.test');
      const [checkId, , expires] = first.token.split('.') as [string, string, string];
      const before = practiceOf(t, second.slug).lastVerifiedAt;
      const key = signingKey(t.config.sessionSecret, 'yearly-check');
      const otherPractice = checkToken(key, { checkId: Number(checkId), practiceId: practiceOf(t, second.slug).id, expires: Number(expires) });
      await request(t.app).get(`/nakijken/${otherPractice}`).expect(404);
      const { csrf, agent } = await openConfirmPage(t, first.path);
      await agent.post(`/nakijken/${otherPractice}`).type('form').send({ _csrf: csrf }).expect(404);
      expect(practiceOf(t, second.slug).lastVerifiedAt).to.equal(before);
      expect(t.services.events.listFor(practiceOf(t, second.slug).id).map((e) => e.action)).not.to.include('check_confirmed');
    });

    it('refuses an expired link with 410: sent 61 days ago, valid 60', async () => {
      const now = new Date();
      const asked61DaysAgo = new Date(now.getTime() - 61 * DAY_MS);
      const slug = await practiceCheckedAt(t, monthsBefore(asked61DaysAgo, 13));
      t.services.runScheduledJobs(asked61DaysAgo);
      const [mail] = await smtp.waitFor(1);
      const { path } = checkLinkOf(mail!);
      const page = await request(t.app).get(path).expect(410);
      expect(cheerio.load(page.text)('h1').text()).to.equal('Deze link is verlopen');
      const before = practiceOf(t, slug).lastVerifiedAt;
      const agent = request.agent(t.app);
      const form = await agent.get('/indienen').expect(200);
      const csrf = cheerio.load(form.text)('input[name=_csrf]').attr('value') ?? '';
      await agent.post(path).type('form').send({ _csrf: csrf }).expect(410);
      expect(practiceOf(t, slug).lastVerifiedAt).to.equal(before);
    });

    it('refuses the link after a later check (a moderator confirmed it meanwhile), and for an unpublished practice', async () => {
      const first = await asked('Intussen nagekeken', 'een@lier.test');
      t.services.practices.markVerified(practiceOf(t, first.slug).id, new Date(Date.now() + 1000).toISOString());
      expect(cheerio.load((await request(t.app).get(first.path).expect(410)).text)('h1').text()).to.equal('Deze vraag is al beantwoord');

      const second = await asked('Offline gehaald', 'twee@lier.test');
      t.services.practices.setStatus(practiceOf(t, second.slug).id, 'unpublished');
      await request(t.app).get(second.path).expect(404);
    });
  });

  describe('Aanpassen: GET and POST /nakijken/:token/bijwerken', () => {
    it('opens the update form of a practice that has no status link (an import), and the proposal waits for a moderator while the published version stays', async () => {
      const now = new Date();
      const slug = await practiceCheckedAt(t, monthsBefore(now, 13), { title: 'Geïmporteerde praktijk' });
      t.services.runScheduledJobs(now);
      const [mail] = await smtp.waitFor(1);
      const { path } = checkLinkOf(mail!);
      const updatePath = `${path}/bijwerken`;
      expect(textLinks(mail!)).to.include(`${PUBLIC_URL}${updatePath}`);

      const agent = request.agent(t.app);
      const formPage = await agent.get(updatePath).expect(200);
      expect(formPage.headers['cache-control']).to.contain('no-store');
      const form = cheerio.load(formPage.text);
      expect(form('h1').text()).to.equal('Uw praktijk aanpassen');
      expect(form('form.practice-form input[name=title]').val()).to.equal('Geïmporteerde praktijk');

      const empty = await post(agent, updatePath, { ...fieldsOf(form, 'form.practice-form'), title: '', step: 'review' }).expect(400);
      expect(cheerio.load(empty.text)('.error-summary').text()).to.match(/titel/i);

      const review = await post(agent, updatePath, { ...fieldsOf(form, 'form.practice-form'), summary: 'Een nieuwe samenvatting, want de praktijk is veranderd.', step: 'review' });
      expect(cheerio.load(review.text)('.error-summary').text().replace(/\s+/g, ' ')).to.equal('');
      const done = await post(agent, updatePath, { ...fieldsOf(cheerio.load(review.text), 'form.review-form'), step: 'confirm' }).expect(303);
      expect(done.headers.location).to.equal(`${updatePath}?voorgesteld=1`);
      expect(cheerio.load((await agent.get(done.headers.location!).expect(200)).text)('h1').text()).to.equal('Uw wijziging is voorgesteld');

      const practice = practiceOf(t, slug);
      expect(t.services.practiceUpdates.findPending(practice.id)?.content.summary).to.equal('Een nieuwe samenvatting, want de praktijk is veranderd.');
      expect(practice.summary).not.to.equal('Een nieuwe samenvatting, want de praktijk is veranderd.');
      expect(t.services.events.listFor(practice.id).at(-1)?.action).to.equal('update_proposed');
    });

    it('refuses a forged link, and a link once the practice was checked since, without changing anything', async () => {
      await request(t.app).get('/nakijken/1.1.99999999999.zzz/bijwerken').expect(404);
      const now = new Date();
      const slug = await practiceCheckedAt(t, monthsBefore(now, 13));
      t.services.runScheduledJobs(now);
      const [mail] = await smtp.waitFor(1);
      const { path } = checkLinkOf(mail!);
      const agent = request.agent(t.app);
      const form = cheerio.load((await agent.get(`${path}/bijwerken`).expect(200)).text);
      await confirmThrough(t, path);
      await agent.get(`${path}/bijwerken`).expect(410);
      await post(agent, `${path}/bijwerken`, { ...fieldsOf(form, 'form.practice-form'), step: 'confirm' }).expect(410);
      expect(t.services.practiceUpdates.findPending(practiceOf(t, slug).id)).to.equal(undefined);
    });
  });

  describe('niet recent nagekeken', () => {
    const NOW = new Date('2027-06-15T10:00:00.000Z');
    const slugs = async (query: string) => (await request(t.app).get(`/api/v1/practices?${query}&pageSize=100`).expect(200)).body.items.map((p: { slug: string }) => p.slug) as string[];

    it('is said on the page with the date of the last check, filtered on in HTML and API, and the API says recentlyVerified; all as at the catalogue clock', async () => {
      const old = await practiceCheckedAt(t, new Date('2025-12-01T09:00:00.000Z'), { title: 'Lang niet nagekeken' });
      const fresh = await practiceCheckedAt(t, new Date('2027-01-10T09:00:00.000Z'), { title: 'Pas nagekeken' });
      t.services.runScheduledJobs(NOW);

      const page = cheerio.load((await request(t.app).get(`/praktijken/${old}`).expect(200)).text);
      const label = page('.practice__not-recent');
      expect(label.find('a').text()).to.equal('Niet recent nagekeken');
      expect(label.find('a').attr('href')).to.equal('/praktijken?notRecentlyVerified=true');
      expect(label.find('time').text()).to.equal('1 december 2025');
      expect(cheerio.load((await request(t.app).get(`/praktijken/${fresh}`).expect(200)).text)('.practice__not-recent')).to.have.length(0);

      expect(await slugs('notRecentlyVerified=true')).to.include(old).and.not.include(fresh);
      const html = cheerio.load((await request(t.app).get('/praktijken?notRecentlyVerified=true&pageSize=100').expect(200)).text);
      const shown = html('a[href^="/praktijken/"]').map((_, a) => html(a).attr('href')).get();
      expect(shown).to.include(`/praktijken/${old}`).and.not.include(`/praktijken/${fresh}`);
      expect(html('#f-notRecentlyVerified-true').attr('checked')).to.equal('checked');

      expect((await request(t.app).get(`/api/v1/practices/${old}`).expect(200)).body.recentlyVerified).to.equal(false);
      expect((await request(t.app).get(`/api/v1/practices/${fresh}`).expect(200)).body.recentlyVerified).to.equal(true);

      const csv = (await request(t.app).get('/praktijken/export.csv?notRecentlyVerified=true').expect(200)).text;
      expect(csv).to.contain(old).and.not.contain(fresh);
    });

    it('moves with the clock: a practice becomes not recent when the catalogue reaches the day 18 months after its last check', async () => {
      const slug = await practiceCheckedAt(t, new Date('2026-01-10T09:00:00.000Z'), { title: 'Op de grens' });
      t.services.runScheduledJobs(new Date('2027-07-09T10:00:00.000Z'));
      expect(await slugs('notRecentlyVerified=true')).not.to.include(slug);
      expect((await request(t.app).get(`/api/v1/practices/${slug}`).expect(200)).body.recentlyVerified).to.equal(true);
      t.services.runScheduledJobs(new Date('2027-07-11T10:00:00.000Z'));
      expect(await slugs('notRecentlyVerified=true')).to.include(slug);
      expect((await request(t.app).get(`/api/v1/practices/${slug}`).expect(200)).body.recentlyVerified).to.equal(false);
    });

    it('keeps the check links out of search engines (robots.txt)', async () => {
      expect((await request(t.app).get('/robots.txt').expect(200)).text.split('\n')).to.include('Disallow: /nakijken/');
    });

    it('refuses a wrong value with a Dutch 400', async () => {
      const answer = await request(t.app).get('/api/v1/practices?notRecentlyVerified=ja').expect(400);
      expect(JSON.stringify(answer.body)).to.contain('gebruik notRecentlyVerified=true, of laat de parameter weg');
    });
  });
});
