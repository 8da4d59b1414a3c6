// What templates print: src/http/view-engine.ts's escaping must print exactly what EJS's own does.
import { expect } from 'chai';
import ejs from 'ejs';
import fc from 'fast-check';
import { escapeHtml } from '../../../src/http/view-engine.js';

describe('View engine', () => {
  describe('escapeHtml', () => {
    it('escapes & < > " and \' as EJS does, and prints nothing for undefined and null', () => {
      expect(escapeHtml('<script>alert("x" & \'y\')</script>')).to.equal('&lt;script&gt;alert(&#34;x&#34; &amp; &#39;y&#39;)&lt;/script&gt;');
      expect(escapeHtml(undefined)).to.equal('');
      expect(escapeHtml(null)).to.equal('');
      expect(escapeHtml(0)).to.equal('0');
      expect(escapeHtml('Thema’s · “mantelzorg”')).to.equal('Thema’s · “mantelzorg”');
    });

    // NUL marks where a page sent in parts takes a kept fragment (view-fragments.ts).
    it('prints NUL as U+FFFD, as a browser shows it: a printed value never holds a NUL', () => {
      expect(escapeHtml('a\u0000b')).to.equal('a\uFFFDb');
      expect(escapeHtml('<\u0000>\u0000')).to.equal('&lt;\uFFFD&gt;\uFFFD');
    });

    it('prints what EJS prints, but for NUL, for any text', () => {
      fc.assert(
        fc.property(fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom('&', '<', '>', '"', "'", 'a', ' ', '’', '\u0000') })), (text) => {
          expect(escapeHtml(text)).to.equal(ejs.escapeXML(text).replaceAll('\u0000', '\uFFFD'));
        }),
      );
    });
  });
});
