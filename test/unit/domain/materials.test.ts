// Which uploads may become a practice's material, under what name: decided by content, never by the name alone.
import { expect } from 'chai';
import { type UploadFacts, judgeUpload, safeFileName, titleOfFileName } from '../../../src/domain/materials.js';
import { pdfFile } from '../../support/material-files.js';

const facts = (overrides: Partial<UploadFacts> = {}): UploadFacts => ({
  originalName: 'draaiboek.pdf',
  bytes: 100,
  tooBig: false,
  detectedType: 'application/pdf',
  head: pdfFile(),
  ...overrides,
});

describe('materials', () => {
  describe('safeFileName', () => {
    it('keeps only the last part of a path, whichever separator it uses', () => {
      expect(safeFileName('../../etc/passwd.pdf')).to.equal('passwd.pdf');
      expect(safeFileName('C:\\Users\\An\\verslag.pdf')).to.equal('verslag.pdf');
    });
    it('strips control and direction characters, and refuses a name with nothing left', () => {
      expect(safeFileName('begr\u202Eoting\u0007.odt')).to.equal('begroting.odt');
      expect(safeFileName('\u0000\u202E')).to.equal(undefined);
      expect(safeFileName('..')).to.equal(undefined);
    });
    it('shortens a long name but keeps its extension', () => {
      const name = safeFileName(`${'a'.repeat(300)}.pdf`);
      expect(name).to.have.length(200);
      expect(name?.endsWith('.pdf')).to.equal(true);
    });
  });

  it('titles a file by its name without extension', () => {
    expect(titleOfFileName('Draaiboek_wijkrestaurant.docx')).to.equal('Draaiboek wijkrestaurant');
  });

  describe('judgeUpload', () => {
    it('accepts a PDF named .pdf', () => {
      expect(judgeUpload(facts())).to.deep.equal({ ok: true, fileName: 'draaiboek.pdf', mediaType: 'application/pdf' });
    });
    it('accepts either JPEG extension, in any case', () => {
      expect(judgeUpload(facts({ originalName: 'foto.JPEG', detectedType: 'image/jpeg', head: Buffer.from([0xff, 0xd8, 0xff]) })).ok).to.equal(true);
    });
    const refused: [string, Partial<UploadFacts>, string][] = [
      ['content of no allowed type', { detectedType: undefined }, 'is geen PDF, ODT'],
      ['an allowed type under another extension', { originalName: 'draaiboek.docx' }, 'maar de naam eindigt niet op .pdf'],
      ['markup in its first kilobytes', { head: Buffer.from('%PDF-1.4\n<script>alert(1)</script>') }, 'bevat ook de code van een webpagina'],
      ['nothing in it', { bytes: 0 }, 'is leeg'],
      ['more than 10 MB', { tooBig: true }, 'is groter dan 10 MB'],
    ];
    for (const [what, overrides, message] of refused) {
      it(`refuses a file with ${what}, naming it`, () => {
        const verdict = judgeUpload(facts(overrides));
        expect(verdict.ok).to.equal(false);
        if (!verdict.ok) expect(verdict.message).to.include('"draaiboek').and.to.include(message);
      });
    }
  });
});
