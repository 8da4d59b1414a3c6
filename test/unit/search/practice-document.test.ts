// What of a practice's copyable description the index holds, and that an index stored before that
// changed is not reused.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Practice } from '../../../src/domain/practice.js';
import { searchDocumentOf } from '../../../src/search/practice-document.js';
import { SearchIndex, UnreadableSearchIndex } from '../../../src/search/search-index.js';
import { Database } from '../../../src/store/sqlite-driver.js';
import { practiceInput } from '../fixtures.js';

const HASH = 'a'.repeat(64);

function practice(id: number): Practice {
  return {
    ...practiceInput({
      title: 'Buurtwerk',
      workingElements: 'Een vaste sleutelfiguur per straat.',
      transferability: 'Vraagt een lokaal dienstencentrum als draaischijf.',
      evaluation: { kind: 'extern', summary: 'De hogeschool mat de eenzaamheidsschaal.' },
      costs: { amountEur: '1000', period: 'per-jaar', note: 'Dekt de huur van een fietskar.' },
      contactName: 'Griet Vandamme',
      contactRole: 'trajectbegeleider',
      contactEmail: 'griet@example.org',
      materials: [{ fileHash: HASH, fileName: 'draaiboek.pdf', mediaType: 'application/pdf', bytes: 100, title: 'Draaiboek huisbezoeken' }],
    }),
    id,
    slug: `buurtwerk-${id}`,
    status: 'published',
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    publishedAt: '2024-01-01T00:00:00.000Z',
    lastVerifiedAt: undefined,
    evidence: undefined,
  };
}

describe('the search document of a practice', () => {
  const doc = searchDocumentOf(practice(1));

  it('holds the working elements, what copying takes, the evaluation summary and the costs note in the body', () => {
    for (const words of ['sleutelfiguur', 'draaischijf', 'eenzaamheidsschaal', 'fietskar']) expect(doc.body).to.contain(words);
  });

  it('holds the contact role and the titles of the materials among the tags', () => {
    expect(doc.tags).to.contain('trajectbegeleider');
    expect(doc.tags).to.contain('Draaiboek huisbezoeken');
  });

  it('holds neither the contact person’s name nor the e-mail address anywhere', () => {
    const all = JSON.stringify(doc);
    expect(all).not.to.contain('Griet');
    expect(all).not.to.contain('Vandamme');
    expect(all).not.to.contain('griet@example.org');
  });

  it('finds a word that only the working elements hold, through the index', () => {
    const index = SearchIndex.build([doc, { id: 2, title: 'Iets anders', summary: 'Over iets anders.', body: '', tags: '' }]);
    expect(index.search('sleutelfiguren').hits.map((h) => h.id)).to.deep.equal([1]);
    expect(index.search('fietskar').hits.map((h) => h.id)).to.deep.equal([1]);
  });
});

describe('an index stored by the previous release (c99db12)', () => {
  it('is refused as made by another analysis, so it is rebuilt with the new document shape', () => {
    // A copy: even a read-only open of a WAL database leaves side files beside it.
    const dir = mkdtempSync(join(tmpdir(), 'praktijkbank-shape-'));
    let bytes: Buffer;
    try {
      const path = join(dir, 'release.sqlite');
      copyFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'release-c99db12.sqlite'), path);
      const db = new Database(path, { readonly: true, fileMustExist: true });
      try {
        bytes = (db.prepare('SELECT data FROM search_index WHERE id = 1').get() as { data: Buffer }).data;
      } finally {
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(() => SearchIndex.fromBytes(new Uint8Array(bytes))).to.throw(UnreadableSearchIndex, /another version of the analysis/);
  });
});
