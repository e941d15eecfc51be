import { describe, expect, it } from 'vitest';
import { formatAgainst, judge } from '../../src/compare/judge.js';
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

describe('the judge', () => {
  it('matches when no gate is set, with no gate to record', () => {
    expect(judge(metrics, base)).toEqual({ match: true, gates: [] });
  });

  it('records every gate with its limit, value and outcome, and quotes the figures of the ones that fail', () => {
    const judgement = judge(metrics, {
      ...base,
      max_diff_pixels: 642,
      max_diff_ratio: 0.01,
      min_ssim: 0.99,
      min_psnr: 30,
      max_mean_abs: 0.48,
    });
    expect(judgement.match).toBe(false);
    expect(judgement.gates).toEqual([
      { name: 'max_diff_pixels', limit: 642, value: 643, ok: false },
      { name: 'max_diff_ratio', limit: 0.01, value: 643 / 262_144, ok: true },
      { name: 'min_ssim', limit: 0.99, value: 0.98996, ok: false },
      { name: 'min_psnr', limit: 30, value: 28.9, ok: false },
      { name: 'max_mean_abs', limit: 0.48, value: 0.4812, ok: false },
    ]);
    expect(judgement.reason).toBe(
      [
        '643 pixels differ, more than max_diff_pixels 642',
        'SSIM 0.98996, below min_ssim 0.99',
        'PSNR 28.90 dB, below min_psnr 30 dB',
        'mean absolute error 0.481 levels, above max_mean_abs 0.48',
      ].join('; '),
    );
  });

  it('holds at the bounds exactly', () => {
    const exact = {
      ...base,
      max_diff_pixels: 643,
      max_diff_ratio: 643 / 262_144,
      min_ssim: 0.98996,
      min_psnr: 28.9,
      max_mean_abs: 0.4812,
    };
    expect(judge(metrics, exact).match).toBe(true);
  });

  it('when the sizes differ: no match, the mismatch as the reason, unmeasured gates recorded as null', () => {
    const judgement = judge({ diffPixels: 10, diffRatio: 1 }, { ...base, min_ssim: 0.5, min_psnr: 30 }, 'sizes differ');
    expect(judgement).toEqual({
      match: false,
      reason: 'sizes differ',
      gates: [
        { name: 'min_ssim', limit: 0.5, value: null, ok: false },
        { name: 'min_psnr', limit: 30, value: null, ok: false },
      ],
    });
  });

  it('prints a figure with enough decimals never to look equal to its limit', () => {
    expect(formatAgainst(0.98996, 0.99, 4)).toBe('0.98996');
    expect(formatAgainst(0.95, 0.99, 4)).toBe('0.9500');
    expect(formatAgainst(37.999, 38, 2)).toBe('37.999');
  });
});
