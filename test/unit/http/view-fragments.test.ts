// Fragments rendered once and kept with the immutable view they are made of (src/http/view-fragments.ts):
// what they print, when a kept one is used, and a page sent in parts around them.
import { expect } from 'chai';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FacetValueView, ResultItemView } from '../../../src/http/presenters/search-presenter.js';
import { operatorView } from '../../../src/http/presenters/operator-presenter.js';
import { viewFragments } from '../../../src/http/view-fragments.js';
import { paths } from '../../../src/paths.js';
import { loadConfig } from '../../../src/config.js';

const values: readonly FacetValueView[] = Object.freeze([
  { name: 'theme', id: 'f-theme-armoede', value: 'armoede', label: 'Armoede & <schulden>', count: 12, selected: true },
  { name: 'theme', id: 'f-theme-wonen', value: 'wonen', label: 'Wonen', count: 3, selected: false },
]);

const VALUES_HTML =
  '<li class="facet__value"><input type="checkbox" id="f-theme-armoede" name="theme" value="armoede" checked><label for="f-theme-armoede">Armoede &amp; &lt;schulden&gt; <span class="facet__count">(12)</span></label></li>\n' +
  '<li class="facet__value"><input type="checkbox" id="f-theme-wonen" name="theme" value="wonen"><label for="f-theme-wonen">Wonen <span class="facet__count">(3)</span></label></li>\n';

const line = (title: string): ResultItemView['line'] =>
  Object.freeze({ title, href: '/praktijken/buurtzorg-gent', period: 'sinds 2019', place: 'Gent', themes: Object.freeze(['Mantelzorg', 'Ouderen & zorg']) });

const item: ResultItemView = Object.freeze({
  line: line('Buurtzorg <Gent>'),
  snippet: Object.freeze([Object.freeze({ text: 'Zorg voor ', match: false }), Object.freeze({ text: 'mantelzorgers', match: true }), Object.freeze({ text: ' in de buurt.', match: false })]),
});
const items: readonly ResultItemView[] = Object.freeze([item]);

const ITEM_HTML =
  '<li class="result">\n' +
  '<h3 class="result__title"><a href="/praktijken/buurtzorg-gent">Buurtzorg &lt;Gent&gt;</a></h3>\n' +
  '<p class="result__meta">Gent · sinds 2019</p>\n' +
  '<p class="result__snippet">Zorg voor <mark>mantelzorgers</mark> in de buurt.</p>\n' +
  '<p class="result__themes"><span class="visually-hidden">Thema’s: </span>Mantelzorg · Ouderen &amp; zorg</p>\n' +
  '</li>\n';

describe('View fragments', () => {
  let viewsDir: string;
  const template = (name: string) => join(viewsDir, 'practices', name);

  beforeEach(() => {
    viewsDir = mkdtempSync(join(tmpdir(), 'praktijkbank-views-'));
    mkdirSync(join(viewsDir, 'practices'));
    for (const name of ['facet-value-items.ejs', 'result-items.ejs']) copyFileSync(join(loadConfig({}).viewsDir, 'practices', name), template(name));
    mkdirSync(join(viewsDir, 'partials'));
    copyFileSync(join(loadConfig({}).viewsDir, 'partials', 'foot.ejs'), join(viewsDir, 'partials', 'foot.ejs'));
  });
  afterEach(() => rmSync(viewsDir, { recursive: true, force: true }));

  // A page as its template would print it: text around what the fragments print.
  const pageWith = (fragments: ReturnType<ReturnType<typeof viewFragments>['pageInParts']>['fragments'], listed = values) =>
    `<ul>\n${fragments.facetValueItems(listed)}</ul>\n<ol>\n${fragments.resultItems(items)}</ol>\n<p>“einde”</p>`;
  const TEXT_PAGE = `<ul>\n${VALUES_HTML}</ul>\n<ol>\n${ITEM_HTML}</ol>\n<p>“einde”</p>`;

  it('prints a facet’s values as checkboxes, escaped, the chosen ones checked', () => {
    for (const production of [true, false]) {
      expect(viewFragments({ viewsDir, production }).inText.facetValueItems(values)).to.equal(VALUES_HTML);
      expect(viewFragments({ viewsDir, production }).inText.facetValueItems([])).to.equal('');
    }
  });

  it('prints results: each title linked, place and period, the snippet with the matched words marked, its themes; all escaped', () => {
    for (const production of [true, false]) {
      expect(viewFragments({ viewsDir, production }).inText.resultItems(items)).to.equal(ITEM_HTML);
      expect(viewFragments({ viewsDir, production }).inText.resultItems([item, { ...item, line: line('Tweede') }])).to.equal(ITEM_HTML + ITEM_HTML.replace('Buurtzorg &lt;Gent&gt;', 'Tweede'));
    }
  });

  it('prints the foot of every page with its operator, escaped, and keeps it in production', () => {
    const operator = operatorView({ name: 'OCMW <Zoersel>', address: 'Kerkplein 1, 2980 Zoersel', email: 'info@zoersel.be', named: true });
    for (const production of [false, true]) {
      const fragments = viewFragments({ viewsDir, production });
      const foot = fragments.inText.foot(operator);
      expect(foot).to.contain('OCMW &lt;Zoersel&gt;<br>').and.contain('<a href="mailto:info@zoersel.be">info@zoersel.be</a>').and.contain(`href="${paths.privacy()}"`);
      expect(foot.trimEnd()).to.match(/<\/html>$/);
      expect(foot).not.to.contain('Testinstallatie');
      const page = fragments.pageInParts();
      expect(Buffer.concat(page.partsOf(`<main></main>${page.fragments.foot(operator)}`)).toString()).to.equal(`<main></main>${foot}`);
    }
    const kept = viewFragments({ viewsDir, production: true });
    const [first, second] = [kept.pageInParts(), kept.pageInParts()].map((page) => page.partsOf(`x${page.fragments.foot(operator)}`)[1]);
    expect(second, 'the same kept bytes for every page').to.equal(first);
  });

  describe('a page sent in parts (production)', () => {
    it('is, byte for byte, the page printed in text', () => {
      const page = viewFragments({ viewsDir, production: true }).pageInParts();
      expect(Buffer.concat(page.partsOf(pageWith(page.fragments))).toString()).to.equal(TEXT_PAGE);
    });

    it('sends the same kept bytes on every page that shows the same frozen views', () => {
      const fragments = viewFragments({ viewsDir, production: true });
      const first = fragments.pageInParts();
      const firstParts = first.partsOf(pageWith(first.fragments));
      const second = fragments.pageInParts();
      const secondParts = second.partsOf(pageWith(second.fragments));
      const kept = (parts: Buffer[]) => parts.filter((part) => part.toString() === VALUES_HTML || part.toString() === ITEM_HTML);
      expect(kept(firstParts)).to.have.length(2);
      expect(kept(secondParts)[0]).to.equal(kept(firstParts)[0]);
      expect(kept(secondParts)[1]).to.equal(kept(firstParts)[1]);
    });

    it('renders a view that may still change (not frozen) into the page’s text each time', () => {
      const fragments = viewFragments({ viewsDir, production: true });
      const value: { -readonly [K in keyof FacetValueView]: FacetValueView[K] } = { ...values[1]! };
      const open = [value];
      const page = fragments.pageInParts();
      const html = pageWith(page.fragments, open);
      expect(html).to.contain('(3)');
      value.count = 4;
      const again = fragments.pageInParts();
      expect(Buffer.concat(again.partsOf(pageWith(again.fragments, open))).toString()).to.contain('(4)');
    });

    it('refuses a page whose marks do not match its kept fragments', () => {
      const fragments = viewFragments({ viewsDir, production: true });
      const page = fragments.pageInParts();
      const html = pageWith(page.fragments);
      expect(() => page.partsOf(`${html}\u0000`)).to.throw(/more fragment marks/);
      const other = fragments.pageInParts();
      other.fragments.resultItems(items);
      expect(() => other.partsOf('<p>no marks</p>')).to.throw(/fewer fragment marks/);
    });
  });

  it('while developing renders every time, so an edited template shows at once, and sends the page whole', () => {
    const fragments = viewFragments({ viewsDir, production: false });
    expect(fragments.inText.facetValueItems(values)).to.equal(VALUES_HTML);
    writeFileSync(template('facet-value-items.ejs'), '<% for (const v of values) { %>[<%= v.value %>]<% } %>');
    expect(fragments.inText.facetValueItems(values)).to.equal('[armoede][wonen]');
    const page = fragments.pageInParts();
    const parts = page.partsOf(pageWith(page.fragments));
    expect(parts).to.have.length(1);
    expect(parts[0]!.toString()).to.contain('[armoede][wonen]').and.contain(ITEM_HTML);
  });
});
