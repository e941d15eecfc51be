/**
 * The figures of findings.md for one pair of images of equal size: channel shift, GMSD and edge
 * ratio, translation, local colour shift, changed regions. The comparator's one pass
 * (pixel-pass.ts) gathers the channel sums per block, and row by row the accumulator keeps profiles
 * and gradient sums (accumulator.ts); the translation is checked on a few rows of the pixels,
 * changed blocks on their own pixels (local.ts). The regions come from pixelmatch's mask of
 * differing pixels, which the same pass marks, joined with the pixels of blocks whose colour moved.
 */
import type { RgbaImage } from '../../image/types.js';
import type { ChangedRegion, ChannelShift, FindingFigures } from '../../types/findings.js';
import { align } from '../../util/wasm-kernels.js';
import { pixelPass } from '../pixel-pass.js';
import { type ResidentPair, residentPair } from '../resident-pair.js';
import { CELL, type FindingSums } from './accumulator.js';
import { edgeRatio, gmsd } from './gradient.js';
import { localColourChange } from './local.js';
import { cellsTouching, changedRegions, largestFirst, localRegions, REGION_CELL, type Regions } from './regions.js';
import { alignedChannelShift, estimateTranslation, SHIFT_GAIN } from './translation.js';

export interface FindingFiguresInput {
  expected: RgbaImage;
  actual: RgbaImage;
  /** Pixels left out (1 = ignored), width × height entries. */
  ignored?: Uint8Array;
  /** pixelmatch's differing pixels (1 = differs), width × height entries; without it, no regions. */
  diffMask?: Uint8Array;
  /** The sums the comparator's pass gathered for this pair; without them, a pass of their own gathers them. */
  sums?: FindingSums;
}

export function measureFindings(input: FindingFiguresInput): FindingFigures {
  const { expected, actual, ignored, diffMask } = input;
  const { width, height } = expected;
  const sums = input.sums ?? sumsOf(expected, actual, ignored);
  const shift = estimateTranslation({ expected, actual, profiles: sums, ...(ignored ? { ignored } : {}) });
  const local = localColourChange({ expected, actual, sums, ...(ignored ? { ignored } : {}) });
  const { regions, count } = regionsOf({ expected, actual, ignored, diffMask, local: local.mask });
  // Channel shift and edge ratio describe the rest of the picture: local changes are left out. When
  // the picture moved, its colour is measured aligned, and the edge ratio leaves out the strips at the
  // edges where content entered and left.
  const moved = shift.gain >= SHIFT_GAIN;
  const left = moved ? edgeStrips({ ...shift, width, height }) : localRegions({ regions, width, height });
  const skip = left.length > 0 ? cellsTouching({ regions: left, width, height, cell: CELL }) : undefined;
  const colour = moved
    ? roundShift(alignedChannelShift({ expected, actual, dx: shift.dx, dy: shift.dy, ...(ignored ? { ignored } : {}) }))
    : channelShift(sums, skip);
  return {
    channelShift: colour,
    localColourShift: round(local.levels, 2),
    gmsd: round(gmsd(sums), 4),
    edgeRatio: round(edgeRatio(sums, skip), 3),
    shift: { dx: shift.dx, dy: shift.dy, gain: round(shift.gain, 3) },
    regions,
    regionCount: count,
  };
}

/** The findings' sums of a pair, from a pass of their own (the comparator's threshold only matters for its mask). */
function sumsOf(expected: RgbaImage, actual: RgbaImage, ignored: Uint8Array | undefined): FindingSums {
  const pass = pixelPass(expected, actual, { threshold: 0.1, findings: true, ...(ignored ? { ignored } : {}) });
  if (!pass.findingSums) throw new Error('findings: the pixel pass gathered no sums');
  return pass.findingSums;
}

/**
 * The changed regions of pixelmatch's mask joined with the local one: scanned on the kernel when the pass's
 * pair and the very mask it returned are still in its memory, else in JavaScript.
 */
function regionsOf(input: {
  expected: RgbaImage;
  actual: RgbaImage;
  ignored: Uint8Array | undefined;
  diffMask: Uint8Array | undefined;
  local: Uint8Array | undefined;
}): Regions {
  const { expected, actual, ignored, diffMask, local } = input;
  const { width, height } = expected;
  const resident = residentPair(expected.data, actual.data, ignored);
  if (resident && diffMask && resident.maskArray === diffMask && resident.scratch !== 0) {
    return residentRegions(resident, local, width, height);
  }
  const mask = joined(diffMask, local);
  return mask ? changedRegions({ mask, width, height }) : { regions: [], count: 0 };
}

/**
 * The regions on the kernel (wasm/regions.ts): the mask's cells, then their groups, in the room after the
 * local mask (pass-layout.ts). The pass's mask is in its memory; the local one is copied beside it.
 */
function residentRegions(
  resident: ResidentPair,
  local: Uint8Array | undefined,
  width: number,
  height: number,
): Regions {
  const { kernels, scratch } = resident;
  const len = width * height;
  // The local mask is there already when local.ts marked it in place.
  const inPlace = local?.buffer === kernels.memory.buffer && local.byteOffset === scratch;
  if (local && !inPlace) new Uint8Array(kernels.memory.buffer, scratch, len).set(local);
  const cols = Math.ceil(width / REGION_CELL);
  const rows = Math.ceil(height / REGION_CELL);
  const cells = cols * rows;
  const cellsAt = align(scratch + len);
  const visited = align(cellsAt + 20 * cells);
  const stack = align(visited + cells);
  const out = align(stack + 4 * cells);
  kernels.maskCells(resident.mask, local ? scratch : 0, width, height, cellsAt);
  const count = kernels.groupCells(cellsAt, cols, rows, width, height, visited, stack, out);
  const records = new Int32Array(kernels.memory.buffer, out, count * 5);
  const found: ChangedRegion[] = [];
  for (let i = 0; i < count * 5; i += 5) {
    found.push({
      x: records[i] as number,
      y: records[i + 1] as number,
      width: records[i + 2] as number,
      height: records[i + 3] as number,
      pixels: records[i + 4] as number,
    });
  }
  return largestFirst(found);
}

/** pixelmatch's differing pixels and the pixels of blocks whose colour moved, together (four pixels a step). */
function joined(diffMask: Uint8Array | undefined, local: Uint8Array | undefined): Uint8Array | undefined {
  if (!diffMask || !local) return diffMask ?? local;
  const out = new Uint8Array(diffMask);
  const words = out.length >> 2;
  const outWords = new Uint32Array(out.buffer, 0, words);
  const localWords = local.byteOffset % 4 === 0 ? new Uint32Array(local.buffer, local.byteOffset, words) : undefined;
  if (localWords) for (let w = 0; w < words; w++) outWords[w] = (outWords[w] as number) | (localWords[w] as number);
  for (let p = localWords ? words << 2 : 0; p < out.length; p++) out[p] = (out[p] as number) | (local[p] as number);
  return out;
}

/** Where a shift by (dx, dy) brings new content in and takes old content out: strips along both edges. */
function edgeStrips(input: { dx: number; dy: number; width: number; height: number }): ChangedRegion[] {
  const { dx, dy, width, height } = input;
  const strips: ChangedRegion[] = [];
  const w = Math.abs(dx);
  const h = Math.abs(dy);
  if (w > 0)
    strips.push({ x: 0, y: 0, width: w, height, pixels: 0 }, { x: width - w, y: 0, width: w, height, pixels: 0 });
  if (h > 0)
    strips.push({ x: 0, y: 0, width, height: h, pixels: 0 }, { x: 0, y: height - h, width, height: h, pixels: 0 });
  return strips;
}

function roundShift(shift: ChannelShift): ChannelShift {
  return { r: round(shift.r, 2), g: round(shift.g, 2), b: round(shift.b, 2) };
}

/** Mean of each channel's signed difference over the blocks not in `skip` (all of them when every block is). */
function channelShift(sums: FindingSums, skip: Uint8Array | undefined): ChannelShift {
  let r = 0;
  let g = 0;
  let b = 0;
  let n = 0;
  for (let c = 0; c < sums.cellCount.length; c++) {
    if (skip !== undefined && skip[c] === 1) continue;
    r += sums.cellSumR[c] as number;
    g += sums.cellSumG[c] as number;
    b += sums.cellSumB[c] as number;
    n += sums.cellCount[c] as number;
  }
  if (n === 0) return skip ? channelShift(sums, undefined) : { r: 0, g: 0, b: 0 };
  return roundShift({ r: r / n, g: g / n, b: b / n });
}

/** Figures are recorded and judged at a fixed precision, so a message quotes what results.json holds. */
function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
