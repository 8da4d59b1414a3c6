// The request line on its own: the line of an answer that did not fail is made of chosen fields and
// skips the redaction rules; a line that carries an error still goes through them.
import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { requestLog } from '../../../src/http/middleware/request-log.js';
import { createLogger } from '../../../src/log.js';

function appWithLog() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
  const app = express();
  app.use(requestLog(logger));
  app.get('/ok', (_req, res) => {
    res.send('ok');
  });
  app.get('/fails', (_req, res) => {
    // An error whose fields are not ours to choose: a library's, carrying an address and a token.
    res.err = Object.assign(new Error('the mail server refused'), { email: 'iemand@gemeente.be', token: 'geheim-123' });
    res.status(500).send('fout');
  });
  return { app, lines };
}

describe('the request line', () => {
  it('holds the chosen fields of an answer, its address cleaned of e-mail addresses', async () => {
    const { app, lines } = appWithLog();
    await request(app).get('/ok?contact=iemand%40gemeente.be').expect(200);
    expect(lines).to.have.length(1);
    expect(lines[0]).to.include({ level: 30, app: 'praktijkbank', msg: 'GET /ok?contact=[e-mail] 200' });
    expect(Object.keys(lines[0]!.req as object)).to.deep.equal(['id', 'method', 'url', 'ip']);
    expect(JSON.stringify(lines[0])).not.to.contain('gemeente.be');
  });

  it("still runs a failed answer's error through the redaction rules", async () => {
    const { app, lines } = appWithLog();
    await request(app).get('/fails').expect(500);
    expect(lines).to.have.length(1);
    expect(lines[0]).to.include({ level: 50, msg: 'GET /fails 500 failed' });
    expect(lines[0]!.err).to.deep.include({ message: 'the mail server refused', email: '[verborgen]', token: '[verborgen]' });
  });
});
