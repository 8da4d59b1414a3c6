// Parts of a page that are the same on every page that shows them, rendered once and kept with the
// immutable view they are made of. A search's facet values (some 80 checkboxes, half of a results
// page's HTML) are the same for every page and spelling of that search (search-presenter.ts hands out
// the same frozen lists), and so is a page of its results (the catalogue hands out the same frozen
// items, with their snippets, for every spelling): those are kept, not the page around them.
//
// Kept as bytes, encoded once. A page is then put together in parts (pageInParts): where the template
// prints a kept fragment it prints a marker, and the page is sent as its own text, encoded, with the
// kept bytes between. Joined into the page's text instead, the fragments would be copied, the whole
// page's text flattened and encoded again for every page: a tenth of a results page's cost.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ejs from 'ejs';
import { paths } from '../paths.js';
import type { OperatorView } from './presenters/operator-presenter.js';
import type { FacetValueView, ResultItemView } from './presenters/search-presenter.js';
import { compileOptions, type ViewEngineOptions } from './view-engine.js';

/** What templates call (as `fragments`) to print a kept fragment. */
export interface ViewFragments {
  /** The <li> checkboxes of a facet's values, as views/practices/facet-value-items.ejs renders them. */
  facetValueItems(values: readonly FacetValueView[]): string;
  /** The <li> results of a page of results, as views/practices/result-items.ejs renders them. */
  resultItems(items: readonly ResultItemView[]): string;
  /** The foot of every page (views/partials/foot.ejs): the same for every page of the site, its operator's. */
  foot(operator: OperatorView): string;
}

/** One page being rendered: the fragments its template prints, and the page in parts afterwards. */
export interface PageInParts {
  readonly fragments: ViewFragments;
  /** The rendered page as the parts to send: its own text, encoded, with the kept fragments' bytes in place. */
  partsOf(html: string): Buffer[];
}

export interface KeptFragments {
  /** Fragments printed into the page's text (any page rendered the usual way). */
  readonly inText: ViewFragments;
  /** A page to be sent in parts: its fragments print markers where kept bytes go. */
  pageInParts(): PageInParts;
}

// Where a kept fragment goes in a page's text. A page's own text never holds it: every value a
// template prints goes through escapeHtml (view-engine.ts), which turns NUL into U+FFFD, as an
// HTML parser would.
const FRAGMENT_MARK = '\u0000'; // byte 0 in UTF-8, and no other character is

type Render<V> = (view: V) => string;

/** The kept fragments of one app; while developing nothing is kept, so an edited template shows at once. */
export function viewFragments(options: ViewEngineOptions): KeptFragments {
  const renderer = <V>(file: string, local: string): Render<V> => {
    const filename = join(options.viewsDir, file);
    const compile = () => ejs.compile(readFileSync(filename, 'utf8'), { ...compileOptions(options), filename, client: false, async: false });
    // `paths` as app.locals gives it to every template.
    if (!options.production) return (view) => compile()({ [local]: view, paths });
    const template = compile();
    return (view) => template({ [local]: view, paths });
  };
  const facetValueItems = renderer<readonly FacetValueView[]>('practices/facet-value-items.ejs', 'values');
  const resultItems = renderer<readonly ResultItemView[]>('practices/result-items.ejs', 'items');
  const foot = renderer<OperatorView>('partials/foot.ejs', 'operator');
  if (!options.production) {
    const inText: ViewFragments = { facetValueItems, resultItems, foot };
    return { inText, pageInParts: () => ({ fragments: inText, partsOf: (html) => [Buffer.from(html)] }) };
  }

  // The foot is printed into the text of every page that is not sent in parts: kept as text too.
  const footText = keptText<OperatorView>();
  const inText: ViewFragments = { facetValueItems, resultItems, foot: (operator) => footText.of(operator, () => foot(operator)) };
  const facetValueBytes = keptBytes<readonly FacetValueView[]>();
  const resultBytes = keptBytes<readonly ResultItemView[]>();
  const footBytes = keptBytes<OperatorView>();
  return {
    inText,
    pageInParts() {
      const parts: Buffer[] = [];
      const print = (fragment: Buffer | string): string => {
        if (typeof fragment === 'string') return fragment;
        parts.push(fragment);
        return FRAGMENT_MARK;
      };
      return {
        fragments: {
          facetValueItems: (values) => print(facetValueBytes.of(values, () => facetValueItems(values))),
          resultItems: (items) => print(resultBytes.of(items, () => resultItems(items))),
          foot: (operator) => print(footBytes.of(operator, () => foot(operator))),
        },
        partsOf(html) {
          // The page's own text encoded once, as one buffer; its pieces are views of it, not copies.
          const page = Buffer.from(html);
          const out: Buffer[] = [];
          let start = 0;
          for (const fragment of parts) {
            const mark = page.indexOf(0, start);
            if (mark < 0) throw new Error(`a page printed fewer fragment marks than its ${parts.length} kept fragments`);
            if (mark > start) out.push(page.subarray(start, mark));
            out.push(fragment);
            start = mark + 1;
          }
          if (page.indexOf(0, start) >= 0) throw new Error(`a page printed more fragment marks than its ${parts.length} kept fragments`);
          if (start < page.length) out.push(page.subarray(start));
          return out;
        },
      };
    },
  };
}

/**
 * What is rendered from frozen views, kept as long as the view lives: `of` gives what was kept, or the
 * rendered text when the view is open (it may change, so what it renders is not kept).
 */
class Kept<V extends object, K> {
  private readonly kept = new WeakMap<V, K>();

  constructor(private readonly keep: (html: string) => K) {}

  of(view: V, render: () => string): K | string {
    if (!Object.isFrozen(view)) return render();
    let kept = this.kept.get(view);
    if (kept === undefined) {
      kept = this.keep(render());
      this.kept.set(view, kept);
    }
    return kept;
  }
}

// A buffer of its own: a small one from Node's shared pool would keep the whole pool slab alive.
function ownBytes(html: string): Buffer {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(html));
  bytes.write(html);
  return bytes;
}

const keptBytes = <V extends object>() => new Kept<V, Buffer>(ownBytes);
const keptText = <V extends object>() => new Kept<V, string>((html) => html);
