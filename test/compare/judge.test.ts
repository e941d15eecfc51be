import { describe, expect, it } from 'vitest';
import { checkGates, formatAgainst } from '../../src/compare/judge.js';
import type { CompareMetrics } from '../../src/types/index.js';

const metrics: CompareMetrics = {
  diffPixels: 643,
  diffRatio: 643 / 262_144,
  maxChannelDiff: 203,
  meanAbsError: 0.4812,
  psnr: 28.9,
  ssim: 0.98996,
  phashDistance: 2,
};
const base = { threshold: 0.1, include_aa: false };

describe('tolerance gates', () => {
  it('pass when no gate is set', () => {
    expect(checkGates(metrics, base)).toEqual([]);
  });

  it('fail each gate with its figures quoted, and only the gates that do not hold', () => {
    const failures = checkGates(metrics, {
      ...base,
      max_diff_pixels: 642,
      max_diff_ratio: 0.01,
      min_ssim: 0.99,
      min_psnr: 30,
      max_mean_abs: 0.48,
    });
    expect(failures).toEqual([
      { gate: 'max_diff_pixels', message: '643 pixels differ, more than max_diff_pixels 642' },
      { gate: 'min_ssim', message: 'SSIM 0.98996, below min_ssim 0.99' },
      { gate: 'min_psnr', message: 'PSNR 28.90 dB, below min_psnr 30 dB' },
      { gate: 'max_mean_abs', message: 'mean absolute error 0.481 levels, above max_mean_abs 0.48' },
    ]);
  });

  it('hold at their bounds exactly', () => {
    const exact = {
      ...base,
      max_diff_pixels: 643,
      max_diff_ratio: 643 / 262_144,
      min_ssim: 0.98996,
      min_psnr: 28.9,
      max_mean_abs: 0.4812,
    };
    expect(checkGates(metrics, exact)).toEqual([]);
  });

  it('skip the metrics a size mismatch leaves out (the mismatch fails on its own)', () => {
    expect(checkGates({ diffPixels: 10, diffRatio: 1 }, { ...base, min_ssim: 0.5, min_psnr: 30 })).toEqual([]);
  });

  it('print a figure with enough decimals never to look equal to its limit', () => {
    expect(formatAgainst(0.98996, 0.99, 4)).toBe('0.98996');
    expect(formatAgainst(0.95, 0.99, 4)).toBe('0.9500');
    expect(formatAgainst(37.999, 38, 2)).toBe('37.999');
  });
});
