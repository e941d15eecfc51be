/**
 * The findings' own pass over both images, as it was before pixel-pass.ts gathered the same sums
 * in the comparator's one pass: a plain loop kept as the oracle the one pass is checked against
 * (test/compare/pixel-pass.test.ts), and a quick way for the findings' tests to get the sums of a
 * pair. Not used by seedsnap.
 *
 * The signed difference of each channel is summed per block of CELL×CELL pixels, and each row's
 * luminance handed to the accumulator. Ignored pixels take the expected image's luminance on both
 * sides, so they add no difference to the gradients or profiles; they are left out of the channel
 * sums altogether.
 */
import { CELL, type FindingSums, FindingsAccumulator } from '../../src/compare/findings/accumulator.js';
import { onWhite } from '../../src/compare/findings/on-white.js';
import type { RgbaImage } from '../../src/image/types.js';

/** One pass over two images of equal size; `ignored` marks pixels (1 = leave out), width × height entries. */
export function accumulateFindings(expected: RgbaImage, actual: RgbaImage, ignored?: Uint8Array): FindingSums {
  const { width, height } = expected;
  if (actual.width !== width || actual.height !== height) {
    throw new Error(`findings: sizes differ (${width}×${height} and ${actual.width}×${actual.height})`);
  }
  const a = expected.data;
  const b = actual.data;
  const accumulator = new FindingsAccumulator(width, height);
  const cols = Math.ceil(width / CELL);
  const cells = cols * Math.ceil(height / CELL);
  const cellSumR = new Float64Array(cells);
  const cellSumG = new Float64Array(cells);
  const cellSumB = new Float64Array(cells);
  const cellCount = new Float64Array(cells);
  for (let y = 0; y < height; y++) {
    const [le, la] = accumulator.rowBuffers(y);
    const cellRow = Math.floor(y / CELL) * cols;
    for (let cx = 0; cx < cols; cx++) {
      // One block's row segment: sums stay in locals, the block is written once.
      let sumR = 0;
      let sumG = 0;
      let sumB = 0;
      let n = 0;
      const end = Math.min(width, (cx + 1) * CELL);
      for (let x = cx * CELL, p = y * width + x, i = p * 4; x < end; x++, p++, i += 4) {
        const alpha1 = a[i + 3] as number;
        const alpha2 = b[i + 3] as number;
        const r1 = onWhite(a[i] as number, alpha1);
        const g1 = onWhite(a[i + 1] as number, alpha1);
        const b1 = onWhite(a[i + 2] as number, alpha1);
        const r2 = onWhite(b[i] as number, alpha2);
        const g2 = onWhite(b[i + 1] as number, alpha2);
        const b2 = onWhite(b[i + 2] as number, alpha2);
        const l1 = 299 * r1 + 587 * g1 + 114 * b1;
        le[x] = l1;
        if (ignored !== undefined && ignored[p] === 1) {
          la[x] = l1;
          continue;
        }
        la[x] = 299 * r2 + 587 * g2 + 114 * b2;
        sumR += r2 - r1;
        sumG += g2 - g1;
        sumB += b2 - b1;
        n++;
      }
      const c = cellRow + cx;
      cellSumR[c] = (cellSumR[c] as number) + sumR;
      cellSumG[c] = (cellSumG[c] as number) + sumG;
      cellSumB[c] = (cellSumB[c] as number) + sumB;
      cellCount[c] = (cellCount[c] as number) + n;
    }
    accumulator.endRow(y);
  }
  return { ...accumulator.finish(), cellSumR, cellSumG, cellSumB, cellCount };
}

/**
 * The differing pixels of a diff image pixelmatch drew with its default colours: pure red
 * (255, 0, 0). Unchanged pixels are drawn as faded grey (never red) and anti-aliased ones yellow.
 */
export function maskFromDiffImage(diff: RgbaImage): Uint8Array {
  const mask = new Uint8Array(diff.width * diff.height);
  const data = diff.data;
  for (let p = 0, i = 0; p < mask.length; p++, i += 4) {
    if (data[i] === 255 && data[i + 1] === 0 && data[i + 2] === 0) mask[p] = 1;
  }
  return mask;
}
