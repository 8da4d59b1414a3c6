import { expect } from 'chai';
import { Writable } from 'node:stream';
import { streamInto } from '../../../src/http/streaming.js';

/** A client that reads `chunksBeforeLeaving` chunks slowly, then goes away (closes the tab). */
function slowClient(chunksBeforeLeaving: number): Writable & { received: unknown[] } {
  const received: unknown[] = [];
  const client = new Writable({
    objectMode: true,
    highWaterMark: 1,
    write(chunk, _encoding, done) {
      received.push(chunk);
      if (received.length === chunksBeforeLeaving) {
        setImmediate(() => client.destroy());
        return;
      }
      setTimeout(done, 1);
    },
  });
  return Object.assign(client, { received });
}

describe('streamInto', () => {
  it('writes every chunk of the source, in order', async () => {
    const received: unknown[] = [];
    const sink = new Writable({ objectMode: true, write: (chunk, _e, done) => (received.push(chunk), done()) });
    await streamInto(sink, ['a', 'b', 'c']);
    expect(received).to.deep.equal(['a', 'b', 'c']);
  });

  it('reads the source only as fast as the client takes it, and stops when the client leaves', async () => {
    let produced = 0;
    let finished = false;
    function* source() {
      try {
        for (let i = 0; i < 100_000; i++) {
          produced++;
          yield `regel ${i}`;
        }
      } finally {
        finished = true;
      }
    }
    const client = slowClient(5);
    await streamInto(client, source());
    expect(client.received).to.have.length(5);
    // A few chunks are buffered ahead (high-water marks), never the whole source.
    expect(produced).to.be.lessThan(100);
    expect(finished, 'the generator is closed').to.equal(true);
  });

  it('passes on an error that is not a client leaving', async () => {
    function* failing(): Generator<string> {
      yield 'a';
      throw new Error('the catalogue broke');
    }
    const sink = new Writable({ objectMode: true, write: (_c, _e, done) => done() });
    let caught: unknown;
    await streamInto(sink, failing()).catch((error: unknown) => (caught = error));
    expect((caught as Error).message).to.equal('the catalogue broke');
  });
});
