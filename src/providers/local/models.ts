/**
 * The built-in models, described in the same capability shape as real ones.
 * They mirror Together's FLUX families: a Schnell-like model sized by aspect
 * ratio that converges in ~4 steps, a Dev-like model sized by width/height
 * that needs ~28, a free Schnell whose safety checker cannot be disabled, and
 * a Kontext-like model that takes reference images.
 */
import type { ModelCapabilities, RequestParamName } from '../../types/index.js';
import type { StyleLook } from './vocabulary.js';

export interface SimModel {
  capabilities: ModelCapabilities;
  /** ρ: the share of noise each denoising step leaves (see render.ts). */
  convergence: number;
  /** Models of one family share weights: the same prompt and seed give them the same layout. */
  family: string;
  description: string;
}

/** Sizes for models sized by aspect ratio: about a quarter megapixel, multiples of 8. */
export const ASPECT_SIZES: Record<string, readonly [number, number]> = {
  '1:1': [512, 512],
  '16:9': [688, 384],
  '9:16': [384, 688],
  '4:3': [592, 448],
  '3:4': [448, 592],
  '3:2': [624, 416],
  '2:3': [416, 624],
  '21:9': [784, 336],
};

const COMMON: RequestParamName[] = [
  'prompt',
  'negative_prompt',
  'steps',
  'n',
  'response_format',
  'output_format',
  'disable_safety_checker',
];

const RATIOS = Object.keys(ASPECT_SIZES);

export const SIM_MODELS: Record<string, SimModel> = {
  'sim-schnell': {
    description: 'fast, sized by aspect_ratio, clean after ~4 steps (like FLUX.1 Schnell)',
    convergence: 0.25,
    family: 'schnell',
    capabilities: {
      id: 'sim-schnell',
      sizeMode: 'aspect_ratio',
      aspectRatios: RATIOS,
      steps: { min: 1, max: 12, default: 4 },
      guidance: { min: 0, max: 20, default: 3.5 },
      maxImages: 4,
      params: [...COMMON, 'aspect_ratio', 'guidance_scale'],
      safetyChecker: 'optional',
      defaultOutputFormat: 'jpeg',
    },
  },
  'sim-schnell-free': {
    description: 'like sim-schnell, one image per request, safety checker always on (like FLUX.1 Schnell Free)',
    convergence: 0.25,
    family: 'schnell',
    capabilities: {
      id: 'sim-schnell-free',
      sizeMode: 'aspect_ratio',
      aspectRatios: RATIOS,
      steps: { min: 1, max: 4, default: 4 },
      guidance: { min: 0, max: 20, default: 3.5 },
      maxImages: 1,
      params: [...COMMON, 'aspect_ratio', 'guidance_scale'],
      safetyChecker: 'always',
      defaultOutputFormat: 'jpeg',
    },
  },
  'sim-dev': {
    description: 'sized by width/height, needs ~28 steps, takes LoRAs (like FLUX.1 Dev)',
    convergence: 0.82,
    family: 'dev',
    capabilities: {
      id: 'sim-dev',
      sizeMode: 'width_height',
      steps: { min: 1, max: 50, default: 28 },
      guidance: { min: 0, max: 20, default: 3.5 },
      maxImages: 4,
      params: [...COMMON, 'width', 'height', 'guidance_scale', 'image_loras'],
      safetyChecker: 'optional',
      defaultOutputFormat: 'jpeg',
    },
  },
  'sim-kontext': {
    description: 'sized by aspect_ratio, blends image_url/reference_images into the result (like FLUX.1 Kontext)',
    convergence: 0.8,
    family: 'kontext',
    capabilities: {
      id: 'sim-kontext',
      sizeMode: 'aspect_ratio',
      aspectRatios: RATIOS,
      steps: { min: 1, max: 50, default: 28 },
      guidance: { min: 0, max: 20, default: 3.5 },
      maxImages: 4,
      params: [...COMMON, 'aspect_ratio', 'guidance_scale', 'image_url', 'reference_images'],
      safetyChecker: 'optional',
      defaultOutputFormat: 'jpeg',
    },
  },
};

/** Revisions of the built-in models; 2 drifts slightly from 1 behind the same names. */
export const LOCAL_REVISIONS = [1, 2] as const;

/** Built-in LoRAs: `sim/<name>`; a scale of 1 applies the full style. */
export const SIM_LORAS: Record<string, StyleLook> = {
  'sim/watercolor': { blur: 3, desaturate: 0.2 },
  'sim/pixel-art': { pixelate: 8, posterize: 6 },
  'sim/film-grain': { grain: 10, vignette: 0.3 },
  'sim/sepia': { sepia: 0.9 },
  'sim/oil-paint': { strokes: 16 },
};
