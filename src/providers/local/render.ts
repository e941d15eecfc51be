/**
 * The built-in model's "diffusion": a clean image is drawn from the prompt,
 * guidance scales how strongly it shows, and denoising over `steps` removes a
 * seeded noise field coarse-to-fine. Residual noise after k steps is
 * σ₀·ρᵏ, so each extra step changes the image less than the one before
 * (diminishing returns), and a fast-converging model (ρ small, like Schnell)
 * is clean after 4 steps where a slow one (like Dev) needs ~30.
 */
import type { RgbImage } from '../../image/types.js';
import { denoise } from './denoise.js';
import { drawScene } from './draw.js';
import { applyEffects } from './effects.js';
import { hash2, hashString } from './random.js';
import { Canvas } from './raster.js';
import { composeScene } from './scene.js';
import { mergeStyles } from './style.js';
import type { StyleLook } from './vocabulary.js';

/** Standard deviation of the initial noise, in 8-bit levels. */
const INITIAL_NOISE = 80;
/** Residual noise below this many levels is gone after quantisation. */
const NOISE_FLOOR = 0.4;

export interface Reference {
  image: RgbImage;
  /** 0..1: how much of the result is the reference. */
  weight: number;
}

export interface RenderRequest {
  prompt: string;
  negativePrompt: string;
  /** The noise seed of this image (see `imageSeed`). */
  seed: number;
  width: number;
  height: number;
  steps: number;
  /** Undefined for a model that takes no guidance. */
  guidance: number | undefined;
  /** ρ: share of the noise left after each step. */
  convergence: number;
  /** Model family: different families lay the same prompt out differently, as different weights do. */
  family: string;
  revision: number;
  /** Extra style from LoRAs, already scaled. */
  loraStyle?: StyleLook;
  /** Reference images (Kontext-like models) blended into the result, each with its weight. */
  references?: readonly Reference[];
  /** ±LSB noise not tied to the seed, like GPU nondeterminism; 0 for none. */
  jitter?: number;
  jitterSeed?: number;
}

/** Pixel-level guidance response: 1 at the usual 3.5, washed out below, burned above. */
export function guidanceGain(guidance: number | undefined): number {
  return guidance === undefined ? 1 : 0.3 + 0.2 * guidance;
}

/** ρᵏ by repeated multiplication, which is exact IEEE arithmetic on every machine (unlike Math.pow). */
export function residual(convergence: number, steps: number): number {
  let r = 1;
  for (let i = 0; i < steps; i++) r *= convergence;
  return r;
}

export function render(request: RenderRequest): RgbImage {
  const { width, height } = request;
  const scene = composeScene(request.prompt, request.negativePrompt, hash2(request.seed, hashString(request.family)));
  if (request.loraStyle) scene.style = mergeStyles(scene.style, request.loraStyle);
  const canvas = new Canvas(width, height);
  drawScene(canvas, scene, { revision: request.revision, seed: request.seed });
  applyEffects(canvas, scene, request.seed);
  for (const reference of request.references ?? []) blendReference(canvas, reference.image, reference.weight);

  const left = residual(request.convergence, request.steps);
  // Noise well under one 8-bit level vanishes in quantisation on a real model's output; model that by
  // a floor, so a converged image is clean (and compresses like one) instead of dithered.
  const noise = Math.max(0, INITIAL_NOISE * left * (1 - 0.5 * scene.cleanliness) - NOISE_FLOOR);
  const data = denoise(canvas, {
    seed: request.seed,
    gain: guidanceGain(request.guidance),
    noise,
    coarseWeight: left > 0.01 ? left : 0,
    jitter: request.jitter ?? 0,
    jitterSeed: request.jitterSeed ?? 0,
  });
  return { width, height, data };
}

function blendReference(canvas: Canvas, reference: RgbImage, weight: number): void {
  const { width: w, height: h, data } = canvas;
  for (let y = 0; y < h; y++) {
    const ry = Math.min(reference.height - 1, Math.floor((y * reference.height) / h));
    for (let x = 0; x < w; x++) {
      const rx = Math.min(reference.width - 1, Math.floor((x * reference.width) / w));
      const i = (y * w + x) * 3;
      const j = (ry * reference.width + rx) * 3;
      for (let c = 0; c < 3; c++)
        data[i + c] = (data[i + c] ?? 0) * (1 - weight) + (reference.data[j + c] ?? 0) * weight;
    }
  }
}
