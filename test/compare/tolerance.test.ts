import { describe, expect, it } from 'vitest';
import { abTolerance, DEFAULT_TOLERANCE, resolveTolerance, SWEEP_TOLERANCE } from '../../src/compare/tolerance.js';
import { load } from '../helpers/suites.js';

describe('tolerances', () => {
  it('the default gates apply only when no layer sets a gate, and then name the tolerance', () => {
    expect(resolveTolerance({})).toEqual(DEFAULT_TOLERANCE);
    expect(resolveTolerance({ threshold: 0.2 })).toEqual({ ...DEFAULT_TOLERANCE, threshold: 0.2 });
    // A gate set anywhere replaces all of the default gates, and the tolerance is no longer the default one.
    expect(resolveTolerance({ threshold: 0.2, max_diff_pixels: 50 })).toEqual({
      threshold: 0.2,
      include_aa: false,
      max_diff_pixels: 50,
    });
  });

  it('a suite whose model sets one gate gets that gate alone', () => {
    const suite = load(`
models:
  - id: sim-dev
    tolerance: { min_ssim: 0.9 }
defaults: { width: 64, height: 64 }
tolerance: { max_mean_abs: 2 }
cases:
  - id: a
    prompt: x
    tolerance: { min_psnr: 40, max_mean_abs: 3 }
`);
    expect(resolveTolerance(suite.cases[0]?.tolerance ?? {})).toEqual({
      threshold: 0.1,
      include_aa: false,
      max_mean_abs: 3,
      min_ssim: 0.9,
      min_psnr: 40,
    });
  });

  it("seedsnap's own checks are named tolerances: a sweep cell close to its reference, an A/B pair the same", () => {
    expect(SWEEP_TOLERANCE).toEqual({
      name: 'sweep-close',
      threshold: 0.1,
      include_aa: false,
      max_diff_ratio: 0.01,
      min_psnr: 32,
    });
    expect(abTolerance(0.2, 0)).toEqual({ name: 'ab-same', threshold: 0.2, include_aa: false, max_diff_ratio: 0 });
  });
});
