// Whole answers kept for the next asker (src/http/kept-answers.ts): the results page and the API's
// list are made once per search and version of the answers, and never outlive that version.
import { expect } from 'chai';
import request from 'supertest';
import { insertPractice } from '../support/practices.js';
import { loginAsModerator, useTestApp } from '../support/test-app.js';

// Each with a word of its own: the suite shares one app, and the first test publishes its practice.
const ADDRESSES = [
  { name: 'the results page', address: '/praktijken?q=zwerfkatten', title: 'Zwerfkattenproject in de wijk' },
  { name: 'the API list', address: '/api/v1/practices?q=kippenhok', title: 'Kippenhok in de buurttuin' },
];

describe('Kept answers of the results page and the API list', function () {
  this.timeout(20_000);
  const t = useTestApp();

  for (const { name, address, title } of ADDRESSES) {
    it(`${name}: the same answer again, and a new one as soon as a practice is published`, async () => {
      const first = await request(t.app).get(address).expect(200);
      const again = await request(t.app).get(address).expect(200);
      expect(again.text).to.equal(first.text);
      expect(again.headers['content-type']).to.equal(first.headers['content-type']);
      expect(again.headers['content-length']).to.equal(first.headers['content-length']);
      expect(first.text).not.to.contain(title);

      await insertPractice(t, { title });
      const fresh = await request(t.app).get(address).expect(200);
      expect(fresh.text).to.contain(title);
      expect(fresh.headers['content-length']).to.equal(String(Buffer.byteLength(fresh.text)));
    });
  }

  it('the results page: the same words typed otherwise are their own page, with their own heading', async () => {
    await insertPractice(t, { title: 'Buurtkruidenier voor iedereen' });
    const lower = await request(t.app).get('/praktijken?q=buurtkruidenier').expect(200);
    const capitals = await request(t.app).get('/praktijken?q=BUURTkruidenier').expect(200);
    expect(lower.text).to.contain('over “buurtkruidenier”');
    expect(capitals.text).to.contain('over “BUURTkruidenier”');
    expect(capitals.text).to.contain('Buurtkruidenier voor iedereen');
  });

  it('the results page: another page of the same search is another answer', async () => {
    const one = await request(t.app).get('/praktijken?pageSize=10').expect(200);
    const two = await request(t.app).get('/praktijken?pageSize=10&page=2').expect(200);
    expect(one.text).to.contain('aria-current="page"><span class="visually-hidden">Pagina </span>1<');
    expect(two.text).to.contain('aria-current="page"><span class="visually-hidden">Pagina </span>2<');
  });

  it("the results page: a moderator's visit is answered like anyone's, and stays private", async () => {
    const anonymous = await request(t.app).get('/praktijken?q=mantelzorg').expect(200);
    const { agent } = await loginAsModerator(t);
    const moderator = await agent.get('/praktijken?q=mantelzorg').expect(200);
    expect(moderator.text).to.equal(anonymous.text);
    expect(moderator.headers['cache-control']).to.contain('private');
  });

  it('the API list: a HEAD of a kept answer gets its headers and no body', async () => {
    const get = await request(t.app).get('/api/v1/practices?theme=netwerken').expect(200);
    const head = await request(t.app).head('/api/v1/practices?theme=netwerken').expect(200);
    expect(head.headers['content-type']).to.equal(get.headers['content-type']);
    expect(head.headers['content-length']).to.equal(String(Buffer.byteLength(get.text)));
    expect(head.text ?? '').to.equal('');
  });
});
