/**
 * What a video case asks for, named as Together's v2 video API documents it, and what a video model
 * accepts — the same role `RequestParams`/`ModelCapabilities` play for images. Keyframe placement
 * lives here too: the built-in models, suite validation and keyframe fidelity must all put a keyframe
 * at the same frame.
 */
import type { VideoFormat } from './types.js';

/** Where a keyframe goes: a frame number, or the first or last frame. */
export type FramePosition = number | 'first' | 'last';

export interface FrameImage {
  /** A URL, or base64 (a `data:image/…;base64,` URL); a suite may also give a path, resolved before sending. */
  input_image: string;
  /** Omitted: one image is the first frame, two are first and last, more are first, last and evenly spaced. */
  frame?: FramePosition;
  /**
   * For a keyframe given as a file: a hash of its bytes, set when the suite is read, so that editing the
   * file makes the baseline stale. Part of the fingerprint; never sent.
   */
  sha256?: string;
}

export interface VideoParams {
  prompt?: string;
  negative_prompt?: string;
  width?: number;
  height?: number;
  /** Clip length in seconds (the API sends it as a string). */
  seconds?: number;
  fps?: number;
  steps?: number;
  guidance_scale?: number;
  output_format?: VideoFormat;
  output_quality?: number;
  frame_images?: FrameImage[];
  reference_images?: string[];
  /** Provider-specific fields sent as they are. */
  extra?: Record<string, unknown>;
}

export type VideoParamName = keyof VideoParams;

export const VIDEO_PARAMS = [
  'prompt',
  'negative_prompt',
  'width',
  'height',
  'seconds',
  'fps',
  'steps',
  'guidance_scale',
  'output_format',
  'output_quality',
  'frame_images',
  'reference_images',
] as const satisfies readonly VideoParamName[];

// A parameter added to VideoParams but not to VIDEO_PARAMS fails to compile here.
type MissingParam = Exclude<VideoParamName, (typeof VIDEO_PARAMS)[number] | 'extra'>;
const _allParamsListed: [MissingParam] extends [never] ? true : MissingParam = true;
void _allParamsListed;

export interface VideoRequest extends VideoParams {
  model: string;
  seed: number;
}

/** Which keyframes a model can place: none, only the first frame, the first and the last, or any frame. */
export type KeyframeSupport = 'none' | 'first' | 'first_last' | 'any';

export interface Range {
  min: number;
  max: number;
  default: number;
}

export interface VideoModelCapabilities {
  id: string;
  kind: 'video';
  /** `optional` for Kling-style models driven by keyframes. */
  prompt: 'required' | 'optional';
  keyframes: {
    support: KeyframeSupport;
    /** Kling-style: a video without frame_images is refused. */
    required: boolean;
    /** Most keyframes in one request. */
    max: number;
  };
  /** Most reference images; 0 when the model takes none. */
  maxReferenceImages: number;
  /** `media`: newer models take frame_images/reference_images under `media: {…}`; `top_level`: the older form. */
  mediaField: 'media' | 'top_level';
  /** Sizes the model makes; a list for hosted models, a range (multiples of `multiple`) for the built-in ones. */
  sizes: { list: readonly (readonly [number, number])[] } | { min: number; max: number; multiple: number };
  defaultSize: readonly [number, number];
  fps: Range & { allowed?: readonly number[] };
  seconds: Range & { allowed?: readonly number[] };
  steps?: Range;
  guidance?: Range;
  /** Every request parameter the model accepts. */
  params: readonly VideoParamName[];
  defaultOutputFormat: VideoFormat;
  /** List price in USD, for --dry-run and --max-cost: per clip, or per second of clip. */
  pricing?: { perVideo?: number; perSecond?: number };
}

/** The clip a request makes: seconds × fps frames. */
export function frameCountOf(request: Pick<VideoParams, 'seconds' | 'fps'>, caps: VideoModelCapabilities): number {
  const seconds = request.seconds ?? caps.seconds.default;
  const fps = request.fps ?? caps.fps.default;
  return Math.round(seconds * fps);
}

/** The list price of one clip, or undefined when the catalog has none. */
export function videoPrice(request: Pick<VideoParams, 'seconds'>, caps: VideoModelCapabilities): number | undefined {
  const seconds = request.seconds ?? caps.seconds.default;
  if (caps.pricing?.perVideo !== undefined) return caps.pricing.perVideo;
  if (caps.pricing?.perSecond !== undefined) return caps.pricing.perSecond * seconds;
  return undefined;
}

export interface PlacedKeyframe {
  /** Index into frame_images. */
  source: number;
  /** Frame the image is placed at, 0-based. */
  index: number;
}

/**
 * The frame each keyframe goes to, as the API documents it: `first` is 0, `last` is frameCount − 1, a number
 * is that frame; an omitted position follows the list (one image: first; two: first and last; more: first,
 * last and evenly spaced between). Throws a RangeError naming the keyframe for a frame outside the clip.
 */
export function placeKeyframes(frames: readonly FrameImage[], frameCount: number): PlacedKeyframe[] {
  const last = Math.max(0, frameCount - 1);
  const k = frames.length;
  return frames.map((frame, source) => {
    const position = frame.frame;
    let index: number;
    if (position === 'first') index = 0;
    else if (position === 'last') index = last;
    else if (typeof position === 'number') index = position;
    else index = k === 1 ? 0 : Math.round((source * last) / (k - 1));
    if (!Number.isInteger(index) || index < 0 || index > last) {
      throw new RangeError(
        `frame_images[${source}].frame is ${JSON.stringify(position)}, outside the clip's frames 0 to ${last}`,
      );
    }
    return { source, index };
  });
}

/** Why a model cannot place these keyframes, or undefined when it can. */
export function keyframeProblem(
  placed: readonly PlacedKeyframe[],
  frameCount: number,
  caps: VideoModelCapabilities,
): string | undefined {
  const support = caps.keyframes.support;
  if (placed.length === 0) return caps.keyframes.required ? `${caps.id} needs frame_images (keyframes)` : undefined;
  if (support === 'none') return `${caps.id} takes no frame_images`;
  if (placed.length > caps.keyframes.max) {
    return `${caps.id} takes at most ${caps.keyframes.max} keyframe(s), got ${placed.length}`;
  }
  const last = frameCount - 1;
  for (const { source, index } of placed) {
    const ok = support === 'any' || index === 0 || (support === 'first_last' && index === last);
    if (!ok) {
      const where = index === last ? 'the last frame' : `frame ${index}`;
      const can = support === 'first' ? 'only the first frame' : 'only the first and the last frame';
      return `frame_images[${source}] is placed at ${where}, but ${caps.id} can place ${can}`;
    }
  }
  return undefined;
}
