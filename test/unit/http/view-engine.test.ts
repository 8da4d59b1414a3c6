// What templates print: src/http/view-engine.ts's escaping must print exactly what EJS's own does.
import { expect } from 'chai';
import ejs from 'ejs';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { escapeHtml, localsMentionedIn, viewEngine } from '../../../src/http/view-engine.js';

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

  describe('templates kept in production', () => {
    it('declare the names of the view locals their text mentions, and no others', () => {
      expect(localsMentionedIn('<h1><%= heading %></h1><% view.items.forEach((i) => { %><%= i %><% }) %>')).to.deep.equal(['heading', 'items', 'view']);
      expect(localsMentionedIn('<p>niets</p>')).to.deep.equal([]);
    });

    it('render a page whose include reads names the page itself never mentions, every time the same', async () => {
      const views = mkdtempSync(join(tmpdir(), 'praktijkbank-views-'));
      try {
        mkdirSync(join(views, 'partials'));
        writeFileSync(join(views, 'page.ejs'), "<main><%= heading %></main><%- include('/partials/foot', { notice: 'n' }) %>");
        writeFileSync(join(views, 'partials', 'foot.ejs'), '<footer><%= operator.name %> <%= notice %> <%= typeof view %></footer>');
        const render = viewEngine({ viewsDir: views, production: true });
        const page = () =>
          new Promise<string>((resolve, reject) =>
            render(join(views, 'page.ejs'), { heading: 'Zoeken', operator: { name: 'Gemeente' }, settings: {} }, (error, html) => (error ? reject(error) : resolve(html ?? ''))),
          );
        const expected = '<main>Zoeken</main><footer>Gemeente n undefined</footer>';
        expect(await page()).to.equal(expected);
        expect(await page(), 'the kept template').to.equal(expected);
      } finally {
        rmSync(views, { recursive: true, force: true });
      }
    });
  });
});
