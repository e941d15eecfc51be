import { describe, expect, it } from 'vitest';
import { resolveTolerance } from '../../src/compare/tolerance.js';
import { mergeOptions, toTolerancePatch } from '../../src/vitest/options.js';

describe('toMatchImageBaseline options', () => {
  it('reads camelCase, Playwright and suite-style names as the same gates', () => {
    expect(
      toTolerancePatch({
        threshold: 0.2,
        includeAA: true,
        maxDiffPixels: 10,
        maxDiffRatio: 0.01,
        minSsim: 0.9,
        minPsnr: 30,
        maxMeanAbs: 2,
      }),
    ).toEqual({
      threshold: 0.2,
      include_aa: true,
      max_diff_pixels: 10,
      max_diff_ratio: 0.01,
      min_ssim: 0.9,
      min_psnr: 30,
      max_mean_abs: 2,
    });
    expect(toTolerancePatch({ maxDiffPixelRatio: 0.02 })).toEqual({ max_diff_ratio: 0.02 });
    // The gates in the findings' terms, under both names.
    expect(
      toTolerancePatch({ maxColourShift: 3, maxLocalColourShift: 10, maxShiftPx: 1, minEdgeRatio: 0.8, maxGmsd: 0.1 }),
    ).toEqual({ max_colour_shift: 3, max_local_colour_shift: 10, max_shift_px: 1, min_edge_ratio: 0.8, max_gmsd: 0.1 });
    expect(toTolerancePatch({ max_colour_shift: 3, min_edge_ratio: 0.8 })).toEqual({
      max_colour_shift: 3,
      min_edge_ratio: 0.8,
    });
    expect(toTolerancePatch({ max_diff_ratio: 0.02, min_psnr: 35 })).toEqual({ max_diff_ratio: 0.02, min_psnr: 35 });
    // A camelCase gate replaces the default gates as a suite's does.
    expect(resolveTolerance(toTolerancePatch({ maxDiffRatio: 0.5 }))).toEqual({
      threshold: 0.1,
      include_aa: false,
      max_diff_ratio: 0.5,
    });
  });

  it('refuses what it would otherwise ignore, naming the fix', () => {
    const message = (options: unknown) => {
      try {
        toTolerancePatch(options as never);
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(message({ maxDiffRatoi: 0.1 })).toBe(
      'toMatchImageBaseline: unknown option "maxDiffRatoi" (did you mean maxDiffRatio?); the options are name, dir, threshold, includeAA, maxDiffPixels, maxDiffRatio, maxDiffPixelRatio, minSsim, minPsnr, maxMeanAbs, maxColourShift, maxLocalColourShift, maxShiftPx, minEdgeRatio, maxGmsd',
    );
    expect(message({ failureThreshold: 0.01 })).toBe(
      'toMatchImageBaseline: there is no option "failureThreshold" here: use maxDiffRatio (a share of pixels, 0..1) or maxDiffPixels (a count)',
    );
    expect(message({ maxDiffRatio: 0.5, max_diff_ratio: 0.1 })).toBe(
      'toMatchImageBaseline: maxDiffRatio and max_diff_ratio set the same gate to different values; keep one of them',
    );
    expect(message({ maxDiffRatio: 0.5, maxDiffPixelRatio: 0.5 })).toBe('accepted');
    expect(message({ maxDiffRatio: 5 })).toMatch(/^toMatchImageBaseline: maxDiffRatio: .*1.*, got 5$/);
    expect(message({ minPsnr: '30' })).toMatch(/^toMatchImageBaseline: minPsnr: .*number.*, got "30"$/);
    expect(message({ name: '' })).toBe('toMatchImageBaseline: name must be a non-empty string');
    expect(message('0.1')).toMatch(/^toMatchImageBaseline: options must be an object/);
  });

  it('layers configured defaults and call options gate by gate, whatever name each uses', () => {
    expect(mergeOptions({ maxDiffRatio: 0.5, dir: 'shots' }, { max_diff_ratio: 0.1, minPsnr: 30 })).toEqual({
      max_diff_ratio: 0.1,
      min_psnr: 30,
      dir: 'shots',
    });
    expect(mergeOptions(undefined, { maxDiffPixelRatio: 0.2, maxDiffRatio: undefined })).toEqual({
      max_diff_ratio: 0.2,
    });
  });
});
