/**
 * Reading a run's journal (journal.jsonl): the invocation it was started with
 * and every case result recorded before it stopped. A crash can leave the last
 * line half-written; it is ignored, and that case simply runs again. So is a case
 * whose result says it was `stopped` (by refused credentials or a full disk).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProviderDefaults } from '../suite/config-schema.js';
import { SeedsnapError } from '../types/errors.js';
import type { CaseResult, UpdateMode } from '../types/index.js';
import { JOURNAL_FILE } from './run-folder.js';
import type { Shard } from './select.js';

/** What `seedsnap run` was asked to do, recorded so `--resume` can finish the same run. */
export interface RunInvocation {
  suites: string[];
  baselinesDir: string;
  ci: boolean;
  update: UpdateMode;
  grep?: string | string[];
  grepInvert?: string | string[];
  models?: string[];
  /** Only these case ids (--last-failed). */
  ids?: string[];
  concurrency?: number;
  repeat?: number;
  shard?: Shard;
  variant?: string;
  reporters?: string[];
  maxMegapixels?: number;
  maxCases?: number;
  /** From the project config: concurrency for suites that set none. */
  defaultConcurrency?: number;
  /** From the project config: provider keys for suites that do not set them. */
  providerDefaults?: Record<string, ProviderDefaults>;
}

export interface RunStartEntry {
  type: 'run';
  runId: string;
  startedAt: string;
  total: number;
  version: string;
  invocation: RunInvocation;
}

export interface JournalContents {
  start: RunStartEntry;
  results: Map<string, CaseResult>;
}

export async function readJournal(runDir: string): Promise<JournalContents> {
  const file = path.join(runDir, JOURNAL_FILE);
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) {
    throw new SeedsnapError('RUN_NOT_FOUND', `no journal.jsonl in ${runDir}: nothing to resume`, {
      hint: 'pass the folder of a run that was interrupted, e.g. --run reports/<run-id>',
    });
  }
  let start: RunStartEntry | undefined;
  const results = new Map<string, CaseResult>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let entry: { type?: string; result?: CaseResult };
    try {
      entry = JSON.parse(line) as { type?: string; result?: CaseResult };
    } catch {
      continue;
    }
    if (entry.type === 'run') start = entry as RunStartEntry;
    else if (entry.type === 'case' && entry.result) {
      // A case the run was stopped for (refused key, full disk) is not done: resume makes it again.
      if (entry.result.stopped) results.delete(entry.result.id);
      else results.set(entry.result.id, entry.result);
    }
  }
  if (!start?.invocation) {
    throw new SeedsnapError('RUN_NOT_FOUND', `${file} does not say how the run was started`, {
      hint: 'only runs started by this seedsnap version can be resumed; start the run again',
    });
  }
  return { start, results };
}
