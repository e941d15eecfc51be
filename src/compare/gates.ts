/** Tolerance gates: every gate that is set must hold. Failures are explained with their figures. */
import type { CompareMetrics, Tolerance } from '../types.js';

export interface GateFailure {
  gate: 'max_diff_pixels' | 'max_diff_ratio';
  message: string;
}

export function formatRatio(ratio: number): string {
  const percent = ratio * 100;
  if (percent === 0) return '0%';
  if (percent < 0.01) return `${percent.toPrecision(2)}%`;
  return `${percent.toFixed(percent < 1 ? 3 : 2)}%`;
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
  return failures;
}
