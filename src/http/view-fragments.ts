// Parts of a page that are the same on every page that shows them, rendered once and kept with the
// immutable view they are made of. A search's facet values (some 80 checkboxes, half of a results
// page's HTML) are the same for every page and spelling of that search (search-presenter.ts hands out
// the same frozen lists), while the rest of the page is not: so the lists, not the page, are kept.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ejs from 'ejs';
import type { FacetValueView } from './presenters/search-presenter.js';
import { compileOptions, type ViewEngineOptions } from './view-engine.js';

export interface ViewFragments {
  /** The <li> checkboxes of a facet's values, as views/practices/facet-value-items.ejs renders them. */
  facetValueItems(values: readonly FacetValueView[]): string;
}

type Template = (data: object) => string;

export function viewFragments(options: ViewEngineOptions): ViewFragments {
  const filename = join(options.viewsDir, 'practices', 'facet-value-items.ejs');
  const compile = (): Template => ejs.compile(readFileSync(filename, 'utf8'), { ...compileOptions(options), filename, client: false, async: false });
  // While developing, a template edited on disk shows at the next request, as a page's own does.
  if (!options.production) return { facetValueItems: (values) => compile()({ values }) };
  const template = compile();
  const rendered = new WeakMap<readonly FacetValueView[], string>();
  return {
    facetValueItems(values) {
      const known = rendered.get(values);
      if (known !== undefined) return known;
      const html = template({ values });
      // Only a frozen list stays what it was rendered from.
      if (Object.isFrozen(values)) rendered.set(values, html);
      return html;
    },
  };
}
