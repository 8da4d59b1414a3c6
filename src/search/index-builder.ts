// Where a search index gets built: in a worker thread for the running app (a rebuild never blocks a
// request), or in-process where that does not matter (start-up, tests, scripts).
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SearchDocument } from './search-document.js';
import { SearchIndex } from './search-index.js';

function tsxApiUrl(): string {
  return import.meta.resolve('tsx/esm/api');
}

export type IndexBuilder = (documents: readonly SearchDocument[]) => Promise<SearchIndex>;

export const buildInProcess: IndexBuilder = (documents) => Promise.resolve(SearchIndex.build(documents));

// The worker is the sibling file with this module's own extension: .ts under tsx, .js when compiled.
const extension = extname(fileURLToPath(import.meta.url));
const workerUrl = new URL(`./index-worker${extension}`, import.meta.url);
// Loader hooks registered in the main thread do not reach workers on Node 20, so under tsx the worker
// registers tsx itself before it imports the TypeScript file.
const workerSource =
  extension === '.ts'
    ? `import(${JSON.stringify(tsxApiUrl())}).then(({ register }) => { register(); return import(${JSON.stringify(workerUrl.href)}); });`
    : undefined;

export const buildInWorker: IndexBuilder = (documents) =>
  new Promise((resolve, reject) => {
    const worker = workerSource === undefined
      ? new Worker(workerUrl, { workerData: documents })
      : new Worker(workerSource, { eval: true, workerData: documents });
    let settled = false;
    worker.once('message', (bytes: Uint8Array) => {
      settled = true;
      try {
        resolve(SearchIndex.fromBytes(bytes));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    worker.once('error', (error: unknown) => {
      settled = true;
      reject(error instanceof Error ? error : new Error(String(error)));
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the index worker stopped with exit code ${code} before it answered`));
    });
  });
