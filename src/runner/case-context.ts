/** What one suite's cases share while a run processes them (CaseContext), built from the run's parts in one place. */
import type { BaselineStore } from '../baselines/store.js';
import type { ComparePool } from '../compare/compare-pool.js';
import type { VerdictPolicy } from '../compare/verdict.js';
import type { LoadedSuite } from '../suite/load.js';
import type { ProviderError } from '../types/errors.js';
import type { ImageProvider, RunSettings, RunWait } from '../types/index.js';
import type { Redactor } from '../util/redact.js';
import { DEFAULT_TIMEOUT_MS, type RunOptions } from './options.js';
import { requestLimiter } from './pool.js';
import type { ImageRateLimiter } from './rate-limit.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import type { RunFolder } from './run-folder.js';

export interface CaseContext {
  provider: ImageProvider;
  store: BaselineStore;
  folder: RunFolder;
  policy: VerdictPolicy;
  retry: RetryPolicy;
  signal: AbortSignal;
  timeoutMs: number;
  /** Called when the provider refuses the credentials: the whole run must stop. */
  onAuthFailure: (error: ProviderError) => void;
  /** Images-per-minute limiter shared by every suite using the same endpoint. */
  limiter?: ImageRateLimiter;
  /** Removes API keys from anything recorded. */
  redactor: Redactor;
  /** Generate each case this many times and check the outputs agree (`--repeat`). */
  repeat?: number;
  /** Images claiming more megapixels than this are refused before decoding. */
  maxMegapixels?: number;
  /** The run's comparator: every image, and every repetition of --repeat, is compared on its workers. */
  comparator: ComparePool;
  /** The suite's request slots (its concurrency): only the request holds one, not the judging after it. */
  requestSlots?: <T>(work: () => Promise<T>) => Promise<T>;
  /** Told of every pause before a retry, so a long one can be shown. */
  onWait?: (wait: RunWait) => void;
  /** Asked when a case gets its first request slot; false (--max-failures reached) and the case does not run. */
  mayStart?: () => boolean;
}

export interface CaseContextParts {
  suite: LoadedSuite;
  provider: ImageProvider;
  settings: RunSettings;
  /** The call's own hooks: its retry policy and request timeout (a suite's provider keys win). */
  options: Pick<RunOptions, 'retry' | 'timeoutMs'>;
  store: BaselineStore;
  folder: RunFolder;
  comparator: ComparePool;
  redactor: Redactor;
  signal: AbortSignal;
  /** Images-per-minute limiter shared by every suite using the same endpoint. */
  limiter?: ImageRateLimiter;
  onAuthFailure: (error: ProviderError) => void;
  onWait: (wait: RunWait) => void;
  /** Given when --max-failures may stop the run: false once reached, and a case not yet started does not start. */
  mayStart?: () => boolean;
}

export function caseContext(parts: CaseContextParts): CaseContext {
  const { suite, settings, options } = parts;
  const { max_attempts: maxAttempts, timeout_ms: timeout, max_retry_wait_ms: maxWait } = suite.provider;
  const timeoutMs = timeout ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retry = { ...DEFAULT_RETRY, ...options.retry, ...(maxAttempts ? { maxAttempts } : {}) };
  // A suite that will not wait longer than timeout_ms for an answer will not wait longer for a pause either.
  retry.maxRetryWaitMs = maxWait ?? Math.min(retry.maxRetryWaitMs, timeoutMs);
  const policy: VerdictPolicy = { ci: settings.ci, update: settings.update };
  return {
    provider: parts.provider,
    store: parts.store,
    folder: parts.folder,
    policy,
    signal: parts.signal,
    retry,
    timeoutMs,
    onAuthFailure: parts.onAuthFailure,
    onWait: parts.onWait,
    redactor: parts.redactor,
    comparator: parts.comparator,
    // The suite's request slots: only the request holds one, not the judging after it.
    requestSlots: requestLimiter(concurrencyOf(suite, settings)),
    ...(parts.limiter ? { limiter: parts.limiter } : {}),
    ...(parts.mayStart ? { mayStart: parts.mayStart } : {}),
    ...(settings.repeat ? { repeat: settings.repeat } : {}),
    ...(settings.maxMegapixels ? { maxMegapixels: settings.maxMegapixels } : {}),
  };
}

/** Requests in flight for a suite: --concurrency, else the suite's own (or the project's default for it). */
export function concurrencyOf(suite: LoadedSuite, settings: RunSettings): number {
  return settings.concurrency ?? suite.concurrency;
}
