/**
 * Reading a run's journal (journal.jsonl): the settings it was started with and every case result recorded
 * before it stopped, each line checked against its schema. A crash can leave the last line half-written; it
 * is ignored, and that case simply runs again — as does a case line that is not a case result (told as a
 * warning), and a case whose result says it was `stopped` (by refused credentials or a full disk). A start
 * line that does not say how the run was started is an error: nothing can be resumed from it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CaseResultSchema, firstIssue } from '../report/results-schema.js';
import { SeedsnapError } from '../types/errors.js';
import type { CaseResult, RunSettings } from '../types/index.js';
import { RunSettingsSchema } from './options.js';
import { JOURNAL_FILE } from './run-folder.js';

export interface RunStartEntry {
  type: 'run';
  runId: string;
  startedAt: string;
  total: number;
  version: string;
  /** What `seedsnap run` was asked to do, so `--resume` can finish the same run. */
  invocation: RunSettings;
}

const StartSchema = z.looseObject({
  type: z.literal('run'),
  runId: z.string(),
  startedAt: z.string(),
  total: z.number(),
  version: z.string(),
  invocation: RunSettingsSchema,
});

const CaseLineSchema = z.looseObject({ type: z.literal('case'), result: CaseResultSchema });

export interface JournalContents {
  start: RunStartEntry;
  results: Map<string, CaseResult>;
  /** Lines that were JSON but no case result, in words, for a warning: their cases run again. */
  skipped: string[];
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
  const skipped: string[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      continue; // half-written by a crash: that case runs again
    }
    const type = entry !== null && typeof entry === 'object' ? (entry as { type?: unknown }).type : undefined;
    if (type === 'run') {
      const parsed = StartSchema.safeParse(entry);
      if (!parsed.success) {
        throw new SeedsnapError(
          'JOURNAL_INVALID',
          `${file} line ${index + 1} does not say how the run was started: ${firstIssue(parsed.error)}`,
          { hint: 'the journal was damaged or edited; start the run again' },
        );
      }
      start = parsed.data;
    } else if (type === 'case') {
      const parsed = CaseLineSchema.safeParse(entry);
      if (!parsed.success) {
        skipped.push(
          `${file} line ${index + 1} is not a case result (${firstIssue(parsed.error)}); that case runs again`,
        );
        continue;
      }
      const result = parsed.data.result;
      // A case the run was stopped for (refused key, full disk) is not done: resume makes it again.
      if (result.stopped) results.delete(result.id);
      else results.set(result.id, result);
    }
  }
  if (!start) {
    throw new SeedsnapError('RUN_NOT_FOUND', `${file} does not say how the run was started`, {
      hint: 'only runs started by this seedsnap version can be resumed; start the run again',
    });
  }
  return { start, results, skipped };
}
