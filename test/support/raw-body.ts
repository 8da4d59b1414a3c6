// A supertest parser that keeps the body as bytes, for answers superagent would not buffer as text
// (application/atom+xml) or would decode (a CSV whose BOM a test looks at).
import type request from 'supertest';

export function rawBody(res: request.Response, done: (error: Error | null, body: Buffer) => void): void {
  // In Node, superagent hands a parser the response stream itself.
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}
