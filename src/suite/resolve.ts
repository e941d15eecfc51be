/**
 * Merging request parameters from suite defaults → model defaults → case →
 * sweep cell, remembering where each value came from, and checking the result
 * against the model's capabilities so a suite that asks for the impossible is
 * refused before any request is sent.
 */
import type { Problem } from '../types/errors.js';
import type { ModelCapabilities, RequestParamName, RequestParams } from '../types/index.js';
import { didYouMean } from './suggest.js';
import { locate, type YamlPath, type YamlSource } from './yaml-source.js';

export interface ParamLayer {
  params: RequestParams;
  /** YAML path of the mapping holding these params; `origins` overrides per key. */
  path: YamlPath;
  origins?: Partial<Record<RequestParamName, YamlPath>>;
}

export interface ResolvedParams {
  params: RequestParams;
  /** YAML path of the key that set each parameter. */
  origins: Partial<Record<RequestParamName, YamlPath>>;
}

const SIZE_FIELDS: RequestParamName[] = ['width', 'height'];

export function mergeLayers(layers: readonly ParamLayer[]): ResolvedParams {
  const params: Record<string, unknown> = {};
  const origins: Partial<Record<RequestParamName, YamlPath>> = {};
  for (const layer of layers) {
    const keys = Object.keys(layer.params) as RequestParamName[];
    // A size given one way replaces a size given the other way by a less specific layer.
    if (keys.includes('aspect_ratio')) {
      for (const field of SIZE_FIELDS) {
        delete params[field];
        delete origins[field];
      }
    }
    if (keys.some((k) => SIZE_FIELDS.includes(k))) {
      delete params.aspect_ratio;
      delete origins.aspect_ratio;
    }
    for (const key of keys) {
      const value = layer.params[key];
      if (value === undefined) continue;
      params[key] = value;
      origins[key] = layer.origins?.[key] ?? [...layer.path, key];
    }
  }
  return { params: params as RequestParams, origins };
}

/** Every way the resolved params ask a model for something it cannot do. */
export function checkCapabilities(
  source: YamlSource,
  resolved: ResolvedParams,
  caps: ModelCapabilities,
  modelPath: YamlPath,
): Problem[] {
  const problems: Problem[] = [];
  const { params, origins } = resolved;
  const at = (key: RequestParamName) => locate(source, origins[key] ?? modelPath, { key: true });
  const accepted = new Set<string>(caps.params);

  for (const key of Object.keys(params) as RequestParamName[]) {
    if (key === 'prompt' || key === 'extra' || accepted.has(key)) continue;
    let hint = `remove "${key}" for this model, or move it under the models that accept it (models: - id: …, defaults:)`;
    if ((key === 'width' || key === 'height') && caps.sizeMode === 'aspect_ratio') {
      hint = `${caps.id} is sized by aspect_ratio: give it its own size, e.g. models: - id: ${caps.id}, defaults: { aspect_ratio: "1:1" }`;
    } else if (key === 'aspect_ratio' && caps.sizeMode === 'width_height') {
      hint = `${caps.id} is sized by width and height: set width: and height: instead`;
    } else {
      const near = didYouMean(key, caps.params as readonly string[]);
      if (near) hint = `${near} ${hint}`;
    }
    problems.push({
      code: 'SUITE_PARAM',
      message: `model "${caps.id}" does not accept "${key}"`,
      location: at(key),
      hint,
    });
  }

  if (caps.sizeMode === 'width_height') {
    const hasW = params.width !== undefined;
    const hasH = params.height !== undefined;
    if (hasW !== hasH) {
      const missing = hasW ? 'height' : 'width';
      problems.push({
        code: 'SUITE_PARAM',
        message: `"${hasW ? 'width' : 'height'}" is set without "${missing}" for model "${caps.id}"`,
        location: at(hasW ? 'width' : 'height'),
        hint: `set ${missing} too (the two always go together)`,
      });
    }
  }
  if (params.aspect_ratio !== undefined && caps.aspectRatios && !caps.aspectRatios.includes(params.aspect_ratio)) {
    problems.push({
      code: 'SUITE_PARAM',
      message: `model "${caps.id}" has no aspect_ratio "${params.aspect_ratio}"`,
      location: locate(source, origins.aspect_ratio ?? modelPath),
      hint: `use one of ${caps.aspectRatios.map((r) => `"${r}"`).join(', ')}`,
    });
  }
  if (params.steps !== undefined && (params.steps < caps.steps.min || params.steps > caps.steps.max)) {
    problems.push({
      code: 'SUITE_PARAM',
      message: `steps ${params.steps} is outside ${caps.steps.min}–${caps.steps.max} for model "${caps.id}"`,
      location: locate(source, origins.steps ?? modelPath),
      hint: `use ${caps.steps.min}–${caps.steps.max} steps (default ${caps.steps.default})`,
    });
  }
  if (params.guidance_scale !== undefined && caps.guidance) {
    const { min, max } = caps.guidance;
    if (params.guidance_scale < min || params.guidance_scale > max) {
      problems.push({
        code: 'SUITE_PARAM',
        message: `guidance_scale ${params.guidance_scale} is outside ${min}–${max} for model "${caps.id}"`,
        location: locate(source, origins.guidance_scale ?? modelPath),
        hint: `use a guidance_scale from ${min} to ${max}`,
      });
    }
  }
  if (params.n !== undefined && params.n > caps.maxImages) {
    problems.push({
      code: 'SUITE_PARAM',
      message: `n ${params.n} is more than model "${caps.id}" returns per request (${caps.maxImages})`,
      location: locate(source, origins.n ?? modelPath),
      hint: `use n: ${caps.maxImages} or fewer, or add seeds instead`,
    });
  }
  if (params.disable_safety_checker === true && caps.safetyChecker === 'always') {
    problems.push({
      code: 'SUITE_PARAM',
      message: `model "${caps.id}" cannot disable its safety checker`,
      location: at('disable_safety_checker'),
      hint: 'remove disable_safety_checker for this model, or use a model that allows it',
    });
  }
  return problems;
}
