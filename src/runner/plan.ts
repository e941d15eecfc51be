/** `--dry-run`: what a run would do — cases, images, megapixels, estimated cost — without sending anything. */
import { defaultRegistry, type ProviderRegistry } from '../providers/registry.js';
import { type LoadedSuite, loadSuiteFiles } from '../suite/load.js';
import { SeedsnapError } from '../types/errors.js';
import type { CaseSpec, RunListener, Shard } from '../types/index.js';
import { estimateCost, formatUsd } from './cost.js';
import { emit } from './listeners.js';
import { type CaseFilter, checkFilter, noCaseError, selectCases, shardCases } from './select.js';

export interface SuitePlan {
  name: string;
  file: string;
  provider: string;
  cases: CaseSpec[];
  images: number;
  /** Megapixels to generate; undefined when some sizes are not known in advance. */
  megapixels: number | undefined;
  /** Estimated USD for the cases whose price is known. */
  cost: number;
  /** Cases without a known price (their cost is not in `cost`). */
  unpriced: number;
}

export interface RunPlanSummary {
  suites: SuitePlan[];
  cases: number;
  images: number;
  megapixels: number | undefined;
  cost: number;
  unpriced: number;
}

export function planSuites(
  suites: readonly LoadedSuite[],
  registry: ProviderRegistry,
  filter: CaseFilter & { shard?: Shard },
): RunPlanSummary {
  const all = suites.flatMap((suite) => selectCases(suite.cases, filter));
  const chosen = new Set((filter.shard ? shardCases(all, filter.shard) : all).map((c) => c.id));
  const plans = suites.map((suite): SuitePlan => {
    const cases = selectCases(suite.cases, filter).filter((c) => chosen.has(c.id));
    const factory = registry.get(suite.provider.name);
    const capsOf = new Map(suite.models.map((m) => [m.id, m.capabilities]));
    const videoOf = new Map(suite.models.map((m) => [m.id, m.video]));
    let images = 0;
    let megapixels: number | undefined = 0;
    let cost = 0;
    let unpriced = 0;
    for (const c of cases) {
      const n = c.request.n ?? 1;
      images += n;
      const size = factory?.outputSize?.(c.request, suite.provider);
      megapixels = size && megapixels !== undefined ? megapixels + (size[0] * size[1] * n) / 1e6 : undefined;
      const price = estimateCost(c.request, capsOf.get(c.model), size, videoOf.get(c.model));
      if (price === undefined) unpriced++;
      else cost += price;
    }
    return {
      name: suite.name,
      file: suite.file,
      provider: suite.provider.name,
      cases,
      images,
      megapixels,
      cost,
      unpriced,
    };
  });
  const megapixels = plans.every((p) => p.megapixels !== undefined)
    ? plans.reduce((sum, p) => sum + (p.megapixels ?? 0), 0)
    : undefined;
  return {
    suites: plans,
    cases: plans.reduce((n, p) => n + p.cases.length, 0),
    images: plans.reduce((n, p) => n + p.images, 0),
    megapixels,
    cost: plans.reduce((n, p) => n + p.cost, 0),
    unpriced: plans.reduce((n, p) => n + p.unpriced, 0),
  };
}

export async function planRun(
  options: CaseFilter & { suites: readonly string[]; registry?: ProviderRegistry; shard?: Shard; maxCases?: number },
): Promise<RunPlanSummary> {
  const registry = options.registry ?? defaultRegistry;
  const suites = await loadSuiteFiles(options.suites, {
    catalog: registry,
    ...(options.maxCases ? { maxCases: options.maxCases } : {}),
  });
  const all = suites.flatMap((s) => s.cases);
  checkFilter(all, options);
  const plan = planSuites(suites, registry, options);
  if (plan.cases === 0) throw noCaseError(all);
  return plan;
}

/** --max-cost: refuse a run whose estimate is over the budget, before any request. */
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
