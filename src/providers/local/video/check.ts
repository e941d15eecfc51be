/**
 * What the built-in video models refuse, as the video API answers: a 400 naming the field (ParamError),
 * a 404 for an unknown model. The same checks serve the in-process provider and `seedsnap serve`.
 */
import { ProviderError } from '../../../types/errors.js';
import {
  type FrameImage,
  frameCountOf,
  keyframeProblem,
  type PlacedKeyframe,
  placeKeyframes,
  type VideoModelCapabilities,
  type VideoRequest,
} from '../../../video/request.js';
import type { VideoFormat } from '../../../video/types.js';
import { ParamError } from '../request.js';
import { SIM_VIDEO_MODELS, type SimVideoModel } from './models.js';

export function findVideoModel(name: string): SimVideoModel {
  const model = SIM_VIDEO_MODELS[name];
  if (!model) {
    throw new ProviderError(
      'invalid',
      `video model "${name}" does not exist; video models: ${Object.keys(SIM_VIDEO_MODELS).join(', ')}`,
      { status: 404 },
    );
  }
  return model;
}

export interface CheckedVideoRequest {
  width: number;
  height: number;
  fps: number;
  seconds: number;
  frameCount: number;
  format: VideoFormat;
  placed: PlacedKeyframe[];
}

function inRange(
  value: number | undefined,
  range: { min: number; max: number; allowed?: readonly number[] },
  name: string,
  id: string,
): void {
  if (value === undefined) return;
  if (range.allowed && !range.allowed.includes(value)) {
    throw new ParamError(`${name} must be one of ${range.allowed.join(', ')} for ${id}, got ${value}`, name);
  }
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new ParamError(
      `${name} must be a whole number from ${range.min} to ${range.max} for ${id}, got ${value}`,
      name,
    );
  }
}

export function checkVideoRequest(request: VideoRequest, caps: VideoModelCapabilities): CheckedVideoRequest {
  const id = caps.id;
  const prompt = request.prompt;
  if (caps.prompt === 'required' && (typeof prompt !== 'string' || prompt.trim() === '')) {
    throw new ParamError(`${id} needs a prompt (a non-empty string)`, 'prompt');
  }
  if (!Number.isInteger(request.seed)) throw new ParamError(`seed must be an integer, got ${request.seed}`, 'seed');
  const accepted = new Set<string>(caps.params);
  for (const [key, value] of Object.entries(request)) {
    if (value === undefined || key === 'model' || key === 'seed' || key === 'extra' || accepted.has(key)) continue;
    throw new ParamError(`model "${id}" does not accept "${key}" (it accepts ${caps.params.join(', ')})`, key);
  }
  const [defaultWidth, defaultHeight] = caps.defaultSize;
  const width = request.width ?? defaultWidth;
  const height = request.height ?? defaultHeight;
  if ('list' in caps.sizes) {
    if (!caps.sizes.list.some(([w, h]) => w === width && h === height)) {
      const sizes = caps.sizes.list.map(([w, h]) => `${w}×${h}`).join(', ');
      throw new ParamError(`${width}×${height} is not a size ${id} makes (sizes: ${sizes})`, 'width');
    }
  } else {
    const { min, max, multiple } = caps.sizes;
    for (const [name, value] of [
      ['width', width],
      ['height', height],
    ] as const) {
      if (!Number.isInteger(value) || value < min || value > max || value % multiple !== 0) {
        throw new ParamError(`${name} must be a multiple of ${multiple} from ${min} to ${max}, got ${value}`, name);
      }
    }
  }
  inRange(request.fps, caps.fps, 'fps', id);
  inRange(request.seconds, caps.seconds, 'seconds', id);
  if (caps.steps) inRange(request.steps, caps.steps, 'steps', id);
  const guidance = request.guidance_scale;
  if (guidance !== undefined && caps.guidance && !(guidance >= caps.guidance.min && guidance <= caps.guidance.max)) {
    throw new ParamError(
      `guidance_scale must be from ${caps.guidance.min} to ${caps.guidance.max} for ${id}, got ${guidance}`,
      'guidance_scale',
    );
  }
  const format = (request.output_format ?? caps.defaultOutputFormat).toLowerCase();
  if (format !== 'mp4' && format !== 'webm') {
    throw new ParamError(
      `output_format must be "MP4" or "WEBM", got ${JSON.stringify(request.output_format)}`,
      'output_format',
    );
  }
  const frameCount = frameCountOf(request, caps);
  const frames: FrameImage[] = request.frame_images ?? [];
  frames.forEach((frame, i) => {
    if (typeof frame?.input_image !== 'string' || frame.input_image === '') {
      throw new ParamError(`frame_images[${i}].input_image must be a URL or base64 image`, 'frame_images');
    }
  });
  let placed: PlacedKeyframe[];
  try {
    placed = placeKeyframes(frames, frameCount);
  } catch (error) {
    throw new ParamError((error as Error).message, 'frame_images');
  }
  const problem = keyframeProblem(placed, frameCount, caps);
  if (problem) throw new ParamError(problem, 'frame_images');
  return {
    width,
    height,
    fps: request.fps ?? caps.fps.default,
    seconds: request.seconds ?? caps.seconds.default,
    frameCount,
    format,
    placed,
  };
}
