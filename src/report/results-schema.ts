/**
 * results.json as a schema, checked whenever a file is read back (report, review, approve, merge, compare,
 * --last-failed, and each case line of a journal): a run folder can come from anywhere (a CI artifact, an
 * older seedsnap, a hand edit), and a view must never draw from a shape it does not know. Keys it does not
 * know are kept, so a newer file read by this version loses nothing when it is written back.
 */
import { z } from 'zod';
import type { CaseResult, NotRunCase, RunResults, SweepResult, Tolerance } from '../types/index.js';
import { TOLERANCE_GATES, VERDICTS } from '../types/index.js';

const count = z.number().int().min(0);
const verdict = z.enum(VERDICTS);
const sweepValue = z.union([z.string(), z.number(), z.boolean()]);
const sweep = z.record(z.string(), sweepValue);

const RequestSchema = z.looseObject({ model: z.string(), prompt: z.string(), seed: z.number() });

const RegionSchema = z.looseObject({
  x: z.number(),
  y: z.number(),
  width: z.number(),
  height: z.number(),
  pixels: z.number(),
});

const MetricsSchema = z.looseObject({
  diffPixels: z.number(),
  diffRatio: z.number(),
  maxChannelDiff: z.number().optional(),
  meanAbsError: z.number().optional(),
  psnr: z.number().optional(),
  ssim: z.number().optional(),
  phashDistance: z.number().optional(),
  ignoredPixels: z.number().optional(),
  channelShift: z.looseObject({ r: z.number(), g: z.number(), b: z.number() }).optional(),
  localColourShift: z.number().optional(),
  gmsd: z.number().optional(),
  edgeRatio: z.number().optional(),
  shift: z.looseObject({ dx: z.number(), dy: z.number(), gain: z.number() }).optional(),
  regions: z.array(RegionSchema).optional(),
  regionCount: z.number().optional(),
});

// A finding's figures depend on its kind (types/findings.ts); every finding has a kind and a sentence.
const finding = <K extends string, S extends z.ZodRawShape>(kind: K, shape: S) =>
  z.looseObject({ kind: z.literal(kind), summary: z.string(), ...shape });
const FindingSchema = z.discriminatedUnion('kind', [
  finding('content', { ssim: z.number(), phashDistance: z.number() }),
  finding('shift', { dx: z.number(), dy: z.number(), gain: z.number() }),
  finding('exposure', { levels: z.number() }),
  finding('colour', { r: z.number(), g: z.number(), b: z.number() }),
  finding('blur', { edgeRatio: z.number() }),
  finding('sharpen', { edgeRatio: z.number() }),
  finding('region', { x: z.number(), y: z.number(), width: z.number(), height: z.number(), pixels: z.number() }),
]);

export const ToleranceRecordSchema: z.ZodType<Tolerance> = z.looseObject({
  name: z.enum(['default', 'sweep-close', 'ab-same', 'keyframe']).optional(),
  threshold: z.number(),
  include_aa: z.boolean(),
  max_diff_pixels: z.number().optional(),
  max_diff_ratio: z.number().optional(),
  min_ssim: z.number().optional(),
  min_psnr: z.number().optional(),
  max_mean_abs: z.number().optional(),
  max_colour_shift: z.number().optional(),
  max_local_colour_shift: z.number().optional(),
  max_shift_px: z.number().optional(),
  min_edge_ratio: z.number().optional(),
  max_gmsd: z.number().optional(),
  keyframe_max_mean_abs: z.number().optional(),
});

const GateSchema = z.looseObject({
  name: z.enum(TOLERANCE_GATES),
  limit: z.number(),
  value: z.number().nullable(),
  ok: z.boolean(),
});

const ClipShapeSchema = {
  width: z.number(),
  height: z.number(),
  fps: z.number(),
  frameCount: count,
  duration: z.number().optional(),
};

/** A clip judged frame by frame (ImageResult.video). */
const VideoSchema = z.looseObject({
  ...ClipShapeSchema,
  format: z.enum(['mp4', 'webm']),
  expected: z.looseObject(ClipShapeSchema).optional(),
  mismatches: z.array(z.string()),
  frames: z.array(
    z.looseObject({
      index: count,
      time: z.number(),
      verdict: z.enum(['pass', 'fail']),
      metrics: MetricsSchema,
      gates: z.array(GateSchema),
      diff: z.string().optional(),
      findings: z.array(FindingSchema).optional(),
    }),
  ),
  sampling: z.string().optional(),
  worst: z.looseObject({ index: count, time: z.number() }).optional(),
  keyframes: z.array(
    z.looseObject({
      source: count,
      index: count,
      verdict: z.enum(['pass', 'fail']),
      metrics: MetricsSchema,
      tolerance: ToleranceRecordSchema,
      gates: z.array(GateSchema),
    }),
  ),
});

const ImageSchema = z.looseObject({
  index: count,
  verdict,
  reason: z.string().optional(),
  actual: z.string().optional(),
  expected: z.string().optional(),
  diff: z.string().optional(),
  sha256: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  format: z.enum(['png', 'jpeg', 'mp4', 'webm']).optional(),
  metrics: MetricsSchema.optional(),
  tolerance: ToleranceRecordSchema.optional(),
  gates: z.array(GateSchema).optional(),
  changes: z.array(z.looseObject({ param: z.string(), baseline: z.unknown(), current: z.unknown() })).optional(),
  findings: z.array(FindingSchema).optional(),
  updated: z.boolean().optional(),
  video: VideoSchema.optional(),
});

export const CaseResultSchema: z.ZodType<CaseResult> = z.looseObject({
  id: z.string(),
  suite: z.string(),
  case: z.string(),
  model: z.string(),
  modelLabel: z.string(),
  seed: z.number(),
  sweep: sweep.optional(),
  provider: z.string(),
  request: RequestSchema,
  fingerprint: z.string(),
  expect: z.enum(['image', 'blocked']),
  verdict,
  failing: z.boolean(),
  reason: z.string().optional(),
  images: z.array(ImageSchema),
  attempts: count,
  durationMs: z.number(),
  generateMs: z.number().optional(),
  modelRevision: z.string().optional(),
  repeat: z
    .looseObject({
      count: count,
      distinct: count,
      maxDiffPixels: z.number(),
      maxDiffRatio: z.number(),
      stable: z.boolean(),
    })
    .optional(),
  baselineVariant: z.string().optional(),
  review: z
    .looseObject({ decision: z.enum(['approved', 'rejected']), at: z.string(), note: z.string().optional() })
    .optional(),
  stopped: z.enum(['credentials', 'disk']).optional(),
  location: z.looseObject({ file: z.string(), line: z.number(), col: z.number() }).optional(),
});

const NotRunSchema: z.ZodType<NotRunCase> = z.looseObject({
  id: z.string(),
  suite: z.string(),
  case: z.string(),
  model: z.string(),
  modelLabel: z.string(),
  seed: z.number(),
  sweep: sweep.optional(),
  request: RequestSchema,
  reason: z.string(),
});

const SweepSchema: z.ZodType<SweepResult> = z.looseObject({
  id: z.string(),
  suite: z.string(),
  case: z.string(),
  model: z.string(),
  modelLabel: z.string(),
  seed: z.number(),
  axes: z.array(z.looseObject({ param: z.string(), values: z.array(sweepValue) })),
  tolerance: ToleranceRecordSchema,
  cells: z.array(
    z.looseObject({
      id: z.string(),
      values: sweep,
      verdict,
      actual: z.string().optional(),
      cost: z.number(),
      reference: z.string().optional(),
      metrics: MetricsSchema.optional(),
      diff: z.string().optional(),
      close: z.boolean().optional(),
      gates: z.array(GateSchema).optional(),
      reason: z.string().optional(),
    }),
  ),
});

const patterns = z.union([z.string(), z.array(z.string())]);

export const RunResultsSchema: z.ZodType<RunResults> = z.looseObject({
  schemaVersion: z.number(),
  tool: z.looseObject({ name: z.literal('seedsnap'), version: z.string() }),
  runId: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number(),
  status: z.enum(['complete', 'interrupted', 'stopped']),
  options: z.looseObject({
    ci: z.boolean(),
    update: z.enum(['none', 'all', 'failed', 'new']),
    concurrency: z.number().optional(),
    grep: patterns.optional(),
    grepInvert: patterns.optional(),
    models: z.array(z.string()).optional(),
    lastFailedOf: z.string().optional(),
    maxFailures: z.number().optional(),
    repeat: z.number().optional(),
    shard: z.looseObject({ index: z.number(), count: z.number() }).optional(),
    variant: z.string().optional(),
  }),
  suites: z.array(
    z.looseObject({
      name: z.string(),
      file: z.string(),
      provider: z.string(),
      models: z.array(z.string()),
      cases: z.number(),
    }),
  ),
  summary: z.looseObject({
    total: count,
    images: count,
    failing: count,
    updated: count,
    byVerdict: z.record(verdict, count),
    notRun: count.optional(),
  }),
  cases: z.array(CaseResultSchema),
  notRun: z.array(NotRunSchema).optional(),
  mergedFrom: z.array(z.string()).optional(),
  orphanBaselines: count.optional(),
  sweeps: z.array(SweepSchema).optional(),
});

/** The first thing wrong with `value` as `schema` says it, where it is: `cases[3].verdict: …`. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'not the expected shape';
  const where = issue.path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)),
    '',
  );
  return `${where || 'the file'}: ${issue.message}`;
}
