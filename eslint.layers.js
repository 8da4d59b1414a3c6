// The layers as a lint rule: http → domain → store / search, one direction (docs/STYLE.md, decision 31).
// Each block says what a folder may not import; a wrong import, `import type` included, fails the lint.
// The composition roots (src/app.ts, src/services.ts, src/main.ts, src/cli/) wire the layers and may
// import everything. Shared by eslint.config.js and test/unit/lint/layers.test.ts, which lints with these
// blocks alone (no type information needed, so it runs in a second).

export const LAYER_RULE = '@typescript-eslint/no-restricted-imports';

// Files of a layer live in src/<layer>/ or deeper, so a relative import reaches another layer with one
// or more '../': '../store/x.js', '../../store/x.js'.
const folder = (name, except = '') => `^(?:\\.\\./)+${name}(?:/${except}|$)`;
const exactly = (name, file) => `^(?:\\.\\./)+${name}/${file.replace('.', '\\.')}$`;

const store = (message, except = '') => ({ regex: folder('store', except), caseSensitive: true, message });
const http = (message) => ({ regex: folder('http'), caseSensitive: true, message });
const compositionRoots = {
  regex: '^(?:\\.\\./)+(?:(?:app|services|main)\\.js$|cli(?:/|$))',
  caseSensitive: true,
  message: 'The composition roots (app, services, main, cli) wire the layers; no layer imports them.',
};

const HTTP_STORE = 'HTTP sees only the domain: call a domain function, or use a type from src/domain/ (the two exceptions are named in eslint.layers.js).';
const httpRules = (...exceptions) => [store(HTTP_STORE, exceptions.map((e) => `(?!${e.file.replace('.', '\\.')}$)`).join('')), compositionRoots, ...exceptions.map((e) => e.pattern)];

// The two things HTTP may take from the store, each from one file and by name only.
const HEALTH = {
  file: 'database-health.js',
  pattern: { regex: exactly('store', 'database-health.js'), caseSensitive: true, allowImportNames: ['DatabaseHealth'], message: 'The health check may take only the DatabaseHealth type from the store.' },
};
const STORAGE_ERRORS = {
  file: 'sqlite-errors.js',
  pattern: { regex: exactly('store', 'sqlite-errors.js'), caseSensitive: true, allowImportNames: ['isStorageUnavailable'], message: 'The error handler may take only isStorageUnavailable from the store.' },
};

export const layerConfigs = [
  {
    name: 'layers/http',
    files: ['src/http/**/*.ts'],
    rules: { [LAYER_RULE]: ['error', { patterns: httpRules() }] },
  },
  {
    name: 'layers/http: the health check reads the database state',
    files: ['src/http/controllers/health-controller.ts'],
    rules: { [LAYER_RULE]: ['error', { patterns: httpRules(HEALTH) }] },
  },
  {
    name: 'layers/http: the error handler maps storage errors',
    files: ['src/http/middleware/error-handler.ts'],
    rules: { [LAYER_RULE]: ['error', { patterns: httpRules(STORAGE_ERRORS) }] },
  },
  {
    name: 'layers/domain',
    files: ['src/domain/**/*.ts'],
    rules: {
      [LAYER_RULE]: [
        'error',
        {
          patterns: [
            http('The domain never sees HTTP: no req, res, controllers or presenters.'),
            store('The domain declares the stores it needs (src/domain/*-store.ts, moderator-account.ts…); the SQLite repositories implement them and the composition roots pass them in.'),
            compositionRoots,
          ],
        },
      ],
    },
  },
  {
    name: 'layers/search',
    files: ['src/search/**/*.ts'],
    rules: {
      [LAYER_RULE]: [
        'error',
        {
          patterns: [
            store('Search never queries the database: it is handed documents and bytes.'),
            http('Search knows nothing of HTTP.'),
            compositionRoots,
          ],
        },
      ],
    },
  },
  {
    name: 'layers/mail',
    files: ['src/mail/**/*.ts'],
    rules: {
      [LAYER_RULE]: [
        'error',
        {
          patterns: [
            store('Mail sends what it is handed: the outbox worker reads the store, the transport never does.'),
            http('Mail knows nothing of HTTP.'),
            { regex: folder('search'), caseSensitive: true, message: 'Mail knows nothing of search.' },
            compositionRoots,
          ],
        },
      ],
    },
  },
  {
    name: 'layers/store',
    files: ['src/store/**/*.ts'],
    rules: { [LAYER_RULE]: ['error', { patterns: [http('The store knows nothing of HTTP.'), compositionRoots] }] },
  },
];
