// The templates are compiled without `with (locals)` (src/http/view-engine.ts): every name a template
// reads from its locals must be declared in VIEW_LOCALS, or the page would fail with a ReferenceError
// the first time that branch of it is shown. Found here by parsing each compiled template and asking
// which names no scope declares.
import { expect } from 'chai';
import ejs from 'ejs';
import * as eslintScope from 'eslint-scope';
import * as espree from 'espree';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { compileOptions } from '../../../src/http/view-engine.js';
import { VIEW_LOCALS } from '../../../src/http/view-locals.js';

const VIEWS = join(import.meta.dirname, '../../../views');
/** Names JavaScript itself gives a template. */
const GLOBALS = new Set(['undefined', 'Boolean', 'Number', 'String', 'Array', 'Object', 'JSON', 'Math', 'Date', 'Intl', 'encodeURIComponent']);

const templates = readdirSync(VIEWS, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ejs'))
  .map((file) => join(VIEWS, file));

/** The names a template's compiled code reads without declaring them (the locals it expects). */
function freeNames(file: string, destructuredLocals: readonly string[]): string[] {
  const template = new ejs.Template(readFileSync(file, 'utf8'), { ...compileOptions({ viewsDir: VIEWS, production: true }), destructuredLocals: [...destructuredLocals], filename: file });
  template.compile();
  // The function EJS makes of it, with the parameters it gives every template.
  const source = `(function (locals, escapeFn, include, rethrow) {\n${template.source}\n})`;
  // espree's tree is ESTree, which eslint-scope reads; their type packages differ in a detail only.
  const tree = espree.parse(source, { ecmaVersion: 2024, range: true }) as unknown as Parameters<typeof eslintScope.analyze>[0];
  const scopes = eslintScope.analyze(tree, { ecmaVersion: 2024 });
  return [...new Set(scopes.globalScope!.through.map((reference) => reference.identifier.name))];
}

describe('View locals', () => {
  it('finds the templates', () => {
    expect(templates.length).to.be.greaterThan(40);
    expect(templates.map((file) => relative(VIEWS, file))).to.include('practices/search.ejs');
  });

  it('declares every name a template reads, so none fails with a ReferenceError', () => {
    const missing = templates.flatMap((file) => freeNames(file, VIEW_LOCALS).filter((name) => !GLOBALS.has(name)).map((name) => `${name} (${relative(VIEWS, file)})`));
    expect(missing, 'add these to VIEW_LOCALS in src/http/view-locals.ts').to.deep.equal([]);
  });

  it('finds a name that is not declared (the check above can fail)', () => {
    const withoutView = VIEW_LOCALS.filter((name) => name !== 'view');
    expect(freeNames(join(VIEWS, 'practices/search.ejs'), withoutView)).to.include('view');
  });

  it('compiles every template with these names declared (a template may not declare one of them again)', () => {
    for (const file of templates) expect(() => ejs.compile(readFileSync(file, 'utf8'), { ...compileOptions({ viewsDir: VIEWS, production: true }), filename: file }), relative(VIEWS, file)).not.to.throw();
  });
});
