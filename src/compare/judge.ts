/** Tolerance gates: every gate that is set must hold. Failures are explained with their figures. */
import type { CompareMetrics, Tolerance } from '../types/index.js';

export type GateName = 'max_diff_pixels' | 'max_diff_ratio' | 'min_ssim' | 'min_psnr' | 'max_mean_abs';

export interface GateFailure {
  gate: GateName;
  message: string;
}

export function formatRatio(ratio: number): string {
  const percent = ratio * 100;
  if (percent === 0) return '0%';
  if (percent < 0.01) return `${percent.toPrecision(2)}%`;
  return `${percent.toFixed(percent < 1 ? 3 : 2)}%`;
}

/**
 * A figure next to its limit, with enough decimals that the two never print
 * alike ("SSIM 0.98995 below 0.99", not "0.990 below 0.99").
 */
export function formatAgainst(value: number, limit: number, digits: number): string {
  let d = digits;
  while (d < 10 && value !== limit && value.toFixed(d) === limit.toFixed(d)) d++;
  return value.toFixed(d);
}

export function checkGates(metrics: CompareMetrics, tolerance: Tolerance): GateFailure[] {
  const failures: GateFailure[] = [];
  if (tolerance.max_diff_pixels !== undefined && metrics.diffPixels > tolerance.max_diff_pixels) {
    failures.push({
      gate: 'max_diff_pixels',
      message: `${metrics.diffPixels} pixels differ, more than max_diff_pixels ${tolerance.max_diff_pixels}`,
    });
  }
  if (tolerance.max_diff_ratio !== undefined && metrics.diffRatio > tolerance.max_diff_ratio) {
    failures.push({
      gate: 'max_diff_ratio',
      message: `${metrics.diffPixels} pixels differ (${formatRatio(metrics.diffRatio)}), more than max_diff_ratio ${formatRatio(tolerance.max_diff_ratio)}`,
    });
  }
  // The metrics below are absent only when the sizes differ, which fails on its own.
  const { ssim, psnr, meanAbsError } = metrics;
  if (tolerance.min_ssim !== undefined && ssim !== undefined && ssim < tolerance.min_ssim) {
    failures.push({
      gate: 'min_ssim',
      message: `SSIM ${formatAgainst(ssim, tolerance.min_ssim, 4)}, below min_ssim ${tolerance.min_ssim}`,
    });
  }
  if (tolerance.min_psnr !== undefined && psnr !== undefined && psnr < tolerance.min_psnr) {
    failures.push({
      gate: 'min_psnr',
      message: `PSNR ${formatAgainst(psnr, tolerance.min_psnr, 2)} dB, below min_psnr ${tolerance.min_psnr} dB`,
    });
  }
  if (tolerance.max_mean_abs !== undefined && meanAbsError !== undefined && meanAbsError > tolerance.max_mean_abs) {
    failures.push({
      gate: 'max_mean_abs',
      message: `mean absolute error ${formatAgainst(meanAbsError, tolerance.max_mean_abs, 2)} levels, above max_mean_abs ${tolerance.max_mean_abs}`,
    });
  }
  return failures;
}
