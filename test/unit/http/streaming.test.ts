import { expect } from 'chai';
import { Writable } from 'node:stream';
import { inSlices, streamInto, writeWhole } from '../../../src/http/streaming.js';

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

describe('writeWhole', () => {
  it('rejects when the destination closes before everything is written, where streamInto would not', async () => {
    const file = slowClient(3);
    let caught: unknown;
    await writeWhole(file, Array.from({ length: 100 }, (_, i) => `regel ${i}`)).catch((error: unknown) => (caught = error));
    expect((caught as { code?: string }).code).to.equal('ERR_STREAM_PREMATURE_CLOSE');
  });
});

describe('inSlices', () => {
  it('yields every item in order', async () => {
    const out: number[] = [];
    for await (const n of inSlices([1, 2, 3])) out.push(n);
    expect(out).to.deep.equal([1, 2, 3]);
  });

  it('hands the event loop back during a long run of work, so other requests get a turn', async () => {
    const spin = (ms: number) => {
      const until = performance.now() + ms;
      while (performance.now() < until);
    };
    let turns = 0;
    let running = true;
    const otherWork = () => {
      turns++;
      if (running) setImmediate(otherWork);
    };
    setImmediate(otherWork);
    const items = Array.from({ length: 60 }, (_, i) => i);
    // 60 items of 1 ms each in slices of 5 ms: about a dozen turns for the rest of the process.
    let seen = 0;
    for await (const item of inSlices(items, 5)) {
      spin(1);
      seen += item === seen ? 1 : 0;
    }
    running = false;
    expect(seen).to.equal(60);
    expect(turns).to.be.at.least(6);

    turns = 0;
    running = true;
    setImmediate(otherWork);
    // The same work in one slice: nobody else runs until it is done.
    for await (const item of inSlices(items, Infinity)) spin(item >= 0 ? 1 : 0);
    running = false;
    expect(turns).to.equal(0);
  });
});
