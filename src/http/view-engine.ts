// How views are rendered: EJS, without `with`, every include named from the views folder.
import { readFileSync } from 'node:fs';
import ejs from 'ejs';
import { VIEW_LOCALS } from './view-locals.js';

type RenderCallback = (error: Error | null, html?: string) => void;

export interface ViewEngineOptions {
  /** The views folder: includes are named from it ("/partials/head"). */
  readonly viewsDir: string;
  /** Keep compiled templates (express sets "view cache" in production) and leave out line tracking. */
  readonly production: boolean;
}

// Most of what a page prints has nothing to escape, yet EJS's escaping runs a replace with a callback
// on every value: half of a results page's rendering. Checked first, a value without & < > ' " (or
// NUL) is printed as it is; any other still goes through EJS's own escaping, so the output is EJS's.
const NEEDS_ESCAPING = /[&<>'"\0]/;
// NUL is no character of an HTML page (a browser shows U+FFFD for it), and it marks where a page sent
// in parts takes a kept fragment (view-fragments.ts): a value printed never carries one.
const NUL = /\0/g;

/** What `<%= %>` prints: EJS's escaping, with a fast way past values that need none. */
export function escapeHtml(value: unknown): string {
  if (value === undefined || value === null) return '';
  // Whatever a template prints is made text the way EJS makes it.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  const text = String(value);
  return NEEDS_ESCAPING.test(text) ? ejs.escapeXML(text).replace(NUL, '\uFFFD') : text;
}

/** The options every template is compiled with (the tests compile them the same way). */
export function compileOptions({ viewsDir, production }: ViewEngineOptions): ejs.Options {
  return {
    cache: production,
    // Line tracking writes a line number before every line of output and wraps the template in a
    // try: useful in an error's message while developing, a cost on every page in production.
    compileDebug: !production,
    // Names declared once (view-locals.ts) instead of looked up through `with (locals)` on every use.
    _with: false,
    escape: escapeHtml,
    destructuredLocals: [...VIEW_LOCALS],
    // An include named from the root ("/partials/head") is found without asking the file system; a
    // relative one is looked for on disk (existsSync) at every render.
    root: viewsDir,
  };
}

/** The names of VIEW_LOCALS a template's text mentions: a name it reads is one it mentions. */
export function localsMentionedIn(text: string): string[] {
  return VIEW_LOCALS.filter((name) => new RegExp(`\\b${name}\\b`).test(text));
}

const BOM = /^\uFEFF/;

/**
 * EJS's cache of compiled templates (ejs.cache, its documented extension point), holding each template
 * compiled to declare only the names of VIEW_LOCALS its own text mentions. Declared from the whole
 * list, every template (and every include) of a page looked up some 130 names in its locals, nearly
 * all of them absent, each time it ran: a tenth of a results page's rendering. EJS compiles a template
 * on first use and hands it here to keep; it is kept compiled again with its own names instead (once).
 */
class TemplatesWithTheirOwnLocals implements ejs.Cache {
  private readonly compiled = new Map<string, ejs.TemplateFunction>();

  constructor(private readonly options: ejs.Options) {}

  set(filename: string): void {
    const text = readFileSync(filename, 'utf8').replace(BOM, '');
    this.compiled.set(filename, ejs.compile(text, { ...this.options, filename, destructuredLocals: localsMentionedIn(text), client: false, async: false }));
  }

  get(filename: string): ejs.TemplateFunction | undefined {
    return this.compiled.get(filename);
  }

  reset(): void {
    this.compiled.clear();
  }
}

export function viewEngine(options: ViewEngineOptions) {
  const compile = compileOptions(options);
  // Kept templates are a production matter (compile.cache); while developing each render reads the file.
  // One views folder per process: the cache is EJS's, shared by every app the process makes.
  if (options.production) ejs.cache = new TemplatesWithTheirOwnLocals(compile);
  return (path: string, data: object, callback: RenderCallback): void => {
    ejs.renderFile(path, data, compile, callback);
  };
}
