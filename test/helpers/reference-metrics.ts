/**
 * The metrics pass as it was before pixel-pass.ts fused it with pixelmatch: a plain loop kept as the
 * oracle the one pass is checked against (test/compare/pixel-pass.test.ts), as pixelmatch itself is.
 * Not used by seedsnap.
 */
import type { PixelSums } from '../../src/compare/metrics.js';
import type { RgbaImage } from '../../src/image/types.js';

const CELL_SHIFT = 2;
const CELL_FIELDS = 6;

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
