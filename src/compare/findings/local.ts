/**
 * Local colour changes that pixelmatch does not see. pixelmatch weighs a colour difference mostly
 * by luminance: an object that changed hue at about the same brightness (grey replaced by blue, 40
 * levels apart in B) stays under its threshold of 0.1, and a 40×40 patch of it is 0 differing
 * pixels. Block means see it: each CELL×CELL block's mean difference of R, G and B is compared with
 * the picture's (the median over blocks, so a few changed blocks do not move it). Noise and
 * re-encodes move a block's mean by a few levels at most (JPEG q80 4:2:0: under 4 on the
 * calibration images); a changed object by tens.
 *
 * Trap: an exposure change or a cast clips at 0 and 255, so a dark block does not get darker with
 * the rest. A block that looks changed is measured again against what the picture's shift does to
 * its own pixels (each clamped to 0..255); clipping alone leaves nothing.
 */
import type { RgbaImage } from '../../image/types.js';
import { median } from '../../util/median.js';
import { align } from '../../util/wasm-kernels.js';
import { residentPair } from '../resident-pair.js';
import { CELL, type FindingSums } from './accumulator.js';
import { onWhite } from './on-white.js';

/** A block whose mean R, G or B moved more than this beyond the picture's (levels) is a changed block. */
export const LOCAL_LEVELS = 8;

export interface LocalInput {
  expected: RgbaImage;
  actual: RgbaImage;
  sums: FindingSums;
  ignored?: Uint8Array;
}

export interface LocalChange {
  /** The largest move of a block's mean R, G or B beyond the picture's, in levels. */
  levels: number;
  /**
   * The pixels of changed blocks that moved more than LOCAL_LEVELS beyond the picture (1 = moved); absent
   * when no block changed. When the comparator's pass left the pair in the kernels' memory, a view of the
   * room it keeps for this mask there (figures.ts's regions scan reads it in place): valid until that
   * memory is reserved again.
   */
  mask?: Uint8Array;
}

/** An empty mask of the pair's pixels: in the kernels' memory beside the resident pair, else an array. */
function localMask(input: LocalInput): Uint8Array {
  const { expected, actual, ignored } = input;
  const len = expected.width * expected.height;
  const resident = residentPair(expected.data, actual.data, ignored);
  if (!resident?.scratch) return new Uint8Array(len);
  return new Uint8Array(resident.kernels.memory.buffer, resident.scratch, len).fill(0);
}

export function localColourChange(input: LocalInput): LocalChange {
  const { sums } = input;
  const count = sums.cellCount;
  const picture = [sums.cellSumR, sums.cellSumG, sums.cellSumB].map((s) => medianMean(s, count));
  // Blocks that look changed beyond the picture's shift, before clipping is taken into account.
  const apart = blocksApart(sums, picture);
  const { candidates, levels: unchanged } = splitBlocks(apart, count);
  // Changed nearly everywhere (another picture, a shift of a detailed one, clipping over large areas):
  // not a local change, and the other figures say what it is. The blocks' raw figure stands.
  if (candidates.length > count.length / 4) return { levels: apart.reduce((most, v) => Math.max(most, v), 0) };
  if (candidates.length === 0) return { levels: unchanged };
  const mask = localMask(input);
  const moved = residentResiduals(input, picture, candidates, mask) ?? residuals(input, picture, candidates, mask);
  const levels = Math.max(unchanged, moved);
  return { levels, ...(levels > LOCAL_LEVELS ? { mask } : {}) };
}

/*
 * The block loops below are small functions of their own on purpose: a loop over every block, inside
 * localColourChange, made V8 compile the whole of it again and again on each worker thread (~200 ms of
 * compiling per thread, measured with --trace-opt), where a small function costs a few.
 */

/** Each block's largest move of mean R, G or B beyond the picture's (0 for a block without pixels). */
function blocksApart(sums: FindingSums, picture: number[]): Float64Array {
  const count = sums.cellCount;
  const sumsOf = [sums.cellSumR, sums.cellSumG, sums.cellSumB];
  const apart = new Float64Array(count.length);
  for (let c = 0; c < count.length; c++) {
    const n = count[c] as number;
    if (n === 0) continue;
    for (let k = 0; k < 3; k++) {
      apart[c] = Math.max(apart[c] as number, Math.abs((sumsOf[k]?.[c] as number) / n - (picture[k] as number)));
    }
  }
  return apart;
}

/** The blocks with pixels that moved beyond LOCAL_LEVELS, and the largest move among the others. */
function splitBlocks(apart: Float64Array, count: Float64Array): { candidates: number[]; levels: number } {
  const candidates: number[] = [];
  let levels = 0;
  for (let c = 0; c < count.length; c++) {
    if (count[c] === 0) continue;
    const moved = apart[c] as number;
    if (moved > LOCAL_LEVELS) candidates.push(c);
    else levels = Math.max(levels, moved);
  }
  return { candidates, levels };
}

interface ResidualInput {
  expected: RgbaImage;
  actual: RgbaImage;
  picture: number[];
  block: { x0: number; y0: number; x1: number; y1: number };
  /** Marked where a pixel moved more than LOCAL_LEVELS beyond the picture, when the block did. */
  mask: Uint8Array;
  ignored?: Uint8Array;
}

/**
 * How far each candidate block's mean R, G or B moved beyond what the picture's shift does to its pixels
 * (each clamped to 0..255, composited on white as elsewhere), the largest of them; each block beyond
 * LOCAL_LEVELS has its pixels that did marked in `mask`.
 */
function residuals(input: LocalInput, picture: number[], candidates: number[], mask: Uint8Array): number {
  const { expected, actual, ignored } = input;
  const { width, height } = expected;
  const cols = Math.ceil(width / CELL);
  let levels = 0;
  for (const c of candidates) {
    const x0 = (c % cols) * CELL;
    const y0 = Math.floor(c / cols) * CELL;
    const block = { x0, y0, x1: Math.min(width, x0 + CELL), y1: Math.min(height, y0 + CELL) };
    const one = { expected, actual, picture, block, mask, ...(ignored ? { ignored } : {}) };
    const { sumR, sumG, sumB, n } = blockResidual(one, undefined);
    if (n === 0) continue;
    const moved = Math.max(Math.abs(sumR / n), Math.abs(sumG / n), Math.abs(sumB / n));
    if (moved > LOCAL_LEVELS) blockResidual(one, mask);
    levels = Math.max(levels, moved);
  }
  return levels;
}

interface ResidualSums {
  sumR: number;
  sumG: number;
  sumB: number;
  n: number;
}

/**
 * residuals on the kernel, in one call, when the comparator's pass left this pair in its memory
 * (resident-pair.ts) and the mask is the one localMask placed beside it: the candidates' list and their
 * levels go where the regions' cells go later (figures.ts). Undefined when it cannot run there.
 */
function residentResiduals(
  input: LocalInput,
  picture: number[],
  candidates: number[],
  mask: Uint8Array,
): number | undefined {
  const { expected, actual, ignored } = input;
  const resident = residentPair(expected.data, actual.data, ignored);
  if (!resident) return undefined;
  const { kernels, out, scratch } = resident;
  if (mask.buffer !== kernels.memory.buffer || mask.byteOffset !== scratch) return undefined;
  const { width, height } = expected;
  // At most a quarter of the blocks are candidates (localColourChange): 12 bytes each, in room for 20 bytes
  // per 8×8 region cell (pass-layout.ts), four per block.
  const list = align(scratch + width * height);
  const levelsAt = align(list + candidates.length * 4);
  new Int32Array(kernels.memory.buffer, list, candidates.length).set(candidates);
  const [shiftR = 0, shiftG = 0, shiftB = 0] = picture;
  const { expected: e, actual: a, ignored: left } = resident;
  const cols = Math.ceil(width / CELL);
  kernels.blockResiduals(
    e,
    a,
    left,
    width,
    height,
    cols,
    CELL,
    list,
    candidates.length,
    shiftR,
    shiftG,
    shiftB,
    LOCAL_LEVELS,
    scratch,
    out,
    levelsAt,
  );
  return new Float64Array(kernels.memory.buffer, levelsAt, candidates.length).reduce((most, v) => Math.max(most, v), 0);
}

/**
 * One walk over a block's pixels: without `mark`, the sums of what moved beyond the picture's shift; with
 * it, the pixels that moved more than LOCAL_LEVELS marked there. A plain loop, not a closure: it runs on
 * every pixel of every changed block.
 */
function blockResidual(input: ResidualInput, mark: Uint8Array | undefined): ResidualSums {
  const { expected, actual, picture, block, ignored } = input;
  const { width } = expected;
  const [shiftR = 0, shiftG = 0, shiftB = 0] = picture;
  const e = expected.data;
  const a = actual.data;
  let sumR = 0;
  let sumG = 0;
  let sumB = 0;
  let n = 0;
  for (let y = block.y0; y < block.y1; y++) {
    for (let x = block.x0, p = y * width + x, i = p * 4; x < block.x1; x++, p++, i += 4) {
      if (ignored !== undefined && ignored[p] === 1) continue;
      const alpha1 = e[i + 3] as number;
      const alpha2 = a[i + 3] as number;
      // What moved beyond the picture's shift, which clips at 0 and 255 like any change of levels.
      const dr = onWhite(a[i] as number, alpha2) - clampLevel(onWhite(e[i] as number, alpha1) + shiftR);
      const dg = onWhite(a[i + 1] as number, alpha2) - clampLevel(onWhite(e[i + 1] as number, alpha1) + shiftG);
      const db = onWhite(a[i + 2] as number, alpha2) - clampLevel(onWhite(e[i + 2] as number, alpha1) + shiftB);
      if (mark !== undefined) {
        if (Math.abs(dr) > LOCAL_LEVELS || Math.abs(dg) > LOCAL_LEVELS || Math.abs(db) > LOCAL_LEVELS) mark[p] = 1;
      } else {
        sumR += dr;
        sumG += dg;
        sumB += db;
        n++;
      }
    }
  }
  return { sumR, sumG, sumB, n };
}

function clampLevel(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/** The median over blocks of a block's mean (sum / count), blocks without pixels left out. */
function medianMean(sums: Float64Array, counts: Float64Array): number {
  const means = new Float64Array(sums.length);
  let m = 0;
  for (let c = 0; c < sums.length; c++) {
    const n = counts[c] as number;
    if (n > 0) means[m++] = (sums[c] as number) / n;
  }
  return median(means.subarray(0, m));
}
