/**
 * `seedsnap serve`'s video API, in Together's v2 shapes: `POST {base}/videos` creates a job and answers
 * `{id, object: "video", status: "queued", …}`; `GET {base}/videos/{id}` answers it `queued`, then
 * `in_progress`, then `completed` with `outputs: {video_url, cost}` over a configurable job time (or
 * `failed` with `error: {message, code}`); the clip is served from `/video-files/`. Both `/v1/videos`
 * and `/v2/videos` are answered, since the SDK sends videos to whatever base it is given.
 *
 * Faults, decided per job from the fault seed and the request body (as for images): failed jobs, slow
 * jobs (20× the job time), expired URLs (the first URL a job gives is already gone; polling again gives a
 * fresh one, as a re-signing CDN does) and truncated videos (half the clip, served with an honest length,
 * so only decoding finds out).
 */
import { randomBytes } from 'node:crypto';
import { hash2, hashString } from '../providers/local/random.js';
import type { LocalVideoModel } from '../providers/local/video/model.js';
import { SIM_VIDEO_MODELS } from '../providers/local/video/models.js';
import { ProviderError } from '../types/errors.js';
import { encodeVideo } from '../video/encode.js';
import { videoMime } from '../video/sniff.js';
import type { VideoFormat } from '../video/types.js';
import { ApiError, fromProviderError } from './request.js';
import { parseVideoRequest } from './video-request.js';

export type VideoFault = 'failed' | 'slow' | 'expired' | 'truncated';

export interface VideoFaultOptions {
  /** Share of jobs that end `failed`. */
  failed?: number;
  /** Share of jobs that take 20× the job time. */
  slow?: number;
  /** Share of jobs whose first video_url has already expired. */
  expired?: number;
  /** Share of jobs whose video is cut in half. */
  truncated?: number;
  seed?: number;
}

export interface VideoServiceOptions {
  model: LocalVideoModel;
  /** From create to completed, in ms (default 1500): a third queued, the rest in progress. */
  jobMs?: number;
  /** How long a video_url stays downloadable (default 10 minutes). */
  urlTtlMs?: number;
  faults?: VideoFaultOptions;
  now?: () => number;
}

/** What the HTTP layer sends: JSON, or a clip (maybe cut short). */
export type VideoOutcome =
  | { kind: 'json'; status: number; body: unknown }
  | { kind: 'file'; bytes: Uint8Array; mime: string };

interface Job {
  id: string;
  model: string;
  createdAt: number;
  seconds: number;
  size: string;
  fault: VideoFault | undefined;
  format: VideoFormat;
  /** Set when encoding finishes. */
  video?: Uint8Array;
  failure?: string;
  /** Times the job has handed out a URL (the expired fault spoils the first). */
  urls: number;
}

const SLOW_FACTOR = 20;
const SHARES: readonly VideoFault[] = ['failed', 'slow', 'expired', 'truncated'];
export const VIDEO_FILE_PATH = /^\/video-files\/([0-9a-f]{24})\.(mp4|webm)$/;
export const VIDEO_JOB_PATH = /^\/v[12]\/videos(?:\/([^/]+))?$/;

export class VideoService {
  private readonly jobs = new Map<string, Job>();
  private readonly files = new Map<string, { bytes: Uint8Array; format: VideoFormat; expiresAt: number }>();
  private readonly seen = new Map<number, number>();
  private readonly seed: number;
  private readonly now: () => number;

  constructor(private readonly options: VideoServiceOptions) {
    this.now = options.now ?? Date.now;
    this.seed = (options.faults?.seed ?? process.pid * 2654435761 + Date.now()) >>> 0;
    const total = SHARES.reduce((sum, kind) => sum + (options.faults?.[kind] ?? 0), 0);
    if (total > 1) throw new RangeError(`video fault shares add up to ${total}, more than 1`);
  }

  /** POST {base}/videos: validate at once (a bad request is a 400 now, not a failed job later), then render. */
  create(text: string): VideoOutcome {
    let clip: ReturnType<LocalVideoModel['render']>;
    let request: ReturnType<typeof parseVideoRequest>;
    try {
      request = parseVideoRequest(text);
      clip = this.options.model.render(request);
    } catch (error) {
      if (error instanceof ApiError) return { kind: 'json', status: error.status, body: error.body() };
      if (error instanceof ProviderError) {
        const api = fromProviderError(error);
        return { kind: 'json', status: api.status, body: api.body() };
      }
      throw error;
    }
    const { checked, frames } = clip;
    const job: Job = {
      id: `video-${randomBytes(8).toString('hex')}`,
      model: request.model,
      createdAt: this.now(),
      seconds: checked.seconds,
      size: `${checked.width}x${checked.height}`,
      fault: this.fault(text),
      format: checked.format,
      urls: 0,
    };
    this.jobs.set(job.id, job);
    encodeVideo({ frames, fps: checked.fps, format: checked.format }).then(
      (bytes) => {
        job.video = job.fault === 'truncated' ? bytes.subarray(0, Math.floor(bytes.length / 2)) : bytes;
      },
      (error: unknown) => {
        job.failure = `encoding failed: ${(error as Error).message}`;
      },
    );
    return { kind: 'json', status: 200, body: this.view(job, 'queued') };
  }

  /** GET {base}/videos/{id}. */
  retrieve(id: string, origin: string): VideoOutcome {
    const job = this.jobs.get(id);
    if (!job) {
      const error = new ApiError(404, 'invalid_request_error', `no video job ${id}`, 'id', 'not_found');
      return { kind: 'json', status: 404, body: error.body() };
    }
    const jobMs = (this.options.jobMs ?? 1500) * (job.fault === 'slow' ? SLOW_FACTOR : 1);
    const elapsed = this.now() - job.createdAt;
    if (elapsed < jobMs / 3) return { kind: 'json', status: 200, body: this.view(job, 'queued') };
    if (elapsed < jobMs || (job.video === undefined && job.failure === undefined)) {
      return { kind: 'json', status: 200, body: this.view(job, 'in_progress') };
    }
    if (job.fault === 'failed' || job.failure !== undefined) {
      const message = job.failure ?? 'the model could not generate this video (injected fault)';
      return {
        kind: 'json',
        status: 200,
        body: this.view(job, 'failed', { error: { message, code: 'generation_failed' } }),
      };
    }
    const url = `${origin}${this.publish(job)}`;
    return { kind: 'json', status: 200, body: this.view(job, 'completed', { outputs: { cost: 0, video_url: url } }) };
  }

  /** GET /video-files/<id>.<ext>. */
  file(pathname: string): VideoOutcome {
    const id = VIDEO_FILE_PATH.exec(pathname)?.[1];
    const file = id === undefined ? undefined : this.files.get(id);
    if (!file) {
      const error = new ApiError(404, 'invalid_request_error', 'no such video', undefined, 'file_not_found');
      return { kind: 'json', status: 404, body: error.body() };
    }
    if (file.expiresAt <= this.now()) {
      const error = new ApiError(410, 'invalid_request_error', 'this video URL has expired', undefined, 'file_expired');
      return { kind: 'json', status: 410, body: error.body() };
    }
    return { kind: 'file', bytes: file.bytes, mime: videoMime(file.format) };
  }

  /** Jobs created so far (tests count them to prove a retry made no second paid job). */
  get created(): number {
    return this.jobs.size;
  }

  close(): void {
    this.jobs.clear();
    this.files.clear();
  }

  private publish(job: Job): string {
    const id = randomBytes(12).toString('hex');
    const expired = job.fault === 'expired' && job.urls === 0;
    job.urls++;
    const ttl = expired ? 0 : (this.options.urlTtlMs ?? 10 * 60_000);
    this.files.set(id, { bytes: job.video ?? new Uint8Array(0), format: job.format, expiresAt: this.now() + ttl });
    return `/video-files/${id}.${job.format}`;
  }

  private view(job: Job, status: string, extra: Record<string, unknown> = {}) {
    const finished = status === 'completed' || status === 'failed';
    return {
      id: job.id,
      object: 'video',
      model: job.model,
      status,
      created_at: Math.floor(job.createdAt / 1000),
      ...(finished ? { completed_at: Math.floor(this.now() / 1000) } : {}),
      seconds: String(job.seconds),
      size: job.size,
      ...extra,
    };
  }

  private fault(body: string): VideoFault | undefined {
    const key = hashString(body);
    const attempt = this.seen.get(key) ?? 0;
    this.seen.set(key, attempt + 1);
    const u = hash2(hash2(this.seed, key), attempt) / 4294967296;
    let edge = 0;
    for (const kind of SHARES) {
      edge += this.options.faults?.[kind] ?? 0;
      if (u < edge) return kind;
    }
    return undefined;
  }
}

/** Models for GET /v1/models: the video models in the same listing as the image ones. */
export function videoModelList() {
  return Object.entries(SIM_VIDEO_MODELS).map(([id, model]) => ({
    id,
    object: 'model',
    created: 0,
    type: 'video',
    display_name: id,
    organization: 'seedsnap',
    description: model.description,
    capabilities: model.capabilities,
  }));
}
