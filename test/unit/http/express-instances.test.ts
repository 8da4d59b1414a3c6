// The server makes requests and responses with the Express app's prototypes from birth, so Express's
// own Object.setPrototypeOf finds nothing to change (a slow path in V8, docs/performance.md); what
// Express and Node do with them is unchanged.
import { IncomingMessage, ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express from 'express';
import { expressInstances } from '../../../src/http/express-instances.js';
import { createHttpServer } from '../../../src/server-timeouts.js';

async function listening(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe("requests made with the app's prototypes (express-instances.ts)", () => {
  it('are available on this Node: its IncomingMessage and ServerResponse are constructor functions', () => {
    expect(expressInstances(), 'the server would fall back to Express changing every prototype').not.to.equal(undefined);
  });

  it("makes every request and response with the app's prototypes, and Express and Node behave as before", async () => {
    const instances = expressInstances()!;
    const server = createHttpServer(undefined, instances);
    const app = express();
    instances.adopt(app);
    const seen: { requestProto?: boolean; responseProto?: boolean; nodeClasses?: boolean } = {};
    // Before Express sees them (it would set the prototypes itself): as the server made them.
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      seen.requestProto = Object.getPrototypeOf(req) === app.request;
      seen.responseProto = Object.getPrototypeOf(res) === app.response;
    });
    app.get('/zoek', (req, res) => {
      seen.nodeClasses = req instanceof IncomingMessage && res instanceof ServerResponse;
      res.status(201).set('X-Zoek', req.get('x-vraag') ?? '').json({ q: req.query.q, path: req.path });
    });
    server.on('request', app);
    const url = await listening(server);
    try {
      const response = await fetch(`${url}/zoek?q=mantelzorg`, { headers: { 'x-vraag': 'ja' } });
      expect(response.status).to.equal(201);
      expect(response.headers.get('x-zoek')).to.equal('ja');
      expect(await response.json()).to.deep.equal({ q: 'mantelzorg', path: '/zoek' });
      expect(seen).to.deep.equal({ requestProto: true, responseProto: true, nodeClasses: true });
    } finally {
      await close(server);
    }
  });

  it("makes Node's own requests until an app is adopted", async () => {
    const instances = expressInstances()!;
    const server = createHttpServer(undefined, instances);
    let plain = false;
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      plain = Object.getPrototypeOf(req) === IncomingMessage.prototype && Object.getPrototypeOf(res) === ServerResponse.prototype;
      res.end('ok');
    });
    const url = await listening(server);
    try {
      expect(await (await fetch(url)).text()).to.equal('ok');
      expect(plain).to.equal(true);
    } finally {
      await close(server);
    }
  });
});
