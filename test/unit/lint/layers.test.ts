// The layers are a lint rule (eslint.layers.js): a wrong import between src/ folders fails `npm run lint`.
// Linted with the layer blocks alone, without type information, so these checks take a second or two.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';

const root = fileURLToPath(new URL('../../../', import.meta.url));

interface Layers {
  readonly LAYER_RULE: string;
  readonly layerConfigs: Linter.Config[];
}

// A variable path: the module is plain JavaScript, typed here by what the test reads of it.
const layersPath = pathToFileURL(`${root}eslint.layers.js`).href;
const { LAYER_RULE, layerConfigs } = (await import(layersPath)) as Layers;

const layersOnly = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    // The other rules' disable comments are not this test's business.
    { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, plugins: { '@typescript-eslint': tseslint.plugin }, linterOptions: { reportUnusedDisableDirectives: 'off' } },
    ...layerConfigs,
  ],
});

/** The layer problems of `code` as if it were the file at `filePath`. */
async function problemsOf(filePath: string, code: string): Promise<string[]> {
  const [result] = await layersOnly.lintText(`${code}\n`, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

async function expectRefused(filePath: string, code: string, because: RegExp): Promise<void> {
  const problems = await problemsOf(filePath, code);
  expect(problems, `${filePath}: ${code}`).to.have.length(1);
  expect(problems[0]).to.match(new RegExp(`^${LAYER_RULE}: `)).and.match(because);
}

async function expectAllowed(filePath: string, code: string): Promise<void> {
  expect(await problemsOf(filePath, code), `${filePath}: ${code}`).to.deep.equal([]);
}

describe('the layers as a lint rule', function () {
  this.timeout(20_000);

  describe('http sees only the domain', () => {
    it('refuses a repository imported by a controller, a middleware or a route table, also as `import type` or a re-export', async () => {
      await expectRefused('src/http/controllers/x.ts', "import { PracticeRepository } from '../../store/practice-repository.js';", /HTTP sees only the domain/);
      await expectRefused('src/http/middleware/x.ts', "import type { ModeratorRepository } from '../../store/moderator-repository.js';", /HTTP sees only the domain/);
      await expectRefused('src/http/x.ts', "import { type Db } from '../store/database.js';", /HTTP sees only the domain/);
      await expectRefused('src/http/presenters/x.ts', "export type { DatabaseHealth } from '../../store/database-health.js';", /HTTP sees only the domain/);
      await expectRefused('src/http/x.ts', "import * as store from '../store';", /HTTP sees only the domain/);
    });

    it('lets the health check take the DatabaseHealth type, and nothing else of the store', async () => {
      await expectAllowed('src/http/controllers/health-controller.ts', "import type { DatabaseHealth } from '../../store/database-health.js';");
      await expectRefused('src/http/controllers/health-controller.ts', "import { databaseHealth } from '../../store/database-health.js';", /only the DatabaseHealth type/);
      await expectRefused('src/http/controllers/health-controller.ts', "import { isStorageUnavailable } from '../../store/sqlite-errors.js';", /HTTP sees only the domain/);
    });

    it('lets the error handler take isStorageUnavailable, and nothing else of the store', async () => {
      await expectAllowed('src/http/middleware/error-handler.ts', "import { isStorageUnavailable } from '../../store/sqlite-errors.js';");
      await expectRefused('src/http/middleware/error-handler.ts', "import { sqliteCodeOf } from '../../store/sqlite-errors.js';", /only isStorageUnavailable/);
      await expectRefused('src/http/middleware/error-handler.ts', "import type { DatabaseHealth } from '../../store/database-health.js';", /HTTP sees only the domain/);
    });

    it('gives the two exceptions to those two files only', async () => {
      await expectRefused('src/http/controllers/moderation-controller.ts', "import type { DatabaseHealth } from '../../store/database-health.js';", /HTTP sees only the domain/);
      await expectRefused('src/http/middleware/require-moderator.ts', "import { isStorageUnavailable } from '../../store/sqlite-errors.js';", /HTTP sees only the domain/);
    });

    it('lets http import the domain, its own modules and packages', async () => {
      await expectAllowed(
        'src/http/controllers/x.ts',
        [
          "import type { Request } from 'express';",
          "import { moderationQueue } from '../../domain/moderation-queue.js';",
          "import type { ModeratorStore } from '../../domain/moderator-account.js';",
          "import { paths } from '../../paths.js';",
          "import { NotFound } from '../errors.js';",
        ].join('\n'),
      );
    });
  });

  describe('the domain', () => {
    it('refuses anything of http, also as `import type`', async () => {
      await expectRefused('src/domain/x.ts', "import { NotFound } from '../http/errors.js';", /never sees HTTP/);
      await expectRefused('src/domain/x.ts', "import type { ModerationDependencies } from '../http/controllers/moderation-controller.js';", /never sees HTTP/);
    });

    it('refuses the store, also as `import type`: it declares the stores it needs', async () => {
      await expectRefused('src/domain/x.ts', "import { PracticeRepository } from '../store/practice-repository.js';", /declares the stores it needs/);
      await expectRefused('src/domain/x.ts', "import type { PracticeRepository } from '../store/practice-repository.js';", /declares the stores it needs/);
    });

    it('lets the domain import itself and the search', async () => {
      await expectAllowed('src/domain/x.ts', "import type { PracticeStore } from './practice-store.js';\nimport { SearchIndex } from '../search/search-index.js';");
    });
  });

  describe('the search', () => {
    it('refuses the store and http, also as `import type`', async () => {
      await expectRefused('src/search/x.ts', "import { SearchIndexRepository } from '../store/search-index-repository.js';", /never queries the database/);
      await expectRefused('src/search/x.ts', "import type { Db } from '../store/database.js';", /never queries the database/);
      await expectRefused('src/search/x.ts', "import type { Request } from '../http/errors.js';", /knows nothing of HTTP/);
    });

    it('lets the search use the record’s types of the domain', async () => {
      await expectAllowed('src/search/x.ts', "import type { Practice } from '../domain/practice.js';");
    });
  });

  describe('the store', () => {
    it('refuses http, and uses the domain’s types', async () => {
      await expectRefused('src/store/x.ts', "import { HttpError } from '../http/errors.js';", /store knows nothing of HTTP/);
      await expectAllowed('src/store/x.ts', "import type { PracticeStore } from '../domain/practice-store.js';\nimport type { Db } from './database.js';");
    });
  });

  it('lets no layer import a composition root', async () => {
    await expectRefused('src/domain/x.ts', "import { openServices } from '../services.js';", /composition roots/);
    await expectRefused('src/http/controllers/x.ts', "import { createApp } from '../../app.js';", /composition roots/);
    await expectRefused('src/store/x.ts', "import { run } from '../cli/entry.js';", /composition roots/);
  });

  it('lets the composition roots import every layer', async () => {
    const everything = "import { PracticeRepository } from './store/practice-repository.js';\nimport { errorHandler } from './http/middleware/error-handler.js';";
    await expectAllowed('src/app.ts', everything);
    await expectAllowed('src/services.ts', everything);
    await expectAllowed('src/main.ts', everything);
    await expectAllowed('src/cli/moderator.ts', "import { ModeratorRepository } from '../store/moderator-repository.js';\nimport { createApp } from '../app.js';");
  });

  // The whole tree is `npm run lint`'s business; these are the files that used to reach into the store.
  it('finds the moderation and login controllers, the guard and the two exceptions within their layer as they are now', async () => {
    const results = await layersOnly.lintFiles([
      'src/http/controllers/moderation-controller.ts',
      'src/http/controllers/auth-controller.ts',
      'src/http/middleware/require-moderator.ts',
      'src/http/controllers/health-controller.ts',
      'src/http/middleware/error-handler.ts',
    ]);
    const problems = results.flatMap((r) => r.messages.map((m) => `${r.filePath.slice(root.length)}:${m.line}: ${m.message}`));
    expect(problems).to.deep.equal([]);
  });

  it('is part of the real configuration, for every layer and both exceptions', async () => {
    const real = new ESLint({ cwd: root });
    for (const [file, block] of [
      ['src/http/controllers/moderation-controller.ts', 'layers/http'],
      ['src/http/controllers/health-controller.ts', 'layers/http: the health check reads the database state'],
      ['src/http/middleware/error-handler.ts', 'layers/http: the error handler maps storage errors'],
      ['src/domain/moderation.ts', 'layers/domain'],
      ['src/search/query.ts', 'layers/search'],
      ['src/store/practice-repository.ts', 'layers/store'],
    ] as const) {
      const config = (await real.calculateConfigForFile(file)) as Linter.Config;
      const expected = layerConfigs.find((c) => c.name === block)?.rules?.[LAYER_RULE];
      expect(expected, block).to.be.an('array');
      expect(config.rules?.[LAYER_RULE], file).to.deep.equal([2, ...(expected as unknown[]).slice(1)]);
    }
    for (const composition of ['src/app.ts', 'src/services.ts', 'src/cli/moderator.ts']) {
      const config = (await real.calculateConfigForFile(composition)) as Linter.Config;
      expect(config.rules?.[LAYER_RULE], composition).to.equal(undefined);
    }
  });
});
