/**
 * Structure and sharpness from the Prewitt gradients (the mean luminance difference across three
 * pixels) that accumulator.ts sums on sampled rows:
 *
 * - The edge energy ratio, Σ m₂² / Σ m₁² of the gradient magnitudes at full size (actual over
 *   expected): a blur spreads each edge and lowers its energy (a step blurred by σ keeps about 1/σ
 *   of it), sharpening raises it, a shift or a colour change leaves it alone. Full size, because a
 *   blur of a pixel or so barely shows once the image is halved; Prewitt rather than neighbour
 *   differences, because a re-encode that smooths pixel-level grain away must not read as a blur.
 *   Noise only adds energy, so it never looks like a blur.
 * - GMSD, the gradient magnitude similarity deviation (Xue, Zhang, Mou, Bovik 2014): per pixel,
 *   GMS = (2·m₁·m₂ + c) / (m₁² + m₂² + c) with c = 170; GMSD is the standard deviation of GMS over
 *   the image. Noise that leaves edges where they are (a JPEG re-encode, GPU jitter) keeps GMS near 1
 *   everywhere and GMSD near 0; a blur, a shift or another picture do not. Unlike the paper, the
 *   image is not halved first: the same full-size gradients serve both figures.
 */
import type { RowSums } from './accumulator.js';

/**
 * Energy added to both sides of the edge ratio, per pixel (level²): a flat image with a few levels of
 * noise is not "100 times sharper", and the ratio never divides by zero.
 */
const ENERGY_FLOOR = 0.25;

/**
 * Edge energy of actual over expected, leaving out the blocks marked in `skip` (the blocks of changed
 * regions: a new object brings its own edges, which say nothing about the sharpness of the rest);
 * 1 for images too small to have gradients, or with every block left out.
 */
export function edgeRatio(sums: RowSums, skip?: Uint8Array): number {
  if (sums.gmsCount === 0) return 1;
  let e = sums.edgeExpected;
  let a = sums.edgeActual;
  let kept = 1;
  if (skip) {
    let skipped = 0;
    for (let c = 0; c < skip.length; c++) {
      if (skip[c] === 0) continue;
      e -= sums.cellEdgeExpected[c] as number;
      a -= sums.cellEdgeActual[c] as number;
      skipped++;
    }
    if (skipped === skip.length) return 1;
    // The floor scales with what is left; blocks are near enough the same size for that.
    kept = (skip.length - skipped) / skip.length;
  }
  const floor = ENERGY_FLOOR * sums.gmsCount * kept;
  return (Math.max(0, a) + floor) / (Math.max(0, e) + floor);
}

export function gmsd(sums: RowSums): number {
  if (sums.gmsCount === 0) return 0;
  const mean = sums.gmsSum / sums.gmsCount;
  return Math.sqrt(Math.max(0, sums.gmsSumSquares / sums.gmsCount - mean * mean));
}
