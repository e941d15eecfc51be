/**
 * Types of results: verdicts, metrics, case and run results (the shape of
 * results.json), and the events a run emits.
 */
import type { Change, FindingFigures } from './findings.js';
import type { GateName, ImageRequest, MediaFormat, SweepValue, Tolerance } from './model.js';
import type { RECORDED_SETTINGS, RunSettings } from './run-settings.js';
import type { VideoFormat } from './video.js';

// ---------------------------------------------------------------- results

export const VERDICTS = ['error', 'fail', 'stale', 'flaky', 'new', 'blocked', 'pass'] as const;
/** Ordered worst first: a case with several images takes its worst image's verdict. */
export type Verdict = (typeof VERDICTS)[number];

/**
 * What a comparison measured, recorded for passing and failing images alike.
 * Every figure leaves out ignored pixels. When the sizes differ only
 * `diffPixels`, `diffRatio` and `phashDistance` are present (nothing else
 * compares across sizes); results from before these metrics hold only the first two.
 * The figures that say how an image changed (channel shift, edge ratio, GMSD, translation, changed
 * regions: docs/findings.md) are here too, for every image compared pixel by pixel; results from
 * before them lack them.
 */
export interface CompareMetrics extends Partial<FindingFigures> {
  /** Pixels pixelmatch counts as different (colour threshold, anti-aliasing rule). */
  diffPixels: number;
  /** diffPixels ÷ compared pixels. */
  diffRatio: number;
  /** Largest difference of any R, G or B value, 0..255. */
  maxChannelDiff?: number;
  /** Mean absolute difference per R, G, B value, in 8-bit levels (0..255). */
  meanAbsError?: number;
  /** Peak signal-to-noise ratio over R, G, B in dB, capped at 100 (JSON has no Infinity): 100 = identical, or nearly. */
  psnr?: number;
  /** Mean structural similarity of the luminance, 8×8 windows at a stride of 4; 1 = identical. */
  ssim?: number;
  /** Hamming distance of the two 64-bit perceptual hashes (DCT pHash), 0..64. */
  phashDistance?: number;
  /** Pixels left out by ignore regions; absent when none. */
  ignoredPixels?: number;
}

/** One gate of a tolerance, judged: what it allows, what was measured (null when it could not be), whether it holds. */
export interface GateOutcome {
  name: GateName;
  limit: number;
  value: number | null;
  ok: boolean;
}

/** One compared frame of a video clip. */
export interface VideoFrameResult {
  index: number;
  /** Seconds from the start. */
  time: number;
  verdict: 'pass' | 'fail';
  metrics: CompareMetrics;
  gates: GateOutcome[];
  /** The frame's diff image, relative to the run folder (failing frames, up to a limit). */
  diff?: string;
  /** What changed in a failing frame, principal first (docs/findings.md). */
  findings?: Change[];
}

/** A keyframe's input image against the frame it was placed at (keyframe fidelity). */
export interface KeyframeFidelity {
  /** Index into frame_images. */
  source: number;
  /** The frame it was placed at. */
  index: number;
  verdict: 'pass' | 'fail';
  metrics: CompareMetrics;
  tolerance: Tolerance;
  gates: GateOutcome[];
}

export interface ClipShape {
  width: number;
  height: number;
  fps: number;
  frameCount: number;
  duration?: number;
}

/** A video clip judged frame by frame (see docs/video.md). */
export interface VideoImageResult extends ClipShape {
  format: VideoFormat;
  /** The baseline clip's shape, when there is one. */
  expected?: ClipShape;
  /** How the two clips' shapes differ (`fps 8 → 12`); any is a fail. */
  mismatches: string[];
  frames: VideoFrameResult[];
  /** Set when not every frame was compared: which ones were. */
  sampling?: string;
  worst?: { index: number; time: number };
  keyframes: KeyframeFidelity[];
}

export interface ParamChange {
  param: string;
  baseline: unknown;
  current: unknown;
}

export interface ImageResult {
  index: number;
  verdict: Verdict;
  reason?: string;
  /** Paths relative to the run folder. */
  actual?: string;
  expected?: string;
  diff?: string;
  sha256?: string;
  width?: number;
  height?: number;
  format?: MediaFormat;
  metrics?: CompareMetrics;
  /** The tolerance the image was judged by (absent when it was not compared, and in results before version 2). */
  tolerance?: Tolerance;
  /** Every gate of that tolerance with its outcome: what every view shows, never judged again. */
  gates?: GateOutcome[];
  /** For `stale`: what the suite asks now versus what the baseline was made from. */
  changes?: ParamChange[];
  /**
   * For `fail` (compared pixel by pixel): what changed, principal finding first (docs/findings.md).
   * Named `findings` here because `changes` already says what a stale case's request changed.
   */
  findings?: Change[];
  /** The baseline was written by this run (`new` written locally, or `--update`). */
  updated?: boolean;
  /**
   * A video clip compared frame by frame: every compared frame with its figures and verdict, the worst one,
   * the keyframe fidelity figures. `metrics`, `gates` and `diff` above are the worst frame's.
   */
  video?: VideoImageResult;
}

/** How k repeated generations of one case differ among themselves (`--repeat k`). */
export interface RepeatSpread {
  count: number;
  /** Distinct outputs by bytes; 1 means every repetition was byte-identical. */
  distinct: number;
  maxDiffPixels: number;
  maxDiffRatio: number;
  /** Every repetition within the case's tolerance of the first. */
  stable: boolean;
}

export interface CaseResult {
  id: string;
  suite: string;
  case: string;
  model: string;
  modelLabel: string;
  seed: number;
  sweep?: Record<string, SweepValue>;
  provider: string;
  request: ImageRequest;
  fingerprint: string;
  expect: 'image' | 'blocked';
  verdict: Verdict;
  /** Counts toward the exit code (depends on `--ci`, `expect`, updates). */
  failing: boolean;
  reason?: string;
  images: ImageResult[];
  attempts: number;
  durationMs: number;
  generateMs?: number;
  modelRevision?: string;
  /** With --repeat k: the spread of the k outputs. */
  repeat?: RepeatSpread;
  /** Named baseline variant the images were compared with. */
  baselineVariant?: string;
  /** A reviewer's decision (`seedsnap review`, `seedsnap approve`); it never changes the verdict. */
  review?: CaseReview;
  /**
   * Set when the case did not end on its own merits but because the run was stopped: the API refused the
   * credentials, or the machine could not write or record it (a full disk). `--resume` generates such cases
   * again; cases without it (the provider's answer, a comparison) are kept as they are.
   */
  stopped?: 'credentials' | 'disk';
  /** Where the suite declares the case (file relative to the working folder), for CI annotations. */
  location?: CaseLocation;
}

export interface CaseLocation {
  file: string;
  line: number;
  col: number;
}

export interface CaseReview {
  decision: 'approved' | 'rejected';
  /** ISO time of the decision. */
  at: string;
  note?: string;
}

export type VerdictCounts = Record<Verdict, number>;

export interface RunSummary {
  /** Cases that ran (the ones in `cases`); those that did not run are counted in `notRun`. */
  total: number;
  images: number;
  failing: number;
  updated: number;
  byVerdict: VerdictCounts;
  /** Cases selected but never started (see RunResults.notRun); absent when every case ran. */
  notRun?: number;
}

/**
 * A case that was selected but never started, because `--max-failures` was reached first (Playwright's
 * "did not run"). It has no verdict and sent no request; `seedsnap run --last-failed` runs it.
 */
export interface NotRunCase {
  id: string;
  suite: string;
  case: string;
  model: string;
  modelLabel: string;
  seed: number;
  sweep?: Record<string, SweepValue>;
  request: ImageRequest;
  /** Why it did not run, in words: "--max-failures 3 reached". */
  reason: string;
}

/**
 * results.json `options`: the settings that decide which cases ran and how they were judged (see RunSettings,
 * which the journal records whole).
 */
export type RunOptionsRecord = Pick<RunSettings, (typeof RECORDED_SETTINGS)[number]> &
  Pick<RunSettings, 'ci' | 'update'>;

export interface SuiteRecord {
  name: string;
  file: string;
  provider: string;
  models: string[];
  cases: number;
}

/**
 * Version 2 records, for every compared image, the tolerance that judged it and each gate's outcome.
 * Version 1 files are still read: their images have figures but no gates.
 */
export const RESULTS_SCHEMA_VERSION = 2;

/** results.json: the single source every report is drawn from. */
export interface RunResults {
  schemaVersion: number;
  tool: { name: 'seedsnap'; version: string };
  runId: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /**
   * `complete`: every selected case ran. `interrupted`: a signal stopped the run (finish it with --resume).
   * `stopped`: --max-failures was reached; the cases that did not start are in `notRun`.
   */
  status: 'complete' | 'interrupted' | 'stopped';
  options: RunOptionsRecord;
  suites: SuiteRecord[];
  summary: RunSummary;
  cases: CaseResult[];
  /** Selected cases that never started (status `stopped`); absent when every case ran. */
  notRun?: NotRunCase[];
  /** Run ids this run was merged from (`seedsnap merge`). */
  mergedFrom?: string[];
  /** Baselines of the suites run that no case produces any more (`seedsnap baselines prune`). */
  orphanBaselines?: number;
  /** One entry per swept case × model × seed, with each cell's difference from its reference cell. */
  sweeps?: SweepResult[];
}

/**
 * A run's results with its cases as something to go through in order rather than an array held whole: what
 * the reports and the terminal render from. A 10,000-case run reads its cases back from its journal one at a
 * time each time they are gone through, so no report holds every case; a RunResults (an array) is one too.
 */
export type RunResultsSource = Omit<RunResults, 'cases'> & { cases: Iterable<CaseResult> };

export interface SweepCell {
  /** The cell's case id. */
  id: string;
  values: Record<string, SweepValue>;
  verdict: Verdict;
  /** The cell's first actual image, relative to the run folder. */
  actual?: string;
  /** Relative cost of the request: steps × pixels × n. */
  cost: number;
  /** Case id of the cell this one is measured against (its own id when it is a reference). */
  reference?: string;
  /** Difference from the reference image. */
  metrics?: CompareMetrics;
  /** Diff image against the reference, relative to the run folder. */
  diff?: string;
  /** Within the sweep tolerance of its reference (every gate of `gates` holds). */
  close?: boolean;
  gates?: GateOutcome[];
  /** Why there are no figures. */
  reason?: string;
}

export interface SweepResult {
  /** `suite/case/model/seed=N`: the swept case without its cell. */
  id: string;
  suite: string;
  case: string;
  model: string;
  modelLabel: string;
  seed: number;
  /** Swept parameters in the suite's order, each with its values in the suite's order. */
  axes: { param: string; values: SweepValue[] }[];
  /** How close a cell must be to its reference to count as converged (the named tolerance `sweep-close`). */
  tolerance: Tolerance;
  cells: SweepCell[];
}

// ---------------------------------------------------------------- run events

export interface RunPlan {
  runId: string;
  runDir: string;
  total: number;
  suites: string[];
}

export interface RunProgress {
  done: number;
  total: number;
  failing: number;
}

/** A pause before a retry: a server's Retry-After (capped), or the backoff. */
export interface RunWait {
  /** The case that waits. */
  id: string;
  ms: number;
  /** The try that failed, 1 for the first. */
  attempt: number;
  /** Why it is retried: the failed try's error. */
  reason: string;
  /** What the server asked for, when it was more than the cap allows. */
  askedMs?: number;
}

/** Hooks a run calls as it goes (the terminal progress line is one). */
export interface RunListener {
  onRunStart?(plan: RunPlan): void;
  onCaseResult?(result: CaseResult, progress: RunProgress): void;
  onWait?(wait: RunWait): void;
  onWarning?(message: string): void;
  onRunEnd?(results: RunResults): void;
}
