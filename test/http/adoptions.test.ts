// "Wij doen dit ook" (issue 14, point 6) as a municipal employee and a moderator meet it: the form, the
// confirmation mail through a real SMTP server, the confirm page, the moderators' decision, and where an
// approved adoption shows (the practice page, the API, the facet, /cijfers). Every bad input gets a Dutch
// message or a 4xx, never a 5xx; the adopter's address shows nowhere public.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { ADOPTIONS_PER_ADDRESS } from '../../src/domain/adoptions.js';
import { MUNICIPALITIES } from '../../src/domain/municipalities.js';
import type { Practice } from '../../src/domain/practice.js';
import { ADOPTION_POSTS_PER_HOUR } from '../../src/http/controllers/adoption-controller.js';
import { type ReceivedMail, type TestSmtpServer, startSmtpServer } from '../support/smtp.js';
import { type Agent, type LoggedIn, type TestApp, csrfTokenIn, errorSummary, loginAsModerator, useTestApp } from '../support/test-app.js';

const PUBLIC_URL = 'https://praktijkbank.example.be';
const ADOPTER = 'Jan.Peeters@gemeente-adoptie.test';
const THIS_YEAR = new Date().getFullYear();

/** A published seed practice with municipalities of its own, and a municipality that is not one of them. */
function practiceToAdopt(t: TestApp, skip = 0): { practice: Practice; other: { nisCode: string; name: string }; own: string } {
  const practice = t.services.catalogue.all().filter((p) => p.municipalities.length > 0)[skip];
  if (!practice) throw new Error('no seed practice with municipalities');
  const other = MUNICIPALITIES.find((m) => !practice.municipalities.includes(m.nisCode) && m.name.length > 3);
  if (!other) throw new Error('no other municipality');
  return { practice, other, own: practice.municipalities[0]! };
}

interface AdoptionFields {
  municipality?: string;
  since?: string;
  email?: string;
  note?: string;
  website?: string;
}

/** A visitor's browser: the form page, then its POST with the page's CSRF token. */
async function openForm(t: TestApp, slug: string): Promise<{ agent: Agent; csrf: string }> {
  const agent = request.agent(t.app);
  const page = await agent.get(`/praktijken/${slug}/wij-doen-dit-ook`).expect(200);
  return { agent, csrf: csrfTokenIn(page.text) };
}

/** Posts the form and expects `status`; returns the answer. */
async function submit(t: TestApp, slug: string, fields: AdoptionFields, status: number, form?: { agent: Agent; csrf: string }) {
  const { agent, csrf } = form ?? (await openForm(t, slug));
  return agent.post(`/praktijken/${slug}/wij-doen-dit-ook`).type('form').send({ _csrf: csrf, ...fields }).expect(status);
}

const linkIn = (mail: ReceivedMail) => {
  const found = (mail.parsed.text ?? '').match(/https?:\/\/\S+\/wij-doen-dit-ook\/bevestigen\/[A-Za-z0-9_-]{43}/);
  if (!found) throw new Error(`no confirmation link in ${mail.parsed.text}`);
  return found[0];
};
const pathOf = (url: string) => new URL(url).pathname;

async function confirmByLink(t: TestApp, link: string, status: number) {
  const agent = request.agent(t.app);
  const page = await agent.get(pathOf(link)).expect(200);
  return agent.post(pathOf(link)).type('form').send({ _csrf: csrfTokenIn(page.text) }).expect(status);
}

const waitingId = (t: TestApp) => {
  const [first] = t.services.adoptions.listWaiting();
  if (!first) throw new Error('no adoption waiting for a moderator');
  return first.id;
};

function decide(mod: LoggedIn, id: number, decision: string, reason = '') {
  return mod.agent.post(`/beheer/overnames/${id}/beslissing`).type('form').send({ _csrf: mod.csrfToken, decision, reason });
}

const ookIn = (html: string) => cheerio.load(html)('.adoptions__list').text().replace(/\s+/g, ' ').trim();

describe('wij doen dit ook', () => {
  let smtp: TestSmtpServer;
  before(async () => {
    smtp = await startSmtpServer();
  });
  after(async () => smtp.close());
  beforeEach(() => {
    smtp.received.splice(0);
    smtp.behaviour = 'accept';
  });
  const t = useTestApp({ per: 'test', environment: () => ({ SMTP_URL: smtp.url, PUBLIC_URL, MAIL_FROM: 'praktijkbank@vereniging.test' }) });

  /** Submits, confirms by the mailed link and approves: the adoption is public. */
  async function adoptAndApprove(fields: Required<Pick<AdoptionFields, 'municipality' | 'since'>>, slug: string, mod: LoggedIn) {
    const before = smtp.received.length;
    await submit(t, slug, { ...fields, email: ADOPTER }, 303);
    const mails = await smtp.waitFor(before + 1);
    await confirmByLink(t, linkIn(mails[before]!), 303);
    await decide(mod, waitingId(t), 'approve').expect(303);
  }

  it('mails a confirmation link from PUBLIC_URL; a GET of it changes nothing, the POST confirms, the moderator approves, and the practice shows it everywhere', async () => {
    const { practice, other } = practiceToAdopt(t);
    const show = await request(t.app).get(`/praktijken/${practice.slug}`).expect(200);
    expect(cheerio.load(show.text)(`a[href="/praktijken/${practice.slug}/wij-doen-dit-ook"]`).text()).to.contain('Wij doen dit ook');

    const sent = await submit(t, practice.slug, { municipality: other.nisCode, since: '2023', email: ADOPTER, note: 'Wij startten in 2023,\nmet twee buurten.' }, 303);
    expect(sent.headers.location).to.equal(`/praktijken/${practice.slug}/wij-doen-dit-ook?verstuurd=1`);
    const thanks = await request(t.app).get(sent.headers.location ?? '').expect(200);
    expect(thanks.text).to.contain('Bekijk uw mailbox');

    const [mail] = await smtp.waitFor(1);
    expect(mail!.recipients).to.deep.equal([ADOPTER]);
    expect(mail!.parsed.subject).to.equal(`Bevestig: ${other.name} doet „${practice.title}” ook`);
    const link = linkIn(mail!);
    expect(link.startsWith(`${PUBLIC_URL}/wij-doen-dit-ook/bevestigen/`), link).to.equal(true);
    expect(String(mail!.parsed.html)).to.contain(`href="${link}"`);

    // Opening the link (a mail scanner does) changes nothing.
    const agent = request.agent(t.app);
    const page = await agent.get(pathOf(link)).expect(200);
    expect(page.headers['cache-control']).to.match(/private|no-store/);
    expect(cheerio.load(page.text)('h1').text()).to.equal('Overname bevestigen');
    await agent.get(pathOf(link)).expect(200);
    expect(t.services.adoptions.listWaiting()).to.have.length(0);

    const confirmed = await agent.post(pathOf(link)).type('form').send({ _csrf: csrfTokenIn(page.text) }).expect(303);
    expect(confirmed.headers.location).to.equal(pathOf(link));
    expect(cheerio.load((await agent.get(pathOf(link)).expect(200)).text)('h1').text()).to.equal('Overname bevestigd');
    const [waiting] = t.services.adoptions.listWaiting();
    expect(waiting, 'waiting for a moderator, the address gone').to.deep.include({ nisCode: other.nisCode, since: 2023, email: undefined, emailDomain: 'gemeente-adoptie.test' });

    // Not public before a moderator approves.
    expect(ookIn((await request(t.app).get(`/praktijken/${practice.slug}`).expect(200)).text)).to.equal('');

    const mod = await loginAsModerator(t);
    const list = await mod.agent.get('/beheer/overnames').expect(200);
    expect(list.text).to.contain(other.name).and.to.contain('@gemeente-adoptie.test').and.to.contain('met twee buurten');
    expect(list.text).not.to.contain('Jan.Peeters');
    const versionBefore = t.services.catalogue.version;
    await decide(mod, waiting!.id, 'approve').expect(303);
    expect(t.services.catalogue.version, 'an approval changes the catalogue version').to.be.above(versionBefore);

    const after = await request(t.app).get(`/praktijken/${practice.slug}`).expect(200);
    expect(ookIn(after.text)).to.equal(`Ook in: ${other.name} (sinds 2023)`);
    const history = await mod.agent.get(`/beheer/praktijken/${practice.id}`).expect(200);
    expect(history.text).to.contain('Overname door een andere gemeente goedgekeurd').and.to.contain(`${other.name} (sinds 2023)`);
    // The evidence rung "overgenomen" names it for the moderator to cite.
    expect(cheerio.load(history.text)('.evidence-adopted').text()).to.contain(`${other.name} (sinds 2023)`);
  });

  it('shows an approved adoption in the API, the facet Overgenomen door and /cijfers; a rejection keeps it hidden', async () => {
    const mod = await loginAsModerator(t);
    const { practice, other } = practiceToAdopt(t);
    const second = MUNICIPALITIES.find((m) => !practice.municipalities.includes(m.nisCode) && m.nisCode !== other.nisCode)!;
    await adoptAndApprove({ municipality: other.nisCode, since: '2025' }, practice.slug, mod);
    // A second one, rejected with a reason: it shows nowhere public.
    await submit(t, practice.slug, { municipality: second.nisCode, since: '2020', email: ADOPTER }, 303);
    const mails = await smtp.waitFor(2);
    await confirmByLink(t, linkIn(mails[1]!), 303);
    const missingReason = await decide(mod, waitingId(t), 'reject', '   ').expect(400);
    expect(errorSummary(missingReason.text)).to.contain('Geef een reden op');
    await decide(mod, waitingId(t), 'reject', 'Geen bron gevonden.').expect(303);

    const api = await request(t.app).get(`/api/v1/practices/${practice.slug}`).expect(200);
    expect(api.body.adoptions).to.deep.equal([{ municipality: { nisCode: other.nisCode, name: other.name }, since: 2025 }]);

    const filtered = await request(t.app).get(`/api/v1/practices?adoptedBy=${other.nisCode}`).expect(200);
    expect(filtered.body.items.map((p: { slug: string }) => p.slug)).to.deep.equal([practice.slug]);
    expect((await request(t.app).get(`/api/v1/practices?adoptedBy=${second.nisCode}`).expect(200)).body.items).to.deep.equal([]);
    await request(t.app).get('/api/v1/practices?adoptedBy=99999').expect(400);

    const csv = await request(t.app).get(`/praktijken/export.csv?adoptedBy=${other.nisCode}`).expect(200);
    const [header, row] = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(header!.split(',').at(-1)).to.equal('adoptions');
    expect(row!.endsWith(`,${other.nisCode}:2025`), row).to.equal(true);

    const results = await request(t.app).get(`/praktijken?adoptedBy=${other.nisCode}`).expect(200);
    const $ = cheerio.load(results.text);
    expect($('.result__title').map((_, e) => $(e).text()).get()).to.deep.equal([practice.title]);
    expect($('.facet__legend').map((_, e) => $(e).text()).get()).to.include('Overgenomen door');
    expect($(`input[type=checkbox][name="adoptedBy"][value="${other.nisCode}"]`).prop('checked')).to.equal(true);

    const figures = await request(t.app).get('/cijfers').expect(200);
    const adoptionFigures = cheerio.load(figures.text)('#cijfers-adoptedBy').text().replace(/\s+/g, ' ');
    expect(adoptionFigures).to.contain('1 overname').and.to.contain('1 praktijk').and.to.contain(other.name);

    const page = await request(t.app).get(`/praktijken/${practice.slug}`).expect(200);
    expect(ookIn(page.text)).to.equal(`Ook in: ${other.name} (sinds 2025)`);
    expect(page.text).not.to.contain(second.name === other.name ? '\u0000' : `${second.name} (sinds 2020)`);
  });

  it('keeps the adopter’s address out of every page, API answer, export and feed', async () => {
    const mod = await loginAsModerator(t);
    const { practice, other } = practiceToAdopt(t);
    await adoptAndApprove({ municipality: other.nisCode, since: '2024' }, practice.slug, mod);
    // And one that waits, unconfirmed, with its address still stored.
    const { practice: another, other: elsewhere } = practiceToAdopt(t, 1);
    await submit(t, another.slug, { municipality: elsewhere.nisCode, since: '2024', email: ADOPTER }, 303);
    const addresses = [ADOPTER.toLowerCase(), 'jan.peeters'];
    const answers = [
      `/praktijken/${practice.slug}`,
      `/praktijken/${another.slug}`,
      `/api/v1/practices/${practice.slug}`,
      `/api/v1/practices?adoptedBy=${other.nisCode}`,
      '/praktijken/export.csv',
      '/praktijken/export.json',
      '/praktijken/feed',
      '/cijfers',
      `/praktijken?adoptedBy=${other.nisCode}`,
    ];
    for (const path of answers) {
      const res = await request(t.app).get(path);
      expect(res.status, path).to.equal(200);
      const body = (res.text || JSON.stringify(res.body)).toLowerCase();
      for (const address of addresses) expect(body, `${path} names the adopter`).not.to.contain(address);
    }
    const list = await mod.agent.get('/beheer/overnames').expect(200);
    for (const address of addresses) expect(list.text.toLowerCase()).not.to.contain(address);
  });

  describe('bad input', () => {
    it('names every problem at once in Dutch, keeps the input, and stores and sends nothing', async () => {
      const { practice } = practiceToAdopt(t);
      const res = await submit(t, practice.slug, { municipality: '', since: '', email: '', note: 'x'.repeat(501) }, 400);
      const summary = errorSummary(res.text);
      expect(summary).to.contain('Er zijn 4 problemen');
      expect(summary).to.contain('Kies uw gemeente uit de lijst.');
      expect(summary).to.contain('Vul het jaar in waarin uw gemeente ermee begon');
      expect(summary).to.contain('Vul uw e-mailadres in');
      expect(summary).to.contain('De toelichting mag hoogstens 500 tekens lang zijn.');
      expect(cheerio.load(res.text)('#note').text()).to.equal('x'.repeat(501));
      expect(res.headers['cache-control']).to.match(/private|no-store/);
      expect(t.services.outbox.count('waiting') + t.services.outbox.count('sent')).to.equal(0);
    });

    const cases: [string, (own: string) => AdoptionFields, string][] = [
      ['an unknown municipality', () => ({ municipality: '99999' }), 'Kies een Vlaamse gemeente uit de lijst.'],
      ['the practice’s own municipality', (own) => ({ municipality: own }), 'Deze praktijk komt al uit die gemeente'],
      ['a year before 1990', () => ({ since: '1989' }), `een jaartal van 1990 tot ${THIS_YEAR}`],
      ['next year', () => ({ since: String(THIS_YEAR + 1) }), `een jaartal van 1990 tot ${THIS_YEAR}`],
      ['a year that is no number', () => ({ since: '20x3' }), `een jaartal van 1990 tot ${THIS_YEAR}`],
      ['CR/LF in the address', () => ({ email: 'jan@gemeente.test\r\nBcc: iedereen@example.org' }), 'Een e-mailadres staat op één regel'],
      ['an address that is none', () => ({ email: 'jan at gemeente' }), 'Vul een geldig e-mailadres in'],
      ['a too long address', () => ({ email: `${'a'.repeat(250)}@gemeente.test` }), 'hoogstens 254 tekens'],
      ['the honeypot filled in', () => ({ website: 'http://spam.example' }), 'Uw melding kon niet verwerkt worden'],
    ];
    for (const [what, change, message] of cases) {
      it(`refuses ${what} with a Dutch message and sends nothing`, async () => {
        const { practice, other, own } = practiceToAdopt(t);
        const res = await submit(t, practice.slug, { municipality: other.nisCode, since: '2022', email: ADOPTER, ...change(own) }, 400);
        expect(errorSummary(res.text)).to.contain(message);
        expect(t.services.outbox.count('waiting') + t.services.outbox.count('sent')).to.equal(0);
      });
    }

    it('keeps a note’s line breaks, drops its control characters, and never echoes markup', async () => {
      const { practice, other } = practiceToAdopt(t);
      await submit(t, practice.slug, { municipality: other.nisCode, since: '2021', email: ADOPTER, note: 'Regel één\r\nRegel\u0007 twee <script>alert(1)</script>' }, 303);
      const [mail] = await smtp.waitFor(1);
      await confirmByLink(t, linkIn(mail!), 303);
      expect(t.services.adoptions.listWaiting()[0]?.note).to.equal('Regel één\nRegel twee <script>alert(1)</script>');
      const mod = await loginAsModerator(t);
      const list = await mod.agent.get('/beheer/overnames').expect(200);
      expect(list.text).not.to.contain('<script>alert(1)</script>');
      expect(list.text).to.contain('&lt;script&gt;');
    });

    it('says a municipality that is already named, or waiting, needs nothing more', async () => {
      const mod = await loginAsModerator(t);
      const { practice, other } = practiceToAdopt(t);
      await adoptAndApprove({ municipality: other.nisCode, since: '2022' }, practice.slug, mod);
      const res = await submit(t, practice.slug, { municipality: other.nisCode, since: '2021', email: 'iemand@anders.test' }, 409);
      expect(errorSummary(res.text)).to.contain(`${other.name} staat al bij deze praktijk`);
      expect(smtp.received).to.have.length(1);
    });

    it('a second confirmed report of the same municipality is told it is there already', async () => {
      const { practice, other } = practiceToAdopt(t);
      await submit(t, practice.slug, { municipality: other.nisCode, since: '2022', email: ADOPTER }, 303);
      await submit(t, practice.slug, { municipality: other.nisCode, since: '2021', email: 'collega@gemeente-adoptie.test' }, 303);
      const mails = await smtp.waitFor(2);
      await confirmByLink(t, linkIn(mails[0]!), 303);
      const second = pathOf(linkIn(mails[1]!));
      const agent = request.agent(t.app);
      expect(cheerio.load((await agent.get(second).expect(200)).text)('h1').text()).to.equal('Deze gemeente staat er al');
      const csrf = csrfTokenIn((await agent.get(`/praktijken/${practice.slug}/wij-doen-dit-ook`).expect(200)).text);
      const page = await agent.post(second).type('form').send({ _csrf: csrf }).expect(409);
      expect(cheerio.load(page.text)('h1').text()).to.equal('Deze gemeente staat er al');
      expect(t.services.adoptions.listWaiting()).to.have.length(1);
    });

    it('answers a forged, an expired and a reused link with a Dutch 404, 410 or 409, never a 5xx', async () => {
      const { practice, other } = practiceToAdopt(t);
      for (const forged of ['x', 'A'.repeat(43), '%00', `${'A'.repeat(42)}%0A`, 'a'.repeat(5000)]) {
        const res = await request(t.app).get(`/wij-doen-dit-ook/bevestigen/${forged}`);
        expect(res.status, forged).to.equal(404);
        expect(res.text).to.contain('Deze bevestigingslink kennen we niet');
      }
      // A forged POST: refused by the CSRF check without a token, a 404 with one.
      await request(t.app).post(`/wij-doen-dit-ook/bevestigen/${'A'.repeat(43)}`).type('form').send({}).expect(403);

      await submit(t, practice.slug, { municipality: other.nisCode, since: '2022', email: ADOPTER }, 303);
      const [mail] = await smtp.waitFor(1);
      const link = pathOf(linkIn(mail!));
      const agent = request.agent(t.app);
      const page = await agent.get(link).expect(200);
      await agent.post(link).type('form').send({ _csrf: csrfTokenIn(page.text) }).expect(303);
      const reused = await agent.post(link).type('form').send({ _csrf: csrfTokenIn(page.text) }).expect(409);
      expect(reused.text).to.contain('Deze overname is al bevestigd');

      // An expired link: three days later, unconfirmed, it is gone (and so is the address).
      const { practice: another, other: elsewhere } = practiceToAdopt(t, 1);
      await submit(t, another.slug, { municipality: elsewhere.nisCode, since: '2022', email: ADOPTER }, 303);
      const mails = await smtp.waitFor(2);
      const expired = pathOf(linkIn(mails[1]!));
      t.services.db.prepare("UPDATE adoptions SET token_expires_at = '2000-01-01T00:00:00.000Z' WHERE status = 'unconfirmed'").run();
      const gone = await request(t.app).get(expired).expect(410);
      expect(gone.text).to.contain('Deze bevestigingslink is verlopen');
      await request.agent(t.app).post(expired).type('form').send({ _csrf: csrfTokenIn(page.text) }).expect((res) => expect([403, 410]).to.include(res.status));
      t.services.runScheduledJobs(new Date());
      expect(t.services.db.prepare('SELECT count(*) AS n FROM adoptions WHERE email IS NOT NULL').get()).to.deep.equal({ n: 0 });
      await request(t.app).get(expired).expect(404);
    });

    it('keeps the confirmation links out of search engines', async () => {
      const robots = await request(t.app).get('/robots.txt').expect(200);
      expect(robots.text.split('\n')).to.include('Disallow: /wij-doen-dit-ook/');
    });

    it('refuses a POST without the form’s CSRF token', async () => {
      const { practice, other } = practiceToAdopt(t);
      await request(t.app).post(`/praktijken/${practice.slug}/wij-doen-dit-ook`).type('form').send({ municipality: other.nisCode, since: '2022', email: ADOPTER }).expect(403);
      await request(t.app).get(`/praktijken/niet-bestaand/wij-doen-dit-ook`).expect(404);
      expect(smtp.received).to.have.length(0);
    });

    it('limits unconfirmed reports per address, and a flood from one client, with a Dutch 429', async () => {
      const { practice } = practiceToAdopt(t);
      const form = await openForm(t, practice.slug);
      const others = MUNICIPALITIES.filter((m) => !practice.municipalities.includes(m.nisCode)).slice(0, ADOPTIONS_PER_ADDRESS + 2);
      for (let i = 0; i < ADOPTIONS_PER_ADDRESS; i++) {
        await submit(t, practice.slug, { municipality: others[i]!.nisCode, since: '2022', email: ADOPTER }, 303, form);
      }
      const p = practice;
      const other = others[ADOPTIONS_PER_ADDRESS]!;
      const refused = await submit(t, p.slug, { municipality: other.nisCode, since: '2022', email: ADOPTER.toUpperCase() }, 429, form);
      expect(errorSummary(refused.text)).to.contain('bevestigingslinks gestuurd die nog niet gebruikt zijn');
      expect(cheerio.load(refused.text)('#email').attr('value')).to.equal(ADOPTER.toUpperCase());

      for (let i = ADOPTIONS_PER_ADDRESS + 1; i < ADOPTION_POSTS_PER_HOUR; i++) await submit(t, p.slug, { municipality: '' }, 400, form);
      const flooded = await submit(t, p.slug, { municipality: other.nisCode, since: '2022', email: 'ander@gemeente.test' }, 429, form);
      expect(errorSummary(flooded.text)).to.contain('Er kwamen te veel meldingen van uw adres');
      await smtp.waitFor(ADOPTIONS_PER_ADDRESS);
      expect(t.services.outbox.count('waiting') + t.services.outbox.count('sent')).to.equal(ADOPTIONS_PER_ADDRESS);
    });
  });

  describe('/beheer/overnames', () => {
    it('is for moderators only', async () => {
      const res = await request(t.app).get('/beheer/overnames');
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.match(/^\/beheer\/inloggen/);
    });

    it('says so when an adoption was decided already, or the decision is missing', async () => {
      const mod = await loginAsModerator(t);
      const { practice, other } = practiceToAdopt(t);
      await submit(t, practice.slug, { municipality: other.nisCode, since: '2022', email: ADOPTER }, 303);
      const [mail] = await smtp.waitFor(1);
      await confirmByLink(t, linkIn(mail!), 303);
      const id = waitingId(t);
      expect(errorSummary((await decide(mod, id, 'maybe').expect(400)).text)).to.contain('Kies of u de overname goedkeurt of afwijst.');
      await decide(mod, id, 'approve').expect(303);
      expect(errorSummary((await decide(mod, id, 'reject', 'Toch niet').expect(409)).text)).to.contain('wacht niet (meer) op een beslissing');
      await decide(mod, 999999, 'approve').expect(409);
      await mod.agent.post(`/beheer/overnames/${id}/beslissing`).type('form').send({ decision: 'approve' }).expect(403);
    });
  });
});
