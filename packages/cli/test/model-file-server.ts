import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedRequest {
  path: string;
  range: string | undefined;
}

/**
 * A loopback HTTP file server for the model download tests: serves the files it is given (with HTTP Range),
 * 404 for anything else, `/redirect/<path>` → 302 to `/<path>`, and can cut a connection mid-body once per path.
 */
export class ModelFileServer {
  readonly files = new Map<string, Buffer>();
  readonly requests: ServedRequest[] = [];
  /** path → after how many body bytes the next response to it is cut (once). */
  readonly cutOnce = new Map<string, number>();
  /** Answer every request with the whole file (200), as a server without Range support does. */
  ignoreRange = false;
  /** How many of the next requests get a 503. */
  failNext = 0;
  /** Pause between the body's chunks, so that concurrent fetches overlap. */
  chunkDelayMs = 0;
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      this.requests.push({ path, range: request.headers.range });
      if (path.startsWith('/redirect/')) {
        response.writeHead(302, { location: path.slice('/redirect'.length) }).end();
        return;
      }
      if (this.failNext > 0) {
        this.failNext -= 1;
        response.writeHead(503).end('busy');
        return;
      }
      const body = this.files.get(path);
      if (!body) {
        response.writeHead(404).end('not found');
        return;
      }
      let start = 0;
      const range = this.ignoreRange ? null : /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
      if (range) {
        start = Number(range[1]);
        if (start >= body.length) {
          response.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
          return;
        }
        response.writeHead(206, { 'content-length': body.length - start, 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` });
      } else {
        response.writeHead(200, { 'content-length': body.length });
      }
      const cutAfter = this.cutOnce.get(path);
      if (cutAfter !== undefined) this.cutOnce.delete(path);
      void this.send(response, body.subarray(start), cutAfter);
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private async send(response: ServerResponse, body: Buffer, cutAfter: number | undefined): Promise<void> {
    const chunk = 16 * 1024;
    for (let at = 0; at < body.length; at += chunk) {
      if (cutAfter !== undefined && at + chunk > cutAfter) {
        response.write(body.subarray(at, cutAfter), () => response.socket?.destroy());
        return;
      }
      response.write(body.subarray(at, at + chunk));
      if (this.chunkDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.chunkDelayMs));
    }
    response.end();
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
