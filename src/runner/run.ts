/**
 * `seedsnap run` as a library call: load and validate every suite (nothing is
 * sent if any is wrong), create the providers (credentials are checked before
 * any request), then run each suite's cases with its concurrency, journaling
 * results as they arrive, and write results.json and the reports at the end.
 * An interrupted run keeps what it finished and can be resumed from its journal.
 */
import path from 'node:path';
import { inventoryOf } from '../baselines/housekeeping.js';
import { BaselineStore } from '../baselines/store.js';
import { ComparePool } from '../compare/compare-pool.js';
import { computeSweeps } from '../compare/sweeps.js';
import { summarize, type VerdictPolicy } from '../compare/verdict.js';
import { defaultRegistry, type ProviderRegistry } from '../providers/registry.js';
import type { ProviderDefaults } from '../suite/config-schema.js';
import { type LoadedSuite, loadSuiteFiles } from '../suite/load.js';
import { applySuiteDefaults } from '../suite/project.js';
import { type ProviderError, SeedsnapError } from '../types/errors.js';
import {
  type CaseResult,
  type CaseSpec,
  type ImageProvider,
  RESULTS_SCHEMA_VERSION,
  type RunListener,
  type RunResults,
  type SweepResult,
  type UpdateMode,
} from '../types/index.js';
import { formatProblem } from '../util/format-problem.js';
import { Redactor } from '../util/redact.js';
import { VERSION } from '../util/version.js';
import { type CaseContext, processCase } from './case.js';
import { runFolderError, shown } from './disk.js';
import { type JournalContents, type RunInvocation, readJournal } from './journal.js';
import { planSuites } from './plan.js';
import { requestLimiter, runPool } from './pool.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import { createRunFolder, RunFolder } from './run-folder.js';
import {
  checkCost,
  crashedCase,
  emit,
  endpointKey,
  rateLimiters,
  unrecordedCase,
  writeRunReports,
} from './run-parts.js';
import { checkFilter, noCaseError, notRunCase, type Shard, selectCases, shardCases } from './select.js';

export interface RunOptions {
  /** Suite files to run. */
  suites: readonly string[];
  registry?: ProviderRegistry;
  baselinesDir?: string;
  reportsDir?: string;
  /** Use this run folder instead of a new one under reportsDir. */
  outDir?: string;
  ci?: boolean;
  update?: UpdateMode;
  /** Only cases whose id or prompt matches any of these (regular expressions, or plain text). */
  grep?: string | readonly string[];
  /** Leave out cases whose id or prompt matches any of these. */
  grepInvert?: string | readonly string[];
  /** Only these models (ids or labels). */
  models?: readonly string[];
  /** Only these case ids (what `--last-failed` chose). */
  ids?: readonly string[];
  /** Recorded in results.json: the run whose failures `ids` came from. */
  lastFailedOf?: string;
  /** Start no case once this many have failed; the ones in flight finish, the rest are listed as not run. */
  maxFailures?: number;
  /** Override every suite's concurrency. */
  concurrency?: number;
  /** Concurrency for suites that set none of their own (a project config's `concurrency`). */
  defaultConcurrency?: number;
  /** Per provider name, keys for suites whose `provider:` does not set them (a project config's `providers`). */
  providerDefaults?: Record<string, ProviderDefaults>;
  /** Generate each case k times; outputs that disagree make the case `flaky`. */
  repeat?: number;
  /** Run only shard i of n (see shardCases). */
  shard?: Shard;
  /** Compare with (and write) the baselines of this named variant. */
  variant?: string;
  /** Images whose header claims more megapixels are refused before decoding (default 64). */
  maxMegapixels?: number;
  /** Suites that would expand to more cases are refused before expanding (default 10,000). */
  maxCases?: number;
  /** Finish this interrupted run folder; its journal says what to run, the other options are ignored. */
  resume?: string;
  reporters?: readonly string[];
  listeners?: readonly RunListener[];
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  retry?: Partial<RetryPolicy>;
  /** Per-request timeout, ms (default 120 s; a suite's provider.timeout_ms wins). */
  timeoutMs?: number;
  /** Refuse to start when the estimated cost (USD) is above this. */
  maxCost?: number;
  now?: () => Date;
}

export interface RunOutcome {
  results: RunResults;
  runDir: string;
  reports: Record<string, string>;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_REPORTERS = ['html', 'json', 'junit', 'markdown'];

/** The run's own options, with paths made absolute so a resumed run finds the same files. */
function invocationOf(options: RunOptions): RunInvocation {
  return {
    suites: options.suites.map((s) => path.resolve(s)),
    baselinesDir: path.resolve(options.baselinesDir ?? 'baselines'),
    ci: options.ci ?? false,
    update: options.update ?? 'none',
    ...(options.grep ? { grep: typeof options.grep === 'string' ? options.grep : [...options.grep] } : {}),
    ...(options.grepInvert
      ? { grepInvert: typeof options.grepInvert === 'string' ? options.grepInvert : [...options.grepInvert] }
      : {}),
    ...(options.models ? { models: [...options.models] } : {}),
    ...(options.ids ? { ids: [...options.ids] } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.repeat && options.repeat > 1 ? { repeat: options.repeat } : {}),
    ...(options.shard ? { shard: options.shard } : {}),
    ...(options.variant ? { variant: options.variant } : {}),
    ...(options.reporters ? { reporters: [...options.reporters] } : {}),
    ...(options.maxMegapixels ? { maxMegapixels: options.maxMegapixels } : {}),
    ...(options.maxCases ? { maxCases: options.maxCases } : {}),
    ...(options.defaultConcurrency ? { defaultConcurrency: options.defaultConcurrency } : {}),
    ...(options.providerDefaults ? { providerDefaults: options.providerDefaults } : {}),
  };
}

function selectAll(suites: readonly LoadedSuite[], run: RunInvocation) {
  const filtered = suites.map((suite) => ({ suite, cases: selectCases(suite.cases, run) }));
  if (!run.shard) return filtered;
  // The split is over every case of the run, so shards stay even when suites differ in size.
  const chosen = new Set(
    shardCases(
      filtered.flatMap((s) => s.cases),
      run.shard,
    ).map((c) => c.id),
  );
  return filtered.map(({ suite, cases }) => ({ suite, cases: cases.filter((c) => chosen.has(c.id)) }));
}

export async function runSuites(options: RunOptions): Promise<RunOutcome> {
  const resumed: JournalContents | undefined = options.resume ? await readJournal(options.resume) : undefined;
  const run = resumed ? resumed.start.invocation : invocationOf(options);
  const registry = options.registry ?? defaultRegistry;
  const suites = applySuiteDefaults(
    await loadSuiteFiles(run.suites, {
      catalog: registry,
      ...(run.maxCases ? { maxCases: run.maxCases } : {}),
    }),
    run,
  );
  const everyCase = suites.flatMap((s) => s.cases);
  checkFilter(everyCase, run);
  const selected = selectAll(suites, run);
  const total = selected.reduce((n, s) => n + s.cases.length, 0);
  // A shard may be left empty (fewer cases than shards): it still writes its run folder, so the
  // shard set stays complete for `seedsnap merge`. Filters that match nothing at all are a mistake.
  if (total === 0 && !(run.shard && selectAll(suites, { ...run, shard: undefined }).some((s) => s.cases.length))) {
    throw noCaseError(everyCase);
  }
  const env = options.env ?? process.env;
  const listeners = options.listeners ?? [];
  if (options.maxCost !== undefined && !resumed)
    checkCost(planSuites(suites, registry, run), options.maxCost, listeners);
  // Create every provider before sending anything: missing credentials stop the run here, exit 2.
  const providers = new Map<LoadedSuite, ImageProvider>();
  for (const { suite } of selected) providers.set(suite, registry.create(suite.provider, env));
  const redactor = new Redactor([...providers.values()].flatMap((p) => p.secrets?.() ?? []));
  const limiters = rateLimiters(suites);

  const now = options.now ?? (() => new Date());
  const startedAt = resumed ? new Date(resumed.start.startedAt) : now();
  const started = performance.now();
  const label = suites.length === 1 && suites[0] ? suites[0].name : 'multi';
  const folder = await startFolder(options, label, startedAt);
  const store = new BaselineStore(run.baselinesDir, run.variant ? { variant: run.variant } : {});
  const policy: VerdictPolicy = { ci: run.ci, update: run.update };
  for (const { suite } of selected) {
    for (const warning of suite.warnings) emit(listeners, 'onWarning', formatProblem(warning, { severity: 'warning' }));
    for (const warning of registry.get(suite.provider.name)?.warnings?.(suite.provider, env) ?? []) {
      emit(listeners, 'onWarning', `${suite.name}: ${warning}`);
    }
  }
  emit(listeners, 'onRunStart', { runId: folder.runId, runDir: folder.dir, total, suites: suites.map((s) => s.name) });
  // A run that cannot even journal would lose everything it paid for: stop before the first request.
  await folder
    .journal(
      resumed
        ? { type: 'resume', at: now().toISOString(), done: resumed.results.size }
        : {
            type: 'run',
            runId: folder.runId,
            startedAt: startedAt.toISOString(),
            total,
            version: VERSION,
            invocation: run,
          },
    )
    .catch(async (error: unknown) => {
      throw (await runFolderError(error, { runDir: folder.dir, next: 'run again; nothing was generated' })) ?? error;
    });

  const abort = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, abort.signal]) : abort.signal;
  let authFailure: ProviderError | undefined;
  const wanted = new Set(selected.flatMap(({ cases }) => cases.map((c) => c.id)));
  // A resumed run keeps what its journal recorded and generates only the rest.
  const results = new Map<string, CaseResult>([...(resumed?.results ?? [])].filter(([id]) => wanted.has(id)));
  let failing = [...results.values()].filter((r) => r.failing).length;
  const { maxFailures } = options;
  // --max-failures: once reached, no further case starts; the ones already sending finish.
  const stopped = () => maxFailures !== undefined && failing >= maxFailures;
  // The one comparator of the run: every image, repetition and sweep cell is compared on its workers.
  const comparator = new ComparePool();
  let sweeps: SweepResult[] = [];
  try {
    for (const { suite, cases } of selected) {
      const provider = providers.get(suite);
      if (!provider || signal.aborted || stopped()) break;
      const ctx = caseContext(
        suite,
        provider,
        store,
        folder,
        policy,
        signal,
        options,
        run,
        redactor,
        comparator,
        (error) => {
          authFailure ??= error;
          abort.abort(error);
        },
      );
      ctx.onWait = (wait) => emit(listeners, 'onWait', wait);
      const limiter = limiters.get(endpointKey(suite));
      if (limiter) ctx.limiter = limiter;
      const concurrency = run.concurrency ?? suite.concurrency;
      ctx.requestSlots = requestLimiter(concurrency);
      if (maxFailures !== undefined) ctx.mayStart = () => !stopped();
      const todo = cases.filter((c) => !results.has(c.id));
      // Once the run is aborted (interrupt, refused credentials) the cases still queued are not started.
      const task = async (spec: CaseSpec) => (signal.aborted || stopped() ? undefined : processCase(spec, ctx));
      await runPool(todo, task, {
        // Two cases per request slot: while one compares and saves its images, the next is already asking.
        // Requests in flight stay within the concurrency, and images held within twice it.
        concurrency: concurrency * 2,
        onError: (spec, error) => crashedCase(spec, error),
        onResult: async (raw) => {
          if (!raw) return;
          // Counted before recording (which waits on the disk), so --max-failures stops the next case in time.
          if (raw.failing) failing++;
          let result = raw;
          try {
            // Whatever a server echoed, no key reaches the journal, the terminal or the reports.
            result = redactor.deep(raw);
            await folder.journal({ type: 'case', result });
          } catch (error) {
            // A case that cannot be recorded is that case's error, never the run's end.
            result = redactor.deep(await unrecordedCase(result, error));
          }
          results.set(result.id, result);
          if (result.failing && !raw.failing) failing++;
          emit(listeners, 'onCaseResult', result, { done: results.size, total, failing });
        },
      });
    }
    if (!authFailure) {
      const ordered = selected.flatMap(({ cases }) => cases.flatMap((c) => results.get(c.id) ?? []));
      sweeps = await computeSweeps(folder, ordered, { comparator }).catch((error: unknown) => {
        emit(listeners, 'onWarning', `sweep figures were not written: ${redactor.message(String(error))}`);
        return [];
      });
    }
  } finally {
    await comparator.close();
    await Promise.all([...providers.values()].map((p) => p.close?.()));
  }
  if (authFailure) {
    throw new SeedsnapError(
      'PROVIDER_AUTH',
      redactor.message(`the API refused the credentials: ${authFailure.message}`),
      {
        hint: `${authFailure.hint ?? 'check the API key variable (e.g. TOGETHER_API_KEY)'}; the run was stopped so no more requests were spent; then finish the run with  seedsnap run --resume --run ${shown(folder.dir)}`,
      },
    );
  }

  const ordered = selected.flatMap(({ cases }) => cases.flatMap((c) => results.get(c.id) ?? []));
  const interrupted = options.signal?.aborted === true;
  const reason = `--max-failures ${maxFailures} reached`;
  const notRun =
    !interrupted && stopped()
      ? selected.flatMap(({ cases }) => cases.filter((c) => !results.has(c.id)).map((c) => notRunCase(c, reason)))
      : [];
  const runResults = redactor.deep<RunResults>({
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: { name: 'seedsnap', version: VERSION },
    runId: folder.runId,
    startedAt: startedAt.toISOString(),
    finishedAt: now().toISOString(),
    durationMs: resumed ? now().getTime() - startedAt.getTime() : Math.round(performance.now() - started),
    status: ordered.length === total ? 'complete' : notRun.length > 0 ? 'stopped' : 'interrupted',
    options: {
      ci: policy.ci,
      update: policy.update,
      ...(run.concurrency ? { concurrency: run.concurrency } : {}),
      ...(run.grep ? { grep: run.grep } : {}),
      ...(run.grepInvert ? { grepInvert: run.grepInvert } : {}),
      ...(run.models ? { models: run.models } : {}),
      ...(options.lastFailedOf ? { lastFailedOf: options.lastFailedOf } : {}),
      ...(maxFailures !== undefined ? { maxFailures } : {}),
      ...(run.repeat ? { repeat: run.repeat } : {}),
      ...(run.shard ? { shard: run.shard } : {}),
      ...(run.variant ? { variant: run.variant } : {}),
    },
    suites: suites.map((s) => ({
      name: s.name,
      file: path.relative(process.cwd(), path.resolve(s.file)).split(path.sep).join('/'),
      provider: s.provider.name,
      models: s.models.map((m) => m.id),
      cases: s.cases.length,
    })),
    summary: { ...summarize(ordered), ...(notRun.length > 0 ? { notRun: notRun.length } : {}) },
    cases: ordered,
    ...(notRun.length > 0 ? { notRun } : {}),
    orphanBaselines: (await inventoryOf(suites, run.baselinesDir, (m) => emit(listeners, 'onWarning', m))).filter(
      (e) => e.status === 'orphan',
    ).length,
    ...(sweeps.length > 0 ? { sweeps } : {}),
  });
  await folder.flushJournal();
  const reports = await writeRunReports({
    runDir: folder.dir,
    results: runResults,
    names: run.reporters ?? options.reporters ?? DEFAULT_REPORTERS,
    onWarning: (message) => emit(listeners, 'onWarning', message),
  });
  emit(listeners, 'onRunEnd', runResults);
  return { results: runResults, runDir: folder.dir, reports };
}

/** The run folder: the one being resumed, or a new one; a disk that cannot hold it ends the run here (exit 2). */
async function startFolder(options: RunOptions, label: string, startedAt: Date): Promise<RunFolder> {
  if (options.resume !== undefined) return new RunFolder(options.resume);
  const reportsDir = options.reportsDir ?? 'reports';
  try {
    return await createRunFolder(reportsDir, label, startedAt, options.outDir);
  } catch (error) {
    const runDir = path.resolve(options.outDir ?? reportsDir);
    throw (await runFolderError(error, { runDir, next: 'run again; nothing was generated' })) ?? error;
  }
}

function caseContext(
  suite: LoadedSuite,
  provider: ImageProvider,
  store: BaselineStore,
  folder: RunFolder,
  policy: VerdictPolicy,
  signal: AbortSignal,
  options: RunOptions,
  run: RunInvocation,
  redactor: Redactor,
  comparator: ComparePool,
  onAuthFailure: (error: ProviderError) => void,
): CaseContext {
  const providerOptions = suite.provider.options;
  const maxAttempts = typeof providerOptions.max_attempts === 'number' ? providerOptions.max_attempts : undefined;
  const timeout = typeof providerOptions.timeout_ms === 'number' ? providerOptions.timeout_ms : undefined;
  const timeoutMs = timeout ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retry = { ...DEFAULT_RETRY, ...options.retry, ...(maxAttempts ? { maxAttempts } : {}) };
  // A suite that will not wait longer than timeout_ms for an answer will not wait longer for a pause either.
  const maxWait = providerOptions.max_retry_wait_ms;
  retry.maxRetryWaitMs = typeof maxWait === 'number' ? maxWait : Math.min(retry.maxRetryWaitMs, timeoutMs);
  return {
    provider,
    store,
    folder,
    policy,
    signal,
    retry,
    timeoutMs,
    onAuthFailure,
    redactor,
    comparator,
    ...(run.repeat ? { repeat: run.repeat } : {}),
    ...(run.maxMegapixels ? { maxMegapixels: run.maxMegapixels } : {}),
  };
}
