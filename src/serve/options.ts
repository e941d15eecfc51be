/**
 * `seedsnap serve` options from flags and environment variables (a flag wins),
 * checked where they enter: a bad value is a usage error naming the flag.
 */

import { SIM_MODELS } from '../providers/local/models.js';
import { MAX_JITTER, parseJitter, parseRevision } from '../providers/local/provider.js';
import { SIM_VIDEO_MODELS } from '../providers/local/video/models.js';
import { UsageError } from '../types/errors.js';
import type { FaultOptions } from './faults.js';
import { DEFAULT_HOST, DEFAULT_PORT, type ServeOptions } from './server.js';
import type { VideoFaultOptions } from './videos.js';

/** Raw flag values as commander hands them over (strings), by option name. */
export interface ServeFlags {
  port?: string;
  host?: string;
  apiKey?: string;
  revision?: string;
  jitter?: string;
  urlTtl?: string;
  latency?: string;
  stepLatency?: string;
  rateLimit?: string;
  retryAfter?: string;
  serverError?: string;
  drop?: string;
  truncate?: string;
  badBase64?: string;
  notImage?: string;
  wrongSize?: string;
  faultSeed?: string;
  videoJobMs?: string;
  videoFailed?: string;
  videoSlow?: string;
  videoExpired?: string;
  videoTruncated?: string;
}

interface Setting {
  flag: string;
  env: string;
  help: string;
}

/** Every setting with its flag and variable: the CLI's --help is written from this table. */
export const SERVE_SETTINGS: Record<keyof ServeFlags, Setting> = {
  port: { flag: '--port <n>', env: 'SEEDSNAP_SERVE_PORT', help: `port (default ${DEFAULT_PORT}; 0 for any free one)` },
  host: { flag: '--host <host>', env: 'SEEDSNAP_SERVE_HOST', help: `interface to bind (default ${DEFAULT_HOST})` },
  apiKey: { flag: '--api-key <key>', env: 'SEEDSNAP_SERVE_API_KEY', help: 'require Authorization: Bearer <key>' },
  revision: {
    flag: '--revision <n>',
    env: 'SEEDSNAP_LOCAL_REVISION',
    help: 'model revision, 1 or 2 (2 drifts a few %)',
  },
  jitter: {
    flag: '--jitter <levels>',
    env: 'SEEDSNAP_LOCAL_JITTER',
    help: `±levels of GPU-like noise, 0-${MAX_JITTER}`,
  },
  urlTtl: {
    flag: '--url-ttl <s>',
    env: 'SEEDSNAP_SERVE_URL_TTL',
    help: 'seconds a url answer stays downloadable (600)',
  },
  latency: { flag: '--latency <ms>', env: 'SEEDSNAP_SERVE_LATENCY', help: 'fault: fixed delay before each answer' },
  stepLatency: { flag: '--step-latency <ms>', env: 'SEEDSNAP_SERVE_STEP_LATENCY', help: 'fault: extra delay per step' },
  rateLimit: { flag: '--rate-limit <share>', env: 'SEEDSNAP_SERVE_RATE_LIMIT', help: 'fault: share answered 429' },
  retryAfter: { flag: '--retry-after <s>', env: 'SEEDSNAP_SERVE_RETRY_AFTER', help: 'Retry-After of a 429 (1)' },
  serverError: { flag: '--server-error <share>', env: 'SEEDSNAP_SERVE_SERVER_ERROR', help: 'fault: share 500/502/503' },
  drop: { flag: '--drop <share>', env: 'SEEDSNAP_SERVE_DROP', help: 'fault: share of connections closed unanswered' },
  truncate: { flag: '--truncate <share>', env: 'SEEDSNAP_SERVE_TRUNCATE', help: 'fault: share of bodies cut in half' },
  badBase64: {
    flag: '--bad-base64 <share>',
    env: 'SEEDSNAP_SERVE_BAD_BASE64',
    help: 'fault: share of invalid b64_json',
  },
  notImage: { flag: '--not-image <share>', env: 'SEEDSNAP_SERVE_NOT_IMAGE', help: 'fault: share of non-image bytes' },
  wrongSize: {
    flag: '--wrong-size <share>',
    env: 'SEEDSNAP_SERVE_WRONG_SIZE',
    help: 'fault: share of wrong-size images',
  },
  faultSeed: { flag: '--fault-seed <n>', env: 'SEEDSNAP_SERVE_FAULT_SEED', help: 'make the faults repeatable' },
  videoJobMs: {
    flag: '--video-job-ms <ms>',
    env: 'SEEDSNAP_SERVE_VIDEO_JOB_MS',
    help: 'video jobs: ms from queued to completed (1500)',
  },
  videoFailed: {
    flag: '--video-failed <share>',
    env: 'SEEDSNAP_SERVE_VIDEO_FAILED',
    help: 'fault: share of video jobs that fail',
  },
  videoSlow: {
    flag: '--video-slow <share>',
    env: 'SEEDSNAP_SERVE_VIDEO_SLOW',
    help: 'fault: share of video jobs 20× slower',
  },
  videoExpired: {
    flag: '--video-expired <share>',
    env: 'SEEDSNAP_SERVE_VIDEO_EXPIRED',
    help: 'fault: share of video jobs whose first URL has expired',
  },
  videoTruncated: {
    flag: '--video-truncated <share>',
    env: 'SEEDSNAP_SERVE_VIDEO_TRUNCATED',
    help: 'fault: share of videos cut in half',
  },
};

/** Merge flags over environment variables and check every value. */
export function resolveServeOptions(flags: ServeFlags, env: NodeJS.ProcessEnv): ServeOptions {
  const raw = (key: keyof ServeFlags): string | undefined => {
    const value = flags[key] ?? env[SERVE_SETTINGS[key].env];
    return value === undefined || value === '' ? undefined : value;
  };
  const origin = (key: keyof ServeFlags) =>
    flags[key] !== undefined ? (SERVE_SETTINGS[key].flag.split(' ')[0] ?? key) : SERVE_SETTINGS[key].env;
  const number = (key: keyof ServeFlags, check: (n: number) => boolean, expected: string): number | undefined => {
    const value = raw(key);
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isFinite(n) || !check(n)) {
      throw new UsageError(`${origin(key)} is ${JSON.stringify(value)}; expected ${expected}`);
    }
    return n;
  };
  const share = (key: keyof ServeFlags) => number(key, (n) => n >= 0 && n <= 1, 'a share from 0 to 1, e.g. 0.2');
  const ms = (key: keyof ServeFlags) => number(key, (n) => n >= 0, 'a number of milliseconds, 0 or more');

  const faults: FaultOptions = {
    latencyMs: ms('latency'),
    stepLatencyMs: ms('stepLatency'),
    rateLimit: share('rateLimit'),
    retryAfterS: number('retryAfter', (n) => Number.isInteger(n) && n >= 0, 'whole seconds, 0 or more'),
    serverError: share('serverError'),
    drop: share('drop'),
    truncate: share('truncate'),
    badBase64: share('badBase64'),
    notImage: share('notImage'),
    wrongSize: share('wrongSize'),
    seed: number('faultSeed', (n) => Number.isInteger(n) && n >= 0, 'a whole number'),
  };
  const shares = (['rateLimit', 'serverError', 'drop', 'truncate', 'badBase64', 'notImage', 'wrongSize'] as const)
    .map((key) => faults[key] ?? 0)
    .reduce((a, b) => a + b, 0);
  if (shares > 1) {
    throw new UsageError(
      `the fault shares add up to ${shares}, more than 1`,
      'lower some of them so they sum to 1 or less',
    );
  }
  const port = number('port', (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'a port from 0 to 65535');
  const ttl = number('urlTtl', (n) => n > 0, 'a number of seconds above 0');
  const revision = raw('revision');
  const jitter = raw('jitter');
  const options: ServeOptions = {
    port: port ?? DEFAULT_PORT,
    host: raw('host') ?? DEFAULT_HOST,
    revision: parseRevision(revision, origin('revision')),
    jitter: parseJitter(jitter, origin('jitter')),
    faults: Object.fromEntries(Object.entries(faults).filter(([, v]) => v !== undefined)) as FaultOptions,
  };
  const videoFaults = {
    failed: share('videoFailed'),
    slow: share('videoSlow'),
    expired: share('videoExpired'),
    truncated: share('videoTruncated'),
  };
  const videoShares = Object.values(videoFaults).reduce((a: number, b) => a + (b ?? 0), 0);
  if (videoShares > 1) {
    throw new UsageError(`the video fault shares add up to ${videoShares}, more than 1`, 'lower some of them');
  }
  if (Object.values(videoFaults).some((v) => v !== undefined)) {
    options.videoFaults = {
      ...(Object.fromEntries(Object.entries(videoFaults).filter(([, v]) => v !== undefined)) as VideoFaultOptions),
      ...(faults.seed === undefined ? {} : { seed: faults.seed }),
    };
  }
  const videoJobMs = ms('videoJobMs');
  if (videoJobMs !== undefined) options.videoJobMs = videoJobMs;
  const apiKey = raw('apiKey');
  if (apiKey !== undefined) options.apiKey = apiKey;
  if (ttl !== undefined) options.urlTtlMs = ttl * 1000;
  return options;
}

/** A line for each option that changes behaviour, for the start-up banner. */
export function describeServeOptions(options: ServeOptions): string[] {
  const lines = [`models: ${[...Object.keys(SIM_MODELS), ...Object.keys(SIM_VIDEO_MODELS)].join(', ')}`];
  const video = Object.entries(options.videoFaults ?? {}).filter(([key, v]) => key !== 'seed' && v);
  if (video.length > 0) lines.push(`video faults: ${video.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  lines.push(`revision ${options.revision ?? 1}${options.jitter ? `, jitter ±${options.jitter}` : ''}`);
  if (options.apiKey) lines.push('API key required (Authorization: Bearer …)');
  const active = Object.entries(options.faults ?? {}).filter(([key, v]) => key !== 'seed' && v);
  if (active.length > 0) {
    const seed = options.faults?.seed === undefined ? 'random' : String(options.faults.seed);
    lines.push(`faults: ${active.map(([k, v]) => `${k}=${v}`).join(', ')} (seed ${seed})`);
  }
  return lines;
}
