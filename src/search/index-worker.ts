// Runs in a worker thread: builds the Lunr index so the thread that answers requests never has to.
import { parentPort, workerData } from 'node:worker_threads';
import { SearchIndex, type SearchDocument } from './search-index.js';

parentPort?.postMessage(SearchIndex.build(workerData as SearchDocument[]).toJSON());
