import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RETRY, withRetries } from '../../src/runner/retry.js';
import { ProviderError } from '../../src/types/errors.js';

const policy = { ...DEFAULT_RETRY, maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5 };

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
    const p = { ...DEFAULT_RETRY, maxAttempts: 9, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(p, 1, () => 0)).toBe(50);
    expect(backoffDelay(p, 1, () => 1)).toBe(100);
    expect(backoffDelay(p, 3, () => 1)).toBe(400);
    expect(backoffDelay(p, 8, () => 1)).toBe(1000);
    expect(backoffDelay(p, 1, () => 0.5, 2500)).toBe(2500);
  });

  it('stops waiting when the run is aborted', async () => {
    const controller = new AbortController();
    const waits: number[] = [];
    // The pause as a clock the test holds: it records the wait, then the run is aborted in the middle of it.
    const sleep = (ms: number, signal: AbortSignal) =>
      new Promise<void>((_resolve, reject) => {
        waits.push(ms);
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        controller.abort();
      });
    const outcome = await withRetries(
      async () => {
        throw new ProviderError('transient', 'busy', { retryAfterMs: 60_000 });
      },
      {
        policy: { ...DEFAULT_RETRY, maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 60_000 },
        signal: controller.signal,
        sleep,
      },
    );
    expect(waits).toEqual([60_000]);
    expect(outcome.attempts).toBe(1);
    expect(outcome.error).toBeInstanceOf(ProviderError);
  });

  it('caps what a server asks to wait: 60 s by default, or the policy’s maxRetryWaitMs', async () => {
    const hour = 3_600_000;
    expect(DEFAULT_RETRY.maxRetryWaitMs).toBe(60_000);
    expect(backoffDelay(DEFAULT_RETRY, 1, () => 0.5, hour)).toBe(60_000);
    expect(backoffDelay({ ...DEFAULT_RETRY, maxRetryWaitMs: 2500 }, 1, () => 0.5, hour)).toBe(2500);
    expect(backoffDelay({ ...DEFAULT_RETRY, maxRetryWaitMs: 2500 }, 1, () => 0.5, 1200)).toBe(1200);
    // A wait the server did not ask for is the backoff's own, bounded by maxDelayMs, and never above the cap either.
    expect(backoffDelay({ ...DEFAULT_RETRY, maxDelayMs: 90_000, maxRetryWaitMs: 5000 }, 9, () => 1)).toBe(5000);

    const waits: { delayMs: number; askedMs?: number }[] = [];
    let calls = 0;
    const outcome = await withRetries(
      async () => {
        calls++;
        if (calls === 1) throw new ProviderError('transient', 'slow down', { status: 429, retryAfterMs: hour });
        return 'ok';
      },
      {
        policy: { ...DEFAULT_RETRY, maxRetryWaitMs: 5 },
        signal: new AbortController().signal,
        onRetry: (_error, delayMs, _attempt, askedMs) => waits.push({ delayMs, ...(askedMs ? { askedMs } : {}) }),
      },
    );
    expect(outcome).toEqual({ value: 'ok', attempts: 2 });
    expect(waits).toEqual([{ delayMs: 5, askedMs: hour }]);
  });
});
