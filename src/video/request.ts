/**
 * What a video case asks for, named as Together's v2 video API documents it, and what a video model
 * accepts — the same role `RequestParams`/`ModelCapabilities` play for images. Keyframe placement
 * lives here too: the built-in models, suite validation and keyframe fidelity must all put a keyframe
 * at the same frame.
 */
import type { ImageRequest } from '../types/model.js';
import type {
  FrameImage,
  PlacedKeyframe,
  VideoFormat,
  VideoModelCapabilities,
  VideoParams,
  VideoRequest,
} from '../types/video.js';

export * from '../types/video.js';

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

/** A case's request as a video model takes it: the video keys only, an empty prompt left out. */
export function videoRequestOf(request: ImageRequest): VideoRequest {
  const out: VideoRequest = { model: request.model, seed: request.seed };
  if (request.prompt) out.prompt = request.prompt;
  const keys = [
    'negative_prompt',
    'width',
    'height',
    'seconds',
    'fps',
    'steps',
    'guidance_scale',
    'output_quality',
    'frame_images',
    'reference_images',
    'extra',
  ] as const;
  for (const key of keys) {
    if (request[key] !== undefined) (out as unknown as Record<string, unknown>)[key] = request[key];
  }
  if (request.output_format !== undefined) out.output_format = request.output_format as VideoFormat;
  if (out.frame_images)
    out.frame_images = out.frame_images.map(({ input_image, frame }) => ({
      input_image,
      ...(frame === undefined ? {} : { frame }),
    }));
  return out;
}
