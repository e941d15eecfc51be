/**
 * What expanding a suite does for video: a case's kind (a case that sets a video key runs on the suite's
 * video models, any other on its image models, when a suite has both), the `media: {…}` form folded into
 * the plain keys, and a video case checked against its model — keyframe files read and hashed here, so a
 * missing file is a problem at its line and an edited one makes the baseline stale.
 */
import type { Problem } from '../types/errors.js';
import type { FrameImage, RequestParams, VideoModelCapabilities, VideoParams } from '../types/index.js';
import { hashKeyframes, KeyframeFileError } from './keyframes.js';
import type { ParamLayer, ResolvedParams } from './resolve.js';
import type { CaseInput } from './schema.js';
import { checkVideoCapabilities } from './video-check.js';
import { locate, type YamlPath, type YamlSource } from './yaml-source.js';

const VIDEO_KEYS = ['frame_images', 'media', 'seconds', 'fps'] as const;

/** A case that sets a video key (or asks for mp4/webm) is a video case. */
export function isVideoCase(input: CaseInput): boolean {
  return (
    VIDEO_KEYS.some((key) => input[key] !== undefined) ||
    input.output_format === 'mp4' ||
    input.output_format === 'webm'
  );
}

/**
 * The models a case without `models:` runs on: all of them, unless the suite has image and video models
 * both — then those of the case's kind.
 */
export function modelsOfKind<M extends { video?: VideoModelCapabilities }>(
  models: readonly M[],
  input: CaseInput,
): M[] {
  const video = models.filter((m) => m.video);
  if (video.length === 0 || video.length === models.length) return [...models];
  return isVideoCase(input) ? video : models.filter((m) => !m.video);
}

/** A layer with `media: {frame_images, reference_images}` moved to the plain keys (one form per layer). */
export function foldMedia(layer: ParamLayer, source: YamlSource, problems: Problem[]): ParamLayer {
  const media = (layer.params as { media?: { frame_images?: FrameImage[]; reference_images?: string[] } }).media;
  if (!media) return layer;
  const { media: _media, ...params } = layer.params as RequestParams & { media?: unknown };
  const origins: ParamLayer['origins'] = { ...layer.origins };
  for (const key of ['frame_images', 'reference_images'] as const) {
    if (media[key] === undefined) continue;
    if (params[key] !== undefined) {
      problems.push({
        code: 'SUITE_PARAM',
        message: `${key} is given both as ${key}: and as media.${key}:`,
        location: locate(source, [...layer.path, 'media', key], { key: true }),
        hint: `keep one of them: media.${key} is the newer form, both mean the same`,
      });
      continue;
    }
    (params as Record<string, unknown>)[key] = media[key];
    origins[key] = [...layer.path, 'media', key];
  }
  return { ...layer, params, origins };
}

/** Keyframe files already read in this suite (a file shared by many cases and seeds is read once). */
export type KeyframeCache = Map<string, FrameImage[] | Problem>;

/**
 * A video case's problems against its model, and its keyframes with each file's hash (undefined when a
 * file could not be read: its problem is in the list).
 */
export function checkVideoCase(options: {
  source: YamlSource;
  resolved: ResolvedParams;
  caps: VideoModelCapabilities | undefined;
  casePath: YamlPath;
  modelPath: YamlPath;
  cache: KeyframeCache;
  check: boolean;
}): { problems: Problem[]; frames: FrameImage[] | undefined } {
  const { source, resolved } = options;
  const problems: Problem[] =
    options.caps && options.check
      ? checkVideoCapabilities(
          source,
          { params: resolved.params as VideoParams & Record<string, unknown>, origins: resolved.origins },
          options.caps,
          {
            casePath: options.casePath,
            modelPath: options.modelPath,
          },
        )
      : [];
  const frames = resolved.params.frame_images;
  if (!frames) return { problems, frames: undefined };
  const origin = resolved.origins.frame_images ?? options.casePath;
  const key = `${origin.join('/')}`;
  let hashed = options.cache.get(key);
  if (hashed === undefined) {
    try {
      hashed = hashKeyframes(frames, source.file);
    } catch (error) {
      if (!(error instanceof KeyframeFileError)) throw error;
      const index = frames.findIndex((f) => error.message.includes(`"${f.input_image}"`));
      hashed = {
        code: 'SUITE_KEYFRAME',
        message: error.message,
        location: locate(source, index >= 0 ? [...origin, index, 'input_image'] : origin),
        hint: error.hint,
      };
    }
    options.cache.set(key, hashed);
  }
  if (!Array.isArray(hashed)) return { problems: [...problems, hashed], frames: undefined };
  return { problems, frames: hashed };
}

/** An image model needs a prompt (only keyframe-driven video models do without). */
export function promptProblem(input: CaseInput, source: YamlSource, casePath: YamlPath, model: string): Problem[] {
  if (input.prompt !== undefined) return [];
  return [
    {
      code: 'SUITE_MISSING_KEY',
      message: `cases[${casePath[1]}].prompt is required`,
      location: locate(source, casePath),
      hint: `add "prompt:" here: image model "${model}" needs one (only video models driven by keyframes do without)`,
    },
  ];
}

/**
 * The suite-wide defaults a video model gets: only the keys it takes. A suite holding image and video cases
 * sets image defaults (steps, guidance_scale, output_format: png) for its image models; they do not reach
 * its video models. Keys set on the model or the case are checked as they are.
 */
export function videoDefaults<P extends Record<string, unknown>>(defaults: P, caps: VideoModelCapabilities): P {
  const accepted = new Set<string>(caps.params);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(defaults)) {
    if (key === 'output_format' && value !== 'mp4' && value !== 'webm') continue;
    if (accepted.has(key) || key === 'extra' || key === 'media') out[key] = value;
  }
  return out as P;
}
