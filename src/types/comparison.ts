/**
 * comparison.json: an A/B comparison of two finished runs (`seedsnap compare`).
 * Cases are paired by prompt, seed and parameters — not by model, since
 * comparing two models or revisions is the point. Like results.json for a run,
 * it is the single source its HTML and Markdown are drawn from.
 */
import type { Change } from './findings.js';
import type { ImageRequest, SweepValue, Tolerance } from './model.js';
import type { CompareMetrics, GateOutcome, Verdict } from './results.js';

export const COMPARISON_FILE = 'comparison.json';
/** Version 2 records the tolerance pairs are judged by and each image's gates. */
export const COMPARISON_SCHEMA_VERSION = 2;

/** Worst first, as the report lists them. */
export const PAIR_STATUSES = ['changed', 'error', 'only-a', 'only-b', 'same'] as const;
export type PairStatus = (typeof PAIR_STATUSES)[number];

export interface ComparedRun {
  runId: string;
  /** The run folder as it was given. */
  dir: string;
  startedAt: string;
  suites: string[];
  models: string[];
  /** Model revisions the provider reported, when it did. */
  revisions: string[];
}

export interface PairSide {
  id: string;
  model: string;
  modelLabel: string;
  verdict: Verdict;
  durationMs: number;
  generateMs?: number;
  attempts: number;
  modelRevision?: string;
  reason?: string;
}

export interface PairImage {
  index: number;
  /** Copies of the two runs' actual images, relative to the comparison folder. */
  a?: string;
  b?: string;
  diff?: string;
  width?: number;
  height?: number;
  metrics?: CompareMetrics;
  /** The gates of the comparison's tolerance, judged for this image. */
  gates?: GateOutcome[];
  /** For a pair that is not the same: what changed from A to B, principal finding first (docs/findings.md). */
  findings?: Change[];
  reason?: string;
}

export interface CasePair {
  /** The case id when both sides share it, else `A id ⇄ B id`; unique in the comparison. */
  id: string;
  suite: string;
  case: string;
  seed: number;
  sweep?: Record<string, SweepValue>;
  /** For a sweep cell: the id its sweep grid is drawn under (`suite/case/model/seed=N`). */
  sweepId?: string;
  /** B's request (A's when B has none); the two differ at most in `model`. */
  request: ImageRequest;
  status: PairStatus;
  a?: PairSide;
  b?: PairSide;
  images: PairImage[];
  /** The largest share of differing pixels among the images. */
  diffRatio: number;
  reason?: string;
}

export interface RunComparison {
  schemaVersion: number;
  kind: 'comparison';
  tool: { name: 'seedsnap'; version: string };
  createdAt: string;
  a: ComparedRun;
  b: ComparedRun;
  /** pixelmatch threshold, and the share of pixels that may differ for a pair to count as the same. */
  options: { threshold: number; max_diff_ratio: number };
  /** The named tolerance `ab-same` those options make: a pair is the same when every gate holds. */
  tolerance: Tolerance;
  summary: { total: number; byStatus: Record<PairStatus, number> };
  pairs: CasePair[];
}
