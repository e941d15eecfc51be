/**
 * `seedsnap review`: the run's report served on 127.0.0.1 with Approve and
 * Reject. The page is the static report plus a token; every change it asks for
 * must carry that token and a Host of this server, so another site open in the
 * same browser (or a DNS-rebinding page) cannot approve anything. Changes are
 * applied one at a time and written through the same code as the CLI.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SWEEP_DIFF_DIR } from '../compare/sweeps.js';
import { DATA_FILE, renderData, renderPage } from '../report/html.js';
import { readResults } from '../report/results-file.js';
import { approveCases, rejectCases } from '../runs/decisions.js';
import { SeedsnapError } from '../types/errors.js';
import { HttpError, readBody, startHttpServer } from '../util/http-server.js';
import { readFileInside } from '../util/safe-path.js';
import { DEFAULT_REVIEW_PORT } from './port.js';

export interface ReviewServerOptions {
  runDir: string;
  baselinesDir?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Told of every decision, for the terminal. */
  onDecision?: (message: string) => void;
  now?: () => Date;
}

export interface ReviewServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export { DEFAULT_REVIEW_PORT };

const HOST = '127.0.0.1';
const IMAGE_DIRS = new Set(['actual', 'expected', 'diff', SWEEP_DIFF_DIR]);
const TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg' };
const MAX_BODY = 64 * 1024;

/**
 * Sent with every answer. No other site may show the page in a frame: a near-transparent frame over a
 * lure turns one click into an approval (clickjacking). X-Frame-Options for older browsers, CSP
 * frame-ancestors for the rest; as HTTP headers, because a <meta> CSP cannot set frame-ancestors.
 */
const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy': "frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-origin',
} as const;

function send(res: ServerResponse, status: number, type: string, body: string | Uint8Array): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type });
  res.end(body);
}

/**
 * A change must come from this server's own page. Browsers send Origin with every POST and
 * Sec-Fetch-Site with every request, so a page on another site (or another local app: same site,
 * other port) is refused even if it somehow had the token. Clients that are not browsers (curl, a
 * script) send neither and are judged by the token alone.
 */
function checkOrigin(req: IncomingMessage, ownOrigins: readonly string[]): void {
  const origin = req.headers.origin;
  const site = req.headers['sec-fetch-site'];
  if (origin !== undefined && !ownOrigins.includes(origin)) {
    throw new HttpError(
      403,
      `refused: the request came from another site (Origin ${origin}); use the page seedsnap printed`,
    );
  }
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw new HttpError(
      403,
      `refused: the request came from another site (Sec-Fetch-Site ${site}); use the page seedsnap printed`,
    );
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    throw new HttpError(415, 'send application/json');
  }
  const body = await readBody(req, MAX_BODY, () => new HttpError(413, 'request body too large'));
  try {
    const value: unknown = JSON.parse(body.toString('utf8') || '{}');
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new HttpError(400, 'the body must be a JSON object');
}

function idsOf(body: Record<string, unknown>): string[] {
  const ids = body.ids;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string')) {
    throw new HttpError(400, '"ids" must be a non-empty list of case ids');
  }
  return ids as string[];
}

export async function startReviewServer(options: ReviewServerOptions): Promise<ReviewServer> {
  // Fail here, before listening, when the folder holds no run.
  await readResults(options.runDir);
  const token = randomBytes(24).toString('base64url');
  const tokenBytes = Buffer.from(token);
  let port = options.port ?? DEFAULT_REVIEW_PORT;
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };
  const tell = (message: string) => options.onDecision?.(message);

  async function post(path: string, body: Record<string, unknown>): Promise<unknown> {
    const now = options.now;
    if (path === '/api/approve') {
      const ids = body.all === true ? [] : idsOf(body);
      const outcome = await serially(() =>
        approveCases({
          runDir: options.runDir,
          ids,
          ...(options.baselinesDir ? { baselinesDir: options.baselinesDir } : {}),
          ...(now ? { now } : {}),
        }),
      );
      for (const image of outcome.approved) tell(`approved ${image.key}`);
      // A refused case (its request was rewritten) is said, on the page and in the terminal: otherwise the
      // click would look like it did nothing.
      for (const { caseId, reason } of outcome.refused) tell(`not approved ${caseId}: ${reason}`);
      return { approved: outcome.approved.map((a) => a.key), refused: outcome.refused, results: outcome.results };
    }
    if (path === '/api/reject') {
      const ids = idsOf(body);
      const note = typeof body.note === 'string' ? body.note : undefined;
      const updated = await serially(() =>
        rejectCases({ runDir: options.runDir, ids, ...(note ? { note } : {}), ...(now ? { now } : {}) }),
      );
      for (const id of ids) tell(`rejected ${id}`);
      return { results: updated };
    }
    throw new HttpError(404, `no such action: ${path}`);
  }

  async function get(path: string, res: ServerResponse): Promise<void> {
    if (path === '/' || path === '/index.html') {
      send(res, 200, 'text/html; charset=utf-8', renderPage({ reviewToken: token }));
      return;
    }
    if (path === `/${DATA_FILE}`) {
      send(res, 200, 'text/javascript; charset=utf-8', renderData(await readResults(options.runDir)));
      return;
    }
    if (path === '/results.json') {
      send(res, 200, 'application/json', JSON.stringify(await readResults(options.runDir)));
      return;
    }
    if (path === '/favicon.ico') {
      send(res, 204, 'image/x-icon', '');
      return;
    }
    const segments = path
      .slice(1)
      .split('/')
      .map((s) => {
        try {
          return decodeURIComponent(s);
        } catch {
          return '..';
        }
      });
    const type = TYPES[(segments.at(-1) ?? '').split('.').pop()?.toLowerCase() ?? ''];
    // Only image files under the run's image folders; a decoded segment may not climb or hide a separator.
    const odd = segments.some((s) => s === '' || s === '.' || s === '..' || /[/\\]/.test(s));
    if (!IMAGE_DIRS.has(segments[0] ?? '') || !type || odd) throw new HttpError(404, 'not found');
    // Through no symlink that leaves the run folder (a run folder may be a downloaded CI artifact).
    const bytes = await readFileInside(options.runDir, segments.join('/')).catch(() => {
      throw new HttpError(404, 'not found');
    });
    send(res, 200, type, bytes);
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const allowed = [`${HOST}:${port}`, `localhost:${port}`];
    if (!allowed.includes(req.headers.host ?? ''))
      throw new HttpError(421, 'wrong Host: open the address seedsnap printed');
    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
    if (req.method === 'GET' || req.method === 'HEAD') return get(url.pathname, res);
    if (req.method !== 'POST') throw new HttpError(405, 'method not allowed');
    checkOrigin(req, [`http://${HOST}:${port}`, `http://localhost:${port}`]);
    const given = Buffer.from(String(req.headers['x-seedsnap-token'] ?? ''));
    if (given.length !== tokenBytes.length || !timingSafeEqual(given, tokenBytes)) {
      throw new HttpError(403, 'missing or wrong review token: reload the page');
    }
    const answer = await post(url.pathname, await readJson(req));
    send(res, 200, 'application/json', JSON.stringify(answer));
  };

  const server = await startHttpServer({
    host: HOST,
    port,
    handle,
    onError: (error, _req, res) => {
      const status = error instanceof HttpError ? error.status : error instanceof SeedsnapError ? 400 : 500;
      const message = error instanceof Error ? error.message : String(error);
      send(res, status, 'application/json', JSON.stringify({ error: message }));
    },
    listenError: (error, at) =>
      error.code === 'EADDRINUSE'
        ? new SeedsnapError('REVIEW_PORT', `port ${at.port} on ${at.host} is already in use`, {
            hint: 'pass another --port, or --port 0 for any free one',
          })
        : error,
  });
  port = server.port;
  return { url: `${server.url}/`, port, token, close: () => server.close() };
}
