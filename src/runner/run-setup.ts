/**
 * The steps of a run before its first request: load and check every suite, choose its cases (filters, shard),
 * create every provider (missing credentials stop the run here, exit 2), and start the run folder and its
 * journal (a disk that cannot hold them stops it here, exit 2). Nothing is sent before all of them succeed.
 */
import path from 'node:path';
import type { ProviderRegistry } from '../providers/registry.js';
import { type LoadedSuite, loadSuiteFiles } from '../suite/load.js';
import { applySuiteDefaults, DEFAULT_REPORTS_DIR } from '../suite/project.js';
import type { CaseSpec, ImageProvider, RunListener, RunSettings } from '../types/index.js';
import { formatProblem } from '../util/format-problem.js';
import { Redactor } from '../util/redact.js';
import { runFolderError } from './disk.js';
import { emit } from './listeners.js';
import type { RunOptions } from './options.js';
import { createRunFolder, RunFolder } from './run-folder.js';
import { checkFilter, noCaseError, selectCases, shardCases } from './select.js';

export interface SelectedSuite {
  suite: LoadedSuite;
  cases: CaseSpec[];
}

export interface RunSelection {
  /** Every suite loaded (orphans and results.json list them all). */
  suites: LoadedSuite[];
  /** The cases to run, suite by suite. */
  selected: SelectedSuite[];
  total: number;
}

function selectAll(suites: readonly LoadedSuite[], settings: RunSettings): SelectedSuite[] {
  const filtered = suites.map((suite) => ({ suite, cases: selectCases(suite.cases, settings) }));
  if (!settings.shard) return filtered;
  // The split is over every case of the run, so shards stay even when suites differ in size.
  const shard = settings.shard;
  const chosen = new Set(
    shardCases(
      filtered.flatMap((s) => s.cases),
      shard,
    ).map((c) => c.id),
  );
  return filtered.map(({ suite, cases }) => ({ suite, cases: cases.filter((c) => chosen.has(c.id)) }));
}

/** Load every suite (nothing runs if any is wrong) and choose the cases of this run. */
export async function selectRun(settings: RunSettings, registry: ProviderRegistry): Promise<RunSelection> {
  const loaded = await loadSuiteFiles(settings.suites, {
    catalog: registry,
    ...(settings.maxCases ? { maxCases: settings.maxCases } : {}),
  });
  const suites = applySuiteDefaults(loaded, settings);
  const everyCase = suites.flatMap((s) => s.cases);
  checkFilter(everyCase, settings);
  const selected = selectAll(suites, settings);
  const total = selected.reduce((n, s) => n + s.cases.length, 0);
  // A shard may be left empty (fewer cases than shards): it still writes its run folder, so the
  // shard set stays complete for `seedsnap merge`. Filters that match nothing at all are a mistake.
  const unsharded = () => selectAll(suites, { ...settings, shard: undefined }).some((s) => s.cases.length > 0);
  if (total === 0 && !(settings.shard && unsharded())) throw noCaseError(everyCase);
  return { suites, selected, total };
}

export interface LiveProviders {
  providers: Map<LoadedSuite, ImageProvider>;
  /** Removes every provider's secrets from whatever the run records or prints. */
  redactor: Redactor;
}

/** Every provider of the run, created before anything is sent: missing credentials stop the run here. */
export function openProviders(
  selection: RunSelection,
  registry: ProviderRegistry,
  env: NodeJS.ProcessEnv,
  listeners: readonly RunListener[],
): LiveProviders {
  const providers = new Map<LoadedSuite, ImageProvider>();
  for (const { suite } of selection.selected) providers.set(suite, registry.create(suite.provider, env));
  for (const { suite } of selection.selected) {
    for (const warning of suite.warnings) emit(listeners, 'onWarning', formatProblem(warning, { severity: 'warning' }));
    for (const warning of registry.get(suite.provider.name)?.warnings?.(suite.provider, env) ?? []) {
      emit(listeners, 'onWarning', `${suite.name}: ${warning}`);
    }
  }
  return { providers, redactor: new Redactor([...providers.values()].flatMap((p) => p.secrets?.() ?? [])) };
}

/** The run folder: the one being resumed, or a new one; a disk that cannot hold it ends the run here (exit 2). */
export async function startFolder(options: RunOptions, label: string, startedAt: Date): Promise<RunFolder> {
  if (options.resume !== undefined) return new RunFolder(options.resume);
  const reportsDir = options.reportsDir ?? DEFAULT_REPORTS_DIR;
  try {
    return await createRunFolder(reportsDir, label, startedAt, options.outDir);
  } catch (error) {
    const runDir = path.resolve(options.outDir ?? reportsDir);
    throw (await runFolderError(error, { runDir, next: 'run again; nothing was generated' })) ?? error;
  }
}

/** The journal's first line; a run that cannot even journal would lose everything it paid for, so it stops here. */
export async function startJournal(folder: RunFolder, entry: object): Promise<void> {
  await folder.journal(entry).catch(async (error: unknown) => {
    throw (await runFolderError(error, { runDir: folder.dir, next: 'run again; nothing was generated' })) ?? error;
  });
}
