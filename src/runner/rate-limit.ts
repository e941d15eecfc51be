/**
 * Images per minute, as Together and most image APIs meter them: never more
 * than `perMinute` images requested in any 60-second window. One limiter is
 * shared by every suite of a run that uses the same provider endpoint.
 */
import type { LoadedSuite } from '../suite/load.js';
import { sleep } from '../util/sleep.js';

const WINDOW_MS = 60_000;

export class ImageRateLimiter {
  private readonly sent: { at: number; count: number }[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = () => performance.now(),
    private readonly wait: (ms: number, signal: AbortSignal) => Promise<void> = sleep,
  ) {
    if (!(perMinute > 0)) throw new TypeError(`Expected \`images_per_minute\` to be above 0, got ${perMinute}`);
  }

  /** Resolve when `count` more images fit in the window; callers are served in order. */
  acquire(count: number, signal: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.take(count, signal));
    // A caller that gives up (abort) must not block the ones behind it.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async take(count: number, signal: AbortSignal): Promise<void> {
    // A request larger than the whole budget waits for an empty window rather than forever.
    const need = Math.min(count, this.perMinute);
    for (;;) {
      signal.throwIfAborted();
      const now = this.now();
      while (this.sent.length > 0 && (this.sent[0]?.at ?? 0) <= now - WINDOW_MS) this.sent.shift();
      const used = this.sent.reduce((n, s) => n + s.count, 0);
      if (used + need <= this.perMinute) {
        this.sent.push({ at: now, count });
        return;
      }
      // Wait until enough of the oldest requests leave the window.
      let freed = used;
      let until = now;
      for (const entry of this.sent) {
        freed -= entry.count;
        until = entry.at + WINDOW_MS;
        if (freed + need <= this.perMinute) break;
      }
      await this.wait(Math.max(1, until - now), signal);
    }
  }
}

/** Suites talking to the same endpoint share one images-per-minute budget (the strictest one set). */
export function endpointKey(suite: LoadedSuite): string {
  return `${suite.provider.name} ${suite.provider.base_url ?? ''}`;
}

export function rateLimiters(suites: readonly LoadedSuite[]): Map<string, ImageRateLimiter> {
  const budgets = new Map<string, number>();
  for (const suite of suites) {
    const perMinute = suite.provider.images_per_minute;
    if (perMinute === undefined) continue;
    const key = endpointKey(suite);
    budgets.set(key, Math.min(perMinute, budgets.get(key) ?? Number.POSITIVE_INFINITY));
  }
  return new Map([...budgets].map(([key, perMinute]) => [key, new ImageRateLimiter(perMinute)]));
}
