/**
 * Fault injection for `seedsnap serve`: the ways a real image API misbehaves,
 * each with a share of requests, so a provider's retries, timeouts and
 * validation are tested over a real socket.
 *
 * Which request gets which fault is decided by hashing the fault seed with the
 * request body and the number of times that same body has been seen — not by
 * arrival order. So with a fixed seed the same case always meets the same
 * faults on its first try, its second, …, whatever the concurrency, and a
 * retried request can succeed where the first try failed. The one trap: two
 * identical requests in one run share a count, so they take turns.
 */
import { hash2, hashString } from '../providers/local/random.js';

export type FaultKind = 'drop' | 'rate_limit' | 'server_error' | 'truncate' | 'bad_base64' | 'not_image' | 'wrong_size';

export interface FaultOptions {
  /** Added before every generation is answered, in ms. */
  latencyMs?: number;
  /** Added per denoising step, in ms (a 28-step request waits 28× this). */
  stepLatencyMs?: number;
  /** Share of requests answered 429 with Retry-After. */
  rateLimit?: number;
  /** Seconds in the Retry-After header of a 429. */
  retryAfterS?: number;
  /** Share answered 500, 502 (an HTML body, as a gateway sends) or 503. */
  serverError?: number;
  /** Share whose connection is closed without an answer. */
  drop?: number;
  /** Share whose body stops halfway (Content-Length promises more). */
  truncate?: number;
  /** Share whose b64_json is not valid base64 (in url mode: a URL that leads nowhere). */
  badBase64?: number;
  /** Share whose image bytes are not an image (an HTML error page). */
  notImage?: number;
  /** Share whose image has another size than the request asked for. */
  wrongSize?: number;
  /** Makes the faults repeatable; default: a new seed per server. */
  seed?: number;
}

/** In the order the shares are stacked on [0, 1). */
const SHARES: readonly [FaultKind, keyof FaultOptions][] = [
  ['drop', 'drop'],
  ['rate_limit', 'rateLimit'],
  ['server_error', 'serverError'],
  ['truncate', 'truncate'],
  ['bad_base64', 'badBase64'],
  ['not_image', 'notImage'],
  ['wrong_size', 'wrongSize'],
];

export class FaultPlan {
  private readonly seed: number;
  private readonly seen = new Map<number, number>();

  constructor(readonly options: FaultOptions = {}) {
    this.seed = (options.seed ?? process.pid * 2654435761 + Date.now()) >>> 0;
    const total = SHARES.reduce((sum, [, key]) => sum + (options[key] ?? 0), 0);
    if (total > 1) throw new RangeError(`fault shares add up to ${total}, more than 1`);
  }

  get active(): boolean {
    return SHARES.some(([, key]) => (this.options[key] ?? 0) > 0);
  }

  /** The fault for this request body (undefined: answer normally), and a hash to vary its details by. */
  next(body: string): { fault: FaultKind | undefined; hash: number } {
    const key = hashString(body);
    const attempt = this.seen.get(key) ?? 0;
    this.seen.set(key, attempt + 1);
    const hash = hash2(hash2(this.seed, key), attempt);
    const u = hash / 4294967296;
    let edge = 0;
    for (const [kind, option] of SHARES) {
      edge += this.options[option] ?? 0;
      if (u < edge) return { fault: kind, hash };
    }
    return { fault: undefined, hash };
  }

  /** How long to wait before answering a generation of `steps` steps. */
  latencyMs(steps: number): number {
    return (this.options.latencyMs ?? 0) + (this.options.stepLatencyMs ?? 0) * steps;
  }
}

/** Base64 that no strict decoder accepts: characters outside the alphabet, and a length not a multiple of 4. */
export function breakBase64(b64: string): string {
  return `${b64.slice(0, 16)}*#!${b64.slice(16, -1)}`;
}

/** What a misconfigured upstream sends instead of an image. */
export const NOT_AN_IMAGE = new TextEncoder().encode(
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>\n',
);
