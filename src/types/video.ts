/**
 * Video request and model types, shared by every stage: what a video case asks for, named as Together's v2
 * video API documents it, and what a video model accepts — the role RequestParams and ModelCapabilities
 * play for images. The functions over them (keyframe placement, frame counts, prices) are in video/request.ts.
 */

/** Containers seedsnap writes and reads: MP4 (H.264) plays everywhere, WEBM (VP9) where asked. */
export type VideoFormat = 'mp4' | 'webm';

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

export interface PlacedKeyframe {
  /** Index into frame_images. */
  source: number;
  /** Frame the image is placed at, 0-based. */
  index: number;
}
