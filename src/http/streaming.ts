// Streams an answer piece by piece: pipeline waits for the client to take each chunk (backpressure),
// and when the client goes away it destroys the chain, so the source stops being read.
import type { Writable } from 'node:stream';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

type Step = NodeJS.ReadWriteStream;

/**
 * Pipes `source` (an iterable of chunks or records, read lazily) through `steps` into `destination`.
 * Resolves when everything is written or when the client disconnected; rejects on any other error.
 */
export async function streamInto(destination: Writable, source: Iterable<unknown> | AsyncIterable<unknown>, ...steps: Step[]): Promise<void> {
  try {
    await pipeline([Readable.from(source), ...steps, destination]);
  } catch (error) {
    // A client that stops reading (closed tab, cancelled download) is not a server error.
    if ((error as { code?: unknown } | null)?.code === 'ERR_STREAM_PREMATURE_CLOSE') return;
    throw error;
  }
}
