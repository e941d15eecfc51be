import { describe, expect, it } from 'vitest';
import { checkFindingGates } from '../../../src/compare/findings/gates.js';
import type { FindingFigures } from '../../../src/compare/findings/types.js';

const SAME: FindingFigures = {
  channelShift: { r: 0, g: 0, b: 0 },
  localColourShift: 0,
  gmsd: 0,
  edgeRatio: 1,
  shift: { dx: 0, dy: 0, gain: 0 },
  regions: [],
  regionCount: 0,
};
const ALL = { max_colour_shift: 2, max_local_colour_shift: 8, max_shift_px: 0, min_edge_ratio: 0.9, max_gmsd: 0.05 };

describe('finding gates', () => {
  it('the same picture passes every gate', () => {
    expect(checkFindingGates(SAME, ALL)).toEqual([]);
  });

  it('max_colour_shift: the largest move of a channel mean, either way, with the channel named', () => {
    expect(checkFindingGates({ ...SAME, channelShift: { r: 1, g: -2.5, b: 0 } }, ALL)).toEqual([
      { gate: 'max_colour_shift', message: 'mean green moved −2.50 levels, more than max_colour_shift 2' },
    ]);
    expect(checkFindingGates({ ...SAME, channelShift: { r: 2, g: -2, b: 2 } }, ALL)).toEqual([]);
  });

  it('max_local_colour_shift: a block whose colour moved, with the largest changed region', () => {
    const regions = [{ x: 200, y: 120, width: 40, height: 40, pixels: 1600 }];
    expect(checkFindingGates({ ...SAME, localColourShift: 37.6, regions, regionCount: 1 }, ALL)).toEqual([
      {
        gate: 'max_local_colour_shift',
        message:
          "a block's mean colour moved 37.6 levels beyond the picture's, more than max_local_colour_shift 8 (the largest changed region: 40×40 at 200, 120)",
      },
    ]);
    expect(checkFindingGates({ ...SAME, localColourShift: 8 }, ALL)).toEqual([]);
  });

  it('max_shift_px: a translation counts only when aligning by it removes enough of the difference', () => {
    expect(checkFindingGates({ ...SAME, shift: { dx: 2, dy: -1, gain: 0.9 } }, ALL)).toEqual([
      { gate: 'max_shift_px', message: 'the picture moved by (2, -1) px, more than max_shift_px 0' },
    ]);
    expect(checkFindingGates({ ...SAME, shift: { dx: 2, dy: -1, gain: 0.9 } }, { max_shift_px: 2 })).toEqual([]);
    expect(checkFindingGates({ ...SAME, shift: { dx: 5, dy: 0, gain: 0.1 } }, ALL)).toEqual([]);
  });

  it('min_edge_ratio and max_gmsd', () => {
    expect(checkFindingGates({ ...SAME, edgeRatio: 0.71, gmsd: 0.08 }, ALL)).toEqual([
      { gate: 'min_edge_ratio', message: 'edge energy 0.710 of the baseline, below min_edge_ratio 0.9' },
      { gate: 'max_gmsd', message: 'GMSD 0.0800, above max_gmsd 0.05' },
    ]);
  });

  it('a gate that is not set is not judged', () => {
    expect(checkFindingGates({ ...SAME, channelShift: { r: 50, g: 0, b: 0 }, edgeRatio: 0.1 }, {})).toEqual([]);
  });
});
