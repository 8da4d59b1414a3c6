// Parts of a page that are the same on every page that shows them, rendered once and kept with the
// immutable view they are made of. A search's facet values (some 80 checkboxes, half of a results
// page's HTML) are the same for every page and spelling of that search (search-presenter.ts hands out
// the same frozen lists), and so is a result (a practice with its snippet for the words searched):
// those are kept, not the page around them.
//
// Kept as bytes, encoded once. A page is then put together in parts (pageInParts): where the template
// prints a kept fragment it prints a marker, and the page is sent as its own text, encoded, with the
// kept bytes between. Joined into the page's text instead, the fragments would be copied, the whole
// page's text flattened and encoded again for every page: a tenth of a results page's cost.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ejs from 'ejs';
import type { FacetValueView, ResultItemView } from './presenters/search-presenter.js';
import { compileOptions, type ViewEngineOptions } from './view-engine.js';

/** What templates call (as `fragments`) to print a kept fragment. */
export interface ViewFragments {
  /** The <li> checkboxes of a facet's values, as views/practices/facet-value-items.ejs renders them. */
  facetValueItems(values: readonly FacetValueView[]): string;
  /** One result of a results page, as views/practices/result-item.ejs renders it. */
  resultItem(item: ResultItemView): string;
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
    if (!options.production) return (view) => compile()({ [local]: view });
    const template = compile();
    return (view) => template({ [local]: view });
  };
  const facetValueItems = renderer<readonly FacetValueView[]>('practices/facet-value-items.ejs', 'values');
  const resultItem = renderer<ResultItemView>('practices/result-item.ejs', 'item');
  const inText: ViewFragments = { facetValueItems, resultItem };
  if (!options.production) return { inText, pageInParts: () => ({ fragments: inText, partsOf: (html) => [Buffer.from(html)] }) };

  const facetValueBytes = new KeptBytes<readonly FacetValueView[]>();
  // A result is kept with its snippet (frozen, one practice's, for one set of matched words); the
  // practice's line (frozen, made again when the practice changes) is checked, not trusted.
  const resultBytes = new KeptBytes<ResultItemView['snippet'], ResultItemView['line']>();
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
          facetValueItems: (values) => print(facetValueBytes.of(values, values, () => facetValueItems(values))),
          resultItem: (item) => print(resultBytes.of(item.snippet, item.line, () => resultItem(item))),
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
 * Bytes rendered from frozen views, kept as long as the key view lives: `of` gives the kept bytes, or
 * the rendered text when a view is open (it may change, so what it renders is not kept).
 */
class KeptBytes<K extends object, W = K> {
  private readonly kept = new WeakMap<K, { readonly with: W; readonly bytes: Buffer }>();

  of(key: K, withView: W, render: () => string): Buffer | string {
    if (!Object.isFrozen(key) || !Object.isFrozen(withView)) return render();
    const known = this.kept.get(key);
    if (known?.with === withView) return known.bytes;
    const html = render();
    // A buffer of its own: a small one from Node's shared pool would keep the whole pool slab alive.
    const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(html));
    bytes.write(html);
    this.kept.set(key, { with: withView, bytes });
    return bytes;
  }
}
