/** `seedsnap baselines list|prune`, and the orphan count a run reports: suites decide which baselines are used. */
import { type BaselineEntry, listBaselines, pruneBaselines } from '../baselines/inventory.js';
import { imageKey } from '../baselines/keys.js';
import { defaultRegistry, type ProviderRegistry } from '../providers/registry.js';
import { type LoadedSuite, loadSuiteFiles } from '../suite/load.js';

/** Every image key the suites produce (n > 1 gives several per case). */
export function producedKeys(suites: readonly LoadedSuite[]): Set<string> {
  const keys = new Set<string>();
  for (const suite of suites) {
    for (const c of suite.cases) {
      for (let i = 0; i < (c.request.n ?? 1); i++) keys.add(imageKey(c.id, i));
    }
  }
  return keys;
}

export interface InventoryOptions {
  suites: readonly string[];
  baselinesDir?: string;
  registry?: ProviderRegistry;
  /** Suites that would expand to more cases are refused (default 10,000). */
  maxCases?: number;
}

export async function inventory(options: InventoryOptions): Promise<BaselineEntry[]> {
  const suites = await loadSuiteFiles(options.suites, {
    catalog: options.registry ?? defaultRegistry,
    ...(options.maxCases ? { maxCases: options.maxCases } : {}),
  });
  return inventoryOf(suites, options.baselinesDir ?? 'baselines');
}

export function inventoryOf(suites: readonly LoadedSuite[], baselinesDir: string): Promise<BaselineEntry[]> {
  return listBaselines(baselinesDir, producedKeys(suites), new Set(suites.map((s) => s.name)));
}

/** Orphans of the given suites; deleted only when `apply` is set (a dry run otherwise). */
export async function prune(options: InventoryOptions & { apply: boolean }): Promise<BaselineEntry[]> {
  const orphans = (await inventory(options)).filter((e) => e.status === 'orphan');
  return options.apply ? pruneBaselines(options.baselinesDir ?? 'baselines', orphans) : orphans;
}
