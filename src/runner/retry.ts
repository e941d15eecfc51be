/**
 * Retrying what a provider says is transient: exponential backoff with full
 * jitter, a server's Retry-After honoured, attempts bounded, aborts obeyed.
 */
import { ProviderError } from '../types/errors.js';
import { sleep } from '../util/sleep.js';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * Longest pause before a retry, whatever a server asks for (Retry-After): past it the run would look hung,
   * and a hostile or confused server could hold a run for hours.
   */
  maxRetryWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryWaitMs: 60_000,
};

export interface AttemptOutcome<T> {
  value?: T;
  error?: unknown;
  attempts: number;
}

export type Random = () => number;

export function backoffDelay(policy: RetryPolicy, attempt: number, random: Random, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined && retryAfterMs >= 0) return Math.min(retryAfterMs, policy.maxRetryWaitMs);
  let cap = policy.baseDelayMs;
  for (let i = 1; i < attempt; i++) cap *= 2;
  cap = Math.min(cap, policy.maxDelayMs, policy.maxRetryWaitMs);
  return Math.round(cap / 2 + (random() * cap) / 2);
}

/** Run `fn` until it succeeds, fails for good, or runs out of attempts. Never throws: the outcome says. */
export async function withRetries<T>(
  fn: (attempt: number) => Promise<T>,
  options: {
    policy: RetryPolicy;
    signal: AbortSignal;
    random?: Random;
    /** Before each pause: the error, the pause, the try that failed, and what the server asked for when the cap cut it. */
    onRetry?: (error: unknown, delayMs: number, attempt: number, askedMs?: number) => void;
    /** How to pause (default: a timer that ends early, rejecting, when the signal aborts). */
    sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  },
): Promise<AttemptOutcome<T>> {
  const random = options.random ?? Math.random;
  let attempt = 0;
  for (;;) {
    attempt++;
    try {
      return { value: await fn(attempt), attempts: attempt };
    } catch (error) {
      const retryable = error instanceof ProviderError && error.retryable;
      if (!retryable || attempt >= options.policy.maxAttempts || options.signal.aborted) {
        return { error, attempts: attempt };
      }
      const delay = backoffDelay(options.policy, attempt, random, error.retryAfterMs);
      const asked = error.retryAfterMs !== undefined && error.retryAfterMs > delay ? error.retryAfterMs : undefined;
      options.onRetry?.(error, delay, attempt, asked);
      try {
        await (options.sleep ?? sleep)(delay, options.signal);
      } catch {
        return { error, attempts: attempt };
      }
    }
  }
}
