/**
 * Every metric of a comparison as text rows, each beside the gates recorded for it. Nothing is judged here:
 * the gates and their outcomes come from the comparator's judge (results.json `gates`).
 */
import { countedShift } from '../compare/findings/gates.js';
import { formatRatio } from '../compare/judge.js';
import {
  type CompareMetrics,
  type GateName,
  type GateOutcome,
  TOLERANCE_GATES,
  type Tolerance,
} from '../types/index.js';
import { thousands } from '../util/thousands.js';

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
  const pixels = `${thousands(metrics.diffPixels)} (${formatRatio(metrics.diffRatio)})`;
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
  rows.push(...figureRows(metrics, gates));
  if (metrics.ignoredPixels !== undefined) {
    rows.push({ label: 'ignored pixels', value: thousands(metrics.ignoredPixels) });
  }
  return rows;
}

/** The findings' figures (docs/findings.md), each beside the gate that reads it. */
function figureRows(m: CompareMetrics, gates: readonly GateOutcome[]): MetricRow[] {
  const rows: MetricRow[] = [];
  if (m.channelShift) {
    const { r, g, b } = m.channelShift;
    const value = `R ${signed(r)}, G ${signed(g)}, B ${signed(b)}`;
    rows.push(withGates({ label: 'channel shift', value }, gates, ['max_colour_shift']));
  }
  if (m.localColourShift !== undefined) {
    const value = `${m.localColourShift.toFixed(1)} levels`;
    rows.push(withGates({ label: 'local colour shift', value }, gates, ['max_local_colour_shift']));
  }
  if (m.edgeRatio !== undefined) {
    rows.push(withGates({ label: 'edge ratio', value: m.edgeRatio.toFixed(3) }, gates, ['min_edge_ratio']));
  }
  if (m.gmsd !== undefined) rows.push(withGates({ label: 'GMSD', value: m.gmsd.toFixed(4) }, gates, ['max_gmsd']));
  if (m.shift) {
    const { dx, dy, gain } = m.shift;
    // A translation that aligning by does not help is no shift: the estimate is shown only when it counts.
    const value = countedShift(m.shift) > 0 ? `dx ${dx}, dy ${dy} px (gain ${gain.toFixed(2)})` : 'none';
    rows.push(withGates({ label: 'shift', value }, gates, ['max_shift_px']));
  }
  if (m.regions && m.regionCount !== undefined) {
    const largest = m.regions[0];
    const value = largest
      ? `${m.regionCount}, the largest ${largest.width}×${largest.height} at (${largest.x}, ${largest.y})`
      : 'none';
    rows.push({ label: 'changed regions', value });
  }
  return rows;
}

/** "+0.12", "−3.50": levels with a true minus sign, as in the findings. */
function signed(v: number): string {
  const text = Math.abs(v).toFixed(2);
  return v < 0 ? `−${text}` : `+${text}`;
}

/** The gates of a tolerance in one phrase: "max_diff_ratio 0.150%, max_colour_shift 2 (threshold 0.1)". */
export function describeTolerance(tolerance: Tolerance): string {
  const gates: string[] = [];
  for (const name of TOLERANCE_GATES) {
    const limit = tolerance[name];
    if (limit !== undefined) gates.push(gateText(name, limit));
  }
  const aa = tolerance.include_aa ? ', anti-aliased pixels counted' : '';
  return `${gates.join(', ') || 'no gate'} (threshold ${tolerance.threshold}${aa})`;
}
