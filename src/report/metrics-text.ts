/** Every metric of a comparison as text rows, each beside the gate that judges it (when one is set). */
import { formatRatio } from '../compare/judge.js';
import type { CompareMetrics, Tolerance } from '../types/index.js';

export interface MetricRow {
  label: string;
  value: string;
  /** The gate on this metric, e.g. "min_psnr 38 dB", and whether it holds. */
  gate?: { text: string; holds: boolean };
}

export function metricRows(metrics: CompareMetrics, tolerance: Tolerance): MetricRow[] {
  const rows: MetricRow[] = [];
  const pixels: MetricRow = {
    label: 'differing pixels',
    value: `${metrics.diffPixels.toLocaleString('en-US')} (${formatRatio(metrics.diffRatio)})`,
  };
  const pixelGates: string[] = [];
  let pixelsHold = true;
  if (tolerance.max_diff_pixels !== undefined) {
    pixelGates.push(`max_diff_pixels ${tolerance.max_diff_pixels}`);
    pixelsHold &&= metrics.diffPixels <= tolerance.max_diff_pixels;
  }
  if (tolerance.max_diff_ratio !== undefined) {
    pixelGates.push(`max_diff_ratio ${formatRatio(tolerance.max_diff_ratio)}`);
    pixelsHold &&= metrics.diffRatio <= tolerance.max_diff_ratio;
  }
  if (pixelGates.length > 0) pixels.gate = { text: pixelGates.join(', '), holds: pixelsHold };
  rows.push(pixels);

  if (metrics.maxChannelDiff !== undefined) {
    rows.push({ label: 'max channel diff', value: `${metrics.maxChannelDiff} of 255` });
  }
  if (metrics.meanAbsError !== undefined) {
    const row: MetricRow = { label: 'mean abs error', value: `${metrics.meanAbsError.toFixed(2)} levels` };
    if (tolerance.max_mean_abs !== undefined) {
      row.gate = {
        text: `max_mean_abs ${tolerance.max_mean_abs}`,
        holds: metrics.meanAbsError <= tolerance.max_mean_abs,
      };
    }
    rows.push(row);
  }
  if (metrics.psnr !== undefined) {
    const row: MetricRow = {
      label: 'PSNR',
      value: metrics.psnr >= 100 ? '100 dB (identical)' : `${metrics.psnr.toFixed(2)} dB`,
    };
    if (tolerance.min_psnr !== undefined) {
      row.gate = { text: `min_psnr ${tolerance.min_psnr} dB`, holds: metrics.psnr >= tolerance.min_psnr };
    }
    rows.push(row);
  }
  if (metrics.ssim !== undefined) {
    const row: MetricRow = { label: 'SSIM', value: metrics.ssim.toFixed(5) };
    if (tolerance.min_ssim !== undefined) {
      row.gate = { text: `min_ssim ${tolerance.min_ssim}`, holds: metrics.ssim >= tolerance.min_ssim };
    }
    rows.push(row);
  }
  if (metrics.phashDistance !== undefined) {
    rows.push({ label: 'pHash distance', value: `${metrics.phashDistance} of 64 bits` });
  }
  if (metrics.ignoredPixels !== undefined) {
    rows.push({ label: 'ignored pixels', value: metrics.ignoredPixels.toLocaleString('en-US') });
  }
  return rows;
}

/** The gates of a tolerance in one phrase: "max_diff_ratio 0.100%, min_psnr 38 dB (threshold 0.1)". */
export function describeTolerance(tolerance: Tolerance): string {
  const gates: string[] = [];
  if (tolerance.max_diff_pixels !== undefined) gates.push(`max_diff_pixels ${tolerance.max_diff_pixels}`);
  if (tolerance.max_diff_ratio !== undefined) gates.push(`max_diff_ratio ${formatRatio(tolerance.max_diff_ratio)}`);
  if (tolerance.min_ssim !== undefined) gates.push(`min_ssim ${tolerance.min_ssim}`);
  if (tolerance.min_psnr !== undefined) gates.push(`min_psnr ${tolerance.min_psnr} dB`);
  if (tolerance.max_mean_abs !== undefined) gates.push(`max_mean_abs ${tolerance.max_mean_abs}`);
  const aa = tolerance.include_aa ? ', anti-aliased pixels counted' : '';
  return `${gates.join(', ') || 'no gate'} (threshold ${tolerance.threshold}${aa})`;
}
