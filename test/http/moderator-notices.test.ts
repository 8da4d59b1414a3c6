// Moderators hear about waiting work by e-mail (issue 14), through a real SMTP server started here: an
// `immediate` moderator gets one message per submission, resubmission and proposed update, with a link
// from PUBLIC_URL to its review page; a `daily` moderator one digest a day from 08:00 Brussels time, never
// two (not after a restart, not from a second process), none when nothing waits; `never` and disabled
// accounts nothing; a confirmed "wij doen dit ook" waits for them too; a submission that is rolled back
// leaves no notice.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { brusselsHourOf } from '../../src/domain/moderator-notices.js';
import type { NoticeChoice } from '../../src/domain/moderator-notice-store.js';
import { calendarDayOf } from '../../src/domain/calendar.js';
import { type ReceivedMail, type TestSmtpServer, startSmtpServer } from '../support/smtp.js';
import { type FormFields, formKeyIn, formToken, post, statusTokenOf, validFields } from '../support/submissions.js';
import { type LoggedIn, type TestApp, addModerator, csrfTokenIn, loginAsModerator, startTestApp, useTestApp } from '../support/test-app.js';
import { storeAdoption } from '../support/adoption-links.js';

const PUBLIC_URL = 'https://praktijkbank.example.be';
const SUBMITTER = 'welzijn@kortrijk.test';

/** Submits through the real form with a forged Host header on every request; returns the status-link token. */
async function submitWithHost(t: TestApp, fields: FormFields, host = 'evil.example'): Promise<{ token: string; agent: ReturnType<typeof request.agent> }> {
  const agent = request.agent(t.app);
  const form = await agent.get('/indienen').set('Host', host).expect(200);
  const _csrf = cheerio.load(form.text)('input[name=_csrf]').attr('value') ?? '';
  const review = await post(agent, '/indienen', { ...fields, _csrf, step: 'review' }).set('Host', host).expect(200);
  const formKey = formKeyIn(review.text);
  await post(agent, '/indienen', { ...fields, _csrf, step: 'confirm', token: formKey }).set('Host', host).expect(303);
  return { token: statusTokenOf(formKey), agent };
}

const practiceTitled = (t: TestApp, title: string) => {
  const found = t.services.practices.listByStatus(['pending', 'changes_requested', 'published']).find((p) => p.title === title);
  if (!found) throw new Error(`no practice titled ${title}`);
  return found;
};

async function decide(t: TestApp, mod: LoggedIn, id: number, decision: string, reason = '') {
  await post(mod.agent, `/beheer/praktijken/${id}/beslissing`, { _csrf: mod.csrfToken, decision, reason, revision: String(t.services.practices.revisionOf(id) ?? '') }).expect(303);
}

const fieldsOf = (html: string, selector: string) =>
  cheerio
    .load(html)(selector)
    .serializeArray()
    .reduce<FormFields>((all, { name, value }) => {
      const had = all[name];
      return { ...all, [name]: had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value] };
    }, {});

/** The submitter sends the changes asked for through the status link. */
async function resubmit(t: TestApp, token: string, changes: FormFields) {
  const agent = request.agent(t.app);
  const path = `/indienen/status/${token}/aanpassen`;
  const _csrf = await formToken(agent, path);
  await post(agent, path, { ...validFields(changes), _csrf, step: 'review' }).set('Host', 'evil.example').expect(200);
  await post(agent, path, { ...validFields(changes), _csrf, step: 'confirm' }).set('Host', 'evil.example').expect(303);
}

/** The submitter proposes a change to the published practice through the status link. */
async function proposeUpdate(t: TestApp, token: string, changes: FormFields) {
  const agent = request.agent(t.app);
  const path = `/indienen/status/${token}/bijwerken`;
  const form = (await agent.get(path).expect(200)).text;
  const review = await post(agent, path, { ...fieldsOf(form, 'form.practice-form'), ...changes, step: 'review' }).set('Host', 'evil.example').expect(200);
  await post(agent, path, { ...fieldsOf(review.text, 'form.review-form'), step: 'confirm' }).set('Host', 'evil.example').expect(303);
}

/** Moderators with each choice, and a disabled one who chose `immediate`. */
async function moderatorsWithEveryChoice(t: TestApp) {
  const add = async (email: string, choice: NoticeChoice, disabled = false) => {
    const moderator = await addModerator(t, email, undefined, { secondFactor: false });
    t.services.moderatorNotices.setChoice(moderator.id, choice);
    if (disabled) t.services.moderators.setDisabled(moderator.id, true);
    return moderator.email;
  };
  return {
    immediate: await add('meteen@praktijkbank.test', 'immediate'),
    daily: await add('dagelijks@praktijkbank.test', 'daily'),
    never: await add('nooit@praktijkbank.test', 'never'),
    disabled: await add('uitgeschakeld@praktijkbank.test', 'immediate', true),
  };
}

/** Every message the outbox holds for an address, whatever its state: what the app meant to send. */
const outboxFor = (t: TestApp, address: string) => (['waiting', 'sent', 'failed'] as const).flatMap((s) => t.services.outbox.list(s, 1000)).filter((m) => m.recipient === address);

const htmlLinks = (mail: ReceivedMail) => cheerio.load(String(mail.parsed.html)).root().find('a').map((_, a) => cheerio.load(a)('a').attr('href')).get();
const textLinks = (mail: ReceivedMail) => (mail.parsed.text ?? '').match(/https?:\/\/\S+/g) ?? [];
const to = (smtp: TestSmtpServer, address: string) => smtp.received.filter((m) => m.recipients.includes(address));

function expectWellFormed(mail: ReceivedMail, recipient: string, subject: string) {
  expect(mail.recipients, 'one recipient: no moderator sees another one’s address').to.deep.equal([recipient]);
  expect(mail.parsed.subject).to.equal(subject);
  expect(mail.parsed.html).to.be.a('string').and.contain('<html lang="nl">');
  expect(mail.raw.toString(), 'nothing from the forged Host header').not.to.contain('evil.example');
  expect(mail.raw.toString(), 'no submitter’s address').not.to.contain(SUBMITTER);
  for (const link of [...htmlLinks(mail), ...textLinks(mail)]) expect(link.startsWith(`${PUBLIC_URL}/`), link).to.equal(true);
}

/** The moment `hh:mm` on a Brussels calendar day, whatever the season. */
function brussels(day: string, hh: number, mm: number): Date {
  for (const offset of ['+01:00', '+02:00']) {
    const at = new Date(`${day}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00${offset}`);
    if (brusselsHourOf(at) === hh && calendarDayOf(at) === day) return at;
  }
  throw new Error(`no ${hh}:${mm} on ${day} in Brussels`);
}

/** The Brussels calendar day `n` days after today. */
const dayAfterToday = (n: number) => calendarDayOf(new Date(Date.now() + n * 24 * 3_600_000));

/**
 * Runs the clock's jobs as at `now`, then sends what is due by then: a digest is due when it is written,
 * and `now` lies ahead of the real clock here.
 */
async function runJobs(t: TestApp, now: Date) {
  t.services.runScheduledJobs(now);
  await t.services.mailWorker.runDue(now);
}

/** Waits for the worker to send what it should, then a little longer, so a message that should not come has had its chance. */
async function settle(smtp: TestSmtpServer, count: number) {
  await smtp.waitFor(count);
  await new Promise((r) => setTimeout(r, 300));
  expect(smtp.received, 'no more messages than expected').to.have.length(count);
}

describe('e-mail to moderators about waiting work, through a real SMTP server', () => {
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

  it('tells an `immediate` moderator at once of a submission, a resubmission and a proposed update, each with the link to its review page from PUBLIC_URL', async () => {
    const who = await moderatorsWithEveryChoice(t);
    const { token } = await submitWithHost(t, validFields({ title: 'Buurtpensioen Lier' }));
    const { id } = practiceTitled(t, 'Buurtpensioen Lier');
    await settle(smtp, 2);
    const [submitted] = to(smtp, who.immediate);
    expectWellFormed(submitted!, who.immediate, 'Te beoordelen: Buurtpensioen Lier');
    expect(submitted!.parsed.text).to.contain('Een nieuwe inzending wacht');
    expect(textLinks(submitted!)).to.include(`${PUBLIC_URL}/beheer/praktijken/${id}`);
    expect(htmlLinks(submitted!)).to.include(`${PUBLIC_URL}/beheer/praktijken/${id}`);
    expect(textLinks(submitted!), 'where to change the choice').to.include(`${PUBLIC_URL}/beheer/meldingen`);

    const mod = await loginAsModerator(t);
    await decide(t, mod, id, 'requestChanges', 'Vul de resultaten aan.');
    await settle(smtp, 3);
    await resubmit(t, token, { title: 'Buurtpensioen Lier', resultaten: 'Twaalf buren wonen samen.' });
    await settle(smtp, 4);
    const [, resubmitted] = to(smtp, who.immediate);
    expectWellFormed(resubmitted!, who.immediate, 'Te beoordelen: Buurtpensioen Lier');
    expect(resubmitted!.parsed.text).to.contain('paste de inzending „Buurtpensioen Lier” aan');
    expect(textLinks(resubmitted!)).to.include(`${PUBLIC_URL}/beheer/praktijken/${id}`);

    await decide(t, mod, id, 'publish');
    await settle(smtp, 5);
    await proposeUpdate(t, token, { summary: 'Twaalf buren wonen samen in een buurtpensioen.' });
    await settle(smtp, 6);
    const [, , proposed] = to(smtp, who.immediate);
    expectWellFormed(proposed!, who.immediate, 'Te beoordelen: Buurtpensioen Lier');
    expect(proposed!.parsed.text).to.contain('stelt wijzigingen voor');
    expect(textLinks(proposed!)).to.include(`${PUBLIC_URL}/beheer/praktijken/${id}/voorstel`);

    expect(to(smtp, who.immediate)).to.have.length(3);
    for (const other of [who.daily, who.never, who.disabled]) {
      expect(to(smtp, other), other).to.have.length(0);
      expect(outboxFor(t, other), other).to.have.length(0);
    }
  });

  it('sends a `daily` moderator one digest from 08:00 Brussels time with everything waiting, none before, none twice that day', async () => {
    const who = await moderatorsWithEveryChoice(t);
    await submitWithHost(t, validFields({ title: 'Wijkrestaurant Kortrijk' }));
    await submitWithHost(t, validFields({ title: 'Sociale kruidenier Mol' }));
    await settle(smtp, 4);
    smtp.received.splice(0);
    const tomorrow = dayAfterToday(1);

    await runJobs(t, brussels(tomorrow, 7, 59));
    expect(outboxFor(t, who.daily), 'no digest before 08:00').to.have.length(0);

    await runJobs(t, brussels(tomorrow, 8, 0));
    await settle(smtp, 1);
    const [digest] = to(smtp, who.daily);
    expectWellFormed(digest!, who.daily, 'Te beoordelen: 2 items wachten');
    const text = digest!.parsed.text ?? '';
    // Submitted today, so by 08:00 tomorrow they waited some hours, or a day.
    expect(text).to.match(/Nieuwe inzending: „Wijkrestaurant Kortrijk” \(wacht \d+ (uur|dag)/).and.match(/Nieuwe inzending: „Sociale kruidenier Mol” \(wacht \d+ (uur|dag)/);
    for (const title of ['Wijkrestaurant Kortrijk', 'Sociale kruidenier Mol']) expect(textLinks(digest!)).to.include(`${PUBLIC_URL}/beheer/praktijken/${practiceTitled(t, title).id}`);
    expect(textLinks(digest!), 'the queue').to.include(`${PUBLIC_URL}/beheer`);
    expect(htmlLinks(digest!)).to.include(`${PUBLIC_URL}/beheer`);

    await runJobs(t, brussels(tomorrow, 8, 5));
    await runJobs(t, brussels(tomorrow, 23, 55));
    await settle(smtp, 1);
    for (const other of [who.immediate, who.never, who.disabled]) expect(outboxFor(t, other).filter((m) => m.kind === 'moderator_digest'), other).to.have.length(0);

    await runJobs(t, brussels(dayAfterToday(2), 8, 10));
    await settle(smtp, 2);
    expect(to(smtp, who.daily)[1]?.parsed.subject, 'the next day, the next digest').to.equal('Te beoordelen: 2 items wachten');
  });

  it('sends no second digest the same day after a restart, nor from a second process on the same database', async () => {
    const who = await moderatorsWithEveryChoice(t);
    await submitWithHost(t, validFields({ title: 'Buurtcafé Geel' }));
    await settle(smtp, 2);
    const tomorrow = dayAfterToday(1);
    await runJobs(t, brussels(tomorrow, 9, 0));
    await settle(smtp, 3);
    expect(to(smtp, who.daily).map((m) => m.parsed.subject)).to.deep.equal(['Te beoordelen: 1 item wacht']);

    // A second app on the same database file: what a restart, or a second process, finds.
    const second = startTestApp({ ...environment(), DATABASE_PATH: t.config.databasePath });
    try {
      await runJobs(second, brussels(tomorrow, 9, 5));
      await runJobs(second, brussels(tomorrow, 18, 0));
      await runJobs(t, brussels(tomorrow, 18, 5));
      await settle(smtp, 3);
      await runJobs(second, brussels(dayAfterToday(2), 8, 0));
      await settle(smtp, 4);
      expect(to(smtp, who.daily)).to.have.length(2);
    } finally {
      second.close();
    }
  });

  it('sends no digest when nothing waits, and records nothing: work that arrives later that day is in that day’s digest', async () => {
    const who = await moderatorsWithEveryChoice(t);
    const tomorrow = dayAfterToday(1);
    await runJobs(t, brussels(tomorrow, 8, 0));
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received).to.have.length(0);
    expect(t.services.outbox.count('waiting') + t.services.outbox.count('sent')).to.equal(0);

    await submitWithHost(t, validFields({ title: 'Later binnengekomen' }));
    await settle(smtp, 2);
    await runJobs(t, brussels(tomorrow, 10, 5));
    await settle(smtp, 3);
    expect(to(smtp, who.daily).map((m) => m.parsed.subject)).to.deep.equal(['Te beoordelen: 1 item wacht']);
    expect(to(smtp, who.daily)[0]?.parsed.text).to.contain('„Later binnengekomen”');
  });

  it('lists resubmissions and proposed updates in the digest, each with its own review page', async () => {
    const who = await moderatorsWithEveryChoice(t);
    const mod = await loginAsModerator(t);
    const changed = await submitWithHost(t, validFields({ title: 'Aangepast project' }));
    const published = await submitWithHost(t, validFields({ title: 'Gepubliceerd project' }));
    const changedId = practiceTitled(t, 'Aangepast project').id;
    const publishedId = practiceTitled(t, 'Gepubliceerd project').id;
    await decide(t, mod, changedId, 'requestChanges', 'Vul aan.');
    await decide(t, mod, publishedId, 'publish');
    await resubmit(t, changed.token, { title: 'Aangepast project', resultaten: 'Meer cijfers.' });
    await proposeUpdate(t, published.token, { summary: 'Een nieuwe samenvatting van het project.' });
    await runJobs(t, brussels(dayAfterToday(1), 8, 30));
    const digest = outboxFor(t, who.daily);
    expect(digest.map((m) => m.kind)).to.deep.equal(['moderator_digest']);
    const mail = await smtp.waitForMailTo(who.daily);
    expect(mail.parsed.text).to.contain('Aangepaste inzending: „Aangepast project”').and.contain('Voorgestelde wijziging: „Gepubliceerd project”');
    expect(textLinks(mail)).to.include(`${PUBLIC_URL}/beheer/praktijken/${changedId}`).and.include(`${PUBLIC_URL}/beheer/praktijken/${publishedId}/voorstel`);
  });

  it('tells an `immediate` moderator when a "wij doen dit ook" is confirmed, and lists it in the digest with the link to the adoptions page', async () => {
    const who = await moderatorsWithEveryChoice(t);
    const token = storeAdoption(t);
    const agent = request.agent(t.app);
    const confirmPath = `/wij-doen-dit-ook/bevestigen/${token}`;
    const _csrf = csrfTokenIn((await agent.get(confirmPath).set('Host', 'evil.example').expect(200)).text);
    expect(outboxFor(t, who.immediate), 'opening the link changes nothing').to.have.length(0);
    await post(agent, confirmPath, { _csrf }).set('Host', 'evil.example').expect(303);
    const practice = t.services.catalogue.all()[0]!;
    const notice = await smtp.waitForMailTo(who.immediate);
    expectWellFormed(notice, who.immediate, `Te beoordelen: ${practice.title}`);
    expect(notice.parsed.text).to.contain('meldt dat ze de praktijk').and.contain(practice.title);
    expect(textLinks(notice)).to.include(`${PUBLIC_URL}/beheer/overnames`);
    expect(outboxFor(t, who.never).concat(outboxFor(t, who.disabled), outboxFor(t, who.daily))).to.have.length(0);

    await runJobs(t, brussels(dayAfterToday(1), 8, 15));
    const digest = await smtp.waitForMailTo(who.daily);
    expect(digest.parsed.text).to.contain(`Wij doen dit ook: „${practice.title}” in `);
    expect(textLinks(digest)).to.include(`${PUBLIC_URL}/beheer/overnames`);
  });
});

describe('a submission that is rolled back', () => {
  const t = useTestApp({ per: 'test', serverErrors: 'allow' });

  it('leaves no notice to any moderator in the outbox', async () => {
    await addModerator(t, 'eerste@praktijkbank.test', undefined, { secondFactor: false }).then((m) => t.services.moderatorNotices.setChoice(m.id, 'immediate'));
    await addModerator(t, 'tweede@praktijkbank.test', undefined, { secondFactor: false }).then((m) => t.services.moderatorNotices.setChoice(m.id, 'immediate'));
    // The notice to the second moderator fails, after the receipt and the first notice were written in the same transaction.
    t.services.db.exec(`CREATE TEMP TRIGGER fail_second_notice BEFORE INSERT ON outbox WHEN NEW.recipient = 'tweede@praktijkbank.test' BEGIN SELECT RAISE(ABORT, 'schijf vol'); END`);
    const agent = request.agent(t.app);
    const _csrf = await formToken(agent);
    const fields = validFields({ title: 'Nooit opgeslagen' });
    const review = await post(agent, '/indienen', { ...fields, _csrf, step: 'review' }).expect(200);
    const answer = await post(agent, '/indienen', { ...fields, _csrf, step: 'confirm', token: formKeyIn(review.text) });
    expect(answer.status).to.be.at.least(500);
    expect(t.services.practices.listByStatus(['pending']).map((p) => p.title)).not.to.include('Nooit opgeslagen');
    expect(outboxFor(t, 'eerste@praktijkbank.test'), 'the first notice was rolled back with its cause').to.have.length(0);
    expect(outboxFor(t, SUBMITTER)).to.have.length(0);
  });
});
