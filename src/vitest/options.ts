/**
 * Options of `toMatchImageBaseline`. They are written in camelCase, as Playwright (`maxDiffPixels`,
 * `maxDiffPixelRatio`, `threshold`) and jest-image-snapshot users write theirs; the suite's snake_case names
 * (`max_diff_ratio`…) are accepted too, so a tolerance can be copied from a suite. Options are checked where
 * they enter: an unknown name, two names for one gate, or a value out of range is an error, never ignored
 * (an ignored gate is a silently looser test).
 */

import { ToleranceSchema } from '../suite/schema.js';
import { suggest } from '../suite/suggest.js';
import { SeedsnapError } from '../types/errors.js';
import type { TolerancePatch } from '../types/index.js';

export interface ImageBaselineOptions {
  /** Baseline name; default: the test's full name (and -2, -3… for further calls in one test). */
  name?: string;
  /** Folder for baselines; default: `__image_baselines__` beside the test file. */
  dir?: string;
  /** pixelmatch colour threshold, 0..1; smaller is more sensitive (default 0.1). */
  threshold?: number;
  /** Count anti-aliased pixels as differences too (default false). */
  includeAA?: boolean;
  /** Differing pixels allowed. */
  maxDiffPixels?: number;
  /** Share of pixels allowed to differ, 0..1. */
  maxDiffRatio?: number;
  /** Playwright's name for `maxDiffRatio`. */
  maxDiffPixelRatio?: number;
  /** Lowest SSIM of the luminance allowed, -1..1. */
  minSsim?: number;
  /** Lowest PSNR allowed, in dB (identical images score 100). */
  minPsnr?: number;
  /** Highest mean absolute difference allowed, in 8-bit levels per channel. */
  maxMeanAbs?: number;
  /** The suite's name for `includeAA`. */
  include_aa?: boolean;
  /** The suite's name for `maxDiffPixels`. */
  max_diff_pixels?: number;
  /** The suite's name for `maxDiffRatio`. */
  max_diff_ratio?: number;
  /** The suite's name for `minSsim`. */
  min_ssim?: number;
  /** The suite's name for `minPsnr`. */
  min_psnr?: number;
  /** The suite's name for `maxMeanAbs`. */
  max_mean_abs?: number;
  /** Largest move of the mean of R, G or B allowed, in levels (a colour cast or an exposure change). */
  maxColourShift?: number;
  /** Largest move of a 16×16 block's mean colour beyond the picture's own, in levels (a changed object). */
  maxLocalColourShift?: number;
  /** Largest translation of the whole picture allowed, in pixels along either axis. */
  maxShiftPx?: number;
  /** Lowest edge energy allowed, as a share of the baseline's (a blur lowers it). */
  minEdgeRatio?: number;
  /** Highest GMSD (structure) allowed. */
  maxGmsd?: number;
  /** The suite's name for `maxColourShift`. */
  max_colour_shift?: number;
  /** The suite's name for `maxLocalColourShift`. */
  max_local_colour_shift?: number;
  /** The suite's name for `maxShiftPx`. */
  max_shift_px?: number;
  /** The suite's name for `minEdgeRatio`. */
  min_edge_ratio?: number;
  /** The suite's name for `maxGmsd`. */
  max_gmsd?: number;
}

type Gate = keyof TolerancePatch;

/** Every accepted option name → the tolerance key it sets. */
const GATES: Record<string, Gate> = {
  threshold: 'threshold',
  includeAA: 'include_aa',
  include_aa: 'include_aa',
  maxDiffPixels: 'max_diff_pixels',
  max_diff_pixels: 'max_diff_pixels',
  maxDiffRatio: 'max_diff_ratio',
  maxDiffPixelRatio: 'max_diff_ratio',
  max_diff_ratio: 'max_diff_ratio',
  minSsim: 'min_ssim',
  min_ssim: 'min_ssim',
  minPsnr: 'min_psnr',
  min_psnr: 'min_psnr',
  maxMeanAbs: 'max_mean_abs',
  max_mean_abs: 'max_mean_abs',
  maxColourShift: 'max_colour_shift',
  max_colour_shift: 'max_colour_shift',
  maxLocalColourShift: 'max_local_colour_shift',
  max_local_colour_shift: 'max_local_colour_shift',
  maxShiftPx: 'max_shift_px',
  max_shift_px: 'max_shift_px',
  minEdgeRatio: 'min_edge_ratio',
  min_edge_ratio: 'min_edge_ratio',
  maxGmsd: 'max_gmsd',
  max_gmsd: 'max_gmsd',
};

/** Names people bring from jest-image-snapshot, with what to write instead. */
const FOREIGN: Record<string, string> = {
  failureThreshold: 'use maxDiffRatio (a share of pixels, 0..1) or maxDiffPixels (a count)',
  failureThresholdType: 'use maxDiffRatio or maxDiffPixels instead of a threshold type',
  customSnapshotIdentifier: 'use name',
  customSnapshotsDir: 'use dir',
  customDiffConfig: 'use threshold and includeAA',
};

const CAMEL = Object.keys(GATES).filter((k) => !k.includes('_'));
const KNOWN = ['name', 'dir', ...Object.keys(GATES)];

function optionError(message: string): SeedsnapError {
  return new SeedsnapError('MATCHER_OPTIONS', `toMatchImageBaseline: ${message}`);
}

function unknownOption(key: string): SeedsnapError {
  const foreign = FOREIGN[key];
  if (foreign) return optionError(`there is no option "${key}" here: ${foreign}`);
  const close = suggest(key, KNOWN);
  return optionError(
    `unknown option "${key}"${close ? ` (did you mean ${close}?)` : ''}; the options are name, dir, ${CAMEL.join(', ')}`,
  );
}

interface Parsed {
  patch: TolerancePatch;
  /** Which name the user wrote for each gate, to quote it back in errors. */
  written: Map<Gate, string>;
  name?: string;
  dir?: string;
}

function parse(options: unknown): Parsed {
  if (options === undefined) return { patch: {}, written: new Map() };
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw optionError(`options must be an object like { maxDiffRatio: 0.01 }, got ${JSON.stringify(options)}`);
  }
  const parsed: Parsed = { patch: {}, written: new Map() };
  const patch = parsed.patch as Record<Gate, unknown>;
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (key === 'name' || key === 'dir') {
      if (typeof value !== 'string' || value === '') throw optionError(`${key} must be a non-empty string`);
      parsed[key] = value;
      continue;
    }
    const gate = GATES[key];
    if (!gate) throw unknownOption(key);
    const before = parsed.written.get(gate);
    if (before !== undefined && patch[gate] !== value) {
      throw optionError(`${before} and ${key} set the same gate to different values; keep one of them`);
    }
    patch[gate] = value;
    parsed.written.set(gate, key);
  }
  const checked = ToleranceSchema.safeParse(parsed.patch);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const gate = issue?.path[0] as Gate | undefined;
    const key = (gate && parsed.written.get(gate)) ?? String(gate);
    const got = gate === undefined ? '' : `, got ${JSON.stringify(patch[gate])}`;
    throw optionError(`${key}: ${issue?.message ?? 'invalid value'}${got}`);
  }
  return parsed;
}

/** The tolerance the options ask for, in the suite's terms. Throws a MATCHER_OPTIONS error for bad options. */
export function toTolerancePatch(options: ImageBaselineOptions | undefined): TolerancePatch {
  return parse(options).patch;
}

/**
 * Layers of options (configured defaults, then one call's options), later layers winning gate by gate:
 * `{ maxDiffRatio }` as a default and `{ max_diff_ratio }` in a call are the same gate, not a conflict.
 */
export function mergeOptions(...layers: (ImageBaselineOptions | undefined)[]): ImageBaselineOptions {
  const merged: ImageBaselineOptions = {};
  for (const layer of layers) {
    const { patch, name, dir } = parse(layer);
    Object.assign(merged, patch);
    if (name !== undefined) merged.name = name;
    if (dir !== undefined) merged.dir = dir;
  }
  return merged;
}
