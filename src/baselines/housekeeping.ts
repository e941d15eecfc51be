/** `seedsnap baselines list|prune`, and the orphan count a run reports: suites decide which baselines are used. */
import path from 'node:path';
import { defaultRegistry, type ProviderRegistry } from '../providers/registry.js';
import { type LoadedSuite, loadSuiteFiles } from '../suite/load.js';
import { DEFAULT_BASELINES_DIR } from '../suite/project.js';
import { imageKey } from '../util/ids.js';
import { type BaselineEntry, listBaselines, listOrphans, pruneBaselines, type SkippedFile } from './inventory.js';
import { sweepStale } from './recover.js';

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
  /** One line per file under baselines/ that is not a sidecar (skipped, never deleted). */
  onWarning?: (message: string) => void;
}

export async function inventory(options: InventoryOptions): Promise<BaselineEntry[]> {
  const suites = await loadSuiteFiles(options.suites, {
    catalog: options.registry ?? defaultRegistry,
    ...(options.maxCases ? { maxCases: options.maxCases } : {}),
  });
  return inventoryOf(suites, options.baselinesDir ?? DEFAULT_BASELINES_DIR, options.onWarning);
}

/** The warning for a skipped file, with its path as the user would type it. */
export function skippedWarning(file: SkippedFile): string {
  const shown = path.relative(process.cwd(), file.path) || file.path;
  const fix = file.problem.startsWith('is not valid JSON')
    ? 'if it was a baseline, approve its case again to rewrite it; otherwise move it out of baselines/'
    : 'baselines/ holds only images and their sidecars: move it out or delete it';
  return `${shown} ${file.problem}; skipped it (${fix})`;
}

export async function inventoryOf(
  suites: readonly LoadedSuite[],
  baselinesDir: string,
  onWarning?: (message: string) => void,
): Promise<BaselineEntry[]> {
  // The same walk tidies what a killed seedsnap left: temporaries, dead locks, unfinished pair changes.
  await sweepStale(baselinesDir);
  return listBaselines({
    root: baselinesDir,
    produced: producedKeys(suites),
    loadedSuites: new Set(suites.map((s) => s.name)),
    ...(onWarning ? { onSkipped: (file: SkippedFile) => onWarning(skippedWarning(file)) } : {}),
  });
}

/** Orphans of the given suites; deleted only when `apply` is set (a dry run otherwise). */
export async function prune(options: InventoryOptions & { apply: boolean }): Promise<BaselineEntry[]> {
  const orphans = (await inventory(options)).filter((e) => e.status === 'orphan');
  return options.apply ? pruneBaselines(options.baselinesDir ?? DEFAULT_BASELINES_DIR, orphans) : orphans;
}

/** The orphans a run counts: inventoryOf's, reading only the sidecars no loaded suite's key names (listOrphans). */
export async function orphansOf(
  suites: readonly LoadedSuite[],
  baselinesDir: string,
  onWarning?: (message: string) => void,
): Promise<BaselineEntry[]> {
  await sweepStale(baselinesDir);
  return listOrphans({
    root: baselinesDir,
    produced: producedKeys(suites),
    loadedSuites: new Set(suites.map((s) => s.name)),
    ...(onWarning ? { onSkipped: (file: SkippedFile) => onWarning(skippedWarning(file)) } : {}),
  });
}
