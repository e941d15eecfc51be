/** Pieces of a run that are not its main line: limits, budgets, listeners, crashed cases. */
import { SeedsnapError } from '../errors.js';
import { ImageRateLimiter } from '../runner/rate-limit.js';
import type { LoadedSuite } from '../suite/load.js';
import type { CaseResult, CaseSpec, RunListener } from '../types.js';
import { baseResult, describeError } from './case.js';
import { formatUsd } from './cost.js';
import type { RunPlanSummary } from './plan.js';

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

/** A case whose processing threw (a bug or a disk error) still gets a verdict, so the run goes on. */
export function crashedCase(spec: CaseSpec, error: unknown): CaseResult {
  return { ...baseResult(spec, 0), verdict: 'error', failing: true, reason: `internal error: ${describeError(error)}` };
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
