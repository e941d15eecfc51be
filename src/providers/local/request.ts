/**
 * What the built-in model refuses, and how: the same answers an HTTP image API
 * gives (400 for a bad parameter, 404 for an unknown model, 422 for the safety
 * checker), as ProviderErrors, so `seedsnap serve` only has to map them to
 * status codes and the in-process provider exercises the same paths.
 */
import { ProviderError } from '../../types/errors.js';
import type { ImageRequest, ModelCapabilities, RequestParamName } from '../../types/index.js';
import { ASPECT_SIZES, SIM_LORAS, SIM_MODELS, type SimModel } from './models.js';
import { mergeStyles } from './style.js';
import { type StyleLook, UNSAFE_WORDS, words } from './vocabulary.js';

/** Smallest and largest width/height of models sized by width and height (multiples of 8). */
export const MIN_SIDE = 64;
export const MAX_SIDE = 2048;
/** Size of a width/height model when the request gives none. */
export const DEFAULT_SIDE = 1024;

/** A 400 that names the request field at fault (the HTTP server puts it in the error's `param`). */
export class ParamError extends ProviderError {
  constructor(
    message: string,
    readonly param: string | undefined,
    status = 400,
  ) {
    super('invalid', message, { status });
    this.name = 'ParamError';
  }
}

function invalid(message: string, param?: string): ParamError {
  return new ParamError(message, param);
}

export function findModel(name: string): SimModel {
  const model = SIM_MODELS[name];
  if (!model) {
    throw new ProviderError(
      'invalid',
      `model "${name}" does not exist; models: ${Object.keys(SIM_MODELS).join(', ')}`,
      {
        status: 404,
      },
    );
  }
  return model;
}

/** Every parameter check, in the order an API reports them; throws the first problem. */
export function checkRequest(request: ImageRequest, caps: ModelCapabilities): void {
  if (typeof request.prompt !== 'string' || request.prompt.trim() === '') {
    throw invalid('prompt must be a non-empty string', 'prompt');
  }
  if (!Number.isInteger(request.seed)) throw invalid(`seed must be an integer, got ${request.seed}`, 'seed');
  const accepted = new Set<string>(caps.params);
  for (const [key, value] of Object.entries(request) as [RequestParamName | 'model' | 'seed', unknown][]) {
    if (value === undefined || key === 'model' || key === 'seed' || key === 'extra' || accepted.has(key)) continue;
    throw invalid(`model "${caps.id}" does not accept "${key}" (it accepts ${caps.params.join(', ')})`, key);
  }
  const steps = request.steps;
  if (steps !== undefined && (!Number.isInteger(steps) || steps < caps.steps.min || steps > caps.steps.max)) {
    throw invalid(
      `steps must be an integer from ${caps.steps.min} to ${caps.steps.max} for ${caps.id}, got ${steps}`,
      'steps',
    );
  }
  const guidance = request.guidance_scale;
  if (guidance !== undefined && caps.guidance) {
    const { min, max } = caps.guidance;
    if (!Number.isFinite(guidance) || guidance < min || guidance > max) {
      throw invalid(`guidance_scale must be from ${min} to ${max} for ${caps.id}, got ${guidance}`, 'guidance_scale');
    }
  }
  const n = request.n ?? 1;
  if (!Number.isInteger(n) || n < 1 || n > caps.maxImages) {
    throw invalid(`n must be an integer from 1 to ${caps.maxImages} for ${caps.id}, got ${n}`, 'n');
  }
  const format = request.output_format;
  if (format !== undefined && format !== 'png' && format !== 'jpeg') {
    throw invalid(`output_format must be "png" or "jpeg", got ${JSON.stringify(format)}`, 'output_format');
  }
  const response = request.response_format;
  if (response !== undefined && response !== 'base64' && response !== 'url') {
    throw invalid(`response_format must be "base64" or "url", got ${JSON.stringify(response)}`, 'response_format');
  }
}

/** The safety checker: a short word list, refused unless disabled; a model with `always` cannot disable it. */
export function checkSafety(request: ImageRequest, caps: ModelCapabilities): void {
  if (caps.safetyChecker === 'none') return;
  const text = new Set(words(request.prompt));
  const flagged = UNSAFE_WORDS.filter((w) => text.has(w));
  if (flagged.length === 0) return;
  if (request.disable_safety_checker === true && caps.safetyChecker !== 'always') return;
  const note = caps.safetyChecker === 'always' ? ` (${caps.id} cannot disable its safety checker)` : '';
  throw new ProviderError('blocked', `the safety checker refused the prompt (flagged: ${flagged.join(', ')})${note}`, {
    status: 422,
  });
}

export function outputSize(request: ImageRequest, caps: ModelCapabilities): [number, number] {
  if (caps.sizeMode === 'aspect_ratio') {
    const ratio = request.aspect_ratio ?? '1:1';
    const size = caps.aspectRatios?.includes(ratio) ? ASPECT_SIZES[ratio] : undefined;
    if (!size) {
      const known = (caps.aspectRatios ?? []).join(', ');
      throw invalid(`aspect_ratio "${ratio}" is not supported by ${caps.id} (use one of ${known})`, 'aspect_ratio');
    }
    return [size[0], size[1]];
  }
  const width = request.width ?? DEFAULT_SIDE;
  const height = request.height ?? DEFAULT_SIDE;
  for (const [name, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(value) || value < MIN_SIDE || value > MAX_SIDE || value % 8 !== 0) {
      throw invalid(`${name} must be a multiple of 8 from ${MIN_SIDE} to ${MAX_SIDE}, got ${value}`, name);
    }
  }
  return [width, height];
}

/** The style the request's LoRAs add, each in proportion to its scale; unknown LoRAs are a 400. */
export function loraStyle(request: ImageRequest): StyleLook | undefined {
  if (!request.image_loras || request.image_loras.length === 0) return undefined;
  let style: StyleLook = {};
  for (const lora of request.image_loras) {
    const look = SIM_LORAS[lora?.path];
    if (!look) {
      throw invalid(
        `unknown LoRA ${JSON.stringify(lora?.path)}; built-in LoRAs: ${Object.keys(SIM_LORAS).join(', ')}`,
        'image_loras',
      );
    }
    if (!Number.isFinite(lora.scale) || lora.scale < 0 || lora.scale > 4) {
      throw invalid(`LoRA "${lora.path}" scale must be from 0 to 4, got ${lora.scale}`, 'image_loras');
    }
    style = mergeStyles(style, scaleStyle(look, lora.scale));
  }
  return style;
}

/**
 * A style at a fraction of its strength. Posterise and pixelate are counted in levels and pixels,
 * so their strength is scaled, not the number: half a 6-level posterise is about 11 levels.
 */
export function scaleStyle(look: StyleLook, scale: number): StyleLook {
  const out: StyleLook = {};
  for (const [key, value] of Object.entries(look) as [keyof StyleLook, number][]) {
    if (key === 'posterize') {
      const strength = (255 / value - 1) * scale;
      if (strength > 0.05) out.posterize = 255 / (1 + strength);
    } else if (key === 'pixelate') {
      const block = 1 + (value - 1) * scale;
      if (block >= 1.5) out.pixelate = block;
    } else {
      out[key] = value * scale;
    }
  }
  return out;
}
