// A real SMTP server inside the test process (smtp-server), and what arrived, read by mailparser.
// Its behaviour can change mid-test: accept, refuse for good (5xx), or stall before answering the data.
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type SmtpBehaviour = 'accept' | 'refuse' | 'stall';

export interface ReceivedMail {
  readonly parsed: ParsedMail;
  /** The envelope's recipients, as the client said them in RCPT TO. */
  readonly recipients: string[];
  readonly raw: Buffer;
}

export interface TestSmtpServer {
  readonly port: number;
  /** smtp://127.0.0.1:port, for SMTP_URL. */
  readonly url: string;
  readonly received: ReceivedMail[];
  behaviour: SmtpBehaviour;
  /** Called when a message's data has arrived, before the server answers (to kill a client mid-send). */
  onData: (() => void) | undefined;
  /** Resolves once `count` messages arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** Resolves with the first message to `address` once it arrived; rejects after `timeoutMs`. */
  waitForMailTo(address: string, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/** Polls `done` every 20 ms; throws `message()` once `timeoutMs` passed without it. */
async function until(done: () => boolean, timeoutMs: number, message: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(message());
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Starts a server on `port` (0: any free one); no TLS, no login needed, as a local relay. */
export async function startSmtpServer(port = 0, behaviour: SmtpBehaviour = 'accept'): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const stalled: (() => void)[] = [];
  // Once closing, a message that reaches the end of its data is answered at once: a stall that began
  // after close() released the others would keep its connection, and so the close, open for ever.
  let closing = false;
  const state: { behaviour: SmtpBehaviour; onData: (() => void) | undefined } = { behaviour, onData: undefined };
  const server = new SMTPServer({
    // STARTTLS would need a certificate the client trusts; the transport's TLS is not what these tests check.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        state.onData?.();
        if (state.behaviour === 'refuse') {
          callback(Object.assign(new Error('5.7.1 Geweigerd door het beleid van de testserver'), { responseCode: 550 }));
          return;
        }
        if (state.behaviour === 'stall' && closing) {
          callback(Object.assign(new Error('4.3.0 closing'), { responseCode: 421 }));
          return;
        }
        if (state.behaviour === 'stall') {
          stalled.push(() => callback(Object.assign(new Error('4.3.0 closing'), { responseCode: 421 })));
          return;
        }
        const raw = Buffer.concat(chunks);
        void simpleParser(raw).then((parsed) => {
          received.push({ parsed, raw, recipients: session.envelope.rcptTo.map((r) => r.address) });
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  server.on('error', () => undefined);
  const actualPort = (server.server.address() as AddressInfo).port;
  return {
    port: actualPort,
    url: `smtp://127.0.0.1:${actualPort}`,
    received,
    get behaviour() {
      return state.behaviour;
    },
    set behaviour(value) {
      state.behaviour = value;
    },
    get onData() {
      return state.onData;
    },
    set onData(value) {
      state.onData = value;
    },
    async waitFor(count: number, timeoutMs = 10_000) {
      await until(() => received.length >= count, timeoutMs, () => `expected ${count} messages at the test SMTP server, ${received.length} arrived`);
      return received;
    },
    async waitForMailTo(address: string, timeoutMs = 10_000) {
      const to = () => received.find((m) => m.recipients.includes(address));
      await until(() => to() !== undefined, timeoutMs, () => `no message to ${address} arrived at the test SMTP server`);
      return to()!;
    },
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        for (const release of stalled.splice(0)) release();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nothing listens on (yet): SMTP "down". */
export async function freePort(): Promise<number> {
  const probe = await startSmtpServer();
  await probe.close();
  return probe.port;
}
