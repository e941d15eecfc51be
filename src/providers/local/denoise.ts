/**
 * The last pass of the built-in model, from the clean float canvas to 8-bit
 * pixels: guidance scales the contrast and saturation around the mean, the
 * early-step image is a blurred (coarse) version of the clean one, and the
 * seeded noise left after `steps` is added — a fine per-pixel part plus a part
 * in 8×8 blocks, as latent noise decodes to. Jitter, when asked for, comes
 * last and from its own seed. The pass is the hot loop of the model, so the
 * per-block and per-row work is hoisted out of the per-pixel loop.
 */
import { hash2, mix32 } from './random.js';
import type { Canvas } from './raster.js';

/** The noise field's blocks, in pixels. */
const LATENT_BLOCK = 8;
/** Size of the blocks averaged for the coarse, early-step version of the image. */
const COARSE_BLOCK = 16;

export interface DenoiseOptions {
  /** The image's noise seed. */
  seed: number;
  /** Contrast and saturation gain around the mean (guidance). */
  gain: number;
  /** Standard deviation of the noise left, in 8-bit levels (0: none). */
  noise: number;
  /** 0..1: how much of the image is still the coarse version. */
  coarseWeight: number;
  /** ±levels of jitter; 0 for none. */
  jitter: number;
  jitterSeed: number;
}

export function denoise(canvas: Canvas, options: DenoiseOptions): Uint8Array {
  const { width: w, height: h, data: d } = canvas;
  const { gain, noise, coarseWeight, jitter } = options;
  const mean = meanLuma(canvas);
  const out = new Uint8Array(w * h * 3);
  const noisy = noise > 0.01;
  // As int32 (mix32 takes its argument modulo 2³² anyway), so the hot loop stays in small integers.
  const fineBase = hash2(options.seed, 0xf1e) | 0;
  const blockBase = hash2(options.seed, 0xb10c) | 0;
  const jitterBase = hash2(options.jitterSeed, 0x1177e5) | 0;
  const jitterSpan = 2 * jitter + 1;
  const blocksPerRow = Math.ceil(w / LATENT_BLOCK);
  const blockNoise = new Float64Array(blocksPerRow * 3);
  // The fine noise of a pixel depends only on a sum of two hash bytes (0..510): a table, not arithmetic per pixel.
  const fineNoise = new Float64Array(511);
  for (let sum = 0; sum < 511; sum++) fineNoise[sum] = noise * 0.8 * triangular(sum);
  const coarse = coarseWeight > 0 ? new CoarseImage(canvas, COARSE_BLOCK) : undefined;
  const coarseRow = new Float64Array(w * 3);

  for (let y = 0; y < h; y++) {
    if (noisy && y % LATENT_BLOCK === 0) {
      const first = (y / LATENT_BLOCK) * blocksPerRow * 3;
      for (let k = 0; k < blockNoise.length; k++)
        blockNoise[k] = noise * 0.6 * triangular(byteSum(mix32((blockBase + first + k) | 0)));
    }
    if (coarse) coarse.row(y, coarseRow);
    for (let x = 0, p = y * w, i = p * 3; x < w; x++, p++, i += 3) {
      let r = mean + gain * ((d[i] ?? 0) - mean);
      let g = mean + gain * ((d[i + 1] ?? 0) - mean);
      let b = mean + gain * ((d[i + 2] ?? 0) - mean);
      if (coarse) {
        r += ((coarseRow[x * 3] ?? 0) - r) * coarseWeight;
        g += ((coarseRow[x * 3 + 1] ?? 0) - g) * coarseWeight;
        b += ((coarseRow[x * 3 + 2] ?? 0) - b) * coarseWeight;
      }
      if (noisy) {
        // Two hashes give the three channels' fine noise (two bytes each).
        const h1 = mix32((fineBase + 2 * p) | 0);
        const h2 = mix32((fineBase + 2 * p + 1) | 0);
        const k = ((x / LATENT_BLOCK) | 0) * 3;
        r += (fineNoise[byteSum(h1)] ?? 0) + (blockNoise[k] ?? 0);
        g += (fineNoise[byteSum(h1 >>> 16)] ?? 0) + (blockNoise[k + 1] ?? 0);
        b += (fineNoise[byteSum(h2)] ?? 0) + (blockNoise[k + 2] ?? 0);
      }
      if (jitter > 0) {
        const hash = mix32((jitterBase + p) | 0);
        r += ((hash & 0xff) % jitterSpan) - jitter;
        g += (((hash >>> 8) & 0xff) % jitterSpan) - jitter;
        b += (((hash >>> 16) & 0xff) % jitterSpan) - jitter;
      }
      out[i] = toByte(r);
      out[i + 1] = toByte(g);
      out[i + 2] = toByte(b);
    }
  }
  return out;
}

function toByte(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
}

/** The low two bytes of a hash summed, 0..510: triangularly distributed around 255. */
function byteSum(hash: number): number {
  return (hash & 0xff) + ((hash >>> 8) & 0xff);
}

/** A byte sum mapped to [-2.45, 2.45]: a triangular distribution with standard deviation 1. */
function triangular(sum: number): number {
  return ((sum - 255) / 255) * 2.45;
}

/** Mean luma from every 4th pixel of every 4th row: plenty for a mean, and cheap. */
function meanLuma(canvas: Canvas): number {
  const { width: w, height: h, data: d } = canvas;
  let sum = 0;
  let n = 0;
  for (let y = 0; y < h; y += 4) {
    for (let x = 0, i = y * w * 3; x < w; x += 4, i += 12) {
      sum += 0.299 * (d[i] ?? 0) + 0.587 * (d[i + 1] ?? 0) + 0.114 * (d[i + 2] ?? 0);
      n++;
    }
  }
  return n > 0 ? sum / n : 128;
}

/** Block means of the canvas, read back bilinearly one row at a time, so the coarse image is soft rather than blocky. */
class CoarseImage {
  private readonly cols: number;
  private readonly rows: number;
  private readonly means: Float64Array;
  private readonly column: Float64Array;
  private readonly x0: Int32Array;
  private readonly x1: Int32Array;
  private readonly tx: Float64Array;

  constructor(
    canvas: Canvas,
    private readonly block: number,
  ) {
    const { width: w, height: h, data } = canvas;
    this.cols = Math.ceil(w / block);
    this.rows = Math.ceil(h / block);
    const sums = new Float64Array(this.cols * this.rows * 3);
    const counts = new Uint32Array(this.cols * this.rows);
    for (let y = 0; y < h; y++) {
      const row = ((y / block) | 0) * this.cols;
      for (let x = 0, i = y * w * 3; x < w; x++, i += 3) {
        const b = row + ((x / block) | 0);
        sums[b * 3] = (sums[b * 3] ?? 0) + (data[i] ?? 0);
        sums[b * 3 + 1] = (sums[b * 3 + 1] ?? 0) + (data[i + 1] ?? 0);
        sums[b * 3 + 2] = (sums[b * 3 + 2] ?? 0) + (data[i + 2] ?? 0);
        counts[b] = (counts[b] ?? 0) + 1;
      }
    }
    this.means = new Float64Array(sums.length);
    for (let b = 0; b < counts.length; b++) {
      const n = counts[b] || 1;
      for (let c = 0; c < 3; c++) this.means[b * 3 + c] = (sums[b * 3 + c] ?? 0) / n;
    }
    this.column = new Float64Array(this.cols * 3);
    this.x0 = new Int32Array(w);
    this.x1 = new Int32Array(w);
    this.tx = new Float64Array(w);
    for (let x = 0; x < w; x++) {
      const fx = Math.max(0, Math.min(this.cols - 1, (x + 0.5) / block - 0.5));
      const x0 = Math.floor(fx);
      this.x0[x] = x0;
      this.x1[x] = Math.min(this.cols - 1, x0 + 1);
      this.tx[x] = fx - x0;
    }
  }

  /** Row `y` of the coarse image, RGB, into `out`. */
  row(y: number, out: Float64Array): void {
    const fy = Math.max(0, Math.min(this.rows - 1, (y + 0.5) / this.block - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(this.rows - 1, y0 + 1);
    const ty = fy - y0;
    const m = this.means;
    for (let k = 0; k < this.cols * 3; k++) {
      const top = m[y0 * this.cols * 3 + k] ?? 0;
      this.column[k] = top + ((m[y1 * this.cols * 3 + k] ?? 0) - top) * ty;
    }
    for (let x = 0; x < this.tx.length; x++) {
      const a = (this.x0[x] ?? 0) * 3;
      const b = (this.x1[x] ?? 0) * 3;
      const t = this.tx[x] ?? 0;
      for (let c = 0; c < 3; c++) {
        const left = this.column[a + c] ?? 0;
        out[x * 3 + c] = left + ((this.column[b + c] ?? 0) - left) * t;
      }
    }
  }
}
