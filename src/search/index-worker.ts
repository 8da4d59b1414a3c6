// Runs in a worker thread: builds the search index so the thread that answers requests never has to.
// The bytes are transferred, not copied.
import { parentPort, workerData } from 'node:worker_threads';
import { SearchIndex, type SearchDocument } from './search-index.js';

const bytes = SearchIndex.build(workerData as SearchDocument[]).toBytes();
parentPort?.postMessage(bytes, [bytes.buffer as ArrayBuffer]);
