/**
 * Tolerance gates in the findings' terms, judged like the others: every gate that is set must hold,
 * and a failure is explained with its figure and its limit.
 */
import { SHIFT_GAIN } from './translation.js';
import type { FindingFigures } from './types.js';

export type FindingGateName =
  | 'max_colour_shift'
  | 'max_local_colour_shift'
  | 'max_shift_px'
  | 'min_edge_ratio'
  | 'max_gmsd';

export interface FindingTolerance {
  /** Largest move of the mean of R, G or B allowed, in levels (a cast, or an exposure change). */
  max_colour_shift?: number;
  /** Largest move of a 16×16 block's mean R, G or B beyond the picture's, in levels (a changed object). */
  max_local_colour_shift?: number;
  /** Largest translation allowed, in pixels along either axis. */
  max_shift_px?: number;
  /** Lowest edge energy allowed, as a share of the baseline's (a blur lowers it). */
  min_edge_ratio?: number;
  /** Highest GMSD allowed (structure). */
  max_gmsd?: number;
}

/**
 * The tolerance the calibration supports (docs/findings.md): JPEG re-encodes at quality 90–95 and
 * ±1–2 levels of noise pass on every photograph and scene; a cast of R +8/B −4, an exposure change
 * of −12, a blur of σ 1.2, a 2-pixel shift, a 40×40 patch (even one pixelmatch cannot see) and
 * another picture all fail.
 */
export const CALIBRATED_TOLERANCE = {
  threshold: 0.1,
  include_aa: false,
  max_diff_ratio: 0.0015,
  max_colour_shift: 2,
  max_local_colour_shift: 8,
  max_shift_px: 0,
  min_edge_ratio: 0.9,
} as const;

export interface FindingGateFailure {
  gate: FindingGateName;
  message: string;
}

const CHANNEL_NAMES = { r: 'red', g: 'green', b: 'blue' } as const;

/** The largest move of a channel mean, and which channel. */
export function largestChannelShift(figures: FindingFigures): { channel: 'r' | 'g' | 'b'; levels: number } {
  const { r, g, b } = figures.channelShift;
  const entries: ['r' | 'g' | 'b', number][] = [
    ['r', r],
    ['g', g],
    ['b', b],
  ];
  const [channel, levels] = entries.reduce((best, e) => (Math.abs(e[1]) > Math.abs(best[1]) ? e : best));
  return { channel, levels };
}

/** The translation that counts: the estimate when aligning by it removes enough of the difference, else none. */
export function countedShift(figures: FindingFigures): number {
  const { dx, dy, gain } = figures.shift;
  return gain >= SHIFT_GAIN ? Math.max(Math.abs(dx), Math.abs(dy)) : 0;
}

export function checkFindingGates(figures: FindingFigures, tolerance: FindingTolerance): FindingGateFailure[] {
  const failures: FindingGateFailure[] = [];
  if (tolerance.max_colour_shift !== undefined) {
    const { channel, levels } = largestChannelShift(figures);
    if (Math.abs(levels) > tolerance.max_colour_shift) {
      const sign = levels < 0 ? '−' : '+';
      failures.push({
        gate: 'max_colour_shift',
        message: `mean ${CHANNEL_NAMES[channel]} moved ${sign}${Math.abs(levels).toFixed(2)} levels, more than max_colour_shift ${tolerance.max_colour_shift}`,
      });
    }
  }
  if (tolerance.max_local_colour_shift !== undefined && figures.localColourShift > tolerance.max_local_colour_shift) {
    const where = figures.regions[0];
    const at = where ? ` (the largest changed region: ${where.width}×${where.height} at ${where.x}, ${where.y})` : '';
    failures.push({
      gate: 'max_local_colour_shift',
      message: `a block's mean colour moved ${figures.localColourShift.toFixed(1)} levels beyond the picture's, more than max_local_colour_shift ${tolerance.max_local_colour_shift}${at}`,
    });
  }
  if (tolerance.max_shift_px !== undefined) {
    const moved = countedShift(figures);
    if (moved > tolerance.max_shift_px) {
      const { dx, dy } = figures.shift;
      failures.push({
        gate: 'max_shift_px',
        message: `the picture moved by (${dx}, ${dy}) px, more than max_shift_px ${tolerance.max_shift_px}`,
      });
    }
  }
  if (tolerance.min_edge_ratio !== undefined && figures.edgeRatio < tolerance.min_edge_ratio) {
    failures.push({
      gate: 'min_edge_ratio',
      message: `edge energy ${figures.edgeRatio.toFixed(3)} of the baseline, below min_edge_ratio ${tolerance.min_edge_ratio}`,
    });
  }
  if (tolerance.max_gmsd !== undefined && figures.gmsd > tolerance.max_gmsd) {
    failures.push({
      gate: 'max_gmsd',
      message: `GMSD ${figures.gmsd.toFixed(4)}, above max_gmsd ${tolerance.max_gmsd}`,
    });
  }
  return failures;
}
