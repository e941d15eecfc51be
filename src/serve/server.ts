/**
 * `seedsnap serve`: the built-in model behind a Together-compatible HTTP API,
 * on node:http. `startServer` is what the CLI runs and what tests start in
 * process on port 0.
 *
 * Routes: `POST /v1/images/generations`, `GET /v1/models`, `GET /files/<id>`
 * (images answered with `response_format: "url"`), `GET /health`, and the video
 * jobs: `POST /v1|v2/videos`, `GET /v1|v2/videos/{id}`, `GET /video-files/<id>` (videos.ts).
 */
import type http from 'node:http';
import { SIM_MODELS } from '../providers/local/models.js';
import { dataUrlBytes, LocalModel } from '../providers/local/provider.js';
import { LocalVideoModel } from '../providers/local/video/model.js';
import { SeedsnapError } from '../types/errors.js';
import { readBody, sendJson, startHttpServer } from '../util/http-server.js';
import { type FaultOptions, FaultPlan } from './faults.js';
import { FILE_PATH, FileStore } from './files.js';
import { type GenerationOutcome, handleGeneration } from './generate.js';
import { ApiError } from './request.js';
import { handleVideoRoute, isVideoRoute } from './video-routes.js';
import { type VideoFaultOptions, VideoService, videoModelList } from './videos.js';

export interface ServeOptions {
  /** Default 8787; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the server is for local tests, not the network. */
  host?: string;
  /** When set, every /v1 request needs `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Model revision (1 or 2); default 1. */
  revision?: number;
  /** ±levels of jitter like GPU nondeterminism (0–4); default 0. */
  jitter?: number;
  /** How long a `url` answer stays downloadable, in ms; default 10 minutes. */
  urlTtlMs?: number;
  faults?: FaultOptions;
  /** Video jobs: from create to completed, in ms (default 1500). */
  videoJobMs?: number;
  /** Video faults: shares of failed, slow, expired-URL and truncated jobs. */
  videoFaults?: VideoFaultOptions;
  /** Largest request body; default 32 MB (reference images travel as data: URLs). */
  maxBodyBytes?: number;
  /** How long `close()` lets requests in flight finish before cutting them, in ms; default 5000. */
  graceMs?: number;
  /** One line per request. */
  log?: (line: string) => void;
  /**
   * How the server waits before answering (latency faults): by default a timer that stops when the client
   * goes away or the server shuts down. Tests pass one that records the wait instead of taking it.
   */
  wait?: (ms: number) => Promise<void>;
}

export interface RunningServer {
  /** `http://host:port`; the Together base URL is `${url}/v1`. */
  url: string;
  port: number;
  host: string;
  /** Stop accepting, let requests in flight finish (up to `graceMs`), then close every connection. */
  close(): Promise<void>;
}

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_URL_TTL_MS = 10 * 60_000;
const DEFAULT_MAX_BODY = 32 * 1024 * 1024;

export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const files = new FileStore(options.urlTtlMs ?? DEFAULT_URL_TTL_MS);
  const faults = new FaultPlan(options.faults);
  const shutdown = new AbortController();
  let port = options.port ?? DEFAULT_PORT;
  let requests = 0;

  // A URL this server answered can come back as a Kontext reference or a keyframe.
  const loadReference = (ref: string) => {
    if (ref.startsWith('data:')) return dataUrlBytes(ref);
    const url = URL.canParse(ref) ? new URL(ref) : undefined;
    if (!url || Number(url.port) !== port || !FILE_PATH.test(url.pathname)) return undefined;
    const file = files.get(url.pathname);
    return typeof file === 'object' ? file.bytes : undefined;
  };
  const model = new LocalModel({ revision: options.revision ?? 1, jitter: options.jitter ?? 0, loadReference });

  // The video models read keyframes the same way: data: URLs, or this server's own /files/ URLs.
  const videos = new VideoService({
    model: new LocalVideoModel({ revision: options.revision ?? 1, loadReference }),
    ...(options.videoJobMs === undefined ? {} : { jobMs: options.videoJobMs }),
    ...(options.urlTtlMs === undefined ? {} : { urlTtlMs: options.urlTtlMs }),
    ...(options.videoFaults ? { faults: options.videoFaults } : {}),
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = Date.now();
    const requestId = `seedsnap-${++requests}`;
    const notes: string[] = [];
    res.on('close', () => {
      const status = res.writableFinished ? String(res.statusCode) : 'dropped';
      const extra = notes.length > 0 ? ` (${notes.join(', ')})` : '';
      options.log?.(`${req.method} ${req.url} ${status} ${Date.now() - started}ms${extra}`);
    });
    await route(req, res, requestId, (text) => notes.push(text));
  }

  async function route(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    requestId: string,
    note: (text: string) => void,
  ): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path === '/health') return sendJson(res, 200, { ok: true });
    if (path.startsWith('/files/')) return sendFile(req, res, files.get(path));
    if (isVideoRoute(path)) {
      // A clip's URL is a bearer link, like an image's /files/ URL; the job routes need the key.
      if (!path.startsWith('/video-files/')) authorise(req, options.apiKey);
      await handleVideoRoute(req, res, path, {
        service: videos,
        readBody: async () => {
          const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
          const tooLarge = () => new ApiError(413, 'invalid_request_error', `the body is over ${limit} bytes`);
          return (await readBody(req, limit, tooLarge)).toString('utf8');
        },
        origin: `http://${req.headers.host ?? `${host}:${port}`}`,
      });
      return;
    }
    if (!path.startsWith('/v1/')) throw new ApiError(404, 'invalid_request_error', `no route ${req.method} ${path}`);
    authorise(req, options.apiKey);
    if (path === '/v1/models') {
      expectMethod(req, 'GET');
      return sendJson(res, 200, [...modelList(), ...videoModelList()]);
    }
    if (path !== '/v1/images/generations') {
      throw new ApiError(404, 'invalid_request_error', `no route ${req.method} ${path}`);
    }
    expectMethod(req, 'POST');
    const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
    const body = await readBody(
      req,
      limit,
      () => new ApiError(413, 'invalid_request_error', `the body is over ${limit} bytes`),
    );
    const outcome = await handleGeneration(body.toString('utf8'), {
      model,
      faults,
      files,
      origin: `http://${req.headers.host ?? `${host}:${port}`}`,
      requestId,
      sleep: (ms) => (options.wait ? options.wait(ms) : sleep(ms, req, shutdown.signal)),
      note,
    });
    send(res, outcome);
  }

  const server = await startHttpServer({
    host,
    port,
    handle,
    onError: (error, req, res) => {
      if (error instanceof ApiError) return sendJson(res, error.status, error.body());
      if (shutdown.signal.aborted || req.destroyed) return void res.destroy();
      const message = error instanceof Error ? error.message : String(error);
      sendJson(res, 500, new ApiError(500, 'server_error', `internal error: ${message}`).body());
    },
    listenError: (error, at) => {
      files.close();
      return new SeedsnapError('SERVE_LISTEN', `cannot listen on ${at.host}:${at.port}: ${error.message}`, {
        hint:
          error.code === 'EADDRINUSE'
            ? `port ${at.port} is taken: pass --port 0 for a free one, or another port`
            : undefined,
        cause: error,
      });
    },
    graceMs: options.graceMs ?? 5000,
    onGraceOver: () => shutdown.abort(new Error('server shutting down')),
  });
  port = server.port;
  let closed: Promise<void> | undefined;
  return {
    url: server.url,
    port,
    host,
    close() {
      closed ??= server.close().then(() => {
        files.close();
        videos.close();
      });
      return closed;
    },
  };
}

function authorise(req: http.IncomingMessage, apiKey: string | undefined): void {
  if (!apiKey) return;
  const header = req.headers.authorization ?? '';
  if (header === `Bearer ${apiKey}`) return;
  const message = header
    ? 'invalid API key provided in the Authorization header'
    : 'missing API key: send Authorization: Bearer <key>';
  throw new ApiError(401, 'invalid_request_error', message, undefined, 'invalid_api_key');
}

function expectMethod(req: http.IncomingMessage, method: string): void {
  if (req.method !== method) {
    throw new ApiError(405, 'invalid_request_error', `${req.method} is not allowed here; use ${method}`);
  }
}

function modelList() {
  return Object.entries(SIM_MODELS).map(([id, model]) => ({
    id,
    object: 'model',
    created: 0,
    type: 'image',
    display_name: id,
    organization: 'seedsnap',
    description: model.description,
    capabilities: model.capabilities,
  }));
}

function sleep(ms: number, req: http.IncomingMessage, shutdown: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      req.socket.off('close', gone);
      shutdown.removeEventListener('abort', stop);
      if (error) reject(error);
      else resolve();
    };
    const gone = () => done(new Error('the client went away'));
    const stop = () => done(new Error('server shutting down'));
    const timer = setTimeout(() => done(), ms);
    req.socket.once('close', gone);
    shutdown.addEventListener('abort', stop, { once: true });
  });
}

function send(res: http.ServerResponse, outcome: GenerationOutcome): void {
  if (outcome.kind === 'drop') {
    res.socket?.destroy();
    return;
  }
  if (outcome.kind === 'html') {
    res.writeHead(outcome.status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(outcome.body);
    return;
  }
  if (!outcome.truncate) {
    sendJson(res, outcome.status, outcome.body, outcome.headers);
    return;
  }
  // Promise the whole body, send half of it, and hang up.
  const bytes = Buffer.from(JSON.stringify(outcome.body));
  res.writeHead(outcome.status, { 'content-type': 'application/json', 'content-length': bytes.length });
  res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy());
}

function sendFile(req: http.IncomingMessage, res: http.ServerResponse, file: ReturnType<FileStore['get']>): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    throw new ApiError(405, 'invalid_request_error', `${req.method} is not allowed here; use GET`);
  }
  if (file === undefined) throw new ApiError(404, 'invalid_request_error', 'no such file', undefined, 'file_not_found');
  if (file === 'expired') {
    throw new ApiError(410, 'invalid_request_error', 'this image URL has expired', undefined, 'file_expired');
  }
  res.writeHead(200, {
    'content-type': file.format === 'png' ? 'image/png' : 'image/jpeg',
    'content-length': file.bytes.length,
    'cache-control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : file.bytes);
}
