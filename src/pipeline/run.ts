/**
 * `seedsnap run` as a library call: load and validate every suite (nothing is
 * sent if any is wrong), create the providers (credentials are checked before
 * any request), then run each suite's cases with its concurrency, journaling
 * results as they arrive, and write results.json and the reports at the end.
 */
import path from 'node:path';
import { BaselineStore } from '../baselines/store.js';
import { formatProblem, type ProviderError, SeedsnapError, UsageError } from '../errors.js';
import { defaultRegistry, type ProviderRegistry } from '../providers/registry.js';
import { writeReports } from '../report/reporters.js';
import { runPool } from '../runner/pool.js';
import { DEFAULT_RETRY, type RetryPolicy } from '../runner/retry.js';
import { type LoadedSuite, loadSuiteFiles } from '../suite/load.js';
import {
  type CaseResult,
  type CaseSpec,
  type ImageProvider,
  RESULTS_SCHEMA_VERSION,
  type RunListener,
  type RunResults,
  type UpdateMode,
} from '../types.js';
import { VERSION } from '../version.js';
import { type CaseContext, describeError, processCase } from './case.js';
import { createRunFolder, type RunFolder } from './run-folder.js';
import { selectCases } from './select.js';
import { computeSweeps } from './sweeps.js';
import { summarize, type VerdictPolicy } from './verdict.js';

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
  /** Only cases whose id or prompt matches (a regular expression, or plain text). */
  grep?: string;
  /** Only these models (ids or labels). */
  models?: readonly string[];
  /** Override every suite's concurrency. */
  concurrency?: number;
  reporters?: readonly string[];
  listeners?: readonly RunListener[];
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  retry?: Partial<RetryPolicy>;
  /** Per-request timeout, ms (default 120 s; a suite's provider.timeout_ms wins). */
  timeoutMs?: number;
  now?: () => Date;
}

export interface RunOutcome {
  results: RunResults;
  runDir: string;
  reports: Record<string, string>;
}

const DEFAULT_TIMEOUT_MS = 120_000;

export async function runSuites(options: RunOptions): Promise<RunOutcome> {
  const registry = options.registry ?? defaultRegistry;
  const suites = await loadSuiteFiles(options.suites, { catalog: registry });
  const selected = suites.map((suite) => ({ suite, cases: selectCases(suite.cases, options) }));
  const total = selected.reduce((n, s) => n + s.cases.length, 0);
  if (total === 0) {
    throw new UsageError(
      'no case matches the filters',
      'check --grep and --model against the suite (seedsnap run --dry-run lists the cases)',
    );
  }
  // Create every provider before sending anything: missing credentials stop the run here, exit 2.
  const providers = new Map<LoadedSuite, ImageProvider>();
  for (const { suite } of selected) providers.set(suite, registry.create(suite.provider, options.env ?? process.env));

  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const started = performance.now();
  const label = suites.length === 1 && suites[0] ? suites[0].name : 'multi';
  const folder = await createRunFolder(options.reportsDir ?? 'reports', label, startedAt, options.outDir);
  const store = new BaselineStore(options.baselinesDir ?? 'baselines');
  const policy: VerdictPolicy = { ci: options.ci ?? false, update: options.update ?? 'none' };
  const listeners = options.listeners ?? [];
  for (const { suite } of selected)
    for (const warning of suite.warnings) emit(listeners, 'onWarning', formatProblem(warning));
  emit(listeners, 'onRunStart', { runId: folder.runId, runDir: folder.dir, total, suites: suites.map((s) => s.name) });
  await folder.journal({
    type: 'run',
    runId: folder.runId,
    startedAt: startedAt.toISOString(),
    total,
    version: VERSION,
  });

  const abort = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, abort.signal]) : abort.signal;
  let authFailure: ProviderError | undefined;
  const results = new Map<string, CaseResult>();
  let failing = 0;
  try {
    for (const { suite, cases } of selected) {
      const provider = providers.get(suite);
      if (!provider || signal.aborted) break;
      const ctx = caseContext(suite, provider, store, folder, policy, signal, options, (error) => {
        authFailure ??= error;
        abort.abort(error);
      });
      // Once the run is aborted (interrupt, refused credentials) the cases still queued are not started.
      const task = async (spec: CaseSpec) => (signal.aborted ? undefined : processCase(spec, ctx));
      await runPool(cases, task, {
        concurrency: options.concurrency ?? suite.concurrency,
        onError: (spec, error) => crashedCase(spec, error),
        onResult: async (result) => {
          if (!result) return;
          results.set(result.id, result);
          if (result.failing) failing++;
          await folder.journal({ type: 'case', result });
          emit(listeners, 'onCaseResult', result, { done: results.size, total, failing });
        },
      });
    }
  } finally {
    await Promise.all([...providers.values()].map((p) => p.close?.()));
  }
  if (authFailure) {
    throw new SeedsnapError('PROVIDER_AUTH', `the API refused the credentials: ${authFailure.message}`, {
      hint: 'check the API key variable (e.g. TOGETHER_API_KEY); the run was stopped so no more requests were spent',
    });
  }

  const ordered = selected.flatMap(({ cases }) => cases.flatMap((c) => results.get(c.id) ?? []));
  const interrupted = ordered.length < total;
  const sweeps = await computeSweeps(folder, ordered);
  const runResults: RunResults = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: { name: 'seedsnap', version: VERSION },
    runId: folder.runId,
    startedAt: startedAt.toISOString(),
    finishedAt: now().toISOString(),
    durationMs: Math.round(performance.now() - started),
    status: interrupted ? 'interrupted' : 'complete',
    options: {
      ci: policy.ci,
      update: policy.update,
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...(options.grep ? { grep: options.grep } : {}),
      ...(options.models ? { models: [...options.models] } : {}),
    },
    suites: suites.map((s) => ({
      name: s.name,
      file: path.relative(process.cwd(), path.resolve(s.file)).split(path.sep).join('/'),
      provider: s.provider.name,
      models: s.models.map((m) => m.id),
      cases: s.cases.length,
    })),
    summary: summarize(ordered),
    cases: ordered,
    ...(sweeps.length > 0 ? { sweeps } : {}),
  };
  await folder.flushJournal();
  const reports = await writeReports(
    folder.dir,
    runResults,
    options.reporters ?? ['html', 'json', 'junit', 'markdown'],
  );
  emit(listeners, 'onRunEnd', runResults);
  return { results: runResults, runDir: folder.dir, reports };
}

function caseContext(
  suite: LoadedSuite,
  provider: ImageProvider,
  store: BaselineStore,
  folder: RunFolder,
  policy: VerdictPolicy,
  signal: AbortSignal,
  options: RunOptions,
  onAuthFailure: (error: ProviderError) => void,
): CaseContext {
  const providerOptions = suite.provider.options;
  const maxAttempts = typeof providerOptions.max_attempts === 'number' ? providerOptions.max_attempts : undefined;
  const timeout = typeof providerOptions.timeout_ms === 'number' ? providerOptions.timeout_ms : undefined;
  return {
    provider,
    store,
    folder,
    policy,
    signal,
    retry: { ...DEFAULT_RETRY, ...options.retry, ...(maxAttempts ? { maxAttempts } : {}) },
    timeoutMs: timeout ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    onAuthFailure,
  };
}

/** A case whose processing threw (a bug or a disk error) still gets a verdict, so the run goes on. */
function crashedCase(spec: CaseSpec, error: unknown): CaseResult {
  return {
    id: spec.id,
    suite: spec.suite,
    case: spec.caseId,
    model: spec.model,
    modelLabel: spec.modelLabel,
    seed: spec.seed,
    ...(spec.sweep ? { sweep: spec.sweep } : {}),
    provider: spec.provider.name,
    request: spec.request,
    fingerprint: spec.fingerprint,
    expect: spec.expect,
    verdict: 'error',
    failing: true,
    reason: `internal error: ${describeError(error)}`,
    images: [],
    attempts: 0,
    durationMs: 0,
  };
}

function emit<K extends keyof RunListener>(
  listeners: readonly RunListener[],
  hook: K,
  ...args: Parameters<NonNullable<RunListener[K]>>
): void {
  for (const listener of listeners) {
    const fn = listener[hook] as ((...a: typeof args) => void) | undefined;
    fn?.apply(listener, args);
  }
}
