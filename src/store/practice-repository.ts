// All SQL about practices. Rows become domain Practice objects here and nowhere else.
import { type EvidenceJudgement, type Practice, type PracticeAdoption, type PracticeInput, type PracticeMaterial, contentOf } from '../domain/practice.js';
import type { ListOrder, NewPractice, PracticeStore, RevisedPractice } from '../domain/practice-store.js';
import type { EvidenceLevel, PublicationStatus } from '../domain/vocabulary.js';
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
  working_elements: string | null;
  transferability: string | null;
  cost_amount_cents: number | null;
  cost_period: Practice['costs']['period'] | null;
  cost_note: string | null;
  staff_fte: number | null;
  reach_count: number | null;
  reach_unit: Practice['reach']['unit'] | null;
  reach_year: number | null;
  evaluation_kind: Practice['evaluation']['kind'] | null;
  evaluation_summary: string | null;
  evaluation_url: string | null;
  contact_name: string | null;
  contact_role: string | null;
  source_date: string | null;
  last_verified_at: string | null;
  evidence_level: EvidenceLevel | null;
  evidence_justification: string | null;
  evidence_decided_at: string | null;
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
  funding: Practice['funding'];
  materials: PracticeMaterial[];
  adoptions: PracticeAdoption[];
}

const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);
const orUndefined = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

function emptyChildren(): Children {
  return { municipalities: [], provinces: [], themes: [], targetGroups: [], lifeDomains: [], partners: [], links: [], funding: [], materials: [], adoptions: [] };
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
      date: orUndefined(row.source_date),
    },
    workingElements: orUndefined(row.working_elements),
    transferability: orUndefined(row.transferability),
    costs: {
      amountEur: row.cost_amount_cents === null ? undefined : row.cost_amount_cents / 100,
      period: orUndefined(row.cost_period),
      note: orUndefined(row.cost_note),
    },
    staffFte: orUndefined(row.staff_fte),
    reach: { count: orUndefined(row.reach_count), unit: orUndefined(row.reach_unit), year: orUndefined(row.reach_year) },
    evaluation: { kind: orUndefined(row.evaluation_kind), summary: orUndefined(row.evaluation_summary), url: orUndefined(row.evaluation_url) },
    contactName: orUndefined(row.contact_name),
    contactRole: orUndefined(row.contact_role),
    contactOrganisation: orUndefined(row.contact_organisation),
    contactEmail: orUndefined(row.contact_email),
    contactEmailPublic: row.contact_email_public === 1,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    publishedAt: orUndefined(row.published_at),
    lastVerifiedAt: orUndefined(row.last_verified_at),
    evidence:
      row.evidence_level === null
        ? undefined
        : { level: row.evidence_level, justification: row.evidence_justification ?? '', decidedAt: row.evidence_decided_at ?? '' },
    ...children,
  };
}

const CHILD_TABLES = [
  'practice_municipalities',
  'practice_provinces',
  'practice_terms',
  'practice_partners',
  'practice_links',
  'practice_funding',
  'practice_materials',
] as const;

/** The practices table's columns for what a person provides, by column name. */
function columnsOf(input: PracticeInput) {
  return {
    title: input.title,
    summary: input.summary,
    section_aanleiding: orNull(input.sections.aanleiding),
    section_aanpak: orNull(input.sections.aanpak),
    section_resultaten: orNull(input.sections.resultaten),
    section_leerpunten: orNull(input.sections.leerpunten),
    scale: input.scale,
    start_year: orNull(input.startYear),
    end_year: orNull(input.endYear),
    ongoing: input.ongoing ? 1 : 0,
    source_title: input.source.title,
    source_publisher: orNull(input.source.publisher),
    source_url: orNull(input.source.url),
    source_note: orNull(input.source.note),
    source_date: orNull(input.source.date),
    working_elements: orNull(input.workingElements),
    transferability: orNull(input.transferability),
    cost_amount_cents: input.costs.amountEur === undefined ? null : Math.round(input.costs.amountEur * 100),
    cost_period: orNull(input.costs.period),
    cost_note: orNull(input.costs.note),
    staff_fte: orNull(input.staffFte),
    reach_count: orNull(input.reach.count),
    reach_unit: orNull(input.reach.unit),
    reach_year: orNull(input.reach.year),
    evaluation_kind: orNull(input.evaluation.kind),
    evaluation_summary: orNull(input.evaluation.summary),
    evaluation_url: orNull(input.evaluation.url),
    contact_name: orNull(input.contactName),
    contact_role: orNull(input.contactRole),
    contact_organisation: orNull(input.contactOrganisation),
    contact_email: orNull(input.contactEmail),
    contact_email_public: input.contactEmailPublic ? 1 : 0,
  };
}

const CONTENT_COLUMNS = Object.keys(columnsOf({
  title: '', summary: '', sections: {}, scale: 'lokaal', source: { title: '' }, costs: {}, reach: {}, evaluation: {},
} as PracticeInput));
const INSERT_SQL = `INSERT INTO practices (slug, status, created_at, updated_at, published_at, ${CONTENT_COLUMNS.join(', ')})
  VALUES (@slug, @status, @now, @now, @publishedAt, ${CONTENT_COLUMNS.map((c) => `@${c}`).join(', ')})`;
const UPDATE_SQL = `UPDATE practices SET ${CONTENT_COLUMNS.map((c) => `${c} = @${c}`).join(', ')}, updated_at = @now WHERE id = @id`;

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
        .prepare(INSERT_SQL)
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
      this.db.prepare(UPDATE_SQL).run({ id, ...columnsOf(input), now });
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

  /** Records that someone checked the description still holds (an approved update, a confirmation). */
  markVerified(id: number, at: string): void {
    this.db.prepare('UPDATE practices SET last_verified_at = ? WHERE id = ?').run(at, id);
  }

  /** Records the moderators' judgement of the practice's evidence, or clears it (undefined). */
  setEvidence(id: number, judgement: EvidenceJudgement | undefined, moderatorId: number | undefined): void {
    this.db
      .prepare(
        `UPDATE practices SET evidence_level = @level, evidence_justification = @justification, evidence_decided_at = @decidedAt,
           evidence_moderator_id = @moderatorId WHERE id = @id`,
      )
      .run({
        id,
        level: judgement?.level ?? null,
        justification: judgement?.justification ?? null,
        decidedAt: judgement?.decidedAt ?? null,
        moderatorId: judgement ? (moderatorId ?? null) : null,
      });
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
    const funding = this.db.prepare('INSERT INTO practice_funding (practice_id, source) VALUES (?, ?)');
    for (const value of input.funding) funding.run(id, value);
    // The file's type and size come from material_files (decided from its content when stored), not from the input.
    const material = this.db.prepare(
      'INSERT INTO practice_materials (practice_id, position, file_hash, file_name, title, description) VALUES (?, ?, ?, ?, ?, ?)',
    );
    input.materials.forEach((m, position) => material.run(id, position, m.fileHash, m.fileName, m.title, orNull(m.description)));
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
    for (const r of select(`SELECT practice_id, source FROM practice_funding WHERE ${inIds} ORDER BY rowid`)) {
      children.get(r.practice_id as number)?.funding.push(r.source as Practice['funding'][number]);
    }
    const materials = select(
      `SELECT m.practice_id, m.file_hash, m.file_name, m.title, m.description, f.media_type, f.bytes
         FROM practice_materials m JOIN material_files f ON f.hash = m.file_hash WHERE m.${inIds} ORDER BY m.position`,
    );
    for (const r of materials) {
      children.get(r.practice_id as number)?.materials.push({
        fileHash: r.file_hash as string,
        fileName: r.file_name as string,
        title: r.title as string,
        description: orUndefined(r.description as string | null),
        mediaType: r.media_type as PracticeMaterial['mediaType'],
        bytes: r.bytes as number,
      });
    }
    // Only approved adoptions are part of the published practice (migration 015).
    for (const r of select(`SELECT practice_id, nis_code, since_year FROM adoptions WHERE status = 'approved' AND ${inIds} ORDER BY since_year DESC, nis_code`)) {
      children.get(r.practice_id as number)?.adoptions.push({ nisCode: r.nis_code as string, since: r.since_year as number });
    }
    return rows.map((row) => toPractice(row, children.get(row.id) ?? emptyChildren()));
  }
}
