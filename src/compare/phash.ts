/**
 * A 64-bit DCT perceptual hash, as the imagehash library's `phash` computes it:
 * the luminance averaged down to 32×32, its 2-D DCT-II, the 8×8 lowest
 * frequencies, one bit per coefficient above their median. Two images that
 * look alike have hashes a few bits apart, whatever their size or encoding.
 */
import type { RgbaImage } from '../image/types.js';

/** Side of the luminance grid the hash is taken from. */
export const PHASH_GRID = 32;
const LOW = 8;

const COSINES = (() => {
  const table = new Float64Array(LOW * PHASH_GRID);
  for (let u = 0; u < LOW; u++) {
    for (let x = 0; x < PHASH_GRID; x++)
      table[u * PHASH_GRID + x] = Math.cos((Math.PI * (2 * x + 1) * u) / (2 * PHASH_GRID));
  }
  return table;
})();

/** How per-cell luminance sums are laid out: cells of `cellSize`² pixels, `stride` numbers each. */
export interface CellLayout {
  cols: number;
  rows: number;
  width: number;
  height: number;
  cellSize: number;
  stride: number;
  /** Where in a cell its pixel count is. */
  countAt: number;
}

/**
 * The hash (64 entries of 0 or 1) from per-cell luminance sums (field `sumAt` of each cell). The cells
 * are resampled to the 32×32 grid by area: a cell's sums are shared among the grid squares it overlaps,
 * in proportion to the overlap, as if its pixels were spread evenly over it (exact when cells tile the
 * squares, as they do for sides that are multiples of 128). A square without pixels (all ignored)
 * counts as 0 in both images.
 */
export function phashFromCells(cells: Float64Array, layout: CellLayout, sumAt: number): Uint8Array {
  const { cols, rows, stride, countAt } = layout;
  const { xs, ys } = gridShares(layout);
  const sums = new Float64Array(PHASH_GRID * PHASH_GRID);
  const counts = new Float64Array(PHASH_GRID * PHASH_GRID);
  for (let cy = 0; cy < rows; cy++) {
    const yEnd = ys.start[cy + 1] as number;
    for (let cx = 0; cx < cols; cx++) {
      const c = (cy * cols + cx) * stride;
      const sum = cells[c + sumAt] as number;
      const count = cells[c + countAt] as number;
      if (count === 0) continue;
      const xEnd = xs.start[cx + 1] as number;
      for (let j = ys.start[cy] as number; j < yEnd; j++) {
        const row = (ys.square[j] as number) * PHASH_GRID;
        const wy = ys.share[j] as number;
        for (let i = xs.start[cx] as number; i < xEnd; i++) {
          const k = row + (xs.square[i] as number);
          const w = wy * (xs.share[i] as number);
          sums[k] = (sums[k] as number) + sum * w;
          counts[k] = (counts[k] as number) + count * w;
        }
      }
    }
  }
  const means = new Float64Array(PHASH_GRID * PHASH_GRID);
  for (let k = 0; k < means.length; k++) {
    const count = counts[k] as number;
    means[k] = count > 0 ? (sums[k] as number) / count : 0;
  }
  return phashOfGrid(means);
}

/**
 * Along one axis, the grid squares each cell overlaps and the share of the cell inside each: for cell c,
 * entries start[c] to start[c + 1] − 1 of `square` and `share`. Flat arrays, so that the kernel
 * (wasm/phash.ts) walks the very same ones.
 */
export interface AxisShares {
  start: Int32Array;
  square: Int32Array;
  share: Float64Array;
}

export function gridShares(layout: CellLayout): { xs: AxisShares; ys: AxisShares } {
  return {
    xs: axisShares(layout.cols, layout.width, layout.cellSize),
    ys: axisShares(layout.rows, layout.height, layout.cellSize),
  };
}

function axisShares(cells: number, length: number, cellSize: number): AxisShares {
  const size = length / PHASH_GRID;
  const start = new Int32Array(cells + 1);
  const squares: number[] = [];
  const shares: number[] = [];
  for (let c = 0; c < cells; c++) {
    start[c] = squares.length;
    const from = c * cellSize;
    const to = Math.min(length, from + cellSize);
    for (let g = Math.floor(from / size); g < PHASH_GRID && g * size < to; g++) {
      const overlap = Math.min(to, (g + 1) * size) - Math.max(from, g * size);
      if (overlap > 0) {
        squares.push(g);
        shares.push(overlap / (to - from));
      }
    }
  }
  start[cells] = squares.length;
  return { start, square: Int32Array.from(squares), share: Float64Array.from(shares) };
}

/** The hash of a 32×32 grid of mean luminance (row-major). */
export function phashOfGrid(means: Float64Array): Uint8Array {
  // Separable DCT, keeping only the LOW lowest frequencies in each direction.
  const rowsDct = new Float64Array(PHASH_GRID * LOW);
  for (let y = 0; y < PHASH_GRID; y++) {
    for (let u = 0; u < LOW; u++) {
      let s = 0;
      for (let x = 0; x < PHASH_GRID; x++) {
        s += (means[y * PHASH_GRID + x] as number) * (COSINES[u * PHASH_GRID + x] as number);
      }
      rowsDct[y * LOW + u] = s;
    }
  }
  const low = new Float64Array(LOW * LOW);
  for (let v = 0; v < LOW; v++) {
    for (let u = 0; u < LOW; u++) {
      let s = 0;
      for (let y = 0; y < PHASH_GRID; y++) {
        s += (rowsDct[y * LOW + u] as number) * (COSINES[v * PHASH_GRID + y] as number);
      }
      low[v * LOW + u] = s;
    }
  }
  const sorted = Float64Array.from(low).sort();
  const half = (LOW * LOW) / 2;
  const median = ((sorted[half - 1] as number) + (sorted[half] as number)) / 2;
  const bits = new Uint8Array(LOW * LOW);
  for (let k = 0; k < LOW * LOW; k++) bits[k] = (low[k] as number) > median ? 1 : 0;
  return bits;
}

const CELL = 4;

/** The perceptual hash of one image (BT.601 luminance; alpha composited on white), cells as in metrics.ts. */
export function phash(image: RgbaImage): Uint8Array {
  const { width, height, data } = image;
  const cols = Math.ceil(width / CELL);
  const rows = Math.ceil(height / CELL);
  const cells = new Float64Array(cols * rows * 2);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const k = (data[i + 3] as number) / 255;
      const luma = 299 * (data[i] as number) + 587 * (data[i + 1] as number) + 114 * (data[i + 2] as number);
      const c = (Math.floor(y / CELL) * cols + Math.floor(x / CELL)) * 2;
      cells[c] = (cells[c] as number) + 255_000 + (luma - 255_000) * k;
      cells[c + 1] = (cells[c + 1] as number) + 1;
    }
  }
  return phashFromCells(cells, { cols, rows, width, height, cellSize: CELL, stride: 2, countAt: 1 }, 0);
}

export function hammingDistance(a: Uint8Array, b: Uint8Array): number {
  let distance = 0;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) distance++;
  return distance;
}
