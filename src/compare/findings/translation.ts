/**
 * A global translation estimate: did the whole picture move?
 *
 * A translation moves the luminance summed along each column (and each row) by the same amount, so
 * the estimate is the lag that best correlates the two images' column profiles (dx) and row profiles
 * (dy) — on their first differences, so that an exposure or colour change, which adds a constant,
 * does not pull it. That costs O(width + height) per lag. Profiles can be fooled (a different
 * picture still has a "best" lag), so the estimate is then checked on the pixels: the mean luminance
 * difference after aligning by it, against before. `gain` is the share of the difference the
 * alignment removes; a real shift scores close to 1, noise and other changes near 0.
 *
 * When the comparator's pass has just placed the pair in the kernels' memory (resident-pair.ts), the
 * pixel walks run there (wasm/aligned.ts), with the same figures.
 */
import type { RgbaImage } from '../../image/types.js';
import type { Translation } from '../../types/findings.js';
import { residentPair } from '../resident-pair.js';
import type { RowSums } from './accumulator.js';

/** A translation counts (as a finding, and for max_shift_px) when aligning by it removes at least this share of the difference. */
export const SHIFT_GAIN = 0.25;
/** Largest shift looked for, in pixels (and at most an eighth of the side). */
export const MAX_SHIFT = 16;
/** Rows checked on the pixels: about this many, evenly spaced (the check need not read every row). */
const CHECK_ROWS = 96;

export interface TranslationInput {
  expected: RgbaImage;
  actual: RgbaImage;
  profiles: RowSums;
  ignored?: Uint8Array;
}

export function estimateTranslation(input: TranslationInput): Translation {
  const { width, height } = input.expected;
  const { profiles } = input;
  const range = Math.min(MAX_SHIFT, width >> 3, height >> 3);
  if (range < 1) return { dx: 0, dy: 0, gain: 0 };
  const dx = bestLag(profiles.colsExpected, profiles.colsActual, range);
  const dy = bestLag(profiles.rowsExpected, profiles.rowsActual, range);
  if (dx === 0 && dy === 0) return { dx: 0, dy: 0, gain: 0 };
  const before = alignedError(input, 0, 0, range);
  if (before === 0) return { dx: 0, dy: 0, gain: 0 };
  // The two axes are estimated apart; one of them alone may be the better fit.
  const candidates: [number, number][] = [[dx, dy]];
  if (dx !== 0 && dy !== 0) candidates.push([dx, 0], [0, dy]);
  let best: Translation = { dx: 0, dy: 0, gain: 0 };
  for (const [cx, cy] of candidates) {
    const gain = 1 - alignedError(input, cx, cy, range) / before;
    if (gain > best.gain) best = { dx: cx, dy: cy, gain };
  }
  return best;
}

/**
 * The lag L in [−range, range] with the highest normalised correlation of the first differences,
 * where actual[i + L] ≈ expected[i]. Ties go to the smallest |L|.
 */
function bestLag(expected: Float64Array, actual: Float64Array, range: number): number {
  const n = expected.length - 1;
  if (n < 2 * range + 2 || range < 1) return 0;
  const de = new Float64Array(n);
  const da = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    de[i] = (expected[i + 1] as number) - (expected[i] as number);
    da[i] = (actual[i + 1] as number) - (actual[i] as number);
  }
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  // From 0 outwards, so a tie keeps the smaller lag.
  for (let step = 0; step <= 2 * range; step++) {
    const lag = step % 2 === 0 ? step / 2 : -(step + 1) / 2;
    const score = correlation(de, da, lag, range);
    if (score > bestScore + 1e-12) {
      best = lag;
      bestScore = score;
    }
  }
  return best;
}

/** Normalised correlation of e[i] and a[i + lag] over the indices every lag in range shares. */
function correlation(e: Float64Array, a: Float64Array, lag: number, range: number): number {
  let sea = 0;
  let see = 0;
  let saa = 0;
  for (let i = range; i < e.length - range; i++) {
    const ev = e[i] as number;
    const av = a[i + lag] as number;
    sea += ev * av;
    see += ev * ev;
    saa += av * av;
  }
  const norm = Math.sqrt(see * saa);
  return norm > 0 ? sea / norm : 0;
}

/** Mean |actual(x, y) − expected(x − dx, y − dy)| of the luminance, inside a margin, on a subset of rows. */
function alignedError(input: TranslationInput, dx: number, dy: number, margin: number): number {
  const { expected, actual, ignored } = input;
  const { width, height } = expected;
  const e = expected.data;
  const a = actual.data;
  const step = Math.max(1, Math.floor((height - 2 * margin) / CHECK_ROWS));
  const resident = residentPair(e, a, ignored);
  if (resident) {
    const { kernels, out } = resident;
    kernels.alignedError(
      resident.expected,
      resident.actual,
      resident.ignored,
      width,
      height,
      dx,
      dy,
      margin,
      step,
      out,
    );
    const [sum = 0, count = 0] = new Float64Array(kernels.memory.buffer, out, 2);
    return count > 0 ? sum / count : 0;
  }
  let sum = 0;
  let count = 0;
  for (let y = margin; y < height - margin; y += step) {
    for (let x = margin, p = y * width + margin; x < width - margin; x++, p++) {
      const q = p - dy * width - dx;
      if (ignored !== undefined && (ignored[p] === 1 || ignored[q] === 1)) continue;
      sum += Math.abs(luma(a, p * 4) - luma(e, q * 4));
      count++;
    }
  }
  return count > 0 ? sum / count : 0;
}

/** BT.601 luminance × 1000, composited on white (as everywhere else). */
function luma(data: Uint8Array, i: number): number {
  const l = 299 * (data[i] as number) + 587 * (data[i + 1] as number) + 114 * (data[i + 2] as number);
  const alpha = data[i + 3] as number;
  return alpha === 255 ? l : 255_000 + ((l - 255_000) * alpha) / 255;
}

export interface AlignedInput {
  expected: RgbaImage;
  actual: RgbaImage;
  dx: number;
  dy: number;
  ignored?: Uint8Array;
}

/**
 * The mean difference of each channel once the images are aligned by (dx, dy), over the part they
 * share: the colour of the picture that moved. Unaligned, a shift moves the means by what enters at
 * one edge and leaves at the other (several levels on a small picture with strong edges), which is
 * not a cast.
 */
export function alignedChannelShift(input: AlignedInput): { r: number; g: number; b: number } {
  const { expected, actual, dx, dy, ignored } = input;
  const { width, height } = expected;
  const e = expected.data;
  const a = actual.data;
  const resident = residentPair(e, a, ignored);
  if (resident) {
    const { kernels, out } = resident;
    kernels.alignedChannelSums(resident.expected, resident.actual, resident.ignored, width, height, dx, dy, out);
    const [r = 0, g = 0, b = 0, n = 0] = new Float64Array(kernels.memory.buffer, out, 4);
    return n > 0 ? { r: r / n, g: g / n, b: b / n } : { r: 0, g: 0, b: 0 };
  }
  let r = 0;
  let g = 0;
  let b = 0;
  let n = 0;
  const x0 = Math.max(0, dx);
  const x1 = Math.min(width, width + dx);
  const y1 = Math.min(height, height + dy);
  for (let y = Math.max(0, dy); y < y1; y++) {
    for (let x = x0, p = y * width + x0; x < x1; x++, p++) {
      const q = p - dy * width - dx;
      if (ignored !== undefined && (ignored[p] === 1 || ignored[q] === 1)) continue;
      const i = p * 4;
      const j = q * 4;
      const alphaA = a[i + 3] as number;
      const alphaE = e[j + 3] as number;
      if (alphaA === 255 && alphaE === 255) {
        // Opaque on both sides (every model output): compositing changes nothing, and integers add exactly.
        r += (a[i] as number) - (e[j] as number);
        g += (a[i + 1] as number) - (e[j + 1] as number);
        b += (a[i + 2] as number) - (e[j + 2] as number);
      } else {
        // Composited on white, as everywhere else.
        const ka = alphaA / 255;
        const ke = alphaE / 255;
        r += ka * ((a[i] as number) - 255) - ke * ((e[j] as number) - 255);
        g += ka * ((a[i + 1] as number) - 255) - ke * ((e[j + 1] as number) - 255);
        b += ka * ((a[i + 2] as number) - 255) - ke * ((e[j + 2] as number) - 255);
      }
      n++;
    }
  }
  return n > 0 ? { r: r / n, g: g / n, b: b / n } : { r: 0, g: 0, b: 0 };
}
