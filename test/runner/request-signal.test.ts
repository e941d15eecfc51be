/**
 * A request's signal is made by hand (not AbortSignal.any/timeout, which on Node 20 leave a WeakRef and a
 * timer behind per request): it must still abort when the run stops or the time is up, with the same reasons.
 */
import { describe, expect, it } from 'vitest';
import { requestSignal } from '../../src/runner/case.js';

describe('requestSignal', () => {
  it('aborts with the run, with the run’s reason, and not after it is done', () => {
    const run = new AbortController();
    const first = requestSignal(run.signal, 60_000);
    first.done();
    const second = requestSignal(run.signal, 60_000);
    run.abort(new Error('stop'));
    expect(first.signal.aborted).toBe(false);
    expect(second.signal.aborted).toBe(true);
    expect((second.signal.reason as Error).message).toBe('stop');
    expect(second.timedOut()).toBe(false);
    second.done();
    // A run already stopped gives a signal already aborted.
    expect(requestSignal(run.signal, 60_000).signal.aborted).toBe(true);
  });

  it('times out as AbortSignal.timeout does, and says so', async () => {
    const run = new AbortController();
    const request = requestSignal(run.signal, 5);
    const reason = await new Promise((resolve) =>
      request.signal.addEventListener('abort', () => resolve(request.signal.reason)),
    );
    expect(request.timedOut()).toBe(true);
    expect(reason).toBeInstanceOf(DOMException);
    expect((reason as DOMException).name).toBe('TimeoutError');
    request.done();
    expect(run.signal.aborted).toBe(false);
  });
});
