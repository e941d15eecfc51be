/**
 * The built-in model's "diffusion": a clean image is drawn from the prompt,
 * guidance scales how strongly it shows, and denoising over `steps` removes a
 * seeded noise field coarse-to-fine. Residual noise after k steps is
 * σ₀·ρᵏ, so each extra step changes the image less than the one before
 * (diminishing returns), and a fast-converging model (ρ small, like Schnell)
 * is clean after 4 steps where a slow one (like Dev) needs ~30.
 */
import type { RgbImage } from '../../image/types.js';
import { drawScene } from './draw.js';
import { applyEffects } from './effects.js';
import { hash2, hashString, mix32 } from './random.js';
import { Canvas } from './raster.js';
import { composeScene } from './scene.js';
import type { StyleLook } from './vocabulary.js';

/** Standard deviation of the initial noise, in 8-bit levels. */
const INITIAL_NOISE = 80;
/** The noise field has a fine part and a part in 8×8 blocks, as latent noise decodes to. */
const LATENT_BLOCK = 8;
/** Size of the blocks averaged for the coarse, early-step version of the image. */
const COARSE_BLOCK = 16;
/** Residual noise below this many levels is gone after quantisation. */
const NOISE_FLOOR = 0.4;

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
  /** A reference image (Kontext-like models) blended into the result. */
  reference?: RgbImage;
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
  if (request.reference) blendReference(canvas, request.reference, 0.45);

  const gain = guidanceGain(request.guidance);
  const left = residual(request.convergence, request.steps);
  // Noise well under one 8-bit level vanishes in quantisation on a real model's output; model that by
  // a floor, so a converged image is clean (and compresses like one) instead of dithered.
  const noise = Math.max(0, INITIAL_NOISE * left * (1 - 0.5 * scene.cleanliness) - NOISE_FLOOR);
  const coarseWeight = left > 0.01 ? left : 0;
  const coarse = coarseWeight > 0 ? blockMeans(canvas, COARSE_BLOCK) : undefined;
  const mean = meanLuma(canvas);

  const out = new Uint8Array(width * height * 3);
  const d = canvas.data;
  const fineBase = hash2(request.seed, 0xf1e);
  const blockBase = hash2(request.seed, 0xb10c);
  const blocksPerRow = Math.ceil(width / LATENT_BLOCK);
  const jitter = request.jitter ?? 0;
  const jitterBase = hash2(request.jitterSeed ?? 0, 0x1177e5);
  for (let y = 0, p = 0; y < height; y++) {
    const blockRow = Math.floor(y / LATENT_BLOCK) * blocksPerRow;
    for (let x = 0; x < width; x++, p++) {
      const block = blockRow + Math.floor(x / LATENT_BLOCK);
      for (let c = 0; c < 3; c++) {
        const i = p * 3 + c;
        let v = mean + gain * ((d[i] ?? 0) - mean);
        if (coarse) v += (sampleCoarse(coarse, x, y, c) - v) * coarseWeight;
        if (noise > 0.01)
          v += noise * (0.8 * triangular(mix32(fineBase + i)) + 0.6 * triangular(mix32(blockBase + block * 3 + c)));
        if (jitter > 0) v += jitterNoise(jitterBase, i, jitter);
        out[i] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
      }
    }
  }
  return { width, height, data: out };
}

/** Two bytes of a hash summed: a triangular distribution on [-1, 1] with standard deviation ≈ 0.41 (×2.45 → 1). */
function triangular(hash: number): number {
  return (((hash & 0xff) + ((hash >>> 8) & 0xff) - 255) / 255) * 2.45;
}

/** Integer noise in [-jitter, +jitter] that changes with `jitterSeed`, not with the request. */
function jitterNoise(base: number, index: number, jitter: number): number {
  const h = mix32(base + index);
  return (h % (2 * jitter + 1)) - jitter;
}

function meanLuma(canvas: Canvas): number {
  const d = canvas.data;
  let sum = 0;
  // Every 7th pixel is plenty for a mean and keeps this pass cheap.
  let n = 0;
  for (let i = 0; i < d.length; i += 21) {
    sum += 0.299 * (d[i] ?? 0) + 0.587 * (d[i + 1] ?? 0) + 0.114 * (d[i + 2] ?? 0);
    n++;
  }
  return n > 0 ? sum / n : 128;
}

interface Coarse {
  cols: number;
  rows: number;
  block: number;
  means: Float32Array;
}

function blockMeans(canvas: Canvas, block: number): Coarse {
  const { width: w, height: h, data } = canvas;
  const cols = Math.ceil(w / block);
  const rows = Math.ceil(h / block);
  const sums = new Float64Array(cols * rows * 3);
  const counts = new Uint32Array(cols * rows);
  for (let y = 0; y < h; y++) {
    const row = Math.floor(y / block) * cols;
    for (let x = 0; x < w; x++) {
      const b = row + Math.floor(x / block);
      const i = (y * w + x) * 3;
      sums[b * 3] = (sums[b * 3] ?? 0) + (data[i] ?? 0);
      sums[b * 3 + 1] = (sums[b * 3 + 1] ?? 0) + (data[i + 1] ?? 0);
      sums[b * 3 + 2] = (sums[b * 3 + 2] ?? 0) + (data[i + 2] ?? 0);
      counts[b] = (counts[b] ?? 0) + 1;
    }
  }
  const means = new Float32Array(cols * rows * 3);
  for (let b = 0; b < cols * rows; b++) {
    const n = counts[b] || 1;
    for (let c = 0; c < 3; c++) means[b * 3 + c] = (sums[b * 3 + c] ?? 0) / n;
  }
  return { cols, rows, block, means };
}

/** Bilinear sample of the block means, so the coarse image is soft rather than blocky. */
function sampleCoarse(coarse: Coarse, x: number, y: number, c: number): number {
  const fx = Math.max(0, Math.min(coarse.cols - 1, (x + 0.5) / coarse.block - 0.5));
  const fy = Math.max(0, Math.min(coarse.rows - 1, (y + 0.5) / coarse.block - 0.5));
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(coarse.cols - 1, x0 + 1);
  const y1 = Math.min(coarse.rows - 1, y0 + 1);
  const tx = fx - x0;
  const ty = fy - y0;
  const m = coarse.means;
  const at = (bx: number, by: number) => m[(by * coarse.cols + bx) * 3 + c] ?? 0;
  const top = at(x0, y0) + (at(x1, y0) - at(x0, y0)) * tx;
  const bottom = at(x0, y1) + (at(x1, y1) - at(x0, y1)) * tx;
  return top + (bottom - top) * ty;
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

function mergeStyles(a: StyleLook, b: StyleLook): StyleLook {
  const out: StyleLook = { ...a };
  for (const [key, value] of Object.entries(b) as [keyof StyleLook, number][]) {
    out[key] = (out[key] ?? 0) + value;
  }
  return out;
}
