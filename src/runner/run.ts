/**
 * `seedsnap run` as a library call, in its steps: check the options, load and check every suite (nothing is
 * sent if any is wrong) and choose the cases, create the providers (credentials are checked before any
 * request), start the run folder and its journal, run the cases journaling results as they arrive, then write
 * results.json and the reports. An interrupted run keeps what it finished and is resumed from its journal.
 */
import { BaselineStore } from '../baselines/store.js';
import { defaultRegistry } from '../providers/registry.js';
import { DEFAULT_REPORTERS } from '../report/reporters.js';
import { SeedsnapError } from '../types/errors.js';
import type { CaseResult, RunResults, RunResultsSource } from '../types/index.js';
import { VERSION } from '../util/version.js';
import { shown } from './disk.js';
import { readJournal } from './journal.js';
import { emit, guardListeners } from './listeners.js';
import { checkRunHooks, type RunOptions, resolveRunSettings } from './options.js';
import { checkCost, planSuites } from './plan.js';
import { runCases } from './run-cases.js';
import { runResults, writeRunReports } from './run-results.js';
import { openProviders, selectRun, startFolder, startJournal } from './run-setup.js';

export type { RunOptions } from './options.js';

export interface RunOutcome {
  /** What results.json holds; `cases` is read back from the run's journal when first used, then held. */
  results: RunResults;
  /**
   * The same results with `cases` read back from the journal one at a time each time they are gone through:
   * what the CLI prints from, so that a 10,000-case run never holds every case at once.
   */
  streamed: RunResultsSource;
  runDir: string;
  reports: Record<string, string>;
}

export async function runSuites(options: RunOptions): Promise<RunOutcome> {
  // Options are checked where they enter: a wrong one stops the run before any file is read or folder made.
  // A resumed run takes its settings from its journal (checked by the same schema), a new one from the options.
  checkRunHooks(options);
  const resumed = options.resume !== undefined ? await readJournal(options.resume) : undefined;
  const settings = resumed?.start.invocation ?? resolveRunSettings(options);
  const registry = options.registry ?? defaultRegistry;
  const listeners = guardListeners(options.listeners ?? []);
  const env = options.env ?? process.env;

  for (const line of resumed?.skipped ?? []) emit(listeners, 'onWarning', line);
  const selection = await selectRun(settings, registry);
  if (options.maxCost !== undefined && !resumed) {
    checkCost(planSuites(selection.suites, registry, settings), options.maxCost, listeners);
  }
  // A bad variant name is refused here, before the run folder exists.
  const store = new BaselineStore(settings.baselinesDir, settings.variant ? { variant: settings.variant } : {});
  const live = openProviders(selection, registry, env, listeners);

  const now = options.now ?? (() => new Date());
  const startedAt = resumed ? new Date(resumed.start.startedAt) : now();
  const started = performance.now();
  const [only] = selection.suites;
  const folder = await startFolder(options, selection.suites.length === 1 && only ? only.name : 'multi', startedAt);
  const total = selection.total;
  emit(listeners, 'onRunStart', {
    runId: folder.runId,
    runDir: folder.dir,
    total,
    suites: selection.suites.map((s) => s.name),
  });
  await startJournal(
    folder,
    resumed
      ? { type: 'resume', at: now().toISOString(), done: resumed.results.size }
      : {
          type: 'run',
          runId: folder.runId,
          startedAt: startedAt.toISOString(),
          total,
          version: VERSION,
          invocation: settings,
        },
  );

  const outcome = await runCases({
    settings,
    options,
    selection,
    live,
    store,
    folder,
    listeners,
    done: resumed?.results ?? new Map(),
  });
  if (outcome.authFailure) {
    const failure = outcome.authFailure;
    throw new SeedsnapError(
      'PROVIDER_AUTH',
      live.redactor.message(`the API refused the credentials: ${failure.message}`),
      {
        hint: `${failure.hint ?? 'check the API key variable (e.g. TOGETHER_API_KEY)'}; the run was stopped so no more requests were spent; then finish the run with  seedsnap run --resume --run ${shown(folder.dir)}`,
      },
    );
  }

  const finishedAt = now();
  const gathered = await runResults({
    settings,
    selection,
    outcome,
    folder,
    startedAt,
    finishedAt,
    durationMs: resumed ? finishedAt.getTime() - startedAt.getTime() : Math.round(performance.now() - started),
    interrupted: options.signal?.aborted === true,
    listeners,
  });
  // Every case was redacted as it arrived (run-cases.ts): only the rest goes through the redactor again; the
  // cases are read back from the journal by each report in turn, never all held at once.
  const streamed = live.redactor.deep<RunResultsSource>({ ...gathered, cases: [] });
  streamed.cases = gathered.cases;
  await folder.flushJournal();
  const reports = await writeRunReports({
    runDir: folder.dir,
    results: streamed,
    names: settings.reporters ?? options.reporters ?? DEFAULT_REPORTERS,
    onWarning: (message) => emit(listeners, 'onWarning', message),
  });
  const results = heldOnUse(streamed);
  emit(listeners, 'onRunEnd', results);
  return { results, streamed, runDir: folder.dir, reports };
}

/** The results with every case in an array, read back (once) when `cases` is first used. */
function heldOnUse(streamed: RunResultsSource): RunResults {
  const results = { ...streamed } as unknown as RunResults;
  let cases: CaseResult[] | undefined;
  // Defined in place of the iterable, so `cases` keeps its place among the keys (as results.json has it).
  Object.defineProperty(results, 'cases', {
    enumerable: true,
    configurable: true,
    get: () => {
      cases ??= [...streamed.cases];
      return cases;
    },
    set: (value: CaseResult[]) => {
      cases = value;
    },
  });
  return results;
}
