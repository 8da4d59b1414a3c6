// The server's limits on slow clients: a client that trickles its request head, or never finishes its
// body, loses the connection instead of holding a socket for minutes.
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { createHttpServer, SERVER_TIMEOUTS } from '../../src/server-timeouts.js';

/** Opens a connection, sends `start`, then one byte every `drip` ms; resolves with what came back when the server closes. */
function slowClient(port: number, start: string, drip: number): Promise<{ answer: string }> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(start));
    const timer = setInterval(() => socket.writable && socket.write('x'), drip);
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ answer });
    });
    socket.on('error', () => undefined);
    setTimeout(() => reject(new Error('the server kept the slow connection open')), 5_000).unref();
  });
}

describe('the HTTP server limits (server-timeouts.ts)', () => {
  it('sets the documented limits on the server main.ts starts', () => {
    const server = createHttpServer();
    expect(server.headersTimeout).to.equal(SERVER_TIMEOUTS.headersTimeoutMs).and.to.equal(10_000);
    expect(server.requestTimeout).to.equal(SERVER_TIMEOUTS.requestTimeoutMs).and.to.equal(30_000);
    expect(server.keepAliveTimeout).to.equal(SERVER_TIMEOUTS.keepAliveTimeoutMs);
    expect(server.timeout).to.equal(SERVER_TIMEOUTS.socketIdleTimeoutMs);
    server.close();
  });

  const short = { headersTimeoutMs: 300, requestTimeoutMs: 600, checkingIntervalMs: 50, keepAliveTimeoutMs: 200, socketIdleTimeoutMs: 2_000 };

  it('answers 408 and closes a connection whose request head trickles in past the header limit', async () => {
    const server = createHttpServer(short);
    server.on('request', (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { answer } = await slowClient((server.address() as AddressInfo).port, 'GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ', 100);
      // Node's own limits (60 s for the head, 300 s for the request) would keep it open far past the
      // five seconds slowClient waits: closing at all shows these limits apply.
      expect(answer).to.match(/^HTTP\/1\.1 408/);
    } finally {
      server.close();
    }
  });

  it('closes a connection whose body never ends past the request limit', async () => {
    const server = createHttpServer(short);
    server.on('request', (req, res) => {
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { answer } = await slowClient((server.address() as AddressInfo).port, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n', 100);
      expect(answer).not.to.contain('ok');
    } finally {
      server.close();
    }
  });
});
