import { describe, expect, it } from 'vitest';
import { judge } from '../../../src/compare/judge.js';
import type { CompareMetrics, Tolerance } from '../../../src/types/index.js';

// The finding gates are judged by the one judge, from the figures the comparator records in the metrics.
const SAME: CompareMetrics = {
  diffPixels: 0,
  diffRatio: 0,
  channelShift: { r: 0, g: 0, b: 0 },
  localColourShift: 0,
  gmsd: 0,
  edgeRatio: 1,
  shift: { dx: 0, dy: 0, gain: 0 },
  regions: [],
  regionCount: 0,
};
const ALL: Tolerance = {
  threshold: 0.1,
  include_aa: false,
  max_colour_shift: 2,
  max_local_colour_shift: 8,
  max_shift_px: 0,
  min_edge_ratio: 0.9,
  max_gmsd: 0.05,
};

const failing = (metrics: CompareMetrics, tolerance: Tolerance = ALL) =>
  judge(metrics, tolerance)
    .gates.filter((g) => !g.ok)
    .map((g) => g.name);

describe('finding gates, judged by the one judge', () => {
  it('the same picture passes every gate, and each gate records its figure', () => {
    const judged = judge(SAME, ALL);
    expect(judged.match).toBe(true);
    expect(judged.gates).toEqual([
      { name: 'max_colour_shift', limit: 2, value: 0, ok: true },
      { name: 'max_local_colour_shift', limit: 8, value: 0, ok: true },
      { name: 'max_shift_px', limit: 0, value: 0, ok: true },
      { name: 'min_edge_ratio', limit: 0.9, value: 1, ok: true },
      { name: 'max_gmsd', limit: 0.05, value: 0, ok: true },
    ]);
  });

  it('max_colour_shift: the largest move of a channel mean, either way, with the channel named', () => {
    const judged = judge({ ...SAME, channelShift: { r: 1, g: -2.5, b: 0 } }, ALL);
    expect(judged.match).toBe(false);
    expect(judged.gates[0]).toEqual({ name: 'max_colour_shift', limit: 2, value: 2.5, ok: false });
    expect(judged.reason).toBe('mean green moved −2.50 levels, more than max_colour_shift 2');
    expect(failing({ ...SAME, channelShift: { r: 2, g: -2, b: 2 } })).toEqual([]);
  });

  it('max_local_colour_shift: a block whose colour moved, with the largest changed region', () => {
    const regions = [{ x: 200, y: 120, width: 40, height: 40, pixels: 1600 }];
    expect(judge({ ...SAME, localColourShift: 37.6, regions, regionCount: 1 }, ALL).reason).toBe(
      "a block's mean colour moved 37.6 levels beyond the picture's, more than max_local_colour_shift 8 (the largest changed region: 40×40 at 200, 120)",
    );
    expect(failing({ ...SAME, localColourShift: 8 })).toEqual([]);
  });

  it('max_shift_px: a translation counts only when aligning by it removes enough of the difference', () => {
    expect(judge({ ...SAME, shift: { dx: 2, dy: -1, gain: 0.9 } }, ALL).reason).toBe(
      'the picture moved by (2, -1) px, more than max_shift_px 0',
    );
    expect(failing({ ...SAME, shift: { dx: 2, dy: -1, gain: 0.9 } }, { ...ALL, max_shift_px: 2 })).toEqual([]);
    expect(failing({ ...SAME, shift: { dx: 5, dy: 0, gain: 0.1 } })).toEqual([]);
  });

  it('min_edge_ratio and max_gmsd', () => {
    expect(judge({ ...SAME, edgeRatio: 0.71, gmsd: 0.08 }, ALL).reason).toBe(
      'edge energy 0.710 of the baseline, below min_edge_ratio 0.9; GMSD 0.0800, above max_gmsd 0.05',
    );
  });

  it('without the figures (images of different sizes, results from before them) the gate records no value and fails', () => {
    const judged = judge({ diffPixels: 0, diffRatio: 0 }, { threshold: 0.1, include_aa: false, min_edge_ratio: 0.9 });
    expect(judged.gates).toEqual([{ name: 'min_edge_ratio', limit: 0.9, value: null, ok: false }]);
    expect(judged.match).toBe(false);
  });

  it('a gate that is not set is not judged', () => {
    const tolerance: Tolerance = { threshold: 0.1, include_aa: false };
    expect(judge({ ...SAME, channelShift: { r: 50, g: 0, b: 0 }, edgeRatio: 0.1 }, tolerance).gates).toEqual([]);
  });
});
