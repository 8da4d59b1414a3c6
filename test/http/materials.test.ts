// Materials: files attached to a practice through the multipart practice form, judged by their content,
// stored once by hash, carried across the form's steps, and served only where the practice may be seen.
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { expect } from 'chai';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { type FormFields, formKeyIn, formToken, statusTokenOf, validFields } from '../support/submissions.js';
import { docxFile, odtFile, pdfFile, pngFile } from '../support/material-files.js';
import { rawBody } from '../support/raw-body.js';
import { backupDatabase, materialsBackupOf } from '../../src/store/backup.js';
import { type Agent, errorSummary, loginAsModerator, startTestApp, useTestApp } from '../support/test-app.js';

interface Upload {
  readonly name: string;
  readonly content: Buffer;
}

/** Posts the form as multipart, as a browser does with a file input: `_csrf` first, the files last. */
function postMultipart(agent: Agent, path: string, fields: FormFields, uploads: readonly Upload[] = []) {
  let req = agent.post(path);
  for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) req = req.field(name, v);
  // filepath: form-data would otherwise cut a name down to its base, and the tests send whole paths too.
  for (const u of uploads) req = req.attach('materials', u.content, { filepath: u.name, contentType: 'application/octet-stream' } as unknown as { filename: string });
  return req;
}

/** What a browser would send of a form as it is shown: inputs, ticked choices, text areas and chosen options. */
function formFieldsOf(html: string, selector: string): Record<string, string[]> {
  const $ = cheerio.load(html);
  const fields: Record<string, string[]> = {};
  const add = (name: string | undefined, value: string) => {
    if (name) (fields[name] ??= []).push(value);
  };
  $(selector)
    .find('input, textarea, select')
    .each((_, e) => {
      const el = $(e);
      const type = el.attr('type') ?? '';
      if (type === 'file' || type === 'submit') return;
      if ((type === 'checkbox' || type === 'radio') && el.attr('checked') === undefined) return;
      if (e.tagName === 'textarea') add(el.attr('name'), el.text());
      else if (e.tagName === 'select') add(el.attr('name'), el.find('option[selected]').attr('value') ?? '');
      else add(el.attr('name'), el.attr('value') ?? '');
    });
  return fields;
}

const hiddenHashes = (html: string) =>
  cheerio
    .load(html)('input[type=hidden][name$="-hash"]')
    .toArray()
    .map((e) => cheerio.load(e).root().find('input').attr('value'));

describe('materials', () => {
  const t = useTestApp({ per: 'test' });

  const materialsDir = () => t.config.materialsDir;
  const storedRows = () => t.services.db.prepare('SELECT hash, media_type AS mediaType, bytes FROM material_files ORDER BY hash').all() as { hash: string; mediaType: string; bytes: number }[];
  const temporaryFiles = () => readdirSync(join(materialsDir(), 'tmp'));
  const storedFiles = () => readdirSync(materialsDir()).filter((d) => /^[0-9a-f]{2}$/.test(d)).flatMap((d) => readdirSync(join(materialsDir(), d)));

  async function review(uploads: readonly Upload[], fields: FormFields = validFields()) {
    const agent = request.agent(t.app);
    const _csrf = await formToken(agent);
    const res = await postMultipart(agent, '/indienen', { _csrf, ...fields, step: 'review' }, uploads);
    return { agent, _csrf, res };
  }

  /** Waits for the request's end (the temp files go when it closes). */
  // Upload leftovers are removed when the request's stream closes, a moment after the answer (and
  // later still on a busy machine): wait for the temp folder to be empty, up to a few seconds, so the
  // check after it fails only for a file that stays.
  const settle = async (deadlineMs = 5_000) => {
    const until = Date.now() + deadlineMs;
    while (temporaryFiles().length > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 25));
  };

  describe('POST /indienen with files', () => {
    it('stores a PDF, a DOCX, an ODT and a PNG once each by hash, shows them on the review step and keeps them through the confirm', async () => {
      const uploads = [
        { name: 'draaiboek.pdf', content: pdfFile() },
        { name: 'Werkwijze_wijkrestaurant.docx', content: docxFile() },
        { name: 'begroting.odt', content: odtFile() },
        { name: 'affiche.png', content: pngFile() },
      ];
      const first = await review(uploads);
      // The image still needs its description: the form comes back with every file carried.
      expect(first.res.status).to.equal(400);
      expect(errorSummary(first.res.text)).to.include('Beschrijf wat er op de afbeelding "affiche.png" staat');
      expect(storedRows().map((r) => r.mediaType).sort()).to.deep.equal([
        'application/pdf',
        'application/vnd.oasis.opendocument.text',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'image/png',
      ]);
      expect(storedFiles()).to.have.length(4);
      const $ = cheerio.load(first.res.text);
      expect($('#material-1-title').val()).to.equal('Werkwijze wijkrestaurant');
      expect($('#title').val()).to.equal(validFields().title);

      const carried: FormFields = {};
      $('input[name^="material-"]:not([type=checkbox])').each((_, e) => {
        carried[$(e).attr('name') ?? ''] = $(e).attr('value') ?? '';
      });
      const second = await postMultipart(first.agent, '/indienen', {
        _csrf: first._csrf,
        ...validFields(),
        ...carried,
        'material-0-title': 'Draaiboek',
        'material-3-title': 'Affiche',
        'material-3-description': 'Affiche met een tafel en de uren van het wijkrestaurant',
        step: 'review',
      });
      expect(second.status, errorSummary(second.text)).to.equal(200);
      const preview = cheerio.load(second.text)('.preview').text();
      expect(preview).to.include('Draaiboek').and.to.include('Werkwijze wijkrestaurant').and.to.include('Affiche');
      expect(hiddenHashes(second.text)).to.have.length(4);

      const hidden: FormFields = {};
      cheerio
        .load(second.text)('.review-form input[type=hidden]')
        .each((_, e) => {
          const name = cheerio.load(e)('input').attr('name') ?? '';
          const value = cheerio.load(e)('input').attr('value') ?? '';
          const existing = hidden[name];
          hidden[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
        });
      const confirm = await first.agent.post('/indienen').type('form').send(new URLSearchParams(Object.entries({ ...hidden, step: 'confirm' }).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => [k, x]))).toString());
      expect(confirm.status).to.equal(303);
      const token = statusTokenOf(formKeyIn(second.text));
      const practice = t.services.practices.listByStatus(['pending']).find((p) => p.title === validFields().title);
      expect(practice?.materials.map((m) => [m.title, m.fileName])).to.deep.equal([
        ['Draaiboek', 'draaiboek.pdf'],
        ['Werkwijze wijkrestaurant', 'Werkwijze_wijkrestaurant.docx'],
        ['begroting', 'begroting.odt'],
        ['Affiche', 'affiche.png'],
      ]);
      expect(storedRows()).to.have.length(4);
      await settle();
      expect(temporaryFiles()).to.deep.equal([]);
      expect(token).to.not.equal('');
    });

    it('keeps a file uploaded twice once', async () => {
      const { res } = await review([
        { name: 'a.pdf', content: pdfFile('zelfde') },
        { name: 'b.pdf', content: pdfFile('zelfde') },
      ]);
      expect(res.status).to.equal(200);
      expect(storedRows()).to.have.length(1);
      expect(hiddenHashes(res.text)).to.have.length(1);
    });

    const refusals: { what: string; upload: Upload; message: string }[] = [
      { what: 'a file over 10 MB', upload: { name: 'groot.pdf', content: Buffer.concat([pdfFile(), Buffer.alloc(10 * 1024 * 1024)]) }, message: '"groot.pdf" is groter dan 10 MB' },
      { what: 'an HTML file named .pdf', upload: { name: 'verslag.pdf', content: Buffer.from('<!doctype html><html><script>alert(1)</script></html>') }, message: '"verslag.pdf" is geen PDF' },
      { what: 'an SVG file named .pdf', upload: { name: 'logo.pdf', content: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>') }, message: '"logo.pdf" is geen PDF' },
      { what: 'a PDF that is also HTML', upload: { name: 'dubbel.pdf', content: Buffer.from('%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n%%EOF') }, message: '"dubbel.pdf" bevat ook de code van een webpagina' },
      { what: 'an empty file', upload: { name: 'leeg.pdf', content: Buffer.alloc(0) }, message: '"leeg.pdf" is leeg' },
      { what: 'a PNG named .pdf', upload: { name: 'foto.pdf', content: pngFile() }, message: '"foto.pdf" is een PNG-afbeelding, maar de naam eindigt niet op .png' },
      { what: 'a name of control characters only', upload: { name: '\u202E\u200F', content: pdfFile() }, message: 'Een bestand heeft geen bruikbare naam' },
    ];
    for (const { what, upload, message } of refusals) {
      it(`refuses ${what} with a message naming it, keeping the rest of the form and the accepted file`, async () => {
        const { res } = await review([{ name: 'draaiboek.pdf', content: pdfFile() }, upload], validFields({ title: 'Mijn eigen titel' }));
        expect(res.status).to.equal(400);
        expect(errorSummary(res.text)).to.include(message);
        const $ = cheerio.load(res.text);
        expect($('#title').val()).to.equal('Mijn eigen titel');
        expect($('input[name=material-0-name]').val()).to.equal('draaiboek.pdf');
        expect(storedRows()).to.have.length(1);
        expect(storedFiles()).to.have.length(1);
        await settle();
        expect(temporaryFiles()).to.deep.equal([]);
      });
    }

    it('refuses an eleventh file by name and keeps the ten', async () => {
      const uploads = Array.from({ length: 11 }, (_, i) => ({ name: `bijlage-${i + 1}.pdf`, content: pdfFile(`bijlage ${i + 1}`) }));
      const { res } = await review(uploads);
      expect(res.status).to.equal(400);
      expect(errorSummary(res.text)).to.include('"bijlage-11.pdf" is niet toegevoegd: een praktijk heeft hoogstens 10 bestanden');
      expect(hiddenHashes(res.text)).to.have.length(10);
      expect(storedRows()).to.have.length(10);
    });

    it('keeps only the last part of a name with path parts, and strips control characters', async () => {
      const { res } = await review([
        { name: '../../etc/verslag.pdf', content: pdfFile('1') },
        { name: 'C:\\Users\\An\\Documents\\draaiboek.docx', content: docxFile() },
        { name: 'begr\u202Eoting\t.odt', content: odtFile() },
      ]);
      expect(res.status).to.equal(200);
      const names = cheerio
        .load(res.text)('.review-form input[name$="-name"]')
        .toArray()
        .map((e) => cheerio.load(e)('input').attr('value'));
      expect(names).to.deep.equal(['verslag.pdf', 'draaiboek.docx', 'begroting.odt']);
    });

    it('refuses a carried hash it does not know, in Dutch', async () => {
      const agent = request.agent(t.app);
      const _csrf = await formToken(agent);
      const res = await postMultipart(agent, '/indienen', { _csrf, ...validFields(), 'material-0-hash': 'a'.repeat(64), 'material-0-name': 'vals.pdf', 'material-0-title': 'Vals', step: 'review' });
      expect(res.status).to.equal(400);
      expect(errorSummary(res.text)).to.include('"vals.pdf": Dit bestand is niet (meer) bekend: voeg het opnieuw toe.');
    });

    it('writes no file for a form without a valid token', async () => {
      const agent = request.agent(t.app);
      await formToken(agent);
      const res = await postMultipart(agent, '/indienen', { _csrf: 'vals', ...validFields(), step: 'review' }, [{ name: 'draaiboek.pdf', content: pdfFile() }]);
      expect(res.status).to.equal(403);
      await settle();
      expect(temporaryFiles()).to.deep.equal([]);
      expect(storedRows()).to.deep.equal([]);
    });

    it('answers a part header with raw control characters (no browser sends them) with a Dutch 400', async () => {
      const { res } = await review([{ name: 'verslag\u0007.pdf', content: pdfFile() }]);
      expect(res.status).to.equal(400);
      expect(res.text).to.include('niet volledig of niet leesbaar aangekomen');
      expect(storedRows()).to.deep.equal([]);
    });

    it('answers a broken multipart body with a Dutch 400', async () => {
      const agent = request.agent(t.app);
      const _csrf = await formToken(agent);
      const res = await agent.post('/indienen').set('Content-Type', 'multipart/form-data; boundary=grens').send(`--grens\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${_csrf}\r\n--grens\r\nkapot`);
      expect(res.status).to.equal(400);
      expect(res.text).to.include('niet volledig of niet leesbaar aangekomen');
    });

    it('survives fields with an empty name or none (found by fuzzing: it ended the process)', async () => {
      const agent = request.agent(t.app);
      const _csrf = await formToken(agent);
      const body = [`--grens\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${_csrf}`, '--grens\r\nContent-Disposition: form-data; name=""\r\n\r\nabc', '--grens\r\nContent-Disposition: form-data\r\n\r\nabc', '--grens--\r\n'].join('\r\n');
      const res = await agent.post('/indienen').set('Content-Type', 'multipart/form-data; boundary=grens').send(body);
      expect(res.status).to.be.within(400, 499);
      await request(t.app).get('/indienen').expect(200);
    });

    it('answers a multipart body without a boundary with a Dutch 400', async () => {
      const res = await request(t.app).post('/indienen').set('Content-Type', 'multipart/form-data').send('x');
      expect(res.status).to.equal(400);
    });

    it('stores nothing of an upload cut off halfway, and leaves no temp file', async () => {
      const agent = request.agent(t.app);
      const page = await agent.get('/indienen');
      const _csrf = cheerio.load(page.text)('input[name=_csrf]').attr('value') ?? '';
      const cookie = (page.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
      const server = t.app.listen(0);
      try {
        const port = (server.address() as { port: number }).port;
        const head = Buffer.from(
          `--grens\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${_csrf}\r\n--grens\r\nContent-Disposition: form-data; name="materials"; filename="half.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
        );
        const body = Buffer.concat([head, pdfFile(), Buffer.alloc(64 * 1024, 0x20)]);
        const answer = await new Promise<string>((resolve) => {
          const socket = connect(port, '127.0.0.1', () => {
            socket.write(`POST /indienen HTTP/1.1\r\nHost: localhost\r\nCookie: ${cookie}\r\nContent-Type: multipart/form-data; boundary=grens\r\nContent-Length: ${body.length * 2}\r\n\r\n`);
            socket.end(body);
          });
          let received = '';
          socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
          socket.on('close', () => resolve(received));
          socket.on('error', () => resolve(received));
        });
        expect(answer).to.not.match(/^HTTP\/1\.1 5/);
        await settle();
        expect(temporaryFiles()).to.deep.equal([]);
        expect(storedRows()).to.deep.equal([]);
      } finally {
        server.close();
      }
    });

    it('refuses a multipart body to a route that takes no files, as any form without its token', async () => {
      const agent = request.agent(t.app);
      const _csrf = await formToken(agent, '/beheer/inloggen');
      const res = await postMultipart(agent, '/beheer/inloggen', { _csrf, email: 'a@b.be', password: 'x' }, [{ name: 'draaiboek.pdf', content: pdfFile() }]);
      expect(res.status).to.equal(403);
      expect(storedRows()).to.deep.equal([]);
    });
  });

  describe('serving a material', () => {
    async function submittedWithPdf() {
      const { agent, _csrf, res } = await review([{ name: 'Draaiboek wijkrestaurant.pdf', content: pdfFile() }]);
      expect(res.status, errorSummary(res.text)).to.equal(200);
      const form = cheerio.load(res.text)('.review-form');
      const body = new URLSearchParams();
      form.find('input[type=hidden]').each((_, e) => {
        const input = cheerio.load(e)('input');
        body.append(input.attr('name') ?? '', input.attr('value') ?? '');
      });
      body.set('_csrf', _csrf);
      body.set('step', 'confirm');
      await agent.post('/indienen').type('form').send(body.toString()).expect(303);
      const token = statusTokenOf(formKeyIn(res.text));
      const practice = t.services.practices.listByStatus(['pending']).find((p) => p.title === validFields().title);
      if (!practice) throw new Error('not stored');
      const material = practice.materials[0];
      if (!material) throw new Error('no material');
      const file = `${material.fileHash}/${encodeURIComponent(material.fileName)}`;
      return { token, practice, material, publicPath: `/praktijken/${practice.slug}/materialen/${file}`, statusPath: `/indienen/status/${token}/materialen/${file}`, beheerPath: `/beheer/praktijken/${practice.id}/materialen/${file}` };
    }

    it('serves a pending practice’s file through the status link and to moderators, not publicly', async () => {
      const s = await submittedWithPdf();
      await request(t.app).get(s.publicPath).expect(404);
      const viaLink = await request(t.app).get(s.statusPath).buffer(true).parse(rawBody).expect(200);
      expect((viaLink.body as Buffer).equals(pdfFile())).to.equal(true);
      expect(viaLink.headers['cache-control']).to.equal('private, no-store');
      expect(viaLink.headers['content-type']).to.equal('application/pdf');
      await request(t.app).get(s.beheerPath).expect(303);
      const { agent } = await loginAsModerator(t);
      const forModerator = await agent.get(s.beheerPath).expect(200);
      expect(forModerator.headers['content-disposition']).to.match(/^attachment;/);
    });

    it('links a pending practice’s file in the moderators’ preview through their own address, not the public one', async () => {
      const s = await submittedWithPdf();
      const { agent } = await loginAsModerator(t);
      const $ = cheerio.load((await agent.get(`/beheer/praktijken/${s.practice.id}`).expect(200)).text);
      const hrefs = $('.preview a[href*="/materialen/"]').map((_, a) => $(a).attr('href')).get();
      expect(hrefs).to.deep.equal([s.beheerPath]);
      await agent.get(hrefs[0] ?? '').expect(200);
    });

    it('links on the status link’s edit form only the files it serves: a fresh upload is listed without a link', async () => {
      const s = await submittedWithPdf();
      t.services.practices.setStatus(s.practice.id, 'changes_requested');
      const agent = request.agent(t.app);
      const editPath = `/indienen/status/${s.token}/aanpassen`;
      const page = await agent.get(editPath).expect(200);
      const fields = { ...formFieldsOf(page.text, 'form.practice-form'), step: ['edit'] };
      const res = await postMultipart(agent, editPath, fields, [{ name: 'Affiche.pdf', content: pdfFile('Affiche') }]).expect(200);
      const $ = cheerio.load(res.text);
      const titles = $('[name$="-title"]').map((_, e) => $(e).attr('value')).get();
      expect(titles).to.deep.equal(['Draaiboek wijkrestaurant', 'Affiche']);
      const hrefs = $('a[href*="/materialen/"]').map((_, a) => $(a).attr('href')).get();
      expect(hrefs).to.deep.equal([s.statusPath]);
    });

    it('serves a published practice’s file publicly, as a download of its true type in a sandbox, and not once it is offline', async () => {
      const s = await submittedWithPdf();
      t.services.practices.setStatus(s.practice.id, 'published');
      await t.services.catalogue.refreshInBackground();
      const res = await request(t.app).get(s.publicPath).buffer(true).parse(rawBody).expect(200);
      expect(res.headers['content-type']).to.equal('application/pdf');
      expect(res.headers['content-disposition']).to.equal(`attachment; filename="Draaiboek wijkrestaurant.pdf"; filename*=UTF-8''Draaiboek%20wijkrestaurant.pdf`);
      expect(res.headers['x-content-type-options']).to.equal('nosniff');
      expect(res.headers['content-security-policy']).to.equal("default-src 'none'; sandbox");
      expect(res.headers['cache-control']).to.equal('public, max-age=3600');
      expect((res.body as Buffer).equals(pdfFile())).to.equal(true);

      await request(t.app).get(s.publicPath.replace(/[^/]+$/, 'ander.pdf')).expect(404);
      await request(t.app).get(s.publicPath.replace(s.material.fileHash, 'b'.repeat(64))).expect(404);

      t.services.practices.setStatus(s.practice.id, 'unpublished');
      await t.services.catalogue.refreshInBackground();
      await request(t.app).get(s.publicPath).expect(404);
    });
  });

  describe('POST /beheer/praktijken/:id/bewerken with files', () => {
    it('lets a moderator remove one material and add another, and keeps the rest', async () => {
      const { res, agent: submitter, _csrf } = await review([
        { name: 'draaiboek.pdf', content: pdfFile('draaiboek') },
        { name: 'oud-verslag.pdf', content: pdfFile('oud') },
      ]);
      const body = new URLSearchParams(Object.entries(formFieldsOf(res.text, '.review-form')).flatMap(([k, vs]) => vs.map((v) => [k, v])));
      body.set('_csrf', _csrf);
      body.set('step', 'confirm');
      await submitter.post('/indienen').type('form').send(body.toString()).expect(303);
      const practice = t.services.practices.listByStatus(['pending']).find((p) => p.title === validFields().title);
      if (!practice) throw new Error('not stored');

      const { agent, csrfToken } = await loginAsModerator(t);
      const page = await agent.get(`/beheer/praktijken/${practice.id}/bewerken`).expect(200);
      const $ = cheerio.load(page.text);
      expect($('form.practice-form').attr('enctype')).to.equal('multipart/form-data');
      expect($('input[name=material-1-name]').val()).to.equal('oud-verslag.pdf');
      const fields = formFieldsOf(page.text, 'form.practice-form');
      const saved = await postMultipart(agent, `/beheer/praktijken/${practice.id}/bewerken`, { ...fields, _csrf: csrfToken, 'material-1-remove': 'ja' }, [{ name: 'Nieuw verslag.docx', content: docxFile('nieuw') }]);
      expect(saved.status, errorSummary(saved.text)).to.equal(303);
      expect(t.services.practices.findById(practice.id)?.materials.map((m) => m.fileName)).to.deep.equal(['draaiboek.pdf', 'Nieuw verslag.docx']);
    });
  });

  describe('npm run backup', () => {
    it('copies the material files beside the database copy, and a restore of both serves them again', async () => {
      const { res, agent, _csrf } = await review([{ name: 'draaiboek.pdf', content: pdfFile('bewaard') }, { name: 'vergeten.pdf', content: pdfFile('los') }]);
      const body = new URLSearchParams(Object.entries(formFieldsOf(res.text, '.review-form')).flatMap(([k, vs]) => vs.map((v) => [k, v])));
      body.set('_csrf', _csrf);
      body.set('step', 'confirm');
      await agent.post('/indienen').type('form').send(body.toString()).expect(303);
      const practice = t.services.practices.listByStatus(['pending']).find((p) => p.title === validFields().title);
      if (!practice) throw new Error('not stored');
      t.services.practices.setStatus(practice.id, 'published');
      const [material] = practice.materials;
      if (!material) throw new Error('no material');

      const dir = mkdtempSync(join(tmpdir(), 'praktijkbank-backup-'));
      try {
        const target = join(dir, 'backup.sqlite');
        const summary = await backupDatabase({ source: t.config.databasePath, target, overwrite: false, materialsDir: materialsDir() });
        expect(summary.materials).to.deep.equal({ copied: 2, missing: [] });

        // Lost: the database and every material file. Restored as the README says: the file, then the folder.
        const restored = join(dir, 'hersteld');
        cpSync(target, join(restored, 'praktijkbank.sqlite'));
        cpSync(materialsBackupOf(target), join(restored, 'materials'), { recursive: true });
        rmSync(materialsDir(), { recursive: true, force: true });
        const again = startTestApp({ DATABASE_PATH: join(restored, 'praktijkbank.sqlite') });
        try {
          await again.services.catalogue.refreshInBackground();
          const file = await request(again.app).get(`/praktijken/${practice.slug}/materialen/${material.fileHash}/${material.fileName}`).buffer(true).parse(rawBody).expect(200);
          expect((file.body as Buffer).equals(pdfFile('bewaard'))).to.equal(true);
        } finally {
          again.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  it('keeps the files beside the database by default', () => {
    expect(materialsDir()).to.equal(join(t.config.databasePath, '..', 'materials'));
    expect(existsSync(join(materialsDir(), 'tmp'))).to.equal(true);
  });
});

describe('materials: a file the upload left unread', () => {
  const t = useTestApp();

  it('asks for an eleventh file again when a refused one took its place among the ten read, rather than say the practice is full', async () => {
    const agent = request.agent(t.app);
    const _csrf = await formToken(agent);
    const refused = { name: 'verslag.pdf', content: Buffer.from('<!DOCTYPE html><html><body>verslag</body></html>') };
    const good = Array.from({ length: 10 }, (_, i) => ({ name: `bijlage-${i + 1}.pdf`, content: pdfFile(`ongelezen ${i + 1}`) }));
    const res = await postMultipart(agent, '/indienen', { _csrf, ...validFields(), step: 'review' }, [refused, ...good]);
    expect(res.status).to.equal(400);
    const summary = errorSummary(res.text);
    expect(summary).to.include('"verslag.pdf" is geen PDF');
    expect(summary).to.include('"bijlage-10.pdf" is niet toegevoegd: kies hoogstens 10 bestanden tegelijk. Voeg het opnieuw toe.');
    expect(summary).to.not.include('een praktijk heeft hoogstens 10 bestanden');
    expect(hiddenHashes(res.text)).to.have.length(9);
  });
});
