import { describe, expect, it } from 'vitest';
import { judge } from '../../src/compare/judge.js';
import { caseFigures } from '../../src/report/format.js';
import { describeTolerance, metricRows } from '../../src/report/metrics-text.js';
import type { CaseResult, CompareMetrics } from '../../src/types/index.js';

const metrics: CompareMetrics = {
  diffPixels: 1234,
  diffRatio: 0.0047,
  maxChannelDiff: 203,
  meanAbsError: 0.4812,
  psnr: 31.2,
  ssim: 0.98123,
  phashDistance: 3,
  ignoredPixels: 400,
};

describe('metric text', () => {
  it('one row per metric, each beside the gate recorded for it (nothing is judged again)', () => {
    const gates = judge(metrics, { threshold: 0.1, include_aa: false, max_diff_ratio: 0.001, min_psnr: 38 }).gates;
    const rows = metricRows(metrics, gates);
    expect(rows.map((r) => [r.label, r.value, r.gate?.text, r.gate?.holds])).toEqual([
      ['differing pixels', '1,234 (0.470%)', 'max_diff_ratio 0.100%', false],
      ['max channel diff', '203 of 255', undefined, undefined],
      ['mean abs error', '0.48 levels', undefined, undefined],
      ['PSNR', '31.20 dB', 'min_psnr 38 dB', false],
      ['SSIM', '0.98123', undefined, undefined],
      ['pHash distance', '3 of 64 bits', undefined, undefined],
      ['ignored pixels', '400', undefined, undefined],
    ]);
  });

  it('shows what was recorded, even a gate outcome the figures alone would not give', () => {
    const recorded = [{ name: 'min_psnr' as const, limit: 30, value: 31.2, ok: false }];
    expect(metricRows(metrics, recorded).find((r) => r.label === 'PSNR')?.gate).toEqual({
      text: 'min_psnr 30 dB',
      holds: false,
    });
    expect(metricRows(metrics).every((r) => r.gate === undefined)).toBe(true);
  });

  it('a tolerance in one phrase', () => {
    expect(describeTolerance({ threshold: 0.1, include_aa: false, min_ssim: 0.95, max_mean_abs: 3 })).toBe(
      'min_ssim 0.95, max_mean_abs 3 (threshold 0.1)',
    );
  });

  it('case figures add PSNR and SSIM when a comparison recorded them', () => {
    const result = { images: [{ index: 0, verdict: 'fail', metrics }] } as unknown as CaseResult;
    expect(caseFigures(result)).toBe('1,234 px (0.470%), PSNR 31.20 dB, SSIM 0.9812');
    const old = { images: [{ index: 0, verdict: 'fail', metrics: { diffPixels: 5, diffRatio: 0.5 } }] };
    expect(caseFigures(old as unknown as CaseResult)).toBe('5 px (50.00%)');
  });
});
