import { describe, expect, it } from 'vitest';
import { ImageRateLimiter } from '../../src/runner/rate-limit.js';

/** A limiter on a fake clock: waiting moves the clock instead of sleeping. */
function fakeLimiter(perMinute: number) {
  let now = 0;
  const waits: number[] = [];
  const limiter = new ImageRateLimiter(
    perMinute,
    () => now,
    async (ms) => {
      waits.push(ms);
      now += ms;
    },
  );
  return { limiter, waits, now: () => now };
}

describe('images-per-minute limiter', () => {
  it('never lets more than the budget through in any 60-second window', async () => {
    const { limiter, now } = fakeLimiter(10);
    const signal = new AbortController().signal;
    const times: number[] = [];
    for (let i = 0; i < 25; i++) {
      await limiter.acquire(1, signal);
      times.push(now());
    }
    for (let i = 0; i < times.length; i++) {
      const inWindow = times.filter((t) => t > (times[i] ?? 0) - 60_000 && t <= (times[i] ?? 0)).length;
      expect(inWindow).toBeLessThanOrEqual(10);
    }
    expect(times[9]).toBe(0);
    expect(times[10]).toBe(60_000);
    expect(times[20]).toBe(120_000);
  });

  it('counts n images per request and lets an oversized request through an empty window', async () => {
    const { limiter, now } = fakeLimiter(4);
    const signal = new AbortController().signal;
    await limiter.acquire(3, signal);
    await limiter.acquire(2, signal);
    expect(now()).toBe(60_000);
    await limiter.acquire(9, signal);
    expect(now()).toBe(120_000);
  });

  it('rejects a non-positive budget and stops waiting when aborted', async () => {
    expect(() => new ImageRateLimiter(0)).toThrow(/images_per_minute/);
    const limiter = new ImageRateLimiter(1);
    const controller = new AbortController();
    await limiter.acquire(1, controller.signal);
    const waiting = limiter.acquire(1, controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
  });
});

describe('limiters of a run', () => {
  it('share one budget per endpoint across suites, the strictest one set', async () => {
    const { rateLimiters } = await import('../../src/runner/rate-limit.js');
    const suite = (name: string, base: string, perMinute?: number) =>
      ({
        name,
        provider: {
          name: 'together',
          base_url: base,
          ...(perMinute === undefined ? {} : { images_per_minute: perMinute }),
        },
      }) as never;
    const limiters = rateLimiters([
      suite('a', 'https://api.example/v1', 60),
      suite('b', 'https://api.example/v1', 30),
      suite('c', 'https://other.example/v1', 10),
      suite('d', 'https://none.example/v1'),
    ]);
    expect([...limiters.entries()].map(([key, l]) => [key, l.perMinute])).toEqual([
      ['together https://api.example/v1', 30],
      ['together https://other.example/v1', 10],
    ]);
  });
});
