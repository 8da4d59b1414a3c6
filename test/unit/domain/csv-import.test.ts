import { expect } from 'chai';
import { KNOWN_CSV_COLUMNS, recordsOfCsv } from '../../../src/domain/csv-import.js';
import { CSV_HEADER } from '../../../src/http/presenters/export-presenter.js';

describe('reading the CSV export back (domain/csv-import.ts)', () => {
  it('knows every column the export writes, and no other', () => {
    expect([...KNOWN_CSV_COLUMNS]).to.have.members([...CSV_HEADER]).and.have.length(CSV_HEADER.length);
  });

  it('reads a file a Belgian spreadsheet saved with semicolons, labels and the formula guard', () => {
    const parsed = recordsOfCsv('\uFEFFtitle;summary;themes;scale;source.title;period.ongoing;partners\r\n"\'=Titel";Kort;Armoedebestrijding | netwerken;Lokaal;Bron;ja;"A; B | C"\r\n');
    if (!parsed.ok) throw new Error(parsed.problems[0]?.message);
    expect(parsed.records).to.deep.equal([
      { title: '=Titel', summary: 'Kort', themes: ['armoedebestrijding', 'netwerken'], scale: 'lokaal', source: { title: 'Bron' }, period: { ongoing: true }, partners: ['A; B', 'C'] },
    ]);
  });

  it('refuses a file without the columns a practice needs', () => {
    const parsed = recordsOfCsv('title,summary\r\nA,B\r\n');
    expect(parsed.ok).to.equal(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => p.message)).to.deep.equal(['De kolom "themes" ontbreekt.', 'De kolom "scale" ontbreekt.', 'De kolom "source.title" ontbreekt.']);
  });
});
