import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/errors.js';
import { backoffDelay, withRetries } from '../../src/runner/retry.js';

const policy = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5 };

describe('retries', () => {
  it('retries transient errors up to the attempt limit', async () => {
    let calls = 0;
    const outcome = await withRetries(
      async () => {
        calls++;
        throw new ProviderError('transient', 'busy', { status: 503 });
      },
      { policy, signal: new AbortController().signal },
    );
    expect(calls).toBe(4);
    expect(outcome.attempts).toBe(4);
    expect((outcome.error as ProviderError).status).toBe(503);
  });

  it('does not retry what retrying cannot fix', async () => {
    for (const kind of ['blocked', 'auth', 'invalid'] as const) {
      let calls = 0;
      const outcome = await withRetries(
        async () => {
          calls++;
          throw new ProviderError(kind, kind);
        },
        { policy, signal: new AbortController().signal },
      );
      expect([kind, calls, outcome.attempts]).toEqual([kind, 1, 1]);
    }
  });

  it('returns the value and the attempts it took', async () => {
    let calls = 0;
    const outcome = await withRetries(
      async () => {
        calls++;
        if (calls < 3) throw new ProviderError('response', 'truncated body');
        return 'ok';
      },
      { policy, signal: new AbortController().signal },
    );
    expect(outcome).toEqual({ value: 'ok', attempts: 3 });
  });

  it('doubles the backoff cap, adds jitter, and honours Retry-After', () => {
    const p = { maxAttempts: 9, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(p, 1, () => 0)).toBe(50);
    expect(backoffDelay(p, 1, () => 1)).toBe(100);
    expect(backoffDelay(p, 3, () => 1)).toBe(400);
    expect(backoffDelay(p, 8, () => 1)).toBe(1000);
    expect(backoffDelay(p, 1, () => 0.5, 2500)).toBe(2500);
  });

  it('stops waiting when the run is aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const promise = withRetries(
      async () => {
        throw new ProviderError('transient', 'busy', { retryAfterMs: 60_000 });
      },
      { policy: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 60_000 }, signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 20);
    const outcome = await promise;
    expect(outcome.attempts).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
