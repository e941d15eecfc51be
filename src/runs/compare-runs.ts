/**
 * `seedsnap compare RUN_A RUN_B`: an A/B report of two finished runs, no
 * baselines involved. Cases are paired by everything they asked for except the
 * model (prompt, seed, every parameter), so two models, two revisions or two
 * settings of one suite line up. The folder it writes is self-contained: both
 * sides' images are hard-linked in (copied across devices) beside
 * comparison.json and the report.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Comparison } from '../compare/compare.js';
import { CompareInputError } from '../compare/compare-error.js';
import { ComparePool } from '../compare/compare-pool.js';
import { abTolerance } from '../compare/tolerance.js';
import { renderComparisonMarkdown } from '../report/comparison-markdown.js';
import { PAGE_FILE, writeHtmlReport } from '../report/html.js';
import { SUMMARY_FILE } from '../report/markdown.js';
import { RESULTS_FILE, readResultsJson } from '../report/results-json.js';
import { runPool } from '../runner/pool.js';
import { DEFAULT_REPORTS_DIR } from '../suite/defaults.js';
import {
  type CasePair,
  COMPARISON_FILE,
  COMPARISON_SCHEMA_VERSION,
  type ComparedRun,
  PAIR_STATUSES,
  type PairImage,
  type PairSide,
  type PairStatus,
  type RunComparison,
} from '../types/comparison.js';
import type { CaseResult, RunResults, Tolerance } from '../types/index.js';
import { writeFileAtomic, writeJsonAtomic } from '../util/atomic.js';
import { imageKey, imageStem, sweepGroupId } from '../util/ids.js';
import { linkOrCopy } from '../util/link.js';
import { bytesOf, realPathsInside, resolveInside } from '../util/safe-path.js';
import { type HeadStart, headStart } from './head-start.js';
import { pairCases, pairId } from './pairing.js';

export interface CompareRunsOptions {
  runA: string;
  runB: string;
  /** Output folder (default: `<reportsDir>/compare-<A>--<B>`). */
  outDir?: string;
  reportsDir?: string;
  /** pixelmatch colour threshold (default 0.1). */
  threshold?: number;
  /** Share of pixels that may differ for a pair to count as the same (default 0: any pixel is a change). */
  maxDiffRatio?: number;
  /** A comparator to compare on (default: one of its own, closed when done). */
  comparator?: ComparePool;
  now?: () => Date;
}

export interface CompareRunsOutcome {
  comparison: RunComparison;
  dir: string;
  reports: { html: string; json: string; markdown: string };
}

function side(c: CaseResult): PairSide {
  return {
    id: c.id,
    model: c.model,
    modelLabel: c.modelLabel,
    verdict: c.verdict,
    durationMs: c.durationMs,
    ...(c.generateMs !== undefined ? { generateMs: c.generateMs } : {}),
    attempts: c.attempts,
    ...(c.modelRevision ? { modelRevision: c.modelRevision } : {}),
    ...(c.reason ? { reason: c.reason } : {}),
  };
}

function describeRun(results: RunResults, dir: string): ComparedRun {
  const revisions = new Set(results.cases.flatMap((c) => (c.modelRevision ? [c.modelRevision] : [])));
  return {
    runId: results.runId,
    dir,
    startedAt: results.startedAt,
    suites: results.suites.map((s) => s.name),
    models: [...new Set(results.cases.map((c) => c.modelLabel))],
    revisions: [...revisions].sort(),
  };
}

interface Context {
  out: string;
  /** What counts as the same: the named tolerance `ab-same`, judged like any other. */
  tolerance: Tolerance;
  /** Each side's images resolved to real paths that stay inside its run folder (see realPathsInside). */
  realPath: Record<'a' | 'b', (relative: string) => Promise<string>>;
  /** How every pair is compared, also the ones the head start sends. */
  compare: (expected: Uint8Array, actual: Uint8Array) => Promise<Comparison>;
  head: HeadStart;
}

/** One side's image linked into the output; its real path is where its bytes are read from too. */
async function linkIn(ctx: Context, relative: string, role: 'a' | 'b'): Promise<{ target: string; real: string }> {
  // `actual/suite/case/…` becomes `a/suite/case/…`: both sides keep their own run-relative layout.
  const target = `${role}/${relative.replace(/^actual\//, '')}`;
  const real = await ctx.realPath[role](relative);
  // Linked, not copied: the image is already on disk, and copies of both runs were ~90% of what compare wrote.
  await linkOrCopy({ source: real, target: resolveInside(ctx.out, target) });
  return { target, real };
}

async function comparePair(ctx: Context, id: string, a: CaseResult | undefined, b: CaseResult | undefined) {
  const images: PairImage[] = [];
  let status: PairStatus = 'same';
  let reason: string | undefined;
  const worse = (s: PairStatus) => {
    if (PAIR_STATUSES.indexOf(s) < PAIR_STATUSES.indexOf(status)) status = s;
  };
  if (!a || !b) {
    const only = (a ?? b) as CaseResult;
    const role = a ? 'a' : 'b';
    for (const i of only.images) {
      const image: PairImage = { index: i.index, ...(i.width && i.height ? { width: i.width, height: i.height } : {}) };
      if (i.actual) image[role] = (await linkIn(ctx, i.actual, role)).target;
      images.push(image);
    }
    return { status: a ? ('only-a' as const) : ('only-b' as const), images, diffRatio: 0 };
  }
  const count = Math.max(a.images.length, b.images.length);
  if (count === 0) {
    if (a.verdict !== b.verdict) worse('changed');
    if (a.verdict === 'error' || b.verdict === 'error') worse('error');
    return { status, images, diffRatio: 0, reason: `no image on either side (A ${a.verdict}, B ${b.verdict})` };
  }
  for (let index = 0; index < count; index++) {
    const ia = a.images.find((i) => i.index === index);
    const ib = b.images.find((i) => i.index === index);
    const image: PairImage = { index };
    const linkedA = ia?.actual ? await linkIn(ctx, ia.actual, 'a') : undefined;
    const linkedB = ib?.actual ? await linkIn(ctx, ib.actual, 'b') : undefined;
    if (linkedA) image.a = linkedA.target;
    if (linkedB) image.b = linkedB.target;
    const size = ib?.width ? ib : ia;
    if (size?.width && size.height) Object.assign(image, { width: size.width, height: size.height });
    images.push(image);
    if (!linkedA || !linkedB) {
      const missing = linkedA ? b : a;
      image.reason = `no image in ${missing === a ? 'A' : 'B'} (${missing.verdict}${missing.reason ? `: ${missing.reason}` : ''})`;
      worse(missing.verdict === 'error' ? 'error' : 'changed');
      image.metrics = { diffPixels: 0, diffRatio: 1 };
      continue;
    }
    try {
      const comparison = await (ctx.head.take(linkedA.real, linkedB.real) ??
        ctx.compare(bytesOf(await readFile(linkedA.real)), bytesOf(await readFile(linkedB.real))));
      image.metrics = comparison.metrics;
      if (comparison.diff) {
        image.diff = `diff/${imageStem(imageKey(id, index))}.png`;
        // Not flushed: a diff can be made again.
        await writeFileAtomic(resolveInside(ctx.out, image.diff), comparison.diff, { durable: false });
      }
      image.gates = comparison.gates;
      if (comparison.findings) image.findings = comparison.findings;
      if (!comparison.sameSize) image.reason = comparison.reason;
      if (!comparison.match) worse('changed');
    } catch (error) {
      if (!(error instanceof CompareInputError)) throw error;
      image.reason = error.message;
      worse('error');
    }
  }
  const reasons = images.filter((i) => i.reason).map((i) => (count > 1 ? `image ${i.index}: ${i.reason}` : i.reason));
  if (reasons.length > 0) reason = reasons.join('; ');
  const diffRatio = Math.max(0, ...images.map((i) => i.metrics?.diffRatio ?? 0));
  return { status, images, diffRatio, ...(reason ? { reason } : {}) };
}

export async function compareRuns(options: CompareRunsOptions): Promise<CompareRunsOutcome> {
  const comparator = options.comparator ?? new ComparePool();
  try {
    return await compareOn(comparator, options);
  } finally {
    if (!options.comparator) await comparator.close();
  }
}

async function compareOn(comparator: ComparePool, options: CompareRunsOptions): Promise<CompareRunsOutcome> {
  const [valueA, valueB] = [await readResultsJson(options.runA), await readResultsJson(options.runB)];
  const now = options.now?.() ?? new Date();
  const tolerance = abTolerance(options.threshold ?? 0.1, options.maxDiffRatio ?? 0);
  // Every changed pixel is shown, also within what counts as the same.
  const compare = (expected: Uint8Array, actual: Uint8Array) =>
    comparator.compare({ expected, actual, tolerance, diffImage: 'on-difference' });
  const realPath = { a: realPathsInside(options.runA), b: realPathsInside(options.runB) };
  const head = await headStart({ a: valueA, b: valueB, count: comparator.threads * 2, realPath, compare });
  // The schema (and its library) loads now, while the workers compare the first pairs.
  const { parseResults } = await import('../report/results-file.js');
  const resultsA = parseResults(valueA, path.join(options.runA, RESULTS_FILE));
  const resultsB = parseResults(valueB, path.join(options.runB, RESULTS_FILE));
  const out = path.resolve(
    options.outDir ??
      path.join(options.reportsDir ?? DEFAULT_REPORTS_DIR, `compare-${resultsA.runId}--${resultsB.runId}`),
  );
  await mkdir(out, { recursive: true });
  const ctx: Context = { out, tolerance, realPath, compare, head };
  const taken = new Set<string>();
  const matched = pairCases(resultsA.cases, resultsB.cases).map(([a, b]) => ({ id: pairId(a, b, taken), a, b }));
  // Pairs are compared side by side on the comparator's workers, and listed in the order they were matched.
  const pairs: CasePair[] = await runPool(
    matched,
    async ({ id, a, b }): Promise<CasePair> => {
      const main = (b ?? a) as CaseResult;
      return {
        id,
        suite: main.suite,
        case: main.case,
        seed: main.seed,
        ...(main.sweep ? { sweep: main.sweep, sweepId: sweepGroupId(main) } : {}),
        request: main.request,
        ...(a ? { a: side(a) } : {}),
        ...(b ? { b: side(b) } : {}),
        ...(await comparePair(ctx, id, a, b)),
      };
    },
    {
      concurrency: Math.max(2, comparator.threads * 2),
      onError: (_, error) => {
        throw error;
      },
    },
  );
  const byStatus = Object.fromEntries(PAIR_STATUSES.map((s) => [s, 0])) as Record<PairStatus, number>;
  for (const p of pairs) byStatus[p.status]++;
  const comparison: RunComparison = {
    schemaVersion: COMPARISON_SCHEMA_VERSION,
    kind: 'comparison',
    tool: resultsB.tool,
    createdAt: now.toISOString(),
    a: describeRun(resultsA, options.runA),
    b: describeRun(resultsB, options.runB),
    options: { threshold: tolerance.threshold, max_diff_ratio: tolerance.max_diff_ratio ?? 0 },
    tolerance,
    summary: { total: pairs.length, byStatus },
    pairs,
  };
  const json = path.join(out, COMPARISON_FILE);
  await writeJsonAtomic(json, comparison);
  const markdown = path.join(out, SUMMARY_FILE);
  await writeFileAtomic(markdown, renderComparisonMarkdown(comparison, { reportLink: PAGE_FILE }));
  const html = await writeHtmlReport(out, comparison);
  return { comparison, dir: out, reports: { html, json, markdown } };
}
