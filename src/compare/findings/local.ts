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
  const { expected, actual, sums, ignored } = input;
  const { width, height } = expected;
  const cols = Math.ceil(width / CELL);
  const count = sums.cellCount;
  const sumsOf = [sums.cellSumR, sums.cellSumG, sums.cellSumB];
  const picture = sumsOf.map((s) => medianMean(s, count));
  // Blocks that look changed beyond the picture's shift, before clipping is taken into account.
  const apart = new Float64Array(count.length);
  let candidates = 0;
  for (let c = 0; c < count.length; c++) {
    const n = count[c] as number;
    if (n === 0) continue;
    for (let k = 0; k < 3; k++) {
      apart[c] = Math.max(apart[c] as number, Math.abs((sumsOf[k]?.[c] as number) / n - (picture[k] as number)));
    }
    if ((apart[c] as number) > LOCAL_LEVELS) candidates++;
  }
  // Changed nearly everywhere (another picture, a shift of a detailed one, clipping over large areas):
  // not a local change, and the other figures say what it is. The blocks' raw figure stands.
  if (candidates > count.length / 4) return { levels: apart.reduce((most, v) => Math.max(most, v), 0) };
  let levels = 0;
  let mask: Uint8Array | undefined;
  for (let c = 0; c < count.length; c++) {
    const n = count[c] as number;
    if (n === 0) continue;
    let apart = 0;
    for (let k = 0; k < 3; k++)
      apart = Math.max(apart, Math.abs((sumsOf[k]?.[c] as number) / n - (picture[k] as number)));
    if (apart <= LOCAL_LEVELS) {
      levels = Math.max(levels, apart);
      continue;
    }
    const x0 = (c % cols) * CELL;
    const y0 = Math.floor(c / cols) * CELL;
    const block = { x0, y0, x1: Math.min(width, x0 + CELL), y1: Math.min(height, y0 + CELL) };
    mask ??= localMask(input);
    const moved = residual({ expected, actual, picture, block, mask, ...(ignored ? { ignored } : {}) });
    levels = Math.max(levels, moved);
  }
  return { levels, ...(mask && levels > LOCAL_LEVELS ? { mask } : {}) };
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
 * How far one block's mean R, G or B moved beyond what the picture's shift does to its pixels
 * (each clamped to 0..255, composited on white as elsewhere); when beyond LOCAL_LEVELS, marks the
 * block's pixels that did.
 */
function residual(input: ResidualInput): number {
  const { sumR, sumG, sumB, n } = residentResidual(input, false) ?? blockResidual(input, undefined);
  if (n === 0) return 0;
  const levels = Math.max(Math.abs(sumR / n), Math.abs(sumG / n), Math.abs(sumB / n));
  if (levels > LOCAL_LEVELS && !residentResidual(input, true)) blockResidual(input, input.mask);
  return levels;
}

interface ResidualSums {
  sumR: number;
  sumG: number;
  sumB: number;
  n: number;
}

/**
 * blockResidual on the kernel, when the comparator's pass left this pair in its memory (resident-pair.ts):
 * the sums, or with `mark` the marking, into the mask localMask placed beside the pair (then the sums are
 * not meaningful). Undefined when it cannot run there.
 */
function residentResidual(input: ResidualInput, mark: boolean): ResidualSums | undefined {
  const { expected, actual, picture, block, ignored, mask } = input;
  const resident = residentPair(expected.data, actual.data, ignored);
  if (!resident) return undefined;
  const { kernels, out, scratch } = resident;
  if (mark && (mask.buffer !== kernels.memory.buffer || mask.byteOffset !== scratch)) return undefined;
  const [shiftR = 0, shiftG = 0, shiftB = 0] = picture;
  const { x0, y0, x1, y1 } = block;
  const width = expected.width;
  const { expected: e, actual: a, ignored: left } = resident;
  kernels.blockResidual(
    e,
    a,
    left,
    width,
    x0,
    y0,
    x1,
    y1,
    shiftR,
    shiftG,
    shiftB,
    LOCAL_LEVELS,
    mark ? scratch : 0,
    out,
  );
  const [sumR = 0, sumG = 0, sumB = 0, n = 0] = new Float64Array(kernels.memory.buffer, out, 4);
  return { sumR, sumG, sumB, n };
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
