/**
 * Checking a video case's resolved parameters against its model's video capabilities, before anything is
 * sent: a Kling-style model without keyframes, a keyframe the model cannot place (a last frame on a
 * first-only model, a frame past the clip's end), a length, rate or size the model does not make. Each
 * problem points at the key that caused it (`file:line:col`), or at the case when a key is missing.
 */
import type { Problem } from '../types/errors.js';
import {
  frameCountOf,
  keyframeProblem,
  type PlacedKeyframe,
  placeKeyframes,
  type VideoModelCapabilities,
  type VideoParams,
} from '../video/request.js';
import { didYouMean } from './suggest.js';
import { locate, type YamlPath, type YamlSource } from './yaml-source.js';

export interface ResolvedVideoParams {
  params: VideoParams & Record<string, unknown>;
  /** YAML path of the key that set each parameter. */
  origins: Partial<Record<string, YamlPath>>;
}

function describe(values: readonly number[], unit: string): string {
  return values.map((v) => `${v}${unit}`).join(', ');
}

export function checkVideoCapabilities(
  source: YamlSource,
  resolved: ResolvedVideoParams,
  caps: VideoModelCapabilities,
  /** The case (for problems about a missing key) and the model entry. */
  where: { casePath: YamlPath; modelPath: YamlPath },
): Problem[] {
  const problems: Problem[] = [];
  const { params, origins } = resolved;
  const at = (key: string, options: { key?: boolean } = {}) => locate(source, origins[key] ?? where.casePath, options);
  const push = (key: string | undefined, message: string, hint: string, options: { key?: boolean } = {}) =>
    problems.push({
      code: 'SUITE_PARAM',
      message,
      location: key === undefined ? locate(source, where.casePath) : at(key, options),
      hint,
    });

  const accepted = new Set<string>(caps.params);
  for (const key of Object.keys(params)) {
    if (key === 'extra' || accepted.has(key) || params[key] === undefined) continue;
    const near = didYouMean(key, caps.params as readonly string[]);
    push(
      key,
      `video model "${caps.id}" does not accept "${key}"`,
      `${near ? `${near} ` : ''}remove "${key}" for this model (it accepts ${caps.params.join(', ')})`,
      { key: true },
    );
  }
  if (caps.prompt === 'required' && (params.prompt === undefined || params.prompt.trim() === '')) {
    push(undefined, `video model "${caps.id}" needs a prompt`, 'add prompt: to the case');
  }

  const format = params.output_format as string | undefined;
  if (format !== undefined && format !== 'mp4' && format !== 'webm') {
    push(
      'output_format',
      `output_format "${format}" is an image format; "${caps.id}" makes video`,
      'use output_format: mp4 or webm',
    );
  }
  const seconds = params.seconds ?? caps.seconds.default;
  const fps = params.fps ?? caps.fps.default;
  const allowedSeconds = caps.seconds.allowed;
  if (allowedSeconds ? !allowedSeconds.includes(seconds) : seconds < caps.seconds.min || seconds > caps.seconds.max) {
    push(
      params.seconds === undefined ? undefined : 'seconds',
      `seconds ${seconds} is not a length "${caps.id}" makes`,
      allowedSeconds
        ? `use seconds: ${describe(allowedSeconds, '')}`
        : `use ${caps.seconds.min}–${caps.seconds.max} seconds`,
    );
  }
  const allowedFps = caps.fps.allowed;
  if (allowedFps ? !allowedFps.includes(fps) : fps < caps.fps.min || fps > caps.fps.max) {
    push(
      params.fps === undefined ? undefined : 'fps',
      `fps ${fps} is not a frame rate "${caps.id}" makes`,
      allowedFps ? `use fps: ${describe(allowedFps, '')}` : `use ${caps.fps.min}–${caps.fps.max} fps`,
    );
  }
  const frameCount = frameCountOf({ seconds, fps }, caps);
  if (!Number.isInteger(seconds * fps)) {
    push(
      'seconds',
      `${seconds} s at ${fps} fps is not a whole number of frames`,
      'pick seconds and fps whose product is whole',
    );
  }
  sizeProblems(params, caps, push);

  const frames = params.frame_images ?? [];
  if (frames.length > 0 && accepted.has('frame_images')) {
    let placed: PlacedKeyframe[] | undefined;
    try {
      placed = placeKeyframes(frames, frameCount);
    } catch (error) {
      push(
        'frame_images',
        (error as Error).message,
        `a frame number runs from 0 to ${frameCount - 1} (${seconds} s × ${fps} fps)`,
      );
    }
    const problem = placed && keyframeProblem(placed, frameCount, caps);
    if (problem) {
      const can = caps.keyframes.support === 'first' ? 'one keyframe, the first frame' : 'the first and the last frame';
      push('frame_images', problem, `${caps.id} takes ${can}: remove the others, or use a model that places them`);
    }
  } else if (caps.keyframes.required) {
    push(
      undefined,
      `video model "${caps.id}" needs frame_images (keyframes): it animates images instead of following a prompt`,
      'add frame_images: [{ input_image: keyframes/first.png }] to the case (a path relative to the suite, a URL or base64)',
    );
  }
  const references = params.reference_images?.length ?? 0;
  if (references > caps.maxReferenceImages && accepted.has('reference_images')) {
    push(
      'reference_images',
      `"${caps.id}" takes at most ${caps.maxReferenceImages} reference images, got ${references}`,
      'remove some',
    );
  }
  return problems;
}

function sizeProblems(
  params: VideoParams,
  caps: VideoModelCapabilities,
  push: (key: string | undefined, message: string, hint: string) => void,
): void {
  if ((params.width === undefined) !== (params.height === undefined)) {
    const set = params.width === undefined ? 'height' : 'width';
    push(
      set,
      `"${set}" is set without "${set === 'width' ? 'height' : 'width'}" for "${caps.id}"`,
      'set both, or neither for the default size',
    );
    return;
  }
  const [w, h] = [params.width ?? caps.defaultSize[0], params.height ?? caps.defaultSize[1]];
  if ('list' in caps.sizes) {
    if (!caps.sizes.list.some(([lw, lh]) => lw === w && lh === h)) {
      const sizes = caps.sizes.list.map(([lw, lh]) => `${lw}×${lh}`).join(', ');
      push('width', `${w}×${h} is not a size "${caps.id}" makes`, `use one of ${sizes}`);
    }
    return;
  }
  const { min, max, multiple } = caps.sizes;
  for (const [key, value] of [
    ['width', w],
    ['height', h],
  ] as const) {
    if (value < min || value > max || value % multiple !== 0) {
      push(
        key,
        `${key} ${value} is not a multiple of ${multiple} from ${min} to ${max} for "${caps.id}"`,
        `use e.g. ${key}: 256`,
      );
    }
  }
}
