/**
 * `seedsnap merge DIR…`: shard run folders (each from `run --shard i/n`, often on
 * different CI machines) into one run folder and one report. Image files are
 * copied, so the merged folder is as self-contained as any run folder. The folders must be one
 * whole shard set (checkShardSet): nothing is merged from an incomplete or mixed set.
 */
import path from 'node:path';
import { ComparePool } from '../compare/compare-pool.js';
import { computeSweeps } from '../compare/sweeps.js';
import { summarize } from '../compare/verdict.js';
import { DEFAULT_REPORTERS, writeReports } from '../report/reporters.js';
import { readResults } from '../report/results-file.js';
import { createRunFolder } from '../runner/run-folder.js';
import { DEFAULT_REPORTS_DIR } from '../suite/project.js';
import { SeedsnapError } from '../types/errors.js';
import { type CaseResult, RESULTS_SCHEMA_VERSION, type RunResults, type SuiteRecord } from '../types/index.js';
import { linkOrCopy } from '../util/link.js';
import { realPathInside, resolveInside } from '../util/safe-path.js';
import { checkShardSet } from './shard-set.js';

export interface MergeOptions {
  runDirs: readonly string[];
  outDir?: string;
  reportsDir?: string;
  reporters?: readonly string[];
  now?: () => Date;
}

export interface MergeOutcome {
  results: RunResults;
  runDir: string;
  reports: Record<string, string>;
}

export async function mergeRuns(options: MergeOptions): Promise<MergeOutcome> {
  if (options.runDirs.length === 0) {
    throw new SeedsnapError('USAGE', 'merge needs at least one run folder', {
      hint: 'seedsnap merge shard-1/ shard-2/ …',
    });
  }
  const parts: { dir: string; results: RunResults }[] = [];
  for (const dir of options.runDirs) parts.push({ dir: path.resolve(dir), results: await readResults(dir) });
  checkShardSet(parts.map((part, i) => ({ name: options.runDirs[i] ?? part.dir, results: part.results })));
  const now = options.now?.() ?? new Date();
  const folder = await createRunFolder(options.reportsDir ?? DEFAULT_REPORTS_DIR, 'merged', now, options.outDir);

  const seen = new Map<string, string>();
  const cases: CaseResult[] = [];
  const suites = new Map<string, SuiteRecord>();
  for (const { dir, results } of parts) {
    for (const suite of results.suites) if (!suites.has(suite.name)) suites.set(suite.name, suite);
    for (const result of results.cases) {
      const other = seen.get(result.id);
      if (other) {
        throw new SeedsnapError('MERGE_OVERLAP', `case ${result.id} is in both ${other} and ${results.runId}`, {
          hint: 'merge each shard once; shards of one run never share a case',
        });
      }
      seen.set(result.id, results.runId);
      for (const image of result.images) {
        // Linked, not copied; a byte-identical pass names its actual image as expected too: placed once.
        for (const file of new Set([image.actual, image.expected, image.diff])) {
          if (!file) continue;
          await linkOrCopy({ source: await realPathInside(dir, file), target: resolveInside(folder.dir, file) });
        }
      }
      cases.push(result);
    }
  }
  const suiteOrder = [...suites.keys()];
  cases.sort(
    (a, b) => suiteOrder.indexOf(a.suite) - suiteOrder.indexOf(b.suite) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  // Sweep cells may have run on different shards: their convergence is measured on the merged images.
  const comparator = new ComparePool();
  const sweeps = await computeSweeps(folder, cases, { comparator }).finally(() => comparator.close());
  const starts = parts.map((p) => Date.parse(p.results.startedAt));
  const ends = parts.map((p) => Date.parse(p.results.finishedAt));
  // Cases a shard stopped before (--max-failures) stay listed as not run, so the merged run is not green.
  const notRun = parts.flatMap((p) => p.results.notRun ?? []);
  const first = parts[0]?.results;
  const { shard: _shard, ...options0 } = first?.options ?? { ci: false, update: 'none' as const };
  const results: RunResults = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: first?.tool ?? { name: 'seedsnap', version: '' },
    runId: folder.runId,
    startedAt: new Date(Math.min(...starts)).toISOString(),
    finishedAt: new Date(Math.max(...ends)).toISOString(),
    durationMs: Math.max(...ends) - Math.min(...starts),
    status: parts.every((p) => p.results.status === 'complete')
      ? 'complete'
      : parts.some((p) => p.results.status === 'interrupted')
        ? 'interrupted'
        : 'stopped',
    options: options0,
    suites: [...suites.values()],
    summary: { ...summarize(cases), ...(notRun.length > 0 ? { notRun: notRun.length } : {}) },
    cases,
    ...(notRun.length > 0 ? { notRun } : {}),
    mergedFrom: parts.map((p) => p.results.runId),
    ...(sweeps.length > 0 ? { sweeps } : {}),
  };
  const reports = await writeReports(folder.dir, results, options.reporters ?? DEFAULT_REPORTERS);
  return { results, runDir: folder.dir, reports };
}
