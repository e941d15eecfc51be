/**
 * Together's video models (POST /v2/videos) as data: what each needs (a prompt, keyframes: first only or
 * first and last), the sizes, frame rates and lengths it makes, and its list price per clip. Written from
 * Together's video model table and pricing page; providers change these, so a suite can override any
 * field per model, and an unknown model still runs, with a warning and without checks.
 *
 * Kling takes keyframes instead of a prompt: a Kling request without `frame_images` is refused before
 * anything is sent, as is a keyframe a model cannot place (a last frame on a first-only model).
 */
import type { KeyframeSupport, VideoModelCapabilities, VideoParamName } from '../../video/request.js';

const HD: readonly [number, number] = [1280, 720];
const FULL_HD: readonly [number, number] = [1920, 1080];

interface Spec {
  prompt: 'required' | 'optional';
  keyframes: KeyframeSupport;
  /** Kling-style: frame_images required. */
  needsKeyframes?: boolean;
  sizes: readonly (readonly [number, number])[];
  fps: number;
  seconds: readonly number[];
  negative?: boolean;
  steps?: boolean;
  guidance?: boolean;
  references?: number;
  /** USD per clip at the default length. */
  perVideo?: number;
  /** USD per second of clip. */
  perSecond?: number;
}

const BASE: VideoParamName[] = ['prompt', 'width', 'height', 'seconds', 'fps', 'output_format', 'output_quality'];

function model(id: string, spec: Spec): VideoModelCapabilities {
  const params: VideoParamName[] = [...BASE];
  if (spec.negative) params.push('negative_prompt');
  if (spec.steps) params.push('steps');
  if (spec.guidance) params.push('guidance_scale');
  if (spec.keyframes !== 'none') params.push('frame_images');
  if (spec.references) params.push('reference_images');
  const seconds = spec.seconds[0] ?? 5;
  return {
    id,
    kind: 'video',
    prompt: spec.prompt,
    keyframes: {
      support: spec.keyframes,
      required: spec.needsKeyframes ?? false,
      max: spec.keyframes === 'none' ? 0 : spec.keyframes === 'first' ? 1 : 2,
    },
    maxReferenceImages: spec.references ?? 0,
    mediaField: 'media',
    sizes: { list: spec.sizes },
    defaultSize: spec.sizes[0] ?? HD,
    fps: { min: spec.fps, max: spec.fps, default: spec.fps, allowed: [spec.fps] },
    seconds: {
      min: Math.min(...spec.seconds),
      max: Math.max(...spec.seconds),
      default: seconds,
      allowed: spec.seconds,
    },
    ...(spec.steps ? { steps: { min: 10, max: 50, default: 20 } } : {}),
    ...(spec.guidance ? { guidance: { min: 0, max: 20, default: 7 } } : {}),
    params,
    defaultOutputFormat: 'mp4',
    pricing: {
      ...(spec.perVideo !== undefined ? { perVideo: spec.perVideo } : {}),
      ...(spec.perSecond !== undefined ? { perSecond: spec.perSecond } : {}),
    },
  };
}

const KLING = 'kwaivgI';
const kling = (keyframes: KeyframeSupport, size: readonly [number, number], perVideo: number): Spec => ({
  prompt: 'optional',
  keyframes,
  needsKeyframes: true,
  sizes: [size],
  fps: 24,
  seconds: [5, 10],
  negative: true,
  guidance: true,
  perVideo,
});

const LIST: VideoModelCapabilities[] = [
  model(`${KLING}/kling-2.1-master`, kling('first', FULL_HD, 0.92)),
  model(`${KLING}/kling-2.1-standard`, kling('first', HD, 0.18)),
  model(`${KLING}/kling-2.1-pro`, kling('first_last', FULL_HD, 0.32)),
  model(`${KLING}/kling-2.0-master`, kling('first', HD, 0.92)),
  model(`${KLING}/kling-1.6-standard`, kling('first', HD, 0.19)),
  model(`${KLING}/kling-1.6-pro`, kling('first_last', FULL_HD, 0.32)),
  model('google/veo-3.0', {
    prompt: 'required',
    keyframes: 'first',
    sizes: [HD, FULL_HD],
    fps: 24,
    seconds: [8],
    negative: true,
    perVideo: 1.6,
  }),
  model('google/veo-3.0-fast', {
    prompt: 'required',
    keyframes: 'first',
    sizes: [HD, FULL_HD],
    fps: 24,
    seconds: [8],
    negative: true,
    perVideo: 0.8,
  }),
  model('ByteDance/Seedance-1.0-lite', {
    prompt: 'required',
    keyframes: 'first_last',
    sizes: [[864, 480], HD],
    fps: 24,
    seconds: [5, 10],
    references: 4,
    perVideo: 0.14,
  }),
  model('ByteDance/Seedance-1.0-pro', {
    prompt: 'required',
    keyframes: 'first_last',
    sizes: [[864, 480], HD, FULL_HD],
    fps: 24,
    seconds: [5, 10],
    perVideo: 0.57,
  }),
  model('minimax/hailuo-02', {
    prompt: 'required',
    keyframes: 'first_last',
    sizes: [[1366, 768], FULL_HD],
    fps: 25,
    seconds: [6, 10],
    perVideo: 0.49,
  }),
  model('minimax/video-01-director', {
    prompt: 'required',
    keyframes: 'first',
    sizes: [[1366, 768]],
    fps: 25,
    seconds: [5],
    perVideo: 0.28,
  }),
  model('openai/sora-2', {
    prompt: 'required',
    keyframes: 'first',
    sizes: [HD, [720, 1280]],
    fps: 30,
    seconds: [4, 8, 12],
    perSecond: 0.1,
  }),
  model('openai/sora-2-pro', {
    prompt: 'required',
    keyframes: 'first',
    sizes: [HD, [720, 1280], [1792, 1024], [1024, 1792]],
    fps: 30,
    seconds: [4, 8, 12],
    perSecond: 0.3,
  }),
];

export const TOGETHER_VIDEO_MODELS: Record<string, VideoModelCapabilities> = Object.fromEntries(
  LIST.map((m) => [m.id, m]),
);
