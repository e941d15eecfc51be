/**
 * The small HTTP server kit `seedsnap serve` and `seedsnap review` both stand on (node:http): listen with a
 * clear error, read a body under a size limit, answer JSON, turn what a handler throws into an answer, and
 * close cleanly — stop accepting, let requests in flight finish for a grace period, then cut what is left.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** An answer a handler gives by throwing: its status and message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

export interface HttpServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  handle: Handler;
  /** Answers what `handle` threw, when nothing was sent yet (a response already under way is cut instead). */
  onError: (error: unknown, req: http.IncomingMessage, res: http.ServerResponse) => void;
  /** The error to throw when the server cannot listen (the port is taken…). */
  listenError: (error: NodeJS.ErrnoException, at: { host: string; port: number }) => Error;
  /** On close, how long requests in flight may finish before every connection is cut, ms (default 0). */
  graceMs?: number;
  /** Called when that grace runs out, so work still in flight can stop. */
  onGraceOver?: () => void;
}

export interface RunningHttpServer {
  /** `http://host:port` (an IPv6 host in brackets). */
  url: string;
  host: string;
  port: number;
  /** True once close() was called. */
  readonly closing: boolean;
  close(): Promise<void>;
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  let closing: Promise<void> | undefined;
  const server = http.createServer((req, res) => {
    // While closing, a connection that has answered its last request is idle: close it now, not at the grace end.
    res.on('finish', () => {
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
    options.handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else options.onError(error, req, res);
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  server.listen(options.port, options.host);
  try {
    await once(server, 'listening');
  } catch (error) {
    throw options.listenError(error as NodeJS.ErrnoException, { host: options.host, port: options.port });
  }
  const port = (server.address() as AddressInfo).port;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}`,
    host: options.host,
    port,
    get closing() {
      return closing !== undefined;
    },
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const cut = () => {
          options.onGraceOver?.();
          server.closeAllConnections();
        };
        const grace = setTimeout(cut, options.graceMs ?? 0);
        await closed;
        clearTimeout(grace);
      })();
      return closing;
    },
  };
}

/** The request body, refused with `tooLarge()` as soon as it passes `limit` bytes (or claims to). */
export async function readBody(req: http.IncomingMessage, limit: number, tooLarge: () => Error): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | number> = {},
): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': bytes.length, ...headers });
  res.end(bytes);
}
