/**
 * Where the kernel's pass (pixel-pass-wasm.ts) keeps everything in the kernels' memory, from the start of
 * its reservation. Both images come first, so that a decoder can put them there beforehand
 * (placed-pair.ts) and the pass need not copy them in.
 */
import { align } from '../util/wasm-kernels.js';
import { CELL } from './findings/accumulator.js';
import { REGION_CELL } from './findings/regions.js';
import { gridShares, PHASH_GRID } from './phash.js';

const CELL_SIDE = 4;
const CELL_FIELDS = 6;
export const TOTALS = 24;
// The kernel writes a cell row (4 rows) of luminance, then works on rows that also look back 2 rows.
export const RING_ROWS = CELL_SIDE + 2;
/** Where the findings' totals start: edge energy of each image, Σ GMS, Σ GMS², their count. */
export const FINDING_TOTALS = 16;

export interface PassParts {
  /** The diff image. */
  draw: boolean;
  /** The findings' sums, mask and room. */
  findings: boolean;
  /** The ignored pixels' mask. */
  ignored: boolean;
}

/** Each part's offset, 16-byte aligned; -1 for a part not needed. `size` is the whole. */
export function passLayout(width: number, height: number, parts: PassParts) {
  const len = width * height;
  const cols = Math.ceil(width / CELL_SIDE);
  const rows = Math.ceil(height / CELL_SIDE);
  const blockCount = Math.ceil(width / CELL) * Math.ceil(height / CELL);
  const { findings } = parts;
  let next = 0;
  const place = (bytes: number) => {
    const at = next;
    next = align(next + bytes);
    return at;
  };
  const expected = place(len * 4);
  const actual = place(len * 4);
  const totals = place(TOTALS * 8);
  // Where the findings' pixel walks after the pass write their figures (resident-pair.ts).
  const figures = place(64);
  const cells = place(cols * rows * CELL_FIELDS * 8);
  // The diff as a PNG's rows of palette indices (drawn-diff.ts).
  const output = parts.draw ? place((width + 1) * height) : -1;
  const ignored = parts.ignored ? place(len) : -1;
  const mask = findings ? place(len) : -1;
  const blocks = findings ? place(4 * blockCount * 8) : -1;
  const ring = findings ? place(2 * RING_ROWS * width * 8) : -1;
  // The findings' row work (wasm/findings.ts): row sums, column sums, edge energy per block, a row of gradients.
  const rowSums = findings ? place(2 * height * 8) : -1;
  const colSums = findings ? place(2 * width * 8) : -1;
  const cellEdges = findings ? place(2 * blockCount * 8) : -1;
  const gradients = findings ? place(2 * width * 8) : -1;
  // Room for the regions' scan after the pass (resident-pair.ts): a second mask, 5 i32 per 8×8 cell, and
  // for grouping the cells (figures.ts) a byte and an i32 per cell and 5 i32 per group (one a cell at most).
  const regionCells = Math.ceil(width / REGION_CELL) * Math.ceil(height / REGION_CELL);
  const scratch = findings
    ? place(len + 16 + 20 * regionCells + 16 + regionCells + 16 + 4 * regionCells + 16 + 20 * regionCells)
    : -1;
  // The perceptual hash's tables and grids (wasm/phash.ts).
  const cellLayout = { cols, rows, width, height, cellSize: CELL_SIDE, stride: CELL_FIELDS, countAt: 5 };
  const { xs, ys } = gridShares(cellLayout);
  const shares = [xs.start, xs.square, xs.share, ys.start, ys.square, ys.share].map((table) => ({
    bytes: new Uint8Array(table.buffer),
    at: place(table.byteLength),
  }));
  const grids = place(3 * PHASH_GRID * PHASH_GRID * 8);
  return {
    cols,
    rows,
    blockCount,
    cellLayout,
    expected,
    actual,
    totals,
    figures,
    cells,
    output,
    ignored,
    mask,
    blocks,
    ring,
    rowSums,
    colSums,
    cellEdges,
    gradients,
    scratch,
    shares,
    grids,
    size: next,
  };
}
