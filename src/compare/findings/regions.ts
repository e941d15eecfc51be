/**
 * Where the image changed: the connected groups of pixelmatch's differing pixels, as boxes.
 *
 * Pixels are first gathered into cells of CELL×CELL; cells holding a differing pixel are joined to
 * their 8 neighbours. So a changed object whose pixels pixelmatch flags only in part (where its new
 * colour happens to be close to the old one) still makes one box, not a spray of small ones: pixels
 * up to one cell apart belong together. Each box is tight around its pixels.
 */
import type { ChangedRegion } from '../../types/findings.js';

/** Side of the cells pixels are gathered in (wasm/regions.ts uses the same). */
export const REGION_CELL = 8;
const CELL = REGION_CELL;
/** Boxes kept, largest first; the count of all of them is kept as well. */
export const MAX_REGIONS = 8;

export interface RegionsInput {
  /** One entry per pixel, 1 where it differs. */
  mask: Uint8Array;
  width: number;
  height: number;
}

export interface Regions {
  regions: ChangedRegion[];
  count: number;
}

export function changedRegions(input: RegionsInput): Regions {
  return regionsOfCells(maskCells(input));
}

/** Per CELL×CELL cell of the mask: how many pixels are set, and the box around them. */
export interface MaskCells {
  cols: number;
  rows: number;
  width: number;
  height: number;
  pixels: Int32Array;
  /** width, height, −1, −1 where no pixel is set. */
  minX: Int32Array;
  minY: Int32Array;
  maxX: Int32Array;
  maxY: Int32Array;
}

/** The mask's cells (the kernel's maskCells in wasm/regions.ts gives the same from the kernels' memory). */
export function maskCells(input: RegionsInput): MaskCells {
  const { mask, width, height } = input;
  const cols = Math.ceil(width / CELL);
  const rows = Math.ceil(height / CELL);
  const cells = cols * rows;
  const pixels = new Int32Array(cells);
  const minX = new Int32Array(cells).fill(width);
  const minY = new Int32Array(cells).fill(height);
  const maxX = new Int32Array(cells).fill(-1);
  const maxY = new Int32Array(cells).fill(-1);
  for (let y = 0; y < height; y++) {
    const line = mask.subarray(y * width, (y + 1) * width);
    const cellRow = Math.floor(y / CELL) * cols;
    // indexOf skips runs of unchanged pixels natively: most of a mask is zeros.
    for (let x = line.indexOf(1); x !== -1; x = line.indexOf(1, x + 1)) {
      const c = cellRow + Math.floor(x / CELL);
      pixels[c] = (pixels[c] as number) + 1;
      if (x < (minX[c] as number)) minX[c] = x;
      if (x > (maxX[c] as number)) maxX[c] = x;
      if (y < (minY[c] as number)) minY[c] = y;
      maxY[c] = y;
    }
  }
  return { cols, rows, width, height, pixels, minX, minY, maxX, maxY };
}

/** The connected groups of set cells (each joined to its 8 neighbours), as boxes, largest first. */
export function regionsOfCells(input: MaskCells): Regions {
  const { cols, rows, width, height, pixels, minX, minY, maxX, maxY } = input;
  const cells = cols * rows;
  const label = new Int32Array(cells).fill(-1);
  const found: ChangedRegion[] = [];
  const stack: number[] = [];
  for (let start = 0; start < cells; start++) {
    if (pixels[start] === 0 || label[start] !== -1) continue;
    const region = { x0: width, y0: height, x1: -1, y1: -1, pixels: 0 };
    label[start] = found.length;
    stack.push(start);
    while (stack.length > 0) {
      const c = stack.pop() as number;
      region.pixels += pixels[c] as number;
      region.x0 = Math.min(region.x0, minX[c] as number);
      region.y0 = Math.min(region.y0, minY[c] as number);
      region.x1 = Math.max(region.x1, maxX[c] as number);
      region.y1 = Math.max(region.y1, maxY[c] as number);
      const cx = c % cols;
      const cy = (c - cx) / cols;
      for (let ny = Math.max(0, cy - 1); ny <= Math.min(rows - 1, cy + 1); ny++) {
        for (let nx = Math.max(0, cx - 1); nx <= Math.min(cols - 1, cx + 1); nx++) {
          const n = ny * cols + nx;
          if (pixels[n] === 0 || label[n] !== -1) continue;
          label[n] = found.length;
          stack.push(n);
        }
      }
    }
    found.push({
      x: region.x0,
      y: region.y0,
      width: region.x1 - region.x0 + 1,
      height: region.y1 - region.y0 + 1,
      pixels: region.pixels,
    });
  }
  return largestFirst(found);
}

/** Groups in the order of their first cell, as Regions: the largest MAX_REGIONS first, and how many in all. */
export function largestFirst(found: ChangedRegion[]): Regions {
  found.sort((p, q) => q.pixels - p.pixels || p.y - q.y || p.x - q.x);
  return { regions: found.slice(0, MAX_REGIONS), count: found.length };
}

/** A region counts as a changed object when at least this share of its box differs. */
export const SOLID_DENSITY = 0.25;
/** …and it holds at least this many differing pixels. */
export const SOLID_MIN_PIXELS = 16;

/**
 * The regions that are changed objects: solid groups of differing pixels. A blur, a shift or a
 * re-encode flag pixels along edges — thin, scattered groups that fill a few percent of their box; a
 * replaced object fills most of its box (a 40×40 patch: 80–95% on the calibration photographs).
 */
export function solidRegions(regions: readonly ChangedRegion[]): ChangedRegion[] {
  return regions.filter((r) => r.pixels >= SOLID_MIN_PIXELS && r.pixels >= SOLID_DENSITY * r.width * r.height);
}

export interface RegionsOf {
  regions: readonly ChangedRegion[];
  width: number;
  height: number;
}

/**
 * The solid regions, when they are local changes: together they cover at most half the image. The
 * figures that describe "the rest of the picture" (channel shift, edge ratio) leave these out; when
 * solid regions cover more, the change is the picture itself and nothing is left out.
 */
export function localRegions(input: RegionsOf): ChangedRegion[] {
  const { regions, width, height } = input;
  const solid = solidRegions(regions);
  const area = solid.reduce((sum, r) => sum + r.width * r.height, 0);
  return area <= (width * height) / 2 ? solid : [];
}

export interface CellsInput {
  regions: readonly ChangedRegion[];
  width: number;
  height: number;
  /** Side of the blocks, in pixels. */
  cell: number;
}

/**
 * Which cell×cell blocks of a width × height image touch any of the regions or the pixel around
 * them (1 = touches): a 3×3 gradient at a region's border reads pixels on both sides of it.
 */
export function cellsTouching(input: CellsInput): Uint8Array {
  const { regions, width, height, cell } = input;
  const cols = Math.ceil(width / cell);
  const rows = Math.ceil(height / cell);
  const touched = new Uint8Array(cols * rows);
  for (const r of regions) {
    const y0 = Math.max(0, Math.floor((r.y - 1) / cell));
    const y1 = Math.min(rows - 1, Math.floor((r.y + r.height) / cell));
    const x0 = Math.max(0, Math.floor((r.x - 1) / cell));
    const x1 = Math.min(cols - 1, Math.floor((r.x + r.width) / cell));
    for (let cy = y0; cy <= y1; cy++) touched.fill(1, cy * cols + x0, cy * cols + x1 + 1);
  }
  return touched;
}
