/**
 * Every metric of a comparison as text rows, each beside the gates recorded for it. Nothing is judged here:
 * the gates and their outcomes come from the comparator's judge (results.json `gates`).
 */
import { formatRatio } from '../compare/judge.js';
import type { CompareMetrics, GateName, GateOutcome, Tolerance } from '../types/index.js';

export interface MetricRow {
  label: string;
  value: string;
  /** The gates on this metric, e.g. "min_psnr 38 dB", and whether they all hold. */
  gate?: { text: string; holds: boolean };
}

/** A gate and its limit as a user writes them: "max_diff_ratio 0.100%", "min_psnr 38 dB". */
export function gateText(name: GateName, limit: number): string {
  if (name === 'max_diff_ratio') return `${name} ${formatRatio(limit)}`;
  if (name === 'min_psnr') return `${name} ${limit} dB`;
  return `${name} ${limit}`;
}

function withGates(row: MetricRow, gates: readonly GateOutcome[], names: readonly GateName[]): MetricRow {
  const mine = gates.filter((g) => names.includes(g.name));
  if (mine.length === 0) return row;
  return {
    ...row,
    gate: { text: mine.map((g) => gateText(g.name, g.limit)).join(', '), holds: mine.every((g) => g.ok) },
  };
}

export function metricRows(metrics: CompareMetrics, gates: readonly GateOutcome[] = []): MetricRow[] {
  const rows: MetricRow[] = [];
  const pixels = `${metrics.diffPixels.toLocaleString('en-US')} (${formatRatio(metrics.diffRatio)})`;
  rows.push(withGates({ label: 'differing pixels', value: pixels }, gates, ['max_diff_pixels', 'max_diff_ratio']));
  if (metrics.maxChannelDiff !== undefined) {
    rows.push({ label: 'max channel diff', value: `${metrics.maxChannelDiff} of 255` });
  }
  if (metrics.meanAbsError !== undefined) {
    const value = `${metrics.meanAbsError.toFixed(2)} levels`;
    rows.push(withGates({ label: 'mean abs error', value }, gates, ['max_mean_abs']));
  }
  if (metrics.psnr !== undefined) {
    const value = metrics.psnr >= 100 ? '100 dB (identical)' : `${metrics.psnr.toFixed(2)} dB`;
    rows.push(withGates({ label: 'PSNR', value }, gates, ['min_psnr']));
  }
  if (metrics.ssim !== undefined) {
    rows.push(withGates({ label: 'SSIM', value: metrics.ssim.toFixed(5) }, gates, ['min_ssim']));
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
  if (tolerance.max_diff_pixels !== undefined) gates.push(gateText('max_diff_pixels', tolerance.max_diff_pixels));
  if (tolerance.max_diff_ratio !== undefined) gates.push(gateText('max_diff_ratio', tolerance.max_diff_ratio));
  if (tolerance.min_ssim !== undefined) gates.push(gateText('min_ssim', tolerance.min_ssim));
  if (tolerance.min_psnr !== undefined) gates.push(gateText('min_psnr', tolerance.min_psnr));
  if (tolerance.max_mean_abs !== undefined) gates.push(gateText('max_mean_abs', tolerance.max_mean_abs));
  const aa = tolerance.include_aa ? ', anti-aliased pixels counted' : '';
  return `${gates.join(', ') || 'no gate'} (threshold ${tolerance.threshold}${aa})`;
}
