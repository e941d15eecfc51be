/**
 * What the gates in the findings' terms read (max_colour_shift, max_shift_px; the judge, judge.ts,
 * judges them with the others; their defaults are in tolerance.ts).
 */

import type { ChannelShift, Translation } from '../../types/findings.js';
import { SHIFT_GAIN } from './translation.js';

/** The largest move of a channel mean, and which channel. */
export function largestChannelShift(shift: ChannelShift): { channel: 'r' | 'g' | 'b'; levels: number } {
  const { r, g, b } = shift;
  const entries: ['r' | 'g' | 'b', number][] = [
    ['r', r],
    ['g', g],
    ['b', b],
  ];
  const [channel, levels] = entries.reduce((best, e) => (Math.abs(e[1]) > Math.abs(best[1]) ? e : best));
  return { channel, levels };
}

/** The translation that counts: the estimate when aligning by it removes enough of the difference, else none. */
export function countedShift(shift: Translation): number {
  const { dx, dy, gain } = shift;
  return gain >= SHIFT_GAIN ? Math.max(Math.abs(dx), Math.abs(dy)) : 0;
}
