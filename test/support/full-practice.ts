// A practice a municipality could copy, with every field issue 12 added, stored with its files' rows,
// a last check and a moderators' judgement: for the tests of what the page, JSON-LD and feed show.
import type { PracticeInputDraft } from '../../src/domain/practice.js';
import { practiceInput } from './practices.js';
import type { TestApp } from './test-app.js';

export const PDF_HASH = 'a'.repeat(64);
export const PNG_HASH = 'b'.repeat(64);

/** A practice a municipality could copy: every field issue 12 added, filled. */
export const FULL_PRACTICE: Partial<PracticeInputDraft> = {
  title: 'Buddywerking voor nieuwkomers in Testdorp',
  summary: 'Vrijwilligers begeleiden nieuwkomers een jaar lang in hun eerste stappen in de gemeente.',
  sections: { aanleiding: 'Nieuwkomers vonden de weg niet.', aanpak: 'Elke nieuwkomer krijgt een buddy.', resultaten: 'Negen op tien gezinnen vonden zelf de weg na een jaar.' },
  workingElements: 'Een vaste buddy die wekelijks langskomt.\n\nEen coördinator die de buddy’s coacht.',
  transferability: 'Een coördinator voor halftijds en een pool van twintig vrijwilligers.',
  costs: { amountEur: 12500, period: 'per-jaar', note: 'Loon van de coördinator en onkosten van de vrijwilligers' },
  funding: ['eigen-middelen', 'vlaamse-subsidie'],
  staffFte: 0.5,
  reach: { count: 120, unit: 'gezinnen', year: 2024 },
  evaluation: { kind: 'extern', summary: 'De hogeschool bevroeg de gezinnen na een jaar.', url: 'https://example.org/evaluatie' },
  contactName: 'An Peeters',
  contactRole: 'Coördinator welzijn',
  contactOrganisation: 'OCMW Testdorp',
  contactEmail: 'an.peeters@testdorp.test',
  contactEmailPublic: true,
  source: { title: 'Jaarverslag Testdorp', publisher: 'Gemeente Testdorp', date: '2018-02-23' },
  materials: [
    { fileHash: PDF_HASH, fileName: 'draaiboek.pdf', mediaType: 'application/pdf', bytes: 240_000, title: 'Draaiboek' },
    { fileHash: PNG_HASH, fileName: 'affiche.png', mediaType: 'image/png', bytes: 1_250_000, title: 'Affiche', description: 'Een buddy en een gezin aan een keukentafel' },
  ],
};

/** Stores the full practice, with its files' rows, a last check and a judgement, and refreshes the catalogue. */
export async function insertFullPractice(t: TestApp, slug: string, overrides: Record<string, unknown> = {}): Promise<void> {
  const fileRow = t.services.db.prepare('INSERT OR IGNORE INTO material_files (hash, media_type, bytes, stored_at) VALUES (?, ?, ?, ?)');
  fileRow.run(PDF_HASH, 'application/pdf', 240_000, '2026-01-01T00:00:00.000Z');
  fileRow.run(PNG_HASH, 'image/png', 1_250_000, '2026-01-01T00:00:00.000Z');
  const id = t.services.practices.insert({ slug, status: 'published', input: practiceInput({ ...FULL_PRACTICE, ...overrides }) });
  t.services.practices.markVerified(id, '2026-03-05T10:00:00.000Z');
  t.services.practices.setEvidence(id, { level: 'onderbouwd', justification: 'De werkzame elementen zijn benoemd en onderbouwd.', decidedAt: '2026-03-04T09:00:00.000Z' }, undefined);
  await t.services.catalogue.refreshInBackground();
}
