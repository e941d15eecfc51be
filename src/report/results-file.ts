/**
 * results.json: written atomically, read back checked against its schema (and version). Changed under a lock
 * by results-update.ts, apart so that what only reads a run (compare, merge) loads no lock.
 */
import path from 'node:path';
import { SWEEP_TOLERANCE } from '../compare/tolerance.js';
import { SeedsnapError } from '../types/errors.js';
import { RESULTS_SCHEMA_VERSION, type RunResults, type RunResultsSource } from '../types/index.js';
import { writeFileAtomic } from '../util/atomic.js';
import { batched, jsonPieces } from '../util/json-pieces.js';
import { RESULTS_FILE, readResultsJson } from './results-json.js';
import { firstIssue, RunResultsSchema } from './results-schema.js';

export async function writeResults(runDir: string, results: RunResultsSource): Promise<string> {
  const file = path.join(runDir, RESULTS_FILE);
  // In pieces, case by case: the whole file as one string was the peak of a 10,000-case run's memory.
  await writeFileAtomic(file, { pieces: batched(withNewline(jsonPieces(results, 'cases', { indent: true }))) });
  return file;
}

export async function readResults(runDir: string): Promise<RunResults> {
  return parseResults(await readResultsJson(runDir), path.join(runDir, RESULTS_FILE));
}

/**
 * A results.json value, checked against the schema of the version it says it is. Version 1 (seedsnap 0.1) is
 * read in today's shape; any other version is refused, naming both.
 */
export function parseResults(value: unknown, file: string): RunResults {
  const version =
    value !== null && typeof value === 'object' ? (value as { schemaVersion?: unknown }).schemaVersion : undefined;
  if (version !== 1 && version !== RESULTS_SCHEMA_VERSION) {
    throw new SeedsnapError(
      'RESULTS_VERSION',
      `${file} has schemaVersion ${JSON.stringify(version) ?? 'none'}; this seedsnap reads ${RESULTS_SCHEMA_VERSION} and 1`,
      { hint: 'use the seedsnap version that wrote the run, or run the suite again' },
    );
  }
  const parsed = RunResultsSchema.safeParse(version === 1 ? fromVersion1(value as Record<string, unknown>) : value);
  if (!parsed.success) {
    throw new SeedsnapError('RESULTS_INVALID', `${file} is not a seedsnap results file: ${firstIssue(parsed.error)}`, {
      hint: 'the run folder is damaged or was edited; run the suite again (seedsnap report redraws a run from a good results.json)',
    });
  }
  return parsed.data;
}

/**
 * A version 1 results.json in today's shape. Its images carry figures but no gates (nothing recorded what
 * judged them, and views never judge again: they show the figures without gate outcomes); its sweeps were
 * judged by what is now the named tolerance `sweep-close`. Written back (by approve or review) as version 2.
 */
function fromVersion1(results: Record<string, unknown>): Record<string, unknown> {
  const sweeps = Array.isArray(results.sweeps) ? results.sweeps : undefined;
  return {
    ...results,
    schemaVersion: RESULTS_SCHEMA_VERSION,
    ...(sweeps
      ? { sweeps: sweeps.map((s: unknown) => ({ ...(s as object), tolerance: { ...SWEEP_TOLERANCE } })) }
      : {}),
  };
}

function* withNewline(pieces: Iterable<string>): Generator<string> {
  yield* pieces;
  yield '\n';
}
