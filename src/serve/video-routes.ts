/**
 * The video routes on a node:http server: `POST /v1|v2/videos`, `GET /v1|v2/videos/{id}`,
 * `GET /video-files/<id>.<ext>`. Returns false for any other path, so the caller's router goes on.
 * Authorisation is the caller's (the same key check as the image routes).
 */
import type http from 'node:http';
import { ApiError } from './request.js';
import { VIDEO_FILE_PATH, VIDEO_JOB_PATH, type VideoOutcome, type VideoService } from './videos.js';

export interface VideoRouteContext {
  service: VideoService;
  /** Reads the request body within the server's size limit. */
  readBody(): Promise<string>;
  /** `http://host:port` as the client reached the server, for video_url. */
  origin: string;
}

export function isVideoRoute(path: string): boolean {
  return VIDEO_JOB_PATH.test(path) || VIDEO_FILE_PATH.test(path);
}

export async function handleVideoRoute(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  path: string,
  context: VideoRouteContext,
): Promise<boolean> {
  const job = VIDEO_JOB_PATH.exec(path);
  if (VIDEO_FILE_PATH.test(path)) {
    expect(req, ['GET', 'HEAD']);
    send(req, res, context.service.file(path));
    return true;
  }
  if (!job) return false;
  const id = job[1];
  if (id === undefined) {
    expect(req, ['POST']);
    send(req, res, context.service.create(await context.readBody()));
  } else {
    expect(req, ['GET']);
    send(req, res, context.service.retrieve(decodeURIComponent(id), context.origin));
  }
  return true;
}

function expect(req: http.IncomingMessage, methods: readonly string[]): void {
  if (!methods.includes(req.method ?? '')) {
    throw new ApiError(405, 'invalid_request_error', `${req.method} is not allowed here; use ${methods.join(' or ')}`);
  }
}

function send(req: http.IncomingMessage, res: http.ServerResponse, outcome: VideoOutcome): void {
  if (outcome.kind === 'json') {
    const bytes = Buffer.from(JSON.stringify(outcome.body));
    res.writeHead(outcome.status, { 'content-type': 'application/json', 'content-length': bytes.length });
    res.end(bytes);
    return;
  }
  res.writeHead(200, {
    'content-type': outcome.mime,
    'content-length': outcome.bytes.length,
    'cache-control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : outcome.bytes);
}
