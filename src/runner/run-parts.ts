/** Pieces of a run that are not its main line: limits, budgets, listeners, crashed cases, its reports. */
import path from 'node:path';
import { FILE_REPORTERS } from '../report/reporters.js';
import type { LoadedSuite } from '../suite/load.js';
import { SeedsnapError } from '../types/errors.js';
import type { CaseResult, CaseSpec, RunListener, RunResults } from '../types/index.js';
import { baseResult, describeError } from './case.js';
import { formatUsd } from './cost.js';
import { isSystemError, runFolderError, shown, systemFailureReason, WriteFailure } from './disk.js';
import type { RunPlanSummary } from './plan.js';
import { ImageRateLimiter } from './rate-limit.js';

/** Suites talking to the same endpoint share one images-per-minute budget (the strictest one set). */
export function endpointKey(suite: LoadedSuite): string {
  return `${suite.provider.name} ${String(suite.provider.options.base_url ?? '')}`;
}

export function rateLimiters(suites: readonly LoadedSuite[]): Map<string, ImageRateLimiter> {
  const budgets = new Map<string, number>();
  for (const suite of suites) {
    const perMinute = suite.provider.options.images_per_minute;
    if (typeof perMinute !== 'number') continue;
    const key = endpointKey(suite);
    budgets.set(key, Math.min(perMinute, budgets.get(key) ?? Number.POSITIVE_INFINITY));
  }
  return new Map([...budgets].map(([key, perMinute]) => [key, new ImageRateLimiter(perMinute)]));
}

export function checkCost(plan: RunPlanSummary, maxCost: number, listeners: readonly RunListener[]): void {
  if (plan.unpriced > 0) {
    emit(listeners, 'onWarning', `${plan.unpriced} case(s) have no known price and are not in the cost estimate`);
  }
  if (plan.cost > maxCost) {
    throw new SeedsnapError(
      'COST_LIMIT',
      `the estimated cost ${formatUsd(plan.cost)} (${plan.images} images, ${plan.megapixels?.toFixed(1) ?? '?'} MP) is over --max-cost ${formatUsd(maxCost)}`,
      { hint: 'narrow the run with --grep/--model, or raise --max-cost; seedsnap run --dry-run shows the estimate' },
    );
  }
}

/**
 * A case whose processing threw still gets a verdict, so the run goes on. A file the machine could not write
 * (a full disk) is not the case's fault: it is marked `stopped`, and --resume makes it again.
 */
export async function crashedCase(spec: CaseSpec, error: unknown): Promise<CaseResult> {
  const base = { ...baseResult(spec, 0), verdict: 'error' as const, failing: true };
  const system = await systemFailureReason(error, 'write');
  if (system) return { ...base, reason: system, stopped: 'disk' };
  return { ...base, reason: `internal error: ${describeError(error)}` };
}

/** A finished case whose result could not be recorded (journal, redaction): it becomes that case's error. */
export async function unrecordedCase(result: CaseResult, error: unknown): Promise<CaseResult> {
  const system = await systemFailureReason(error, 'record the result in');
  return {
    ...result,
    verdict: 'error',
    failing: true,
    reason: system ?? `could not record the result: ${describeError(error)}`,
    ...(system ? { stopped: 'disk' as const } : {}),
  };
}

export interface RunReportsOptions {
  runDir: string;
  results: RunResults;
  names: readonly string[];
  onWarning: (message: string) => void;
}

/**
 * results.json first: without it the run's answer is lost, so a failure there is one line, exit 2. Every other
 * report can be rebuilt from it later, so a failure there is a warning and the run's answer stands.
 */
export async function writeRunReports(options: RunReportsOptions): Promise<Record<string, string>> {
  const { runDir, results } = options;
  const written: Record<string, string> = {};
  for (const name of ['json', ...options.names.filter((n) => n !== 'json')]) {
    const reporter = FILE_REPORTERS[name];
    if (!reporter) continue;
    try {
      written[name] = await reporter.write(runDir, results);
    } catch (error) {
      const target = path.join(runDir, reporter.file);
      const failure = await runFolderError(isSystemError(error) ? new WriteFailure(target, error) : error, {
        runDir,
        next:
          name === 'json' ? `seedsnap run --resume --run ${shown(runDir)}` : `seedsnap report --run ${shown(runDir)}`,
      });
      if (!failure) throw error;
      if (name === 'json') throw failure;
      options.onWarning(`${reporter.file} was not written: ${failure.message}`);
    }
  }
  return written;
}

export function emit<K extends keyof RunListener>(
  listeners: readonly RunListener[],
  hook: K,
  ...args: Parameters<NonNullable<RunListener[K]>>
): void {
  for (const listener of listeners) {
    const fn = listener[hook] as ((...a: typeof args) => void) | undefined;
    fn?.apply(listener, args);
  }
}
