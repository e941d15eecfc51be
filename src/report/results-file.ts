/** results.json: written atomically, read back with its schema version checked. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SeedsnapError } from '../errors.js';
import { RESULTS_SCHEMA_VERSION, type RunResults } from '../types.js';
import { writeJsonAtomic } from '../util/atomic.js';

export const RESULTS_FILE = 'results.json';

export async function writeResults(runDir: string, results: RunResults): Promise<string> {
  const file = path.join(runDir, RESULTS_FILE);
  await writeJsonAtomic(file, results);
  return file;
}

export async function readResults(runDir: string): Promise<RunResults> {
  const file = path.join(runDir, RESULTS_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new SeedsnapError('RUN_NOT_FOUND', `no results.json in ${runDir}`, {
      hint: 'pass the folder of a finished run, e.g. reports/<run-id>; seedsnap run writes one',
    });
  }
  let results: RunResults;
  try {
    results = JSON.parse(text) as RunResults;
  } catch {
    throw new SeedsnapError('RESULTS_INVALID', `${file} is not valid JSON`, {
      hint: 'the run folder is damaged; run the suite again',
    });
  }
  if (results.schemaVersion !== RESULTS_SCHEMA_VERSION) {
    throw new SeedsnapError(
      'RESULTS_VERSION',
      `${file} has schemaVersion ${String(results.schemaVersion)}; this seedsnap reads ${RESULTS_SCHEMA_VERSION}`,
      { hint: 'use the seedsnap version that wrote the run, or run the suite again' },
    );
  }
  return results;
}
