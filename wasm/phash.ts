/**
 * The perceptual hash's 32×32 grid of mean luminance, for both images at once, from the pass's 4×4
 * cells: src/compare/phash.ts's phashFromCells, operation for operation and in its order (the same
 * grids to the bit). Along each axis, the grid squares a cell overlaps and its share in each come from
 * JavaScript (gridShares): for cell c, entries start[c] to start[c + 1] − 1.
 */

const FIELDS = 6;
const GRID = 32;

/**
 * At `out`: the expected image's means (GRID² f64), the actual image's, and then GRID² f64 of room for
 * the shared pixel counts. The caller zeroes all three.
 */
export function phashGrids(
  cells: usize,
  cols: i32,
  rows: i32,
  xStart: usize,
  xSquare: usize,
  xShare: usize,
  yStart: usize,
  ySquare: usize,
  yShare: usize,
  out: usize,
): void {
  const expected = out;
  const actual = out + GRID * GRID * 8;
  const counts = out + 2 * GRID * GRID * 8;
  for (let cy = 0; cy < rows; cy++) {
    const yFrom = load<i32>(yStart + (<usize>cy << 2));
    const yTo = load<i32>(yStart + (<usize>(cy + 1) << 2));
    for (let cx = 0; cx < cols; cx++) {
      const c = cells + (<usize>((cy * cols + cx) * FIELDS) << 3);
      const count = load<f64>(c, 40);
      if (count == 0) continue;
      const sumE = load<f64>(c);
      const sumA = load<f64>(c, 8);
      const xFrom = load<i32>(xStart + (<usize>cx << 2));
      const xTo = load<i32>(xStart + (<usize>(cx + 1) << 2));
      for (let j = yFrom; j < yTo; j++) {
        const row = load<i32>(ySquare + (<usize>j << 2)) * GRID;
        const wy = load<f64>(yShare + (<usize>j << 3));
        for (let i = xFrom; i < xTo; i++) {
          const k = <usize>(row + load<i32>(xSquare + (<usize>i << 2))) << 3;
          const w = wy * load<f64>(xShare + (<usize>i << 3));
          store<f64>(expected + k, load<f64>(expected + k) + sumE * w);
          store<f64>(actual + k, load<f64>(actual + k) + sumA * w);
          store<f64>(counts + k, load<f64>(counts + k) + count * w);
        }
      }
    }
  }
  for (let k: usize = 0; k < <usize>(GRID * GRID * 8); k += 8) {
    const count = load<f64>(counts + k);
    store<f64>(expected + k, count > 0 ? load<f64>(expected + k) / count : 0);
    store<f64>(actual + k, count > 0 ? load<f64>(actual + k) / count : 0);
  }
}
