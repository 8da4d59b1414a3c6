// *Contacteer de makers* and the *Contact* page (issue 14, points 4 and 8), through a real SMTP server
// started here: the question arrives at the practice's (private) address or the operator's with Reply-To
// the sender, the sender's copy never holds an address that is not public already, and every bad input,
// a forged form and a flood get a Dutch answer, never a 5xx, with nothing sent.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { CONTACT_LIMITS } from '../../src/domain/contact.js';
import { CONTACT_POSTS_PER_HOUR } from '../../src/http/controllers/contact-controller.js';
import { insertPractice } from '../support/practices.js';
import { type ReceivedMail, type TestSmtpServer, startSmtpServer } from '../support/smtp.js';
import { type FormFields, post } from '../support/submissions.js';
import { type Agent, csrfTokenIn, errorSummary, useTestApp } from '../support/test-app.js';

const PUBLIC_URL = 'https://praktijkbank.example.be';
const OPERATOR_EMAIL = 'vragen@vereniging.test';
const PRIVATE = 'geheim.makers@kortrijk.test';
const PUBLIC = 'welzijn@brugge.test';
const SENDER = 'an.peeters@gent.test';

const question = (overrides: FormFields = {}): FormFields => ({
  name: 'An Peeters',
  email: SENDER,
  organisation: 'OCMW Gent',
  message: 'Hoe vonden jullie vrijwilligers?\n\nWij starten volgend jaar iets gelijkaardigs.',
  ...overrides,
});

const links = (text: string) => text.match(/https?:\/\/[^\s<>"]+/g) ?? [];
const htmlAnchors = (mail: ReceivedMail) =>
  cheerio
    .load(String(mail.parsed.html))('a')
    .map((_, a) => cheerio.load(a)('a').attr('href'))
    .get();
const addressesOf = (value: ReceivedMail['parsed']['replyTo']) => (value && !Array.isArray(value) ? value.value.map((a) => a.address) : []);

describe('contacting the makers of a practice and the operator, through a real SMTP server', () => {
  let smtp: TestSmtpServer;
  before(async () => {
    smtp = await startSmtpServer();
  });
  after(async () => smtp.close());
  beforeEach(() => {
    smtp.received.splice(0);
  });
  const t = useTestApp({
    per: 'test',
    environment: () => ({ SMTP_URL: smtp.url, PUBLIC_URL, OPERATOR_NAME: 'Vereniging Testgemeenten', OPERATOR_EMAIL, MAIL_FROM: 'praktijkbank@vereniging.test' }),
  });

  const outboxSize = () => t.services.outbox.count('waiting') + t.services.outbox.count('sent') + t.services.outbox.count('failed');
  const privatePractice = () => insertPractice(t, { title: 'Buurtpensioen Kortrijk', contactName: 'Els Claes', contactEmail: PRIVATE, contactEmailPublic: false }, { slug: 'buurtpensioen-kortrijk' });

  /** Opens a form page as a browser does; returns the agent (with its CSRF cookie) and the token. */
  async function openForm(path: string): Promise<{ agent: Agent; csrf: string; html: string }> {
    const agent = request.agent(t.app);
    const page = await agent.get(path).expect(200);
    return { agent, csrf: csrfTokenIn(page.text), html: page.text };
  }
  /** Opens the form and posts it with the fields, expecting `status`. */
  const sendForm = (path: string, fields: FormFields) => ({
    async expect(status: number) {
      const { agent, csrf } = await openForm(path);
      return post(agent, path, { ...fields, _csrf: csrf }).expect(status);
    },
  });

  describe('GET /praktijken/:slug', () => {
    it('offers "Contacteer de makers" on a published practice with a contact address, public or private, without showing a private one', async () => {
      const slug = await privatePractice();
      const res = await request(t.app).get(`/praktijken/${slug}`).expect(200);
      const $ = cheerio.load(res.text);
      expect($('#contact-makers-title').text()).to.equal('Vragen over deze praktijk?');
      expect($('.contact-makers a').text()).to.equal('Contacteer de makers');
      expect($('.contact-makers a').attr('href')).to.equal(`/praktijken/${slug}/contact`);
      expect(res.text).not.to.contain(PRIVATE);
      const open = await insertPractice(t, { title: 'Open adres', contactEmail: PUBLIC, contactEmailPublic: true });
      expect(cheerio.load((await request(t.app).get(`/praktijken/${open}`).expect(200)).text)('.contact-makers a').attr('href')).to.equal(`/praktijken/${open}/contact`);
    });

    it('offers no form for a practice without a contact address', async () => {
      const slug = await insertPractice(t, { title: 'Zonder adres' });
      const $ = cheerio.load((await request(t.app).get(`/praktijken/${slug}`).expect(200)).text);
      expect($('.contact-makers')).to.have.length(0);
      await request(t.app).get(`/praktijken/${slug}/contact`).expect(404);
    });
  });

  describe('GET /praktijken/:slug/contact', () => {
    it('shows the form on a page of its own, kept out of shared caches, with the honeypot hidden from people', async () => {
      const slug = await privatePractice();
      const res = await request(t.app).get(`/praktijken/${slug}/contact`).expect(200);
      expect(res.headers['cache-control']).to.equal('private, no-store');
      expect(res.headers.etag).to.equal(undefined);
      const $ = cheerio.load(res.text);
      expect($('h1').text()).to.equal('Contacteer de makers');
      expect($('form').attr('action')).to.equal(`/praktijken/${slug}/contact`);
      expect($('form').attr('method')).to.equal('post');
      expect($('label[for=name]').text()).to.equal('Uw naam');
      expect($('label[for=email]').text()).to.equal('Uw e-mailadres');
      expect($('label[for=organisation]').text()).to.contain('niet verplicht');
      expect($('label[for=message]').text()).to.equal('Uw bericht');
      expect($('.honeypot').attr('aria-hidden')).to.equal('true');
      expect($('#website').attr('tabindex')).to.equal('-1');
      expect(res.text).not.to.contain(PRIVATE);
    });

    it('is a Dutch 404 for an unknown practice and for one that is not published', async () => {
      const unknown = await request(t.app).get('/praktijken/bestaat-niet/contact').expect(404);
      expect(cheerio.load(unknown.text)('main').text()).to.contain('Deze praktijk bestaat niet');
      const pending = await insertPractice(t, { title: 'Nog niet gepubliceerd', contactEmail: PRIVATE }, { status: 'pending' });
      await request(t.app).get(`/praktijken/${pending}/contact`).expect(404);
      const { agent, csrf } = await openForm('/contact');
      await post(agent, `/praktijken/${pending}/contact`, { ...question(), _csrf: csrf }).expect(404);
      await post(agent, '/praktijken/bestaat-niet/contact', { ...question(), _csrf: csrf }).expect(404);
      expect(outboxSize()).to.equal(0);
    });
  });

  describe('POST /praktijken/:slug/contact', () => {
    it('relays the question to the private contact address with Reply-To the sender, and sends the sender a copy without that address', async () => {
      const slug = await privatePractice();
      const { id } = t.services.catalogue.findPublished(slug) ?? { id: 0 };
      const res = await sendForm(`/praktijken/${slug}/contact`, question()).expect(303);
      expect(res.headers.location).to.equal(`/praktijken/${slug}/contact/verzonden`);

      const mails = await smtp.waitFor(2);
      const toMakers = mails.find((m) => m.recipients.includes(PRIVATE));
      const copy = mails.find((m) => m.recipients.includes(SENDER));
      if (!toMakers || !copy) throw new Error('expected a message to the makers and a copy to the sender');
      expect(toMakers.recipients).to.deep.equal([PRIVATE]);
      expect(toMakers.parsed.subject).to.equal('Vraag over uw praktijk „Buurtpensioen Kortrijk” via Praktijkbank');
      expect(addressesOf(toMakers.parsed.replyTo)).to.deep.equal([SENDER]);
      expect(toMakers.parsed.from?.value).to.deep.equal([{ name: 'Vereniging Testgemeenten', address: 'praktijkbank@vereniging.test' }]);
      const text = toMakers.parsed.text ?? '';
      expect(text).to.contain('Naam: An Peeters').and.contain('Organisatie: OCMW Gent').and.contain(`E-mailadres: ${SENDER}`);
      expect(text).to.contain('Hoe vonden jullie vrijwilligers?\n\nWij starten volgend jaar iets gelijkaardigs.');
      expect(links(text)).to.include(`${PUBLIC_URL}/praktijken/${slug}`);
      expect(htmlAnchors(toMakers)).to.include(`${PUBLIC_URL}/praktijken/${slug}`);
      for (const link of [...links(text), ...htmlAnchors(toMakers)]) expect(link.startsWith(`${PUBLIC_URL}/`), link).to.equal(true);

      expect(copy.recipients).to.deep.equal([SENDER]);
      expect(copy.parsed.subject).to.equal('Kopie van uw vraag over „Buurtpensioen Kortrijk”');
      expect(copy.parsed.text).to.contain('Hoe vonden jullie vrijwilligers?').and.contain('Buurtpensioen Kortrijk');
      expect(copy.parsed.replyTo, 'the copy is answered to no one in particular').to.equal(undefined);
      expect(copy.raw.toString(), 'the private address, anywhere in the raw copy').not.to.contain(PRIVATE);
      expect(copy.raw.toString()).not.to.contain('geheim.makers');

      const confirmation = await request(t.app).get(res.headers.location ?? '').expect(200);
      const main = cheerio.load(confirmation.text)('main').text();
      expect(main).to.contain('Uw bericht is verstuurd').and.contain('kopie');
      expect(confirmation.text).not.to.contain(PRIVATE);

      // The log says a message was relayed for this practice; nothing of what was in it, or of who.
      expect(t.log.entries().filter((e) => e.event === 'contact_relayed').map((e) => e.practiceId)).to.deep.equal([id]);
      const logged = t.log.lines.join('\n');
      for (const secret of [PRIVATE, SENDER, 'An Peeters', 'OCMW Gent', 'vrijwilligers']) expect(logged).not.to.contain(secret);
    });

    it('lets the copy name the makers\' address when the practice page shows it already', async () => {
      const slug = await insertPractice(t, { title: 'Open buurtwerk', contactEmail: PUBLIC, contactEmailPublic: true });
      await sendForm(`/praktijken/${slug}/contact`, question()).expect(303);
      const mails = await smtp.waitFor(2);
      const copy = mails.find((m) => m.recipients.includes(SENDER));
      expect(mails.find((m) => m.recipients.includes(PUBLIC))?.parsed.subject).to.equal('Vraag over uw praktijk „Open buurtwerk” via Praktijkbank');
      expect(copy?.parsed.text).to.contain(PUBLIC);
    });

    it('keeps links in the message plain text: no anchor is made of them', async () => {
      const slug = await privatePractice();
      await sendForm(`/praktijken/${slug}/contact`, question({ message: 'Zie https://phishing.example/login en <a href="https://x.example">hier</a>.' })).expect(303);
      const mails = await smtp.waitFor(2);
      for (const mail of mails) {
        expect(mail.parsed.text).to.contain('https://phishing.example/login');
        expect(htmlAnchors(mail).filter((href) => !href.startsWith(`${PUBLIC_URL}/`)), 'anchors other than the site\'s own').to.deep.equal([]);
        expect(String(mail.parsed.html)).to.contain('&lt;a href=');
      }
    });

    it('answers a filled-in honeypot as if sent, and sends nothing', async () => {
      const slug = await privatePractice();
      const res = await sendForm(`/praktijken/${slug}/contact`, question({ website: 'https://spam.example' })).expect(303);
      expect(res.headers.location).to.equal(`/praktijken/${slug}/contact/verzonden`);
      expect(outboxSize()).to.equal(0);
      expect(t.log.entries().filter((e) => e.event === 'contact_relayed')).to.deep.equal([]);
    });

    it('refuses a post without the form\'s CSRF token with a 403, and sends nothing', async () => {
      const slug = await privatePractice();
      const res = await post(request.agent(t.app), `/praktijken/${slug}/contact`, question()).expect(403);
      expect(res.text).to.contain('formulier');
      expect(outboxSize()).to.equal(0);
    });

    const badInputs: { what: string; fields: FormFields; errors: string[] }[] = [
      { what: 'an empty form', fields: { name: '', email: '', organisation: '', message: '' }, errors: ['Vul uw naam in.', 'Vul uw e-mailadres in, zodat de ontvanger u kan antwoorden.', 'Schrijf uw bericht.'] },
      { what: 'blanks only', fields: question({ name: '   ', message: ' \n ' }), errors: ['Vul uw naam in.', 'Schrijf uw bericht.'] },
      { what: 'fields too long', fields: question({ name: 'a'.repeat(101), organisation: 'o'.repeat(201), message: 'm'.repeat(5001) }), errors: ['Uw naam mag hoogstens 100 tekens lang zijn.', 'De naam van uw organisatie mag hoogstens 200 tekens lang zijn.', 'Uw bericht mag hoogstens 5000 tekens lang zijn.'] },
      { what: 'a bad e-mail address', fields: question({ email: 'an.peeters-at-gent' }), errors: ['Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.be.'] },
      { what: 'a header in the e-mail address', fields: question({ email: `${SENDER}\r\nBcc: victim@example.test` }), errors: ['Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.be.'] },
      { what: 'CR/LF in the name (header injection)', fields: question({ name: 'An\r\nBcc: victim@example.test' }), errors: ['Uw naam moet op één regel staan, zonder regeleinden of tabs.'] },
      { what: 'a line feed in the organisation', fields: question({ organisation: 'OCMW\nSubject: gratis' }), errors: ['De naam van uw organisatie moet op één regel staan, zonder regeleinden of tabs.'] },
      { what: 'repeated fields', fields: { ...question(), name: ['An', 'Bert'] }, errors: ['Vul uw naam in.'] },
    ];
    for (const { what, fields, errors } of badInputs) {
      it(`refuses ${what} with every problem in Dutch at once, the input kept, nothing sent`, async () => {
        const slug = await privatePractice();
        const res = await sendForm(`/praktijken/${slug}/contact`, fields).expect(400);
        const summary = errorSummary(res.text);
        for (const message of errors) expect(summary).to.contain(message);
        expect(cheerio.load(res.text)('.error-summary li')).to.have.length(errors.length);
        expect(cheerio.load(res.text)('title').text()).to.match(/^Fout: /);
        const $ = cheerio.load(res.text);
        if (typeof fields.message === 'string') expect($('#message').text()).to.equal(fields.message.replace(/\r\n/g, '\n'));
        if (typeof fields.email === 'string' && !fields.email.includes('\n')) expect($('#email').attr('value')).to.equal(fields.email);
        expect(outboxSize()).to.equal(0);
      });
    }

    it('never lets a refused header reach a mail server: every raw header of what does go out stays one line', async () => {
      const slug = await privatePractice();
      await sendForm(`/praktijken/${slug}/contact`, question({ name: 'An "de Baas" <root@evil.test>, Bert', organisation: 'OCMW ; Bcc: x@y.test' })).expect(303);
      const mails = await smtp.waitFor(2);
      for (const mail of mails) {
        const head = mail.raw.toString().split('\r\n\r\n')[0] ?? '';
        expect(head).not.to.match(/^bcc:/im);
        expect(mail.recipients).to.have.length(1);
        expect(mail.parsed.bcc).to.equal(undefined);
        expect(mail.parsed.cc).to.equal(undefined);
      }
      expect(addressesOf(mails.find((m) => m.recipients.includes(PRIVATE))?.parsed.replyTo)).to.deep.equal([SENDER]);
    });

    describe('the limits', () => {
      it(`refuses a sixth message from one address within 24 hours with a Dutch 429, the form kept, whatever the case or +tag of the address`, async () => {
        const slug = await privatePractice();
        const other = await insertPractice(t, { title: 'Tweede praktijk', contactEmail: 'tweede@kortrijk.test' });
        const variants = [SENDER, SENDER.toUpperCase(), 'an.peeters+vraag@gent.test', SENDER, SENDER];
        for (const [i, email] of variants.entries()) await sendForm(`/praktijken/${i % 2 ? other : slug}/contact`, question({ email })).expect(303);
        const before = outboxSize();
        expect(before).to.equal(2 * CONTACT_LIMITS.perSender);
        const res = await sendForm(`/praktijken/${other}/contact`, question({ email: 'An.Peeters+nog@GENT.test', message: 'Nog een vraag' })).expect(429);
        const $ = cheerio.load(res.text);
        expect($('.error-summary').text()).to.contain('Vanaf uw e-mailadres werden de voorbije 24 uur al 5 berichten verstuurd').and.contain('er is nu niets verstuurd');
        expect($('#message').text()).to.equal('Nog een vraag');
        expect(outboxSize()).to.equal(before);
        // Another person still gets through.
        await sendForm(`/praktijken/${other}/contact`, question({ email: 'bert@gent.test' })).expect(303);
      });

      it(`refuses a message to a practice that had ${CONTACT_LIMITS.perPractice} within 24 hours, from anyone; a day later it is open again and the old counts are pruned`, async () => {
        const slug = await privatePractice();
        const { id } = t.services.catalogue.findPublished(slug) ?? { id: 0 };
        const yesterday = new Date(Date.now() - CONTACT_LIMITS.windowMs + 60_000).toISOString();
        for (let i = 0; i < CONTACT_LIMITS.perPractice; i++) t.services.contactRelays.add({ practiceId: id, senderHash: `test-${i}`, at: yesterday });
        const res = await sendForm(`/praktijken/${slug}/contact`, question()).expect(429);
        expect(cheerio.load(res.text)('.error-summary').text()).to.contain('De makers van deze praktijk kregen de voorbije 24 uur al veel berichten');
        expect(outboxSize()).to.equal(0);
        t.services.runScheduledJobs(new Date(Date.now() + 2 * 60_000));
        await sendForm(`/praktijken/${slug}/contact`, question()).expect(303);
      });

      it(`refuses the ${CONTACT_POSTS_PER_HOUR + 1}st post from one client within the hour (a flood), the form kept`, async () => {
        const slug = await privatePractice();
        const { agent, csrf } = await openForm(`/praktijken/${slug}/contact`);
        for (let i = 0; i < CONTACT_POSTS_PER_HOUR; i++) await post(agent, `/praktijken/${slug}/contact`, { ...question({ message: '' }), _csrf: csrf }).expect(400);
        const res = await post(agent, `/praktijken/${slug}/contact`, { ...question(), _csrf: csrf }).expect(429);
        const $ = cheerio.load(res.text);
        expect($('.error-summary').text()).to.contain('te veel berichten').and.contain('niets verstuurd');
        expect($('#name').attr('value')).to.equal('An Peeters');
        await post(agent, '/contact', { ...question(), _csrf: csrf }).expect(429);
        expect(outboxSize()).to.equal(0);
      });
    });
  });

  describe('GET and POST /contact', () => {
    it('is linked from the footer of every page and from the about page', async () => {
      for (const path of ['/', '/over', '/praktijken']) {
        const $ = cheerio.load((await request(t.app).get(path).expect(200)).text);
        expect($('.site-footer a[href="/contact"]').text()).to.equal('Contact');
      }
      expect(cheerio.load((await request(t.app).get('/over').expect(200)).text)('main a[href="/contact"]').text()).to.equal('contactformulier');
    });

    it('relays a question to OPERATOR_EMAIL with Reply-To the sender, and sends the sender a copy', async () => {
      const page = await request(t.app).get('/contact').expect(200);
      expect(page.headers['cache-control']).to.equal('private, no-store');
      expect(cheerio.load(page.text)('h1').text()).to.equal('Contact');
      const res = await sendForm('/contact', question({ organisation: '' })).expect(303);
      expect(res.headers.location).to.equal('/contact/verzonden');
      const mails = await smtp.waitFor(2);
      const toOperator = mails.find((m) => m.recipients.includes(OPERATOR_EMAIL));
      const copy = mails.find((m) => m.recipients.includes(SENDER));
      expect(toOperator?.parsed.subject).to.equal('Vraag via het contactformulier van Praktijkbank');
      expect(addressesOf(toOperator?.parsed.replyTo)).to.deep.equal([SENDER]);
      expect(toOperator?.parsed.text).to.contain('Hoe vonden jullie vrijwilligers?').and.not.contain('Organisatie:');
      expect(copy?.parsed.subject).to.equal('Kopie van uw vraag aan Praktijkbank');
      expect(copy?.parsed.text).to.contain('Vereniging Testgemeenten');
      expect(t.log.entries().filter((e) => e.event === 'contact_relayed').map((e) => e.practiceId)).to.deep.equal([null]);
      const confirmation = await request(t.app).get('/contact/verzonden').expect(200);
      expect(cheerio.load(confirmation.text)('main').text()).to.contain('Vereniging Testgemeenten').and.contain('kopie');
    });

    it('refuses bad input with the error summary, and a message once the operator had its 24 hours\' share', async () => {
      const res = await sendForm('/contact', question({ name: 'Jan\r\nBcc: x@y.test', email: 'geen-adres' })).expect(400);
      expect(errorSummary(res.text)).to.contain('Uw naam moet op één regel staan').and.contain('Vul een geldig e-mailadres in');
      const recent = new Date().toISOString();
      for (let i = 0; i < CONTACT_LIMITS.operatorTotal; i++) t.services.contactRelays.add({ practiceId: undefined, senderHash: `test-${i}`, at: recent });
      const limited = await sendForm('/contact', question()).expect(429);
      expect(cheerio.load(limited.text)('.error-summary').text()).to.contain('Via dit formulier kwamen de voorbije 24 uur al veel berichten binnen');
      expect(outboxSize()).to.equal(0);
    });
  });

  describe('a private contact address', () => {
    it('appears in no page, API answer or export, even after messages were relayed to it', async () => {
      const slug = await privatePractice();
      await sendForm(`/praktijken/${slug}/contact`, question()).expect(303);
      const paths = [
        `/praktijken/${slug}`,
        `/praktijken/${slug}/contact`,
        `/praktijken/${slug}/contact/verzonden`,
        '/praktijken?q=buurtpensioen',
        `/api/v1/practices/${slug}`,
        '/api/v1/practices?q=buurtpensioen',
        '/praktijken/export.csv',
        '/praktijken/export.json',
        '/praktijken/feed',
        '/contact',
      ];
      for (const path of paths) {
        const res = await request(t.app).get(path).buffer(true).parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
        });
        expect(res.status, path).to.equal(200);
        expect(String(res.body), path).not.to.contain(PRIVATE);
      }
    });
  });
});
