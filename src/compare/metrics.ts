/**
 * The figures beyond pixelmatch's count, all from one pass over both images:
 * maximum channel difference, mean absolute error and PSNR over R, G, B;
 * SSIM of the luminance; and a DCT perceptual hash of each image.
 *
 * SSIM is computed on 8×8 box windows at a stride of 4 (so windows overlap by
 * half). The pass only adds each pixel's luminance into its 4×4 cell (five
 * sums); a window is then the sum of 2×2 cells. That costs a few milliseconds
 * at 1024×1024, where a full-resolution sliding Gaussian window costs hundreds.
 * The price: box instead of Gaussian weights and a stride of 4, so values sit
 * close to, not exactly on, the reference implementation's (Wang et al. 2004).
 *
 * Luminance is BT.601 scaled by 1000 (299·R + 587·G + 114·B) so that every sum
 * is an exact integer in a double; the SSIM constants are scaled to match.
 *
 * Trap: pixels are composited on white first when either alpha is below 255,
 * as pixelmatch does, so two fully transparent pixels match whatever their colour.
 */
import type { RgbaImage } from '../image/types.js';
import { type CellLayout, hammingDistance, phashFromCells } from './phash.js';

/** JSON has no Infinity: identical pixels, and anything closer than this, score this PSNR (dB). */
export const PSNR_CAP = 100;

const CELL_SHIFT = 2; // 4×4 cells; a window is 2×2 cells
const LUMA_SCALE = 1000;
const C1 = (0.01 * 255 * LUMA_SCALE) ** 2;
const C2 = (0.03 * 255 * LUMA_SCALE) ** 2;
// Per cell: Σx, Σy, Σx², Σy², Σxy, n.
const CELL_FIELDS = 6;

export interface PixelMetrics {
  maxChannelDiff: number;
  meanAbsError: number;
  psnr: number;
  ssim: number;
  phashDistance: number;
  /** Pixels that took part (not ignored). */
  comparedPixels: number;
}

/** The sums of the one pass over both images, before they become metrics. */
export interface PixelSums {
  maxDiff: number;
  sumAbs: number;
  sumSq: number;
  /** Pixels that took part. */
  n: number;
  /** Per 4×4 cell: Σx, Σy, Σx², Σy², Σxy, n of the scaled luminance (x: expected, y: actual). */
  cells: Float64Array;
  layout: CellLayout;
}

/**
 * Measure two images of equal size. `ignored` marks pixels (1 = leave out) and
 * must have width × height entries.
 */
export function measure(expected: RgbaImage, actual: RgbaImage, ignored?: Uint8Array): PixelMetrics {
  return metricsOf(accumulate(expected, actual, ignored));
}

/** The metrics from the sums of one pass (accumulate's, or pixel-pass.ts's, which are the same). */
export function metricsOf(sums: PixelSums): PixelMetrics {
  const { maxDiff, sumAbs, sumSq, n, cells, layout } = sums;
  if (n === 0) {
    return { maxChannelDiff: 0, meanAbsError: 0, psnr: PSNR_CAP, ssim: 1, phashDistance: 0, comparedPixels: 0 };
  }
  return {
    maxChannelDiff: maxDiff,
    meanAbsError: sumAbs / (3 * n),
    psnr: psnrOf(sumSq / (3 * n)),
    ssim: ssimFromCells(cells, layout),
    phashDistance: hammingDistance(phashFromCells(cells, layout, 0), phashFromCells(cells, layout, 1)),
    comparedPixels: n,
  };
}

/** The single pass: absolute and squared differences, and the luminance sums of every cell. */
export function accumulate(expected: RgbaImage, actual: RgbaImage, ignored?: Uint8Array): PixelSums {
  const { width, height } = expected;
  if (actual.width !== width || actual.height !== height) {
    throw new Error(`measure: sizes differ (${width}×${height} and ${actual.width}×${actual.height})`);
  }
  const a = expected.data;
  const b = actual.data;
  const cols = (width + 3) >> CELL_SHIFT;
  const rows = (height + 3) >> CELL_SHIFT;
  const cells = new Float64Array(cols * rows * CELL_FIELDS);

  let maxDiff = 0;
  let sumAbs = 0;
  let sumSq = 0;
  let n = 0;
  for (let y = 0; y < height; y++) {
    const cellRow = (y >> CELL_SHIFT) * cols;
    // Sums of one cell's row segment stay in locals; the cell array is written once per segment.
    for (let cx = 0; cx < cols; cx++) {
      const x0 = cx << CELL_SHIFT;
      const x1 = Math.min(width, x0 + (1 << CELL_SHIFT));
      let s1 = 0;
      let s2 = 0;
      let s11 = 0;
      let s22 = 0;
      let s12 = 0;
      let count = 0;
      for (let p = y * width + x0, end = y * width + x1; p < end; p++) {
        if (ignored !== undefined && ignored[p] === 1) continue;
        const i = p * 4;
        let r1 = a[i] as number;
        let g1 = a[i + 1] as number;
        let b1 = a[i + 2] as number;
        let r2 = b[i] as number;
        let g2 = b[i + 1] as number;
        let b2 = b[i + 2] as number;
        const alpha1 = a[i + 3] as number;
        const alpha2 = b[i + 3] as number;
        if (alpha1 !== 255) {
          const k = alpha1 / 255;
          r1 = 255 + (r1 - 255) * k;
          g1 = 255 + (g1 - 255) * k;
          b1 = 255 + (b1 - 255) * k;
        }
        if (alpha2 !== 255) {
          const k = alpha2 / 255;
          r2 = 255 + (r2 - 255) * k;
          g2 = 255 + (g2 - 255) * k;
          b2 = 255 + (b2 - 255) * k;
        }
        // Math.abs and Math.max compile to branch-free instructions; with noisy differences, comparisons
        // here mispredict so often that they cost several times the whole rest of the loop.
        const dr = Math.abs(r1 - r2);
        const dg = Math.abs(g1 - g2);
        const db = Math.abs(b1 - b2);
        maxDiff = Math.max(maxDiff, dr, dg, db);
        sumAbs += dr + dg + db;
        sumSq += dr * dr + dg * dg + db * db;
        const l1 = 299 * r1 + 587 * g1 + 114 * b1;
        const l2 = 299 * r2 + 587 * g2 + 114 * b2;
        s1 += l1;
        s2 += l2;
        s11 += l1 * l1;
        s22 += l2 * l2;
        s12 += l1 * l2;
        count++;
      }
      if (count === 0) continue;
      n += count;
      const c = (cellRow + cx) * CELL_FIELDS;
      cells[c] = (cells[c] as number) + s1;
      cells[c + 1] = (cells[c + 1] as number) + s2;
      cells[c + 2] = (cells[c + 2] as number) + s11;
      cells[c + 3] = (cells[c + 3] as number) + s22;
      cells[c + 4] = (cells[c + 4] as number) + s12;
      cells[c + 5] = (cells[c + 5] as number) + count;
    }
  }

  const layout = { cols, rows, width, height, cellSize: 1 << CELL_SHIFT, stride: CELL_FIELDS, countAt: 5 };
  return { maxDiff, sumAbs, sumSq, n, cells, layout };
}

/** PSNR in dB for 8-bit values from a mean squared error, capped at PSNR_CAP. */
export function psnrOf(mse: number): number {
  if (mse <= 0) return PSNR_CAP;
  return Math.min(PSNR_CAP, 10 * Math.log10((255 * 255) / mse));
}

/** SSIM of one window from its sums over n pixels (luminance scaled by LUMA_SCALE). */
function windowSsim(sx: number, sy: number, sxx: number, syy: number, sxy: number, n: number): number {
  const mx = sx / n;
  const my = sy / n;
  const vx = sxx / n - mx * mx;
  const vy = syy / n - my * my;
  const cov = sxy / n - mx * my;
  return ((2 * mx * my + C1) * (2 * cov + C2)) / ((mx * mx + my * my + C1) * (vx + vy + C2));
}

/** Mean SSIM over windows of 2×2 cells, each weighted by the pixels it holds (ignored ones do not count). */
export function ssimFromCells(cells: Float64Array, layout: CellLayout): number {
  const { cols, rows } = layout;
  const spanX = cols > 1 ? 2 : 1;
  const spanY = rows > 1 ? 2 : 1;
  let total = 0;
  let weight = 0;
  for (let wy = 0; wy + spanY <= rows; wy++) {
    for (let wx = 0; wx + spanX <= cols; wx++) {
      let sx = 0;
      let sy = 0;
      let sxx = 0;
      let syy = 0;
      let sxy = 0;
      let count = 0;
      for (let dy = 0; dy < spanY; dy++) {
        for (let dx = 0; dx < spanX; dx++) {
          const c = ((wy + dy) * cols + wx + dx) * CELL_FIELDS;
          sx += cells[c] as number;
          sy += cells[c + 1] as number;
          sxx += cells[c + 2] as number;
          syy += cells[c + 3] as number;
          sxy += cells[c + 4] as number;
          count += cells[c + 5] as number;
        }
      }
      if (count === 0) continue;
      total += windowSsim(sx, sy, sxx, syy, sxy, count) * count;
      weight += count;
    }
  }
  return weight > 0 ? total / weight : 1;
}
