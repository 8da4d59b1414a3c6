// Requests and responses made by the HTTP server with the Express app's own prototypes from birth.
//
// Express gives every request and response its app's prototypes (app.request, app.response) by
// Object.setPrototypeOf when the request comes in. Changing the prototype of a live object sends V8
// down a slow path: the object's shape is made anew, and the properties Express and Node then add
// build shapes that are not shared. Under load that was the most garbage of all, and the garbage
// lived long enough to fill the old generation: a full collection every second, and the tail of
// every answer's latency with it (docs/performance.md). Made by the server with those prototypes
// already, Express's setPrototypeOf finds the prototype it would set and changes nothing.
// (Node's documented way to extend requests: the IncomingMessage and ServerResponse options of
// http.createServer. expressjs/express#5998 describes the cost.)
import { IncomingMessage, ServerResponse } from 'node:http';
import type { Express } from 'express';

export interface ExpressInstances {
  /** For http.createServer's options. */
  readonly IncomingMessage: typeof IncomingMessage;
  readonly ServerResponse: typeof ServerResponse;
  /**
   * From now on requests and responses are made with this app's prototypes. The server exists before
   * the app (main.ts: it listens first), so the app is named once it is made, before it takes requests.
   */
  adopt(app: Express): void;
}

// Node's IncomingMessage and ServerResponse are constructor functions, not classes: a constructor of our
// own can run them on the object `new` made with its prototype. (Reflect.construct with a new target
// does the same but is slow enough to halve the server's throughput.)
type Constructor = (this: object, first: unknown, second?: unknown) => void;
const isPlainFunction = (f: unknown) => typeof f === 'function' && !Function.prototype.toString.call(f).startsWith('class');

export function expressInstances(): ExpressInstances | undefined {
  // Should a later Node make them classes, the server keeps its own and Express sets the prototypes.
  if (!isPlainFunction(IncomingMessage) || !isPlainFunction(ServerResponse)) return undefined;
  const makeRequest = IncomingMessage as unknown as Constructor;
  const makeResponse = ServerResponse as unknown as Constructor;
  // Node makes them as new IncomingMessage(socket) and new ServerResponse(req, options).
  function AppRequest(this: object, socket: unknown): void {
    makeRequest.call(this, socket);
  }
  function AppResponse(this: object, req: unknown, options: unknown): void {
    makeResponse.call(this, req, options);
  }
  AppRequest.prototype = IncomingMessage.prototype;
  AppResponse.prototype = ServerResponse.prototype;
  return {
    IncomingMessage: AppRequest as unknown as typeof IncomingMessage,
    ServerResponse: AppResponse as unknown as typeof ServerResponse,
    adopt(app) {
      // Both inherit from Node's own (Express builds them on IncomingMessage and ServerResponse), so
      // what Node does with its requests and responses still holds for these.
      AppRequest.prototype = app.request;
      AppResponse.prototype = app.response;
    },
  };
}
