/**
 * The one judge: metrics and a tolerance in, the verdict out, with every gate's
 * outcome (what results.json records and every view shows) and the reason in
 * words with the figures. Run, --repeat, sweeps, A/B, `seedsnap diff`, the
 * vitest matcher and calibration are all judged here.
 */
import {
  type CompareMetrics,
  type GateName,
  type GateOutcome,
  TOLERANCE_GATES,
  type Tolerance,
} from '../types/index.js';
import { countedShift, largestChannelShift } from './findings/gates.js';

export interface Judgement {
  match: boolean;
  gates: GateOutcome[];
  /** Why it does not match, in one line with the figures. */
  reason?: string;
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

/** Each gate: the metric it reads, whether it is a ceiling or a floor, and how a failure reads. */
const GATES: Record<
  GateName,
  {
    value: (m: CompareMetrics) => number | undefined;
    max: boolean;
    says: (value: number, limit: number, m: CompareMetrics) => string;
  }
> = {
  max_diff_pixels: {
    value: (m) => m.diffPixels,
    max: true,
    says: (value, limit) => `${value} pixels differ, more than max_diff_pixels ${limit}`,
  },
  max_diff_ratio: {
    value: (m) => m.diffRatio,
    max: true,
    says: (value, limit, m) =>
      `${m.diffPixels} pixels differ (${formatRatio(value)}), more than max_diff_ratio ${formatRatio(limit)}`,
  },
  min_ssim: {
    value: (m) => m.ssim,
    max: false,
    says: (value, limit) => `SSIM ${formatAgainst(value, limit, 4)}, below min_ssim ${limit}`,
  },
  min_psnr: {
    value: (m) => m.psnr,
    max: false,
    says: (value, limit) => `PSNR ${formatAgainst(value, limit, 2)} dB, below min_psnr ${limit} dB`,
  },
  max_mean_abs: {
    value: (m) => m.meanAbsError,
    max: true,
    says: (value, limit) => `mean absolute error ${formatAgainst(value, limit, 2)} levels, above max_mean_abs ${limit}`,
  },
  // The findings' figures (docs/findings.md), in the same terms as the findings.
  max_colour_shift: {
    value: (m) => (m.channelShift ? Math.abs(largestChannelShift(m.channelShift).levels) : undefined),
    max: true,
    says: (_value, limit, m) => {
      const { channel, levels } = largestChannelShift(m.channelShift ?? { r: 0, g: 0, b: 0 });
      const sign = levels < 0 ? '−' : '+';
      return `mean ${CHANNEL_NAMES[channel]} moved ${sign}${Math.abs(levels).toFixed(2)} levels, more than max_colour_shift ${limit}`;
    },
  },
  max_local_colour_shift: {
    value: (m) => m.localColourShift,
    max: true,
    says: (value, limit, m) => {
      const where = m.regions?.[0];
      const at = where ? ` (the largest changed region: ${where.width}×${where.height} at ${where.x}, ${where.y})` : '';
      return `a block's mean colour moved ${value.toFixed(1)} levels beyond the picture's, more than max_local_colour_shift ${limit}${at}`;
    },
  },
  max_shift_px: {
    value: (m) => (m.shift ? countedShift(m.shift) : undefined),
    max: true,
    says: (_value, limit, m) =>
      `the picture moved by (${m.shift?.dx}, ${m.shift?.dy}) px, more than max_shift_px ${limit}`,
  },
  min_edge_ratio: {
    value: (m) => m.edgeRatio,
    max: false,
    says: (value, limit) =>
      `edge energy ${formatAgainst(value, limit, 3)} of the baseline, below min_edge_ratio ${limit}`,
  },
  max_gmsd: {
    value: (m) => m.gmsd,
    max: true,
    says: (value, limit) => `GMSD ${formatAgainst(value, limit, 4)}, above max_gmsd ${limit}`,
  },
};

const CHANNEL_NAMES = { r: 'red', g: 'green', b: 'blue' } as const;

/**
 * Judge `metrics` under `tolerance`: every gate that is set must hold. `mismatch` says why the images could
 * not be compared pixel by pixel (their sizes differ): then nothing matches, the gates whose metric is
 * missing record `value: null`, and the mismatch is the reason.
 */
export function judge(metrics: CompareMetrics, tolerance: Tolerance, mismatch?: string): Judgement {
  const gates: GateOutcome[] = [];
  const failures: string[] = [];
  for (const name of TOLERANCE_GATES) {
    const limit = tolerance[name];
    if (limit === undefined) continue;
    const gate = GATES[name];
    const value = gate.value(metrics);
    const ok = value !== undefined && (gate.max ? value <= limit : value >= limit);
    gates.push({ name, limit, value: value ?? null, ok });
    if (!ok && value !== undefined) failures.push(gate.says(value, limit, metrics));
  }
  const match = mismatch === undefined && gates.every((g) => g.ok);
  const reason = mismatch ?? (failures.length > 0 ? failures.join('; ') : undefined);
  return { match, gates, ...(match || reason === undefined ? {} : { reason }) };
}
