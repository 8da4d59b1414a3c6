// Streams an answer piece by piece: pipeline waits for the client to take each chunk (backpressure),
// and when the client goes away it destroys the chain, so the source stops being read.
import type { Writable } from 'node:stream';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';

type Step = NodeJS.ReadWriteStream;
type Source = Iterable<unknown> | AsyncIterable<unknown> | Readable;

const readableOf = (source: Source): Readable => (source instanceof Readable ? source : Readable.from(source));

/**
 * Pipes `source` (a stream, or an iterable of chunks or records, read lazily) through `steps` into
 * `destination`. Resolves when everything is written or when the client disconnected; rejects on any
 * other error.
 */
export async function streamInto(destination: Writable, source: Source, ...steps: Step[]): Promise<void> {
  try {
    await pipeline([readableOf(source), ...steps, destination]);
  } catch (error) {
    // A client that stops reading (closed tab, cancelled download) is not a server error.
    if ((error as { code?: unknown } | null)?.code === 'ERR_STREAM_PREMATURE_CLOSE') return;
    throw error;
  }
}

/**
 * Like streamInto, for a destination that must receive everything (a file): resolves only once all
 * is written and the destination is closed; anything else, an early close included, rejects.
 */
export async function writeWhole(destination: Writable, source: Source, ...steps: Step[]): Promise<void> {
  await pipeline([readableOf(source), ...steps, destination]);
}

/**
 * The items of `source`, handing the event loop back every `sliceMs` milliseconds: making a large
 * export then delays other requests by one slice at most, however fast the file takes the chunks.
 */
export async function* inSlices<T>(source: Iterable<T>, sliceMs = 8): AsyncGenerator<T> {
  let sliceStart = performance.now();
  for (const item of source) {
    if (performance.now() - sliceStart >= sliceMs) {
      await nextTurn();
      sliceStart = performance.now();
    }
    yield item;
  }
}
