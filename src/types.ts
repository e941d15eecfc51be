/**
 * Types that cross stages. Each stage keeps its private types to itself; what
 * one stage hands to the next is declared here, once.
 */
import type { SourceLocation } from './errors.js';

// ---------------------------------------------------------------- requests

export interface ImageLora {
  path: string;
  scale: number;
}

/** Request parameters, named as Together's image API documents them. */
export interface RequestParams {
  prompt?: string;
  negative_prompt?: string;
  width?: number;
  height?: number;
  aspect_ratio?: string;
  steps?: number;
  guidance_scale?: number;
  n?: number;
  response_format?: 'base64' | 'url';
  output_format?: ImageFormat;
  disable_safety_checker?: boolean;
  image_url?: string;
  reference_images?: string[];
  image_loras?: ImageLora[];
  /** Provider-specific fields sent as they are; nothing else beyond the documented ones is sent. */
  extra?: Record<string, unknown>;
}

export type RequestParamName = keyof RequestParams;

/** One fully resolved request: everything that is sent for one case. */
export interface ImageRequest extends RequestParams {
  model: string;
  prompt: string;
  seed: number;
}

export type ImageFormat = 'png' | 'jpeg';

// ---------------------------------------------------------------- models

/**
 * What a model accepts. The built-in models and real ones (FLUX on Together…)
 * are described in this same shape, and suite validation reads it before any
 * request is sent.
 */
export interface ModelCapabilities {
  id: string;
  /** How the output size is chosen: `width`/`height`, or `aspect_ratio`. */
  sizeMode: 'width_height' | 'aspect_ratio';
  /** Accepted ratios when sized by aspect ratio. */
  aspectRatios?: readonly string[];
  steps: { min: number; max: number; default: number };
  /** Absent when the model takes no guidance. */
  guidance?: { min: number; max: number; default: number };
  /** Largest `n`. */
  maxImages: number;
  /** Every request parameter the model accepts (prompt and the size fields included). */
  params: readonly RequestParamName[];
  /** `always`: the safety checker cannot be disabled (like FLUX.1 Schnell Free). */
  safetyChecker: 'optional' | 'always' | 'none';
  /** Output format when the request names none. */
  defaultOutputFormat: ImageFormat;
}

// ---------------------------------------------------------------- providers

export interface ProviderConfig {
  /** Registry name: `local`, `together`, `openai`, `a1111`, or one a user registered. */
  name: string;
  /** Everything else the suite set under `provider:`. */
  options: Record<string, unknown>;
}

export interface GenerateContext {
  signal: AbortSignal;
  /** 1 for the first try; the runner counts retries. */
  attempt: number;
}

export interface GeneratedImage {
  bytes: Uint8Array;
  format: ImageFormat;
}

export interface Generation {
  images: GeneratedImage[];
  /** Which revision answered, when the provider tells (information only, never part of a key). */
  modelRevision?: string;
}

/** One image API behind one interface. Providers throw `ProviderError` for anything the API refused. */
export interface ImageProvider {
  readonly name: string;
  /** Capabilities of a model, or undefined when the provider does not know it. */
  capabilities(model: string): ModelCapabilities | undefined;
  /** Models the provider knows, for "did you mean" hints. */
  knownModels(): readonly string[];
  /** Whether a model the provider does not know may still run (with a warning). */
  readonly allowsUnknownModels: boolean;
  generate(request: ImageRequest, context: GenerateContext): Promise<Generation>;
  close?(): Promise<void>;
}

export interface ModelDescription {
  /** Undefined when the provider does not know the model. */
  capabilities?: ModelCapabilities;
  knownModels: readonly string[];
  allowsUnknownModels: boolean;
}

/** What suite validation needs to know of providers, without creating one (no credentials needed). */
export interface ModelCatalog {
  providerNames(): readonly string[];
  describe(provider: ProviderConfig, model: string): ModelDescription;
}

// ---------------------------------------------------------------- cases

export interface Tolerance {
  /** pixelmatch colour threshold, 0..1; smaller is more sensitive. */
  threshold: number;
  /** Count anti-aliased pixels as differences too. */
  include_aa: boolean;
  max_diff_pixels?: number;
  max_diff_ratio?: number;
}

export type SweepValue = string | number | boolean;

/** One case: suite case × model × seed × sweep cell, fully resolved. */
export interface CaseSpec {
  /** Stable, readable id, e.g. `quickstart/lighthouse/sim-dev/steps=4,guidance_scale=3.5/seed=42`. */
  id: string;
  suite: string;
  suiteFile: string;
  caseId: string;
  model: string;
  modelLabel: string;
  seed: number;
  /** The sweep cell, in the order the suite declares the sweep's parameters. */
  sweep?: Record<string, SweepValue>;
  request: ImageRequest;
  /** Hash of the request as the suite asks for it (see `requestFingerprint`). */
  fingerprint: string;
  provider: ProviderConfig;
  tolerance: Tolerance;
  expect: 'image' | 'blocked';
  location?: SourceLocation;
}

// ---------------------------------------------------------------- results

export const VERDICTS = ['error', 'fail', 'stale', 'flaky', 'new', 'blocked', 'pass'] as const;
/** Ordered worst first: a case with several images takes its worst image's verdict. */
export type Verdict = (typeof VERDICTS)[number];

export interface CompareMetrics {
  diffPixels: number;
  diffRatio: number;
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
  format?: ImageFormat;
  metrics?: CompareMetrics;
  /** For `stale`: what the suite asks now versus what the baseline was made from. */
  changes?: ParamChange[];
  /** The baseline was written by this run (`new` written locally, or `--update`). */
  updated?: boolean;
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
  /** A reviewer's decision (`seedsnap review`, `seedsnap approve`); it never changes the verdict. */
  review?: CaseReview;
}

export interface CaseReview {
  decision: 'approved' | 'rejected';
  /** ISO time of the decision. */
  at: string;
  note?: string;
}

export type VerdictCounts = Record<Verdict, number>;

export interface RunSummary {
  total: number;
  images: number;
  failing: number;
  updated: number;
  byVerdict: VerdictCounts;
}

export interface RunOptionsRecord {
  ci: boolean;
  update: UpdateMode;
  concurrency?: number;
  grep?: string;
  models?: string[];
}

export type UpdateMode = 'none' | 'all' | 'failed' | 'new';

export interface SuiteRecord {
  name: string;
  file: string;
  provider: string;
  models: string[];
  cases: number;
}

export const RESULTS_SCHEMA_VERSION = 1;

/** results.json: the single source every report is drawn from. */
export interface RunResults {
  schemaVersion: number;
  tool: { name: 'seedsnap'; version: string };
  runId: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  status: 'complete' | 'interrupted';
  options: RunOptionsRecord;
  suites: SuiteRecord[];
  summary: RunSummary;
  cases: CaseResult[];
  /** One entry per swept case × model × seed, with each cell's difference from its reference cell. */
  sweeps?: SweepResult[];
}

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
  /** Within the sweep tolerance of its reference. */
  close?: boolean;
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
  /** How close a cell must be to its reference to count as converged. */
  tolerance: { threshold: number; max_diff_ratio: number };
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

/** Hooks a run calls as it goes (the terminal progress line is one). */
export interface RunListener {
  onRunStart?(plan: RunPlan): void;
  onCaseResult?(result: CaseResult, progress: RunProgress): void;
  onWarning?(message: string): void;
  onRunEnd?(results: RunResults): void;
}
