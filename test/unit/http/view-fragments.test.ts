// Fragments rendered once and kept with the immutable view they are made of (src/http/view-fragments.ts):
// what they print, and when a kept one is used.
import { expect } from 'chai';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FacetValueView } from '../../../src/http/presenters/search-presenter.js';
import { viewFragments } from '../../../src/http/view-fragments.js';
import { loadConfig } from '../../../src/config.js';

const values: readonly FacetValueView[] = Object.freeze([
  { name: 'theme', id: 'f-theme-armoede', value: 'armoede', label: 'Armoede & <schulden>', count: 12, selected: true },
  { name: 'theme', id: 'f-theme-wonen', value: 'wonen', label: 'Wonen', count: 3, selected: false },
]);

const EXPECTED =
  '<li class="facet__value"><input type="checkbox" id="f-theme-armoede" name="theme" value="armoede" checked><label for="f-theme-armoede">Armoede &amp; &lt;schulden&gt; <span class="facet__count">(12)</span></label></li>\n' +
  '<li class="facet__value"><input type="checkbox" id="f-theme-wonen" name="theme" value="wonen"><label for="f-theme-wonen">Wonen <span class="facet__count">(3)</span></label></li>\n';

describe('View fragments', () => {
  let viewsDir: string;
  const template = () => join(viewsDir, 'practices', 'facet-value-items.ejs');

  beforeEach(() => {
    viewsDir = mkdtempSync(join(tmpdir(), 'praktijkbank-views-'));
    mkdirSync(join(viewsDir, 'practices'));
    copyFileSync(join(loadConfig({}).viewsDir, 'practices', 'facet-value-items.ejs'), template());
  });
  afterEach(() => rmSync(viewsDir, { recursive: true, force: true }));

  it('prints a facet’s values as checkboxes, escaped, the chosen ones checked', () => {
    expect(viewFragments({ viewsDir, production: true }).facetValueItems(values)).to.equal(EXPECTED);
    expect(viewFragments({ viewsDir, production: false }).facetValueItems(values)).to.equal(EXPECTED);
    expect(viewFragments({ viewsDir, production: true }).facetValueItems([])).to.equal('');
  });

  it('in production renders a frozen list once and prints that again; a list that may change, each time', () => {
    const fragments = viewFragments({ viewsDir, production: true });
    const value: { -readonly [K in keyof FacetValueView]: FacetValueView[K] } = { ...values[1]! };
    const frozen = Object.freeze([value]);
    const open = [value];
    const first = fragments.facetValueItems(frozen);
    expect(first).to.contain('(3)');
    value.count = 4;
    expect(fragments.facetValueItems(frozen)).to.equal(first);
    expect(fragments.facetValueItems(open)).to.contain('(4)');
  });

  it('while developing renders every time, so an edited template shows at once', () => {
    const fragments = viewFragments({ viewsDir, production: false });
    expect(fragments.facetValueItems(values)).to.equal(EXPECTED);
    writeFileSync(template(), '<% for (const v of values) { %>[<%= v.value %>]<% } %>');
    expect(fragments.facetValueItems(values)).to.equal('[armoede][wonen]');
  });
});
