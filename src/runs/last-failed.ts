/**
 * `seedsnap run --last-failed`: which cases to run again, read from the newest run (as Playwright reads
 * its last run): the ones that failed, and the ones that did not run because --max-failures stopped it.
 */
import path from 'node:path';
import { readResults } from '../report/results-file.js';
import { readJournal } from '../runner/journal.js';
import { resolveRunDir } from './find.js';

export interface LastFailed {
  runId: string;
  runDir: string;
  /** Case ids to run again; empty when the newest run had nothing failing. */
  ids: string[];
  /** The suites that run used, to run again when none are named. */
  suites: string[];
}

export async function lastFailed(options: { reportsDir?: string; run?: string } = {}): Promise<LastFailed> {
  const runDir = await resolveRunDir(options.run, options.reportsDir);
  const results = await readResults(runDir);
  const ids = [...results.cases.filter((c) => c.failing).map((c) => c.id), ...(results.notRun ?? []).map((c) => c.id)];
  // The journal holds the suites as absolute paths; a merged run has none, and its results name them
  // relative to the folder the run was started from.
  const journal = await readJournal(runDir).catch(() => undefined);
  const suites = [...(journal?.start.invocation.suites ?? results.suites.map((s) => path.resolve(s.file)))];
  return { runId: results.runId, runDir, ids, suites };
}
