// Runs in a worker thread: builds the search index so the thread that answers requests never has to.
// The bytes are transferred, not copied.
import { parentPort, workerData } from 'node:worker_threads';
import type { SearchDocument } from './search-document.js';
import { SearchIndex } from './search-index.js';

const bytes = SearchIndex.build(workerData as SearchDocument[]).toBytes();
parentPort?.postMessage(bytes, [bytes.buffer as ArrayBuffer]);
