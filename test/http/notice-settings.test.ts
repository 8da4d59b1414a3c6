// Mijn e-mailmeldingen (/beheer/meldingen): a logged-in moderator chooses how to hear about waiting work.
// Behind the guard, CSRF-protected, a clear Dutch message for anything but the three choices, saved → 303
// with a confirmation; only one's own choice changes.
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { post } from '../support/submissions.js';
import { errorSummary, loginAsModerator, useTestApp } from '../support/test-app.js';

const PATH = '/beheer/meldingen';

describe('GET /beheer/meldingen', () => {
  const t = useTestApp();

  it('sends a visitor who is not logged in to the login page', async () => {
    const res = await request(t.app).get(PATH).expect(303);
    expect(res.headers.location).to.equal('/beheer/inloggen?returnTo=%2Fbeheer%2Fmeldingen');
  });

  it('shows the three choices, the daily digest chosen for a new account, linked from the moderators’ bar', async () => {
    const mod = await loginAsModerator(t);
    const home = cheerio.load((await mod.agent.get('/beheer').expect(200)).text);
    expect(home('.moderator-bar a[href="/beheer/meldingen"]').text()).to.equal('Mijn e-mailmeldingen');
    const res = await mod.agent.get(PATH).expect(200);
    expect(res.headers['cache-control']).to.equal('no-store');
    const $ = cheerio.load(res.text);
    expect($('h1').text()).to.equal('Mijn e-mailmeldingen');
    expect($('form.notice-settings input[name=_csrf]')).to.have.length(1);
    const options = $('input[name=notices]')
      .map((_, input) => ({ value: $(input).attr('value'), label: $(`label[for="${$(input).attr('id')}"]`).text(), checked: $(input).is(':checked') }))
      .get();
    expect(options).to.deep.equal([
      { value: 'immediate', label: 'Meteen bij elke nieuwe inzending of wijziging', checked: false },
      { value: 'daily', label: 'Eén overzicht per dag (standaard)', checked: true },
      { value: 'never', label: 'Geen e-mail', checked: false },
    ]);
  });
});

describe('POST /beheer/meldingen', () => {
  const t = useTestApp();

  it('saves the moderator’s own choice and says so after the redirect; a colleague’s stays as it was', async () => {
    const colleague = await loginAsModerator(t);
    const mod = await loginAsModerator(t);
    const res = await post(mod.agent, PATH, { _csrf: mod.csrfToken, notices: 'immediate' }).expect(303);
    expect(res.headers.location).to.equal('/beheer/meldingen?bewaard=1');
    const $ = cheerio.load((await mod.agent.get(res.headers.location as string).expect(200)).text);
    expect($('.confirmation[role=status]').text().trim()).to.equal('Uw keuze is bewaard.');
    expect($('input[name=notices]:checked').val()).to.equal('immediate');
    expect(t.services.moderatorNotices.choiceOf(mod.moderator.id)).to.equal('immediate');
    expect(t.services.moderatorNotices.choiceOf(colleague.moderator.id)).to.equal('daily');

    await post(mod.agent, PATH, { _csrf: mod.csrfToken, notices: 'never' }).expect(303);
    expect(t.services.moderatorNotices.choiceOf(mod.moderator.id)).to.equal('never');
  });

  it('refuses anything but the three choices with a Dutch message in the error summary and beside the choices, and keeps the saved choice', async () => {
    const mod = await loginAsModerator(t);
    await post(mod.agent, PATH, { _csrf: mod.csrfToken, notices: 'immediate' }).expect(303);
    for (const notices of ['weekly', '', 'IMMEDIATE', 'daily\r\nBcc: x@evil.example', ['daily', 'never'], '<xfz>']) {
      const res = await post(mod.agent, PATH, { _csrf: mod.csrfToken, notices }).expect(400);
      const message = 'Kies hoe u e-mail wilt krijgen: meteen, één overzicht per dag of geen e-mail.';
      expect(errorSummary(res.text), JSON.stringify(notices)).to.contain(message);
      const $ = cheerio.load(res.text);
      expect($('#notices-error').text()).to.contain(message);
      expect($('title').text()).to.match(/^Fout: /);
      expect(res.text).not.to.contain('<xfz>');
      expect($('input[name=notices]:checked').val()).to.equal('immediate');
    }
    const none = await mod.agent.post(PATH).type('form').send({ _csrf: mod.csrfToken }).expect(400);
    expect(errorSummary(none.text)).to.contain('Kies hoe u e-mail wilt krijgen');
    expect(t.services.moderatorNotices.choiceOf(mod.moderator.id)).to.equal('immediate');
  });

  it('refuses a form without its CSRF token, and changes nothing', async () => {
    const mod = await loginAsModerator(t);
    await post(mod.agent, PATH, { notices: 'never' }).expect(403);
    await post(mod.agent, PATH, { _csrf: 'vervalst', notices: 'never' }).expect(403);
    expect(t.services.moderatorNotices.choiceOf(mod.moderator.id)).to.equal('daily');
  });

  it('refuses a visitor who is not logged in (403), and a disabled account', async () => {
    await post(request.agent(t.app), PATH, { notices: 'never' }).expect(403);
    const mod = await loginAsModerator(t);
    t.services.moderators.setDisabled(mod.moderator.id, true);
    await post(mod.agent, PATH, { _csrf: mod.csrfToken, notices: 'never' }).expect(403);
    expect(t.services.moderatorNotices.choiceOf(mod.moderator.id)).to.equal('daily');
  });
});
