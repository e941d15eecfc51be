import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CALIBRATION_SCENES,
  type CalibrationRow,
  calibrate,
  calibrationSamples,
  DIFFERENCE_KINDS,
} from '../../src/compare/calibration.js';
import { ComparePool } from '../../src/compare/compare-pool.js';
import { DEFAULT_TOLERANCE } from '../../src/compare/tolerance.js';
import { renderWithLocalModel } from '../helpers/calibration.js';

// The README's calibration table, recomputed from the built-in model: noise must pass the default
// tolerance and every real change must fail it, on every scene. A change to the comparator, the
// metrics or the defaults that makes them blind (or noisy) fails here.
describe('default tolerance calibration', () => {
  let rows: CalibrationRow[] = [];
  const comparator = new ComparePool();
  beforeAll(async () => {
    const samples = calibrationSamples({ render: renderWithLocalModel });
    rows = await calibrate({ tolerance: DEFAULT_TOLERANCE, samples, comparator });
  });
  afterAll(() => comparator.close());

  it('covers every kind of difference on several different prompts', () => {
    expect(new Set(CALIBRATION_SCENES.map((s) => s.prompt)).size).toBeGreaterThanOrEqual(3);
    expect(rows).toHaveLength(CALIBRATION_SCENES.length * DIFFERENCE_KINDS.length);
  });

  for (const kind of DIFFERENCE_KINDS) {
    it(`${kind.label}: ${kind.expect === 'pass' ? 'passes' : 'fails'} the defaults on every scene`, () => {
      const mine = rows.filter((r) => r.kind.id === kind.id);
      expect(mine).toHaveLength(CALIBRATION_SCENES.length);
      const verdicts = mine.map((r) => ({
        scene: r.scene.prompt,
        verdict: r.verdict,
        figures: `${r.metrics.diffPixels} px, PSNR ${r.metrics.psnr}, SSIM ${r.metrics.ssim}, MAE ${r.metrics.meanAbsError}`,
      }));
      for (const v of verdicts) expect(v, JSON.stringify(v)).toMatchObject({ verdict: kind.expect });
    });
  }
});
