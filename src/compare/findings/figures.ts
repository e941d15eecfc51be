/**
 * The figures of findings.md for one pair of images of equal size: channel shift, GMSD and edge
 * ratio, translation, changed regions. One pass over the pixels gathers the channel sums, and row
 * by row the accumulator keeps profiles and gradient sums (accumulator.ts); the translation is
 * checked on a few rows of the pixels. The regions come
 * from pixelmatch's mask of differing pixels, which the comparator draws anyway.
 */
import type { RgbaImage } from '../../image/types.js';
import { CELL } from './accumulator.js';
import { edgeRatio, gmsd } from './gradient.js';
import { accumulateFindings, type FindingSums } from './pass.js';
import { cellsTouching, changedRegions, localRegions } from './regions.js';
import { estimateTranslation } from './translation.js';
import type { ChannelShift, FindingFigures } from './types.js';

export interface FindingFiguresInput {
  expected: RgbaImage;
  actual: RgbaImage;
  /** Pixels left out (1 = ignored), width × height entries. */
  ignored?: Uint8Array;
  /** pixelmatch's differing pixels (1 = differs), width × height entries; without it, no regions. */
  diffMask?: Uint8Array;
}

export function measureFindings(input: FindingFiguresInput): FindingFigures {
  const { expected, actual, ignored, diffMask } = input;
  const { width, height } = expected;
  const sums = accumulateFindings(expected, actual, ignored);
  const shift = estimateTranslation({ expected, actual, profiles: sums, ...(ignored ? { ignored } : {}) });
  const { regions, count } = diffMask ? changedRegions({ mask: diffMask, width, height }) : { regions: [], count: 0 };
  // Channel shift and edge ratio describe the rest of the picture: local changes are left out.
  const local = localRegions({ regions, width, height });
  const skip = local.length > 0 ? cellsTouching({ regions: local, width, height, cell: CELL }) : undefined;
  return {
    channelShift: channelShift(sums, skip),
    gmsd: round(gmsd(sums), 4),
    edgeRatio: round(edgeRatio(sums, skip), 3),
    shift: { dx: shift.dx, dy: shift.dy, gain: round(shift.gain, 3) },
    regions,
    regionCount: count,
  };
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
  return { r: round(r / n, 2), g: round(g / n, 2), b: round(b / n, 2) };
}

/** Figures are recorded and judged at a fixed precision, so a message quotes what results.json holds. */
function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
