// Mail to the submitter (issue 14), through a real SMTP server started here: every message arrives with
// the right recipient, subject and absolute links from PUBLIC_URL (never from the request's Host),
// as plain text with an HTML alternative; the outbox survives SMTP being down, refusing or slow.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { simpleParser } from 'mailparser';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { RETRY } from '../../src/domain/outbox.js';
import { type ReceivedMail, type TestSmtpServer, freePort, startSmtpServer } from '../support/smtp.js';
import { type FormFields, formKeyIn, post, statusTokenOf, validFields } from '../support/submissions.js';
import { type LoggedIn, type TestApp, loginAsModerator, startTestApp, useTestApp } from '../support/test-app.js';

const PUBLIC_URL = 'https://praktijkbank.example.be';

/** Submits through the real form with a forged Host header on every request; returns the status-link token. */
async function submitWithHost(t: TestApp, fields: FormFields, host = 'evil.example'): Promise<string> {
  const agent = request.agent(t.app);
  const form = await agent.get('/indienen').set('Host', host).expect(200);
  const _csrf = cheerio.load(form.text)('input[name=_csrf]').attr('value') ?? '';
  const review = await post(agent, '/indienen', { ...fields, _csrf, step: 'review' }).set('Host', host).expect(200);
  const formKey = formKeyIn(review.text);
  await post(agent, '/indienen', { ...fields, _csrf, step: 'confirm', token: formKey }).set('Host', host).expect(303);
  return statusTokenOf(formKey);
}

const idTitled = (t: TestApp, title: string) => {
  const found = t.services.practices.listByStatus(['pending', 'changes_requested', 'published', 'rejected']).find((p) => p.title === title);
  if (!found) throw new Error(`no practice titled ${title}`);
  return found;
};

async function decide(t: TestApp, mod: LoggedIn, id: number, decision: string, reason = '') {
  await post(mod.agent, `/beheer/praktijken/${id}/beslissing`, { _csrf: mod.csrfToken, decision, reason, revision: String(t.services.practices.revisionOf(id) ?? '') })
    .set('Host', 'evil.example')
    .expect(303);
}

/** The links of a message's HTML part, and the absolute addresses in its text part. */
const htmlLinks = (mail: ReceivedMail) => cheerio.load(String(mail.parsed.html)).root().find('a').map((_, a) => cheerio.load(a)('a').attr('href')).get();
const textLinks = (mail: ReceivedMail) => (mail.parsed.text ?? '').match(/https?:\/\/\S+/g) ?? [];

function expectWellFormed(mail: ReceivedMail, to: string, subject: string) {
  expect(mail.recipients).to.deep.equal([to]);
  expect(mail.parsed.to && !Array.isArray(mail.parsed.to) ? mail.parsed.to.text : '').to.equal(to);
  expect(mail.parsed.subject).to.equal(subject);
  expect(mail.parsed.text ?? '', 'a plain-text part').to.have.length.above(50);
  expect(mail.parsed.html, 'an HTML alternative').to.be.a('string').and.contain('<html lang="nl">');
  expect(String(mail.parsed.html), 'no images, so no tracking pixels').not.to.match(/<img/i);
  expect(mail.parsed.messageId).to.match(/^<[0-9a-f]{32}@/);
  expect(mail.parsed.headers.get('auto-submitted')).to.equal('auto-generated');
  expect(mail.raw.toString(), 'nothing from the forged Host header').not.to.contain('evil.example');
  for (const link of [...htmlLinks(mail), ...textLinks(mail)]) expect(link.startsWith(`${PUBLIC_URL}/`), link).to.equal(true);
}

describe('mail to the submitter, through a real SMTP server', () => {
  let smtp: TestSmtpServer;
  before(async () => {
    smtp = await startSmtpServer();
  });
  after(async () => smtp.close());
  beforeEach(() => {
    smtp.received.splice(0);
    smtp.behaviour = 'accept';
  });
  const t = useTestApp({ per: 'test', environment: () => ({ SMTP_URL: smtp.url, PUBLIC_URL, OPERATOR_NAME: 'Vereniging Testgemeenten', MAIL_FROM: 'praktijkbank@vereniging.test' }) });

  it('sends a receipt with the status link, built from PUBLIC_URL and not from the Host header', async () => {
    const token = await submitWithHost(t, validFields());
    const [receipt] = await smtp.waitFor(1);
    expectWellFormed(receipt!, 'welzijn@kortrijk.test', 'Ontvangen: Wijkrestaurant De Kortrijkse Tafel');
    const statusLink = `${PUBLIC_URL}/indienen/status/${token}`;
    expect(textLinks(receipt!)).to.include(statusLink);
    expect(htmlLinks(receipt!)).to.include(statusLink);
    expect(receipt!.parsed.from?.value).to.deep.equal([{ name: 'Vereniging Testgemeenten', address: 'praktijkbank@vereniging.test' }]);
  });

  it('sends the decisions: changes requested with the reason, then published with the public link; the status link stays in the receipt only', async () => {
    const mod = await loginAsModerator(t);
    const token = await submitWithHost(t, validFields({ title: 'Buurtpensioen Lier' }));
    const { id } = idTitled(t, 'Buurtpensioen Lier');
    await decide(t, mod, id, 'requestChanges', 'Vul de resultaten aan, met cijfers.');
    const [, changes] = await smtp.waitFor(2);
    expectWellFormed(changes!, 'welzijn@kortrijk.test', 'Aanpassing gevraagd: Buurtpensioen Lier');
    expect(changes!.parsed.text).to.contain('Vul de resultaten aan, met cijfers.').and.contain('statuslink uit de ontvangstbevestiging');
    expect(changes!.raw.toString(), 'the status-link token is not repeated').not.to.contain(token);

    await decide(t, mod, id, 'publish');
    const [, , published] = await smtp.waitFor(3);
    expectWellFormed(published!, 'welzijn@kortrijk.test', 'Gepubliceerd: Buurtpensioen Lier');
    const slug = idTitled(t, 'Buurtpensioen Lier').slug;
    expect(textLinks(published!)).to.include(`${PUBLIC_URL}/praktijken/${slug}`);
    expect(htmlLinks(published!)).to.include(`${PUBLIC_URL}/praktijken/${slug}`);
  });

  it('sends a rejection with the reason', async () => {
    const mod = await loginAsModerator(t);
    await submitWithHost(t, validFields({ title: 'Geen lokaal beleid' }));
    await decide(t, mod, idTitled(t, 'Geen lokaal beleid').id, 'reject', 'Dit is geen praktijk van lokaal sociaal beleid.');
    const [, rejected] = await smtp.waitFor(2);
    expectWellFormed(rejected!, 'welzijn@kortrijk.test', 'Niet gepubliceerd: Geen lokaal beleid');
    expect(rejected!.parsed.text).to.contain('Dit is geen praktijk van lokaal sociaal beleid.');
    expect(String(rejected!.parsed.html)).to.contain('Dit is geen praktijk van lokaal sociaal beleid.');
  });

  const fieldsOf = (html: string, selector: string) =>
    cheerio
      .load(html)(selector)
      .serializeArray()
      .reduce<FormFields>((all, { name, value }) => {
        const had = all[name];
        return { ...all, [name]: had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value] };
      }, {});

  /** The submitter proposes a change through the status link, as in practice-updates.test.ts. */
  async function proposeUpdate(token: string, changes: FormFields) {
    const agent = request.agent(t.app);
    const statusPath = `/indienen/status/${token}`;
    const form = (await agent.get(`${statusPath}/bijwerken`).expect(200)).text;
    const review = await post(agent, `${statusPath}/bijwerken`, { ...fieldsOf(form, 'form.practice-form'), ...changes, step: 'review' }).expect(200);
    await post(agent, `${statusPath}/bijwerken`, { ...fieldsOf(review.text, 'form.review-form'), step: 'confirm' }).expect(303);
  }

  /** A moderator decides on the waiting proposal, through a request for another host. */
  async function decideUpdate(mod: Awaited<ReturnType<typeof loginAsModerator>>, practiceId: number, decision: 'approve' | 'reject', reason = '') {
    const page = cheerio.load((await mod.agent.get(`/beheer/praktijken/${practiceId}/voorstel`).expect(200)).text);
    await post(mod.agent, `/beheer/praktijken/${practiceId}/voorstel`, {
      _csrf: mod.csrfToken,
      decision,
      reason,
      revision: page('form.decision input[name=revision]').first().val() as string,
      update: page('form.decision input[name=update]').first().val() as string,
    })
      .set('Host', 'evil.example')
      .expect(303);
  }

  it('sends “update approved” with the public link, to the address of the approved content', async () => {
    const mod = await loginAsModerator(t);
    const token = await submitWithHost(t, validFields({ title: 'Sociale kruidenier Mol' }));
    const practice = idTitled(t, 'Sociale kruidenier Mol');
    await decide(t, mod, practice.id, 'publish');
    await smtp.waitFor(2);
    await proposeUpdate(token, { contactEmail: 'nieuw@mol.test' });
    await decideUpdate(mod, practice.id, 'approve');
    const [, , approved] = await smtp.waitFor(3);
    expectWellFormed(approved!, 'nieuw@mol.test', 'Wijziging gepubliceerd: Sociale kruidenier Mol');
    expect(textLinks(approved!)).to.include(`${PUBLIC_URL}/praktijken/${practice.slug}`);
  });

  it('sends “update not taken over” with the moderator’s reason and the public link, to the address the submitter proposed', async () => {
    const mod = await loginAsModerator(t);
    const token = await submitWithHost(t, validFields({ title: 'Buurtcafé Geel' }));
    const practice = idTitled(t, 'Buurtcafé Geel');
    await decide(t, mod, practice.id, 'publish');
    await smtp.waitFor(2);
    await proposeUpdate(token, { summary: 'Een buurtcafé dat ook een wasserette is.', contactEmail: 'ander@geel.test' });
    await decideUpdate(mod, practice.id, 'reject', 'De wasserette is een ander project: dien het apart in.');
    const [, , rejected] = await smtp.waitFor(3);
    expectWellFormed(rejected!, 'ander@geel.test', 'Wijziging niet overgenomen: Buurtcafé Geel');
    expect(rejected!.parsed.text).to.contain('De wasserette is een ander project: dien het apart in.');
    expect(rejected!.parsed.text).to.contain('de gepubliceerde versie blijft online');
    expect(textLinks(rejected!)).to.include(`${PUBLIC_URL}/praktijken/${practice.slug}`);
  });

  it('answers submissions at once while the SMTP server stalls before accepting', async () => {
    smtp.behaviour = 'stall';
    for (let n = 1; n <= 3; n++) {
      const started = Date.now();
      await submitWithHost(t, validFields({ title: `Trage server ${n}` }));
      expect(Date.now() - started, 'a submission does not wait for the mail').to.be.below(1500);
    }
    expect(smtp.received).to.have.length(0);
  });
});

describe('mail while the SMTP server is down, refusing, or not configured', () => {
  let port: number;
  let smtp: TestSmtpServer | undefined;
  beforeEach(async () => {
    port = await freePort();
  });
  afterEach(async () => {
    await smtp?.close();
    smtp = undefined;
  });
  const t = useTestApp({ per: 'test', environment: () => ({ SMTP_URL: `smtp://127.0.0.1:${port}`, PUBLIC_URL, MAIL_SEND_TIMEOUT_SECONDS: '2' }) });
  const waitUntil = async (what: string, done: () => boolean) => {
    for (const until = Date.now() + 10_000; !done(); await new Promise((r) => setTimeout(r, 20))) if (Date.now() > until) throw new Error(`timed out waiting until ${what}`);
  };

  it('keeps ten receipts while SMTP is down, backs off, and sends each exactly once when it is up again', async () => {
    const tokens: string[] = [];
    for (let n = 1; n <= 10; n++) tokens.push(await submitWithHost(t, validFields({ title: `Onderbroken ${n}`, contactEmail: `indiener${n}@gemeente.test` })));
    const outbox = t.services.outbox;
    await waitUntil('every receipt was tried once', () => outbox.list('waiting', 20).filter((m) => m.attempts === 1 && m.lastResponse !== undefined).length === 10);
    for (const m of outbox.list('waiting', 20)) {
      const wait = new Date(m.nextAttemptAt).getTime() - Date.now();
      expect(wait, 'the next attempt is about a minute later').to.be.within(RETRY.firstMs - 5_000, RETRY.firstMs + 1_000);
      expect(m.lastResponse).to.match(/ECONNREFUSED/);
    }
    smtp = await startSmtpServer(port);
    expect(await t.services.mailWorker.runDue(new Date()), 'nothing is due before the backoff ends').to.equal(0);
    await t.services.mailWorker.runDue(new Date(Date.now() + RETRY.firstMs + 1_000));
    // Once more, later: nothing is sent twice.
    await t.services.mailWorker.runDue(new Date(Date.now() + RETRY.maxMs));
    expect(smtp.received).to.have.length(10);
    expect(new Set(smtp.received.map((m) => m.parsed.messageId)).size).to.equal(10);
    expect(smtp.received.map((m) => m.recipients[0]).sort()).to.deep.equal(Array.from({ length: 10 }, (_, i) => `indiener${i + 1}@gemeente.test`).sort());
    for (const token of tokens) expect(smtp.received.filter((m) => m.parsed.text?.includes(token))).to.have.length(1);
    expect(outbox.count('sent')).to.equal(10);
    expect(outbox.count('waiting')).to.equal(0);
  });

  it('gives up on a message the server refuses (5xx) and shows it under /beheer with the answer, the address masked', async () => {
    smtp = await startSmtpServer(port, 'refuse');
    await submitWithHost(t, validFields({ title: 'Geweigerd', contactEmail: 'jan.peeters@gemeente.test' }));
    await waitUntil('the message failed', () => t.services.outbox.count('failed') === 1);
    const [failed] = t.services.outbox.list('failed', 1);
    expect(failed?.lastResponse).to.contain('550').and.contain('Geweigerd door het beleid');
    expect(failed?.attempts, 'a permanent refusal is not repeated').to.equal(1);
    const mod = await loginAsModerator(t);
    const page = await mod.agent.get('/beheer/uitgaande-post').expect(200);
    const $ = cheerio.load(page.text);
    const row = $('#outbox-failed').closest('section').find('tbody tr');
    expect(row).to.have.length(1);
    expect(row.text()).to.contain('j…@gemeente.test').and.contain('Ontvangen: Geweigerd').and.contain('550');
    expect(page.text, 'the contact address never appears').not.to.contain('jan.peeters');
    expect(cheerio.load((await mod.agent.get('/beheer').expect(200)).text)('a[href="/beheer/uitgaande-post"]')).to.have.length(1);
  });

  it('retries a server that stays down with growing pauses, and gives up after three days with its last answer', async () => {
    await submitWithHost(t, validFields({ title: 'Nooit bereikbaar' }));
    // Attempts count up when the worker claims a message: wait for the first attempt's answer, or the
    // first pause would be measured while that attempt is still under way.
    await waitUntil('the first attempt', () => {
      const [waiting] = t.services.outbox.list('waiting', 1);
      return waiting?.attempts === 1 && waiting.lastResponse !== undefined;
    });
    const pauses: number[] = [];
    let at = Date.now();
    while (t.services.outbox.count('waiting') === 1) {
      const [waiting] = t.services.outbox.list('waiting', 1);
      const next = new Date(waiting!.nextAttemptAt).getTime();
      pauses.push(next - at);
      at = next;
      await t.services.mailWorker.runDue(new Date(at));
    }
    expect(pauses.slice(0, 4).map((p) => Math.round(p / 60_000))).to.deep.equal([1, 2, 4, 8]);
    expect(Math.max(...pauses)).to.be.at.most(RETRY.maxMs);
    const [failed] = t.services.outbox.list('failed', 1);
    expect(failed?.lastResponse).to.match(/ECONNREFUSED/);
    expect(new Date(failed!.finishedAt!).getTime() - new Date(failed!.createdAt).getTime()).to.be.within(RETRY.giveUpAfterMs - RETRY.maxMs, RETRY.giveUpAfterMs + RETRY.maxMs);
  });

  it('writes each message as an .eml file into MAIL_DIR without SMTP_URL, and logs the file and Message-ID, not the address', async () => {
    const local = startTestApp({ PUBLIC_URL });
    try {
      const token = await submitWithHost(local, validFields({ contactEmail: 'eml.indiener@gemeente.test' }));
      const dir = local.config.mail.dir;
      for (const until = Date.now() + 10_000; !existsSync(dir) || readdirSync(dir).filter((f) => f.endsWith('.eml')).length === 0; await new Promise((r) => setTimeout(r, 20)))
        if (Date.now() > until) throw new Error('no .eml file appeared');
      const [file] = readdirSync(dir).filter((f) => f.endsWith('.eml'));
      const parsed = await simpleParser(readFileSync(join(dir, file!)));
      expect(parsed.subject).to.equal('Ontvangen: Wijkrestaurant De Kortrijkse Tafel');
      expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : '').to.equal('eml.indiener@gemeente.test');
      expect(parsed.text).to.contain(`${PUBLIC_URL}/indienen/status/${token}`);
      expect(parsed.html).to.contain(`href="${PUBLIC_URL}/indienen/status/${token}"`);
      expect(readdirSync(join(dir, 'tmp')), 'no temporary file left').to.deep.equal([]);
      await waitUntil('the mark', () => local.services.outbox.count('sent') === 1);
      const line = local.log.lines.find((l) => l.includes('"mail_sent"'));
      expect(line).to.contain(file!).and.contain(String(parsed.messageId));
      expect(local.log.lines.join('\n')).not.to.contain('eml.indiener');
    } finally {
      local.close();
    }
  });

  it('refuses a moderator’s outbox page to anyone not logged in', async () => {
    const res = await request(t.app).get('/beheer/uitgaande-post').expect(303);
    expect(res.headers.location).to.match(/^\/beheer\/inloggen/);
  });
});
