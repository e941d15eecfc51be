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
import { type CellLayout, hammingDistance, phashFromCells } from './phash.js';

/** JSON has no Infinity: identical pixels, and anything closer than this, score this PSNR (dB). */
export const PSNR_CAP = 100;

const LUMA_SCALE = 1000;
/** SSIM's stabilising constants for luminance scaled by LUMA_SCALE (the kernel is handed these very numbers). */
export const SSIM_C1 = (0.01 * 255 * LUMA_SCALE) ** 2;
export const SSIM_C2 = (0.03 * 255 * LUMA_SCALE) ** 2;
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
export type PixelSums = PixelTotals & (CellSums | CellFigures);

export interface PixelTotals {
  maxDiff: number;
  sumAbs: number;
  sumSq: number;
  /** Pixels that took part. */
  n: number;
}

/** What the JavaScript pass gives: the cells SSIM and the hashes are computed from. */
export interface CellSums {
  /** Per 4×4 cell: Σx, Σy, Σx², Σy², Σxy, n of the scaled luminance (x: expected, y: actual). */
  cells: Float64Array;
  layout: CellLayout;
}

/** What the kernel's pass gives instead: ssimFromCells and both images' phashFromCells, computed from its cells. */
export interface CellFigures {
  ssim: number;
  hashes: [Uint8Array, Uint8Array];
}

/** The metrics from the sums of the one pass (pixel-pass.ts). */
export function metricsOf(sums: PixelSums): PixelMetrics {
  const { maxDiff, sumAbs, sumSq, n } = sums;
  if (n === 0) {
    return { maxChannelDiff: 0, meanAbsError: 0, psnr: PSNR_CAP, ssim: 1, phashDistance: 0, comparedPixels: 0 };
  }
  const { ssim, hashes } = 'cells' in sums ? cellFigures(sums) : sums;
  return {
    maxChannelDiff: maxDiff,
    meanAbsError: sumAbs / (3 * n),
    psnr: psnrOf(sumSq / (3 * n)),
    ssim,
    phashDistance: hammingDistance(...hashes),
    comparedPixels: n,
  };
}

/** SSIM and both images' perceptual hashes from the cells. */
export function cellFigures({ cells, layout }: CellSums): CellFigures {
  return {
    ssim: ssimFromCells(cells, layout),
    hashes: [phashFromCells(cells, layout, 0), phashFromCells(cells, layout, 1)],
  };
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
  return ((2 * mx * my + SSIM_C1) * (2 * cov + SSIM_C2)) / ((mx * mx + my * my + SSIM_C1) * (vx + vy + SSIM_C2));
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
