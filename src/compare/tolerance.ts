/**
 * Tolerances, in one place: the defaults a suite's gates replace, and the named
 * tolerances seedsnap judges its own checks by (a sweep cell "close" to its
 * reference, an A/B pair "the same"). Every one of them is judged by judge.ts.
 */
import { TOLERANCE_GATES, type Tolerance, type TolerancePatch } from '../types/index.js';

/**
 * Tolerance when no layer sets a gate, calibrated on photographs and on the built-in model
 * (docs/findings.md, bench/findings.mjs, bench/calibrate.mjs and the README's "Tolerances and metrics"):
 * GPU-like jitter, ±1–2 levels of noise and a JPEG re-encode at quality 90–95 (4:2:0, as a serving
 * stack makes it) pass; a model revision, a small object, a colour cast of R +8/B −4, an exposure
 * change of −12 levels, a blur of σ 1.2, a 2-pixel shift (even of a smooth sky) and another seed
 * fail. No PSNR gate: a JPEG round trip of a detailed photograph scores below what a cast scores.
 */
export const DEFAULT_TOLERANCE: Readonly<Tolerance> = {
  name: 'default',
  threshold: 0.1,
  include_aa: false,
  max_diff_ratio: 0.0015,
  max_colour_shift: 2,
  max_local_colour_shift: 8,
  max_shift_px: 0,
  min_edge_ratio: 0.9,
};

/**
 * A sweep cell is "close" to its reference when at most 1% of pixels differ at pixelmatch threshold 0.1
 * and its PSNR is at least 32 dB: pixelmatch alone does not see residual noise spread over the whole
 * image (an unconverged cell), PSNR does.
 */
export const SWEEP_TOLERANCE: Readonly<Tolerance> = {
  name: 'sweep-close',
  threshold: 0.1,
  include_aa: false,
  max_diff_ratio: 0.01,
  min_psnr: 32,
};

/** Two runs' images are "the same" (`seedsnap compare`) when at most `maxDiffRatio` of their pixels differ. */
export function abTolerance(threshold: number, maxDiffRatio: number): Tolerance {
  return { name: 'ab-same', threshold, include_aa: false, max_diff_ratio: maxDiffRatio };
}

export function setsGate(patch: TolerancePatch): boolean {
  return TOLERANCE_GATES.some((gate) => patch[gate] !== undefined);
}

/**
 * The tolerance a patch asks for. The default gates apply only when the patch sets none: a gate the user
 * sets replaces all of them, it does not add to them, so `min_ssim: 0.9` alone means "SSIM decides", not
 * "SSIM and the default pixel ratio".
 */
export function resolveTolerance(patch: TolerancePatch): Tolerance {
  const ownGates = setsGate(patch);
  const tolerance: Tolerance = {
    ...(ownGates ? {} : { name: DEFAULT_TOLERANCE.name }),
    threshold: patch.threshold ?? DEFAULT_TOLERANCE.threshold,
    include_aa: patch.include_aa ?? DEFAULT_TOLERANCE.include_aa,
  };
  const gates = ownGates ? patch : DEFAULT_TOLERANCE;
  for (const gate of TOLERANCE_GATES) {
    const value = gates[gate];
    if (value !== undefined) tolerance[gate] = value;
  }
  return tolerance;
}

/** Layers (suite → model → case, or configured defaults → one call) merged key by key, later ones winning. */
export function mergePatches(layers: readonly TolerancePatch[]): TolerancePatch {
  const merged: TolerancePatch = {};
  for (const layer of layers) Object.assign(merged, layer);
  return merged;
}

/** Keyframe fidelity: the default highest mean difference between a keyframe's image and its frame, in levels. */
export const KEYFRAME_MAX_MEAN_ABS = 12;

/**
 * The tolerance a keyframe's frame is judged by against its input image (fitted to the frame). Only the mean
 * difference gates it: a video model re-renders its keyframe, so pixel counts would fail a faithful clip.
 */
export function keyframeTolerance(patch: TolerancePatch): Tolerance {
  return {
    name: 'keyframe',
    threshold: patch.threshold ?? DEFAULT_TOLERANCE.threshold,
    include_aa: false,
    max_mean_abs: patch.keyframe_max_mean_abs ?? KEYFRAME_MAX_MEAN_ABS,
  };
}
