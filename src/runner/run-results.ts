/**
 * The end of a run: its results.json (the single source every report is drawn from), then the reports.
 * results.json is written first: without it the run's answer is lost, so a failure there is one line, exit 2.
 * Every other report can be rebuilt from it later, so a failure there is a warning and the run's answer stands.
 */
import path from 'node:path';
import { orphansOf } from '../baselines/housekeeping.js';
import { FILE_REPORTERS } from '../report/reporters.js';
import {
  RECORDED_SETTINGS,
  RESULTS_SCHEMA_VERSION,
  type RunListener,
  type RunOptionsRecord,
  type RunResultsSource,
  type RunSettings,
} from '../types/index.js';
import { VERSION } from '../util/version.js';
import { isSystemError, runFolderError, shown, WriteFailure } from './disk.js';
import { emit } from './listeners.js';
import type { CasesOutcome } from './run-cases.js';
import type { RunFolder } from './run-folder.js';
import type { RunSelection } from './run-setup.js';
import { notRunCase } from './select.js';

/** results.json `options`: the settings that decide which cases ran and how they were judged, only those set. */
export function recordOf(settings: RunSettings): RunOptionsRecord {
  const record: RunOptionsRecord = { ci: settings.ci, update: settings.update };
  for (const key of RECORDED_SETTINGS) {
    if (settings[key] !== undefined) Object.assign(record, { [key]: settings[key] });
  }
  return record;
}

export interface FinishedRun {
  settings: RunSettings;
  selection: RunSelection;
  outcome: CasesOutcome;
  folder: RunFolder;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  /** An interrupt stopped the run (its unfinished cases are for --resume, not "did not run"). */
  interrupted: boolean;
  listeners: readonly RunListener[];
}

/**
 * results.json as the reports are written from it: every field, with the cases in the order of the suites,
 * read back from the journal one at a time each time they are gone through (case-log.ts).
 */
export async function runResults(run: FinishedRun): Promise<RunResultsSource> {
  const { settings, selection, outcome } = run;
  const ordered = selection.selected.flatMap(({ cases }) =>
    cases.flatMap((c) => (outcome.results.has(c.id) ? [c.id] : [])),
  );
  const reason = `--max-failures ${settings.maxFailures} reached`;
  const notRun =
    !run.interrupted && outcome.maxFailuresReached
      ? selection.selected.flatMap(({ cases }) =>
          cases.filter((c) => !outcome.results.has(c.id)).map((c) => notRunCase(c, reason)),
        )
      : [];
  // Names listed, sidecars read only for what no loaded suite produces: at 10,000 baselines, ms not seconds.
  const orphans = await orphansOf(selection.suites, settings.baselinesDir, (m) => emit(run.listeners, 'onWarning', m));
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: { name: 'seedsnap', version: VERSION },
    runId: run.folder.runId,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt.toISOString(),
    durationMs: run.durationMs,
    status: ordered.length === selection.total ? 'complete' : notRun.length > 0 ? 'stopped' : 'interrupted',
    options: recordOf(settings),
    suites: selection.suites.map((s) => ({
      name: s.name,
      file: path.relative(process.cwd(), path.resolve(s.file)).split(path.sep).join('/'),
      provider: s.provider.name,
      models: s.models.map((m) => m.id),
      cases: s.cases.length,
    })),
    summary: { ...outcome.results.summary(), ...(notRun.length > 0 ? { notRun: notRun.length } : {}) },
    cases: outcome.results.read(ordered),
    ...(notRun.length > 0 ? { notRun } : {}),
    orphanBaselines: orphans.length,
    ...(outcome.sweeps.length > 0 ? { sweeps: outcome.sweeps } : {}),
  };
}

export interface RunReportsOptions {
  runDir: string;
  results: RunResultsSource;
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
