// A database made by the previous release (c99db12, before the copyable practice of issue 12) is brought
// forward without loss. The fixture was made by that release's own code: seeded, a moderator, a pending
// submission with its status link, a published one edited by a moderator (a kept snapshot), a rejected one.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { passwordIsRight } from '../../src/domain/moderators.js';
import { readMigrations } from '../../src/store/migrations.js';
import { Database } from '../../src/store/sqlite-driver.js';
import { type StartedTestApp, startTestApp } from '../support/test-app.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'release-c99db12.sqlite');
const PENDING_TOKEN = 'pending-token-'.padEnd(43, 'p');
const REJECTED_TOKEN = 'rejected-token'.padEnd(43, 'r');
const [PENDING_ID, PUBLISHED_ID] = [17, 18];

/** The columns of a table in the previous release. */
function columnsOf(path: string, table = 'practices'): string[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map((c) => c.name);
  } finally {
    db.close();
  }
}

/** Every row of the tables the previous release had, in a stable order: what must survive unchanged. */
function oldContent(path: string, practiceColumns: readonly string[], moderatorColumns: readonly string[]): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const tables = ['practices', 'practice_municipalities', 'practice_provinces', 'practice_terms', 'practice_partners', 'practice_links', 'submissions', 'moderators', 'practice_events', 'practice_snapshots'];
    return Object.fromEntries(
      tables.map((table) => {
        // Tables that later migrations gave new columns (practices: 008; moderators: notices, 012) are read as they were.
        const columns = table === 'practices' ? practiceColumns.join(', ') : table === 'moderators' ? moderatorColumns.join(', ') : '*';
        const all = db.prepare(`SELECT ${columns} FROM ${table}`).all() as Record<string, unknown>[];
        return [table, all.map((row) => JSON.stringify(row)).sort()];
      }),
    );
  } finally {
    db.close();
  }
}

describe('a database made by the previous release', () => {
  let dir: string;
  let path: string;
  let before: Record<string, unknown[]>;
  let oldColumns: string[];
  let oldModeratorColumns: string[];
  let app: StartedTestApp;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'praktijkbank-upgrade-'));
    path = join(dir, 'praktijkbank.sqlite');
    copyFileSync(FIXTURE, path);
    oldColumns = columnsOf(path);
    oldModeratorColumns = columnsOf(path, 'moderators');
    before = oldContent(path, oldColumns, oldModeratorColumns);
    app = startTestApp({ DATABASE_PATH: path });
  });

  afterEach(() => {
    app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is migrated to the latest schema version', () => {
    const latest = Math.max(...readMigrations(app.config.migrationsDir).map((m) => m.version));
    expect(app.services.db.pragma('user_version', { simple: true })).to.equal(latest);
  });

  it('keeps every row it had, column for column, in every table it had', () => {
    app.services.close();
    const after = oldContent(path, oldColumns, oldModeratorColumns);
    for (const [table, rows] of Object.entries(before)) {
      // The seed records that migration 008 completes change in their new columns only, which oldContent leaves out.
      expect(after[table], table).to.deep.equal(rows);
    }
    expect(before.practices).to.have.length(19);
    expect(oldColumns).to.include('contact_email').and.not.include('working_elements');
  });

  it('gives the seed records what their source texts say of a copyable practice', () => {
    const bySlug = (slug: string) => app.services.practices.findBySlug(slug)!;
    expect(bySlug('pilootprojecten-lokale-gezinscoaches').source.date).to.equal('2021');
    expect(bySlug('herstelgerichte-projecten-2021-2025').funding).to.deep.equal(['vlaamse-subsidie']);
    expect(bySlug('lerend-netwerk-vrijetijd').reach).to.deep.equal({ count: 270, unit: 'gemeenten', year: undefined });
    expect(bySlug('noodopvang-kinderopvang').costs.note).to.match(/^€ 4,4 miljoen/);
    expect(bySlug('gbo-zoersel').evidence).to.equal(undefined);
  });

  it('reads old practices in the new shape: nothing known yet of what issue 12 added', () => {
    const practice = app.services.practices.findById(PUBLISHED_ID)!;
    expect(practice.summary).to.equal('Een warme maaltijd voor wie alleen woont.');
    expect(practice).to.deep.include({ workingElements: undefined, transferability: undefined, staffFte: undefined, lastVerifiedAt: undefined, evidence: undefined });
    expect(practice.materials).to.deep.equal([]);
    expect(practice.funding).to.deep.equal([]);
    expect(practice.contactEmail).to.equal('welzijn@oudenaarde.example');
    expect(practice.contactEmailPublic).to.equal(false);
  });

  it('still knows the content a moderator saw before an edit, in the new shape', () => {
    const earlier = app.services.practices.contentAt(PUBLISHED_ID, 1)!;
    expect(earlier.summary).to.equal('Elke woensdag koffie in het buurthuis om eenzaamheid te doorbreken.');
    expect(earlier.costs).to.deep.equal({ note: undefined });
    expect(earlier.materials).to.deep.equal([]);
  });

  it('serves the published practice, and keeps the private contact address off its page', async () => {
    const page = await request(app.app).get('/praktijken/warme-maaltijd-in-ronse').expect(200);
    expect(page.text).to.contain('Een warme maaltijd voor wie alleen woont.');
    expect(page.text).not.to.contain('welzijn@oudenaarde.example');
    await request(app.app).get(`/praktijken/${app.services.practices.findById(PENDING_ID)!.slug}`).expect(404);
  });

  it('still opens the status links of earlier submissions', async () => {
    const pending = await request(app.app).get(`/indienen/status/${PENDING_TOKEN}`).expect(200);
    expect(pending.text).to.contain('Buurtkoffie in Oudenaarde');
    const rejected = await request(app.app).get(`/indienen/status/${REJECTED_TOKEN}`).expect(200);
    expect(rejected.text).to.contain('Dit is geen lokaal sociaal beleid.');
  });

  it('still lets its moderator in with the same password', async () => {
    const account = app.services.moderators.findByEmail('moderator@praktijkbank.example');
    expect(await passwordIsRight(account, 'een lang en sterk wachtwoord 2026')).to.equal(true);
  });

  it('gives its moderator the daily digest of waiting work, the default (migration 012)', () => {
    const account = app.services.moderators.findByEmail('moderator@praktijkbank.example');
    expect(app.services.moderatorNotices.choiceOf(account!.id)).to.equal('daily');
  });

  it('finds the old practices by search, with the index rebuilt for the new shape', async () => {
    await app.services.catalogue.refreshInBackground();
    const found = await request(app.app).get('/api/v1/practices').query({ q: 'warme maaltijd' }).expect(200);
    expect((found.body as { items: { slug: string }[] }).items.map((i) => i.slug)).to.include('warme-maaltijd-in-ronse');
  });
});
