// All SQL about practices. Rows become domain Practice objects here and nowhere else.
import { type Practice, type PracticeInput, contentOf } from '../domain/practice.js';
import type { ListOrder, NewPractice, PracticeStore, RevisedPractice } from '../domain/practice-store.js';
import type { PublicationStatus } from '../domain/vocabulary.js';
import type { Db } from './database.js';
import { PracticeSnapshotRepository } from './practice-snapshot-repository.js';

interface PracticeRow {
  id: number;
  slug: string;
  title: string;
  summary: string;
  section_aanleiding: string | null;
  section_aanpak: string | null;
  section_resultaten: string | null;
  section_leerpunten: string | null;
  scale: Practice['scale'];
  start_year: number | null;
  end_year: number | null;
  ongoing: 0 | 1;
  source_title: string;
  source_publisher: string | null;
  source_url: string | null;
  source_note: string | null;
  contact_organisation: string | null;
  contact_email: string | null;
  contact_email_public: 0 | 1;
  status: PublicationStatus;
  created_at: string;
  updated_at: string;
  published_at: string | null;
}

interface Children {
  municipalities: string[];
  provinces: Practice['provinces'];
  themes: Practice['themes'];
  targetGroups: Practice['targetGroups'];
  lifeDomains: Practice['lifeDomains'];
  partners: string[];
  links: Practice['links'];
}

const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);
const orUndefined = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

function emptyChildren(): Children {
  return { municipalities: [], provinces: [], themes: [], targetGroups: [], lifeDomains: [], partners: [], links: [] };
}

function toPractice(row: PracticeRow, children: Children): Practice {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    sections: {
      aanleiding: orUndefined(row.section_aanleiding),
      aanpak: orUndefined(row.section_aanpak),
      resultaten: orUndefined(row.section_resultaten),
      leerpunten: orUndefined(row.section_leerpunten),
    },
    scale: row.scale,
    startYear: orUndefined(row.start_year),
    endYear: orUndefined(row.end_year),
    ongoing: row.ongoing === 1,
    source: {
      title: row.source_title,
      publisher: orUndefined(row.source_publisher),
      url: orUndefined(row.source_url),
      note: orUndefined(row.source_note),
    },
    contactOrganisation: orUndefined(row.contact_organisation),
    contactEmail: orUndefined(row.contact_email),
    contactEmailPublic: row.contact_email_public === 1,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    publishedAt: orUndefined(row.published_at),
    ...children,
  };
}

const CHILD_TABLES = ['practice_municipalities', 'practice_provinces', 'practice_terms', 'practice_partners', 'practice_links'] as const;

function columnsOf(input: PracticeInput) {
  return {
    title: input.title,
    summary: input.summary,
    aanleiding: orNull(input.sections.aanleiding),
    aanpak: orNull(input.sections.aanpak),
    resultaten: orNull(input.sections.resultaten),
    leerpunten: orNull(input.sections.leerpunten),
    scale: input.scale,
    startYear: orNull(input.startYear),
    endYear: orNull(input.endYear),
    ongoing: input.ongoing ? 1 : 0,
    sourceTitle: input.source.title,
    sourcePublisher: orNull(input.source.publisher),
    sourceUrl: orNull(input.source.url),
    sourceNote: orNull(input.source.note),
    contactOrganisation: orNull(input.contactOrganisation),
    contactEmail: orNull(input.contactEmail),
    contactEmailPublic: input.contactEmailPublic ? 1 : 0,
  };
}

export class PracticeRepository implements PracticeStore {
  // The content before each change is kept in the transaction of the change: update() writes it.
  private readonly snapshots: PracticeSnapshotRepository;

  constructor(private readonly db: Db) {
    this.snapshots = new PracticeSnapshotRepository(db);
  }

  /** Runs fn in one transaction: all of its writes land, or none. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Stores a new practice with all its multi-valued fields in one transaction; returns its id. */
  insert({ slug, status, input, now = new Date().toISOString() }: NewPractice): number {
    return this.db.transaction(() => {
      const result = this.db
        .prepare(
          `INSERT INTO practices (slug, title, summary, section_aanleiding, section_aanpak, section_resultaten,
             section_leerpunten, scale, start_year, end_year, ongoing, source_title, source_publisher, source_url,
             source_note, contact_organisation, contact_email, contact_email_public, status, created_at, updated_at,
             published_at)
           VALUES (@slug, @title, @summary, @aanleiding, @aanpak, @resultaten, @leerpunten, @scale, @startYear,
             @endYear, @ongoing, @sourceTitle, @sourcePublisher, @sourceUrl, @sourceNote, @contactOrganisation,
             @contactEmail, @contactEmailPublic, @status, @now, @now, @publishedAt)`,
        )
        .run({ slug, ...columnsOf(input), status, now, publishedAt: status === 'published' ? now : null });
      const id = Number(result.lastInsertRowid);
      this.insertChildren(id, input);
      return id;
    })();
  }

  /** Replaces everything a person provides of a practice; its status and history stay, and so does its earlier content. */
  update(id: number, input: PracticeInput, now = new Date().toISOString()): void {
    this.db.transaction(() => {
      const before = this.findWithRevision(id);
      if (before) this.snapshots.record(id, before.revision, contentOf(before.practice), now);
      this.db
        .prepare(
          `UPDATE practices SET title = @title, summary = @summary, section_aanleiding = @aanleiding,
             section_aanpak = @aanpak, section_resultaten = @resultaten, section_leerpunten = @leerpunten,
             scale = @scale, start_year = @startYear, end_year = @endYear, ongoing = @ongoing,
             source_title = @sourceTitle, source_publisher = @sourcePublisher, source_url = @sourceUrl,
             source_note = @sourceNote, contact_organisation = @contactOrganisation, contact_email = @contactEmail,
             contact_email_public = @contactEmailPublic, updated_at = @now
           WHERE id = @id`,
        )
        .run({ id, ...columnsOf(input), now });
      for (const table of CHILD_TABLES) this.db.prepare(`DELETE FROM ${table} WHERE practice_id = ?`).run(id);
      this.insertChildren(id, input);
    })();
  }

  /** Moves a practice to another status; the first publication sets published_at, later ones keep it. */
  setStatus(id: number, status: PublicationStatus, now = new Date().toISOString()): void {
    this.db
      .prepare(
        `UPDATE practices SET status = @status, updated_at = @now,
           published_at = CASE WHEN @status = 'published' THEN coalesce(published_at, @now) ELSE published_at END
         WHERE id = @id`,
      )
      .run({ id, status, now });
  }

  /** The practice's revision: a number that changes with every change to it, status or content. */
  revisionOf(id: number): number | undefined {
    const row = this.db.prepare('SELECT revision FROM practice_revisions WHERE practice_id = ?').get(id) as { revision: number } | undefined;
    return row?.revision;
  }

  /** The practice and its revision, read together so the revision is exactly that of what is shown. */
  findWithRevision(id: number): RevisedPractice | undefined {
    return this.db.transaction(() => {
      const practice = this.findById(id);
      const revision = this.revisionOf(id);
      return practice && revision !== undefined ? { practice, revision } : undefined;
    })();
  }

  /**
   * What a person provided of the practice as it was at `revision`: kept content when it has changed
   * since, else the current content. Undefined for a revision the practice never had yet (a form from
   * before a restored backup) or an unknown practice.
   */
  contentAt(id: number, revision: number): PracticeInput | undefined {
    return this.db.transaction(() => {
      const current = this.findWithRevision(id);
      if (!current || revision > current.revision) return undefined;
      return this.snapshots.replacedContentAt(id, revision) ?? contentOf(current.practice);
    })();
  }

  findById(id: number): Practice | undefined {
    const row = this.db.prepare('SELECT * FROM practices WHERE id = ?').get(id) as PracticeRow | undefined;
    return row ? this.withChildren([row])[0] : undefined;
  }

  /** Practices in the given statuses, the longest waiting (least recently changed) first. */
  listByStatus(statuses: readonly PublicationStatus[], order: ListOrder = 'oldest-first'): Practice[] {
    const direction = order === 'oldest-first' ? 'ASC' : 'DESC';
    const rows = this.db
      .prepare(`SELECT * FROM practices WHERE status IN (SELECT value FROM json_each(?)) ORDER BY updated_at ${direction}, id ${direction}`)
      .all(JSON.stringify(statuses)) as PracticeRow[];
    return this.withChildren(rows);
  }

  private insertChildren(id: number, input: PracticeInput): void {
    const municipality = this.db.prepare('INSERT INTO practice_municipalities (practice_id, nis_code) VALUES (?, ?)');
    for (const code of input.municipalities) municipality.run(id, code);
    const province = this.db.prepare('INSERT INTO practice_provinces (practice_id, province) VALUES (?, ?)');
    for (const value of input.provinces) province.run(id, value);
    const term = this.db.prepare('INSERT INTO practice_terms (practice_id, vocabulary, value) VALUES (?, ?, ?)');
    for (const value of input.themes) term.run(id, 'theme', value);
    for (const value of input.targetGroups) term.run(id, 'targetGroup', value);
    for (const value of input.lifeDomains) term.run(id, 'lifeDomain', value);
    const partner = this.db.prepare('INSERT INTO practice_partners (practice_id, position, name) VALUES (?, ?, ?)');
    input.partners.forEach((name, position) => partner.run(id, position, name));
    const link = this.db.prepare('INSERT INTO practice_links (practice_id, position, url, label) VALUES (?, ?, ?, ?)');
    input.links.forEach((l, position) => link.run(id, position, l.url, orNull(l.label)));
  }

  findBySlug(slug: string): Practice | undefined {
    const row = this.db.prepare('SELECT * FROM practices WHERE slug = ?').get(slug) as PracticeRow | undefined;
    return row ? this.withChildren([row])[0] : undefined;
  }

  slugExists(slug: string): boolean {
    return this.db.prepare('SELECT 1 FROM practices WHERE slug = ?').get(slug) !== undefined;
  }

  /** Every published practice, newest publication first. */
  listPublished(): Practice[] {
    const rows = this.db
      .prepare("SELECT * FROM practices WHERE status = 'published' ORDER BY published_at DESC, id DESC")
      .all() as PracticeRow[];
    return this.withChildren(rows);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM practices').get() as { n: number }).n;
  }

  /** Goes up with every change to the practices table (see the triggers in the first migration). */
  catalogueVersion(): number {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'catalogue_version'").get() as { value: string };
    return Number(row.value);
  }

  // Loads the child rows of many practices with one query per child table instead of one per practice.
  private withChildren(rows: PracticeRow[]): Practice[] {
    if (rows.length === 0) return [];
    const children = new Map<number, Children>(rows.map((r) => [r.id, emptyChildren()]));
    const ids = JSON.stringify(rows.map((r) => r.id));
    const select = (sql: string) => this.db.prepare(sql).all(ids) as Record<string, unknown>[];
    const inIds = 'practice_id IN (SELECT value FROM json_each(?))';

    for (const r of select(`SELECT practice_id, nis_code FROM practice_municipalities WHERE ${inIds} ORDER BY nis_code`)) {
      children.get(r.practice_id as number)?.municipalities.push(r.nis_code as string);
    }
    for (const r of select(`SELECT practice_id, province FROM practice_provinces WHERE ${inIds} ORDER BY province`)) {
      children.get(r.practice_id as number)?.provinces.push(r.province as Practice['provinces'][number]);
    }
    for (const r of select(`SELECT practice_id, vocabulary, value FROM practice_terms WHERE ${inIds} ORDER BY rowid`)) {
      const c = children.get(r.practice_id as number);
      if (!c) continue;
      if (r.vocabulary === 'theme') c.themes.push(r.value as Practice['themes'][number]);
      else if (r.vocabulary === 'targetGroup') c.targetGroups.push(r.value as Practice['targetGroups'][number]);
      else c.lifeDomains.push(r.value as Practice['lifeDomains'][number]);
    }
    for (const r of select(`SELECT practice_id, name FROM practice_partners WHERE ${inIds} ORDER BY position`)) {
      children.get(r.practice_id as number)?.partners.push(r.name as string);
    }
    for (const r of select(`SELECT practice_id, url, label FROM practice_links WHERE ${inIds} ORDER BY position`)) {
      children.get(r.practice_id as number)?.links.push({ url: r.url as string, label: orUndefined(r.label as string | null) });
    }
    return rows.map((row) => toPractice(row, children.get(row.id) ?? emptyChildren()));
  }
}
