/**
 * A Together video job: create (`POST {base}/videos`), poll (`GET {base}/videos/{id}`) with backoff until
 * `completed`, `failed` or `cancelled`, bounded by `job_timeout_ms`, then download `outputs.video_url`
 * at once (hosted URLs expire) with the image download limits.
 *
 * Every video is paid for, so a retry must never make a second job:
 * - create is retried only when it cannot have made one — the connection was refused or the name did not
 *   resolve (nothing was sent), or a 429 (the rate limiter refused it). Anything after the request was
 *   sent (a 5xx, a reset, a timeout, an unreadable answer) may have made a job, so it is an error that is
 *   not retried, and it says so;
 * - once a job id is known, every later step re-polls that job: polls are retried with backoff, an
 *   expired or failed download asks the job again for its URL, and `knownJobs` lets the caller's own
 *   retry of the whole case pick up the same job instead of creating another.
 */
import { ProviderError } from '../../types/errors.js';
import type { Redactor } from '../../util/redact.js';
import { downloadImage } from '../http/download.js';
import { errorForStatus, retryAfterMs } from '../http/status.js';

export type VideoJobStatus = 'queued' | 'in_progress' | 'completed' | 'failed' | 'cancelled';

export interface VideoJob {
  id: string;
  status: VideoJobStatus;
  model?: string;
  error?: { message?: string; code?: string };
  outputs?: { video_url?: string; cost?: number };
}

export interface VideoJobEvents {
  /** The job exists: from here on it is re-polled, never re-created. */
  created?(id: string): void;
  polled?(job: VideoJob): void;
}

export interface VideoJobOptions {
  /** The video API base, e.g. https://api.together.xyz/v2 (see videoBaseUrl). */
  baseUrl: string;
  apiKey: string | undefined;
  signal: AbortSignal;
  redactor: Redactor;
  label: string;
  /** Longest a job may take from create to completed; default 10 minutes. */
  jobTimeoutMs?: number;
  /** First wait between polls (default 2 s), growing ×1.5 up to `maxPollMs` (default 30 s). */
  pollMs?: number;
  maxPollMs?: number;
  /** Tries of create when nothing can have been created (default 4). */
  createAttempts?: number;
  /** Downloads of the finished clip, each after asking the job for its URL again (default 3). */
  downloadAttempts?: number;
  downloadTimeoutMs?: number;
  maxVideoBytes?: number;
  /** A job to pick up instead of creating one (a retry of a case whose job already exists). */
  jobId?: string;
  events?: VideoJobEvents;
  /** Injected in tests; default Date.now and a timer that the signal cancels. */
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface FinishedVideoJob {
  job: VideoJob;
  bytes: Uint8Array;
  /** What the API says it charged (outputs.cost), when it says. */
  cost: number | undefined;
}

export const DEFAULT_JOB_TIMEOUT_MS = 10 * 60_000;
const DEFAULT_MAX_VIDEO_BYTES = 512 * 1024 * 1024;
const STATUSES: readonly VideoJobStatus[] = ['queued', 'in_progress', 'completed', 'failed', 'cancelled'];
/** fetch failures that happen before a byte of the request is sent. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export async function runVideoJob(body: unknown, options: VideoJobOptions): Promise<FinishedVideoJob> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const started = now();
  const id = options.jobId ?? (await create(body, options, sleep));
  if (options.jobId === undefined) options.events?.created?.(id);
  const deadline = started + (options.jobTimeoutMs ?? DEFAULT_JOB_TIMEOUT_MS);
  const downloads = options.downloadAttempts ?? 3;
  let lastDownloadError: unknown;
  for (let download = 1; download <= downloads; download++) {
    const job = await pollUntilDone(id, deadline, options, now, sleep);
    const url = job.outputs?.video_url;
    if (typeof url !== 'string' || url === '') {
      throw new ProviderError('response', `${options.label}: video job ${id} completed without outputs.video_url`);
    }
    try {
      const bytes = await downloadImage(url, {
        signal: options.signal,
        timeoutMs: options.downloadTimeoutMs ?? 120_000,
        maxBytes: options.maxVideoBytes ?? DEFAULT_MAX_VIDEO_BYTES,
        label: `${options.label} video job ${id}`,
      });
      const cost = typeof job.outputs?.cost === 'number' ? job.outputs.cost : undefined;
      return { job, bytes, cost };
    } catch (error) {
      if (options.signal.aborted || !(error instanceof ProviderError)) throw error;
      // An expired or cut-off download: the job is done and paid for, so ask it again, never re-create.
      lastDownloadError = error;
    }
  }
  const reason = lastDownloadError instanceof Error ? lastDownloadError.message : String(lastDownloadError);
  throw new ProviderError(
    'response',
    `${options.label}: video job ${id} finished but its video could not be downloaded in ${downloads} tries (${reason})`,
    { cause: lastDownloadError },
  );
}

function headers(options: VideoJobOptions, json: boolean): Record<string, string> {
  return {
    accept: 'application/json',
    ...(json ? { 'content-type': 'application/json' } : {}),
    ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
  };
}

async function create(
  body: unknown,
  options: VideoJobOptions,
  sleep: (ms: number, signal: AbortSignal) => Promise<void>,
): Promise<string> {
  const url = `${options.baseUrl}/videos`;
  const attempts = options.createAttempts ?? 4;
  const mayExist = (what: string, cause?: unknown) =>
    new ProviderError(
      'invalid',
      options.redactor.message(
        `${options.label}: creating the video job failed after the request was sent (${what}); a job may have been created and charged, so it is not retried — check the provider's dashboard`,
      ),
      cause === undefined ? {} : { cause },
    );
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: headers(options, true),
        body: JSON.stringify(body),
        signal: options.signal,
      });
    } catch (error) {
      if (options.signal.aborted) throw error;
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (code && NOT_SENT.has(code) && attempt < attempts) {
        await sleep(backoff(attempt, options), options.signal);
        continue;
      }
      if (code && NOT_SENT.has(code)) {
        throw new ProviderError('transient', `${options.label}: cannot reach ${url} (${code})`, { cause: error });
      }
      throw mayExist(code ?? (error as Error).message, error);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      if (options.signal.aborted) throw error;
      throw mayExist(`the answer was cut off after HTTP ${response.status}`, error);
    }
    if (response.status === 429 && attempt < attempts) {
      await sleep(retryAfterMs(response.headers) ?? backoff(attempt, options), options.signal);
      continue;
    }
    if (!response.ok) {
      const error = errorForStatus({
        status: response.status,
        body: options.redactor.secretsIn(text),
        headers: response.headers,
        label: options.label,
        redact: (message) => options.redactor.message(message),
      });
      // A 4xx was refused before any job existed; a 5xx or 408 may come after the job was made.
      if (response.status >= 500 || response.status === 408)
        throw mayExist(`HTTP ${response.status}: ${error.message}`);
      if (error.kind === 'transient') throw new ProviderError('invalid', error.message, { status: response.status });
      throw error;
    }
    const job = parseJob(text);
    if (!job) throw mayExist(`the answer has no job id (${text.length} bytes)`);
    return job.id;
  }
}

function backoff(attempt: number, options: VideoJobOptions): number {
  return Math.min(options.maxPollMs ?? 30_000, (options.pollMs ?? 2_000) * 1.5 ** (attempt - 1));
}

function parseJob(text: string): VideoJob | undefined {
  try {
    const json = JSON.parse(text) as Partial<VideoJob>;
    if (typeof json !== 'object' || json === null || typeof json.id !== 'string' || json.id === '') return undefined;
    return json as VideoJob;
  } catch {
    return undefined;
  }
}

async function pollUntilDone(
  id: string,
  deadline: number,
  options: VideoJobOptions,
  now: () => number,
  sleep: (ms: number, signal: AbortSignal) => Promise<void>,
): Promise<VideoJob> {
  const url = `${options.baseUrl}/videos/${encodeURIComponent(id)}`;
  let lastStatus = 'not yet polled';
  for (let poll = 1; ; poll++) {
    const answer = await pollOnce(url, id, options);
    const job = 'job' in answer ? answer.job : undefined;
    const wait = Math.max(backoff(poll, options), 'retryAfterMs' in answer ? (answer.retryAfterMs ?? 0) : 0);
    if (job) {
      options.events?.polled?.(job);
      lastStatus = job.status;
      if (job.status === 'completed') return job;
      if (job.status === 'failed' || job.status === 'cancelled') {
        const why = job.error?.message ? `: ${options.redactor.message(job.error.message)}` : '';
        const code = job.error?.code ? ` (${job.error.code})` : '';
        // A failed job is paid for or refunded by the provider; trying again is a new paid job, so it is not retried.
        throw new ProviderError('invalid', `${options.label}: video job ${id} ${job.status}${why}${code}`);
      }
    } else {
      lastStatus = 'unreadable';
    }
    const left = deadline - now();
    if (left <= 0) {
      const limit = Math.round(((options.jobTimeoutMs ?? DEFAULT_JOB_TIMEOUT_MS) / 1000) * 10) / 10;
      throw new ProviderError(
        'invalid',
        `${options.label}: video job ${id} is still ${lastStatus} after ${limit} s (job_timeout_ms); it was not re-created — check it on the provider's dashboard`,
        { hint: 'raise provider.job_timeout_ms in the suite if the model is slow' },
      );
    }
    await sleep(Math.min(wait, left), options.signal);
  }
}

/** One GET of the job, or how long to wait before the next when the answer could not be had this time. */
async function pollOnce(
  url: string,
  id: string,
  options: VideoJobOptions,
): Promise<{ job: VideoJob } | { retryAfterMs: number | undefined }> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { headers: headers(options, false), signal: options.signal });
    text = await response.text();
  } catch (error) {
    if (options.signal.aborted) throw error;
    return { retryAfterMs: undefined };
  }
  if (response.status === 429 || response.status === 408 || response.status >= 500) {
    return { retryAfterMs: retryAfterMs(response.headers) };
  }
  if (!response.ok) {
    const error = errorForStatus({
      status: response.status,
      body: options.redactor.secretsIn(text),
      headers: response.headers,
      label: `${options.label} (video job ${id})`,
      redact: (message) => options.redactor.message(message),
    });
    throw error.kind === 'auth' ? error : new ProviderError('invalid', error.message, { status: response.status });
  }
  const job = parseJob(text);
  if (!job || !STATUSES.includes(job.status)) {
    const status = job ? JSON.stringify(job.status) : 'none';
    throw new ProviderError('response', `${options.label}: video job ${id} answered an unknown status ${status}`);
  }
  return { job };
}
