import { describe, expect, it } from 'vitest';
import { median } from '../../src/util/median.js';

/** The median as sorting gives it: what local.ts computed before. */
function sortedMedian(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

describe('median', () => {
  it('is the sorted middle (or the mean of the middle two), on every count and with many repeats', () => {
    let state = 7;
    const next = () => {
      state = (state * 1103515245 + 12345) >>> 0;
      return state;
    };
    for (let count = 0; count <= 64; count++) {
      for (const spread of [3, 1000]) {
        const values = Array.from({ length: count }, () => ((next() % spread) - spread / 2) / 7);
        expect(median(Float64Array.from(values)), `${count} values over ${spread}`).toBe(sortedMedian(values));
      }
    }
    const blocks = Array.from({ length: 4096 }, () => (next() % 2000) / 13 - 70);
    expect(median(Float64Array.from(blocks))).toBe(sortedMedian(blocks));
    expect(median(Float64Array.from([5, 5, 5, 5]))).toBe(5);
    expect(median(Float64Array.from([-0.5, 2]))).toBe(0.75);
  });
});
