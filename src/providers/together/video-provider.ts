/**
 * Together's video models behind one call: build the v2 body from the model's capabilities, run the job
 * (video-jobs.ts), check that what came back is a video. Job ids are remembered per case until the case
 * has its video, so when the runner retries a case whose job already exists (a download that failed,
 * a poll that timed out mid-way) the retry picks up that job instead of paying for a new one.
 */
import { createHash } from 'node:crypto';
import { ProviderError } from '../../types/errors.js';
import { Redactor } from '../../util/redact.js';
import type { VideoModelCapabilities, VideoRequest } from '../../video/request.js';
import { sniffVideo } from '../../video/sniff.js';
import type { VideoFormat } from '../../video/types.js';
import { togetherVideoBody } from './video-body.js';
import { type FinishedVideoJob, runVideoJob, type VideoJobOptions } from './video-jobs.js';
import { TOGETHER_VIDEO_MODELS } from './video-models.js';

export interface TogetherVideoSettings {
  /** The video API base (…/v2). */
  baseUrl: string;
  apiKey: string | undefined;
  jobTimeoutMs?: number;
  pollMs?: number;
  maxPollMs?: number;
  downloadTimeoutMs?: number;
  maxVideoBytes?: number;
  /** Injected in tests (see VideoJobOptions). */
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface VideoGenerateContext {
  signal: AbortSignal;
  /** Names one case (and repeat) across its retries; default: the request itself. */
  jobKey?: string;
}

export interface TogetherVideo {
  bytes: Uint8Array;
  format: VideoFormat;
  jobId: string;
  cost: number | undefined;
  /** The model the job says it ran, when it differs from the one asked (information only). */
  modelRevision?: string;
}

export class TogetherVideoClient {
  private readonly jobs = new Map<string, string>();
  private readonly redactor: Redactor;

  constructor(private readonly settings: TogetherVideoSettings) {
    this.redactor = new Redactor(settings.apiKey ? [settings.apiKey] : []);
  }

  capabilities(model: string): VideoModelCapabilities | undefined {
    return TOGETHER_VIDEO_MODELS[model];
  }

  /** Jobs created and not yet delivered (a retry of their case re-polls them). */
  pendingJobs(): ReadonlyMap<string, string> {
    return this.jobs;
  }

  async generateVideo(
    request: VideoRequest,
    context: VideoGenerateContext,
    caps: VideoModelCapabilities | undefined = this.capabilities(request.model),
  ): Promise<TogetherVideo> {
    const body = togetherVideoBody(request, caps);
    const key = context.jobKey ?? createHash('sha256').update(JSON.stringify(body)).digest('hex');
    const known = this.jobs.get(key);
    const label = 'Together';
    const options: VideoJobOptions = {
      baseUrl: this.settings.baseUrl,
      apiKey: this.settings.apiKey,
      signal: context.signal,
      redactor: this.redactor,
      label,
      events: { created: (id) => this.jobs.set(key, id) },
      ...(known === undefined ? {} : { jobId: known }),
      ...pick(this.settings, [
        'jobTimeoutMs',
        'pollMs',
        'maxPollMs',
        'downloadTimeoutMs',
        'maxVideoBytes',
        'now',
        'sleep',
      ]),
    };
    const finished: FinishedVideoJob = await runVideoJob(body, options);
    this.jobs.delete(key);
    const format = sniffVideo(finished.bytes);
    if (!format) {
      const head = Buffer.from(finished.bytes.subarray(0, 12)).toString('hex');
      throw new ProviderError(
        'response',
        `${label}: video job ${finished.job.id} delivered ${finished.bytes.length} bytes that are not MP4 or WEBM (starting ${head || 'with nothing'})`,
      );
    }
    const model = finished.job.model;
    return {
      bytes: finished.bytes,
      format,
      jobId: finished.job.id,
      cost: finished.cost,
      ...(typeof model === 'string' && model !== request.model ? { modelRevision: model } : {}),
    };
  }
}

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
