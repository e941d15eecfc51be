/**
 * Running the chosen cases: suite after suite, each with its request slots, two cases per slot in flight (while
 * one compares and saves its images, the next is already asking), every result redacted and journaled as it
 * arrives. Refused credentials stop the whole run; --max-failures stops starting cases; an interrupt stops
 * both. The sweep figures are measured on the run's comparator before it closes. Each case is held small
 * once journaled (case-log.ts): the reports read it back from the journal.
 */
import type { BaselineStore } from '../baselines/store.js';
import { ComparePool } from '../compare/compare-pool.js';
import { computeSweeps } from '../compare/sweeps.js';
import type { ProviderError } from '../types/errors.js';
import type { CaseResult, CaseSpec, RunListener, RunSettings, SweepResult } from '../types/index.js';
import { processCase } from './case.js';
import { caseContext, concurrencyOf } from './case-context.js';
import { crashedCase, unrecordedCase } from './case-failures.js';
import { CaseLog } from './case-log.js';
import { emit } from './listeners.js';
import type { RunOptions } from './options.js';
import { eachInPool } from './pool.js';
import { endpointKey, rateLimiters } from './rate-limit.js';
import type { JournalSpan, RunFolder } from './run-folder.js';
import type { LiveProviders, RunSelection } from './run-setup.js';

export interface CaseRun {
  settings: RunSettings;
  options: RunOptions;
  selection: RunSelection;
  live: LiveProviders;
  store: BaselineStore;
  folder: RunFolder;
  /** The run's listeners, already guarded (listeners.ts): one that throws cannot stop the cases. */
  listeners: readonly RunListener[];
  /** Results a resumed run's journal already holds: they are kept, not generated again. */
  done: ReadonlyMap<string, CaseResult>;
}

export interface CasesOutcome {
  /** Every case that finished (and every one a resumed run's journal held), each read back when gone through. */
  results: CaseLog;
  /** Set when the API refused the credentials: the run stopped sending at once. */
  authFailure?: ProviderError;
  /** --max-failures was reached: no case started after it. */
  maxFailuresReached: boolean;
  sweeps: SweepResult[];
}

export async function runCases(run: CaseRun): Promise<CasesOutcome> {
  const { settings, options, selection, live, folder, listeners } = run;
  const abort = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, abort.signal]) : abort.signal;
  const wanted = new Set(selection.selected.flatMap(({ cases }) => cases.map((c) => c.id)));
  const results = new CaseLog(folder.journalPath);
  // A resumed run's cases are held whole as its journal gave them; new ones are read back from the journal.
  for (const [id, result] of run.done) if (wanted.has(id)) results.add(result);
  let authFailure: ProviderError | undefined;
  let failing = results.failing;
  const { maxFailures } = settings;
  // --max-failures: once reached, no further case starts; the ones already sending finish.
  const stopped = () => maxFailures !== undefined && failing >= maxFailures;
  const limiters = rateLimiters(selection.suites);
  // The one comparator of the run: every image, repetition and sweep cell is compared on its workers.
  const comparator = new ComparePool();
  let sweeps: SweepResult[] = [];
  try {
    for (const { suite, cases } of selection.selected) {
      const provider = live.providers.get(suite);
      if (!provider || signal.aborted || stopped()) break;
      const limiter = limiters.get(endpointKey(suite));
      const ctx = caseContext({
        suite,
        provider,
        settings,
        options,
        store: run.store,
        folder,
        comparator,
        redactor: live.redactor,
        signal,
        ...(limiter ? { limiter } : {}),
        onAuthFailure: (error) => {
          authFailure ??= error;
          abort.abort(error);
        },
        onWait: (wait) => emit(listeners, 'onWait', wait),
        ...(maxFailures !== undefined ? { mayStart: () => !stopped() } : {}),
      });
      const todo = cases.filter((c) => !results.has(c.id));
      // Once the run is aborted (interrupt, refused credentials) the cases still queued are not started.
      const task = async (spec: CaseSpec) => (signal.aborted || stopped() ? undefined : processCase(spec, ctx));
      await eachInPool(todo, task, {
        // Two cases per request slot: requests in flight stay within the concurrency, images held within twice it.
        concurrency: concurrencyOf(suite, settings) * 2,
        onError: (spec, error) => crashedCase(spec, error),
        onResult: async (raw) => {
          if (!raw) return;
          // Counted before recording (which waits on the disk), so --max-failures stops the next case in time.
          if (raw.failing) failing++;
          let result = raw;
          let span: JournalSpan | undefined;
          try {
            // Whatever a server echoed, no key reaches the journal, the terminal or the reports.
            // Copied only when it holds one: a copy of every case was garbage the heap grew for.
            result = live.redactor.holdsSecret(raw) ? live.redactor.deep(raw) : raw;
            span = await folder.journal({ type: 'case', result });
          } catch (error) {
            // A case that cannot be recorded is that case's error, never the run's end (held whole).
            result = live.redactor.deep(await unrecordedCase(result, error));
          }
          results.add(result, span);
          if (result.failing && !raw.failing) failing++;
          emit(listeners, 'onCaseResult', result, { done: results.size, total: selection.total, failing });
        },
      });
    }
    if (!authFailure) {
      // Only the sweep cells are read back: the rest of the cases play no part in the sweep figures.
      const ordered = selection.selected.flatMap(({ cases }) =>
        cases.flatMap((c) => (results.has(c.id) ? [c.id] : [])),
      );
      const cells = async () => [...results.read(results.sweepCells(ordered))];
      sweeps = await cells()
        .then((read) => computeSweeps(folder, read, { comparator }))
        .catch((error: unknown) => {
          emit(listeners, 'onWarning', `sweep figures were not written: ${live.redactor.message(String(error))}`);
          return [];
        });
    }
  } finally {
    await comparator.close();
    await Promise.all([...live.providers.values()].map((p) => p.close?.()));
  }
  return { results, ...(authFailure ? { authFailure } : {}), maxFailuresReached: stopped(), sweeps };
}
