/**
 * results.json read and parsed as JSON, not yet checked against its schema (results-file.ts checks it). Apart
 * from the schema so that a reader can start on a run before loading the schema library: `seedsnap compare`
 * sends its first pairs to the compare workers meanwhile (compare-runs.ts).
 */
import path from 'node:path';
import { SeedsnapError } from '../types/errors.js';
import { readFileInside } from '../util/safe-path.js';

export const RESULTS_FILE = 'results.json';

export async function readResultsJson(runDir: string): Promise<unknown> {
  let text: string;
  try {
    // Never through a symlink out of the run folder: a run folder may be a downloaded CI artifact.
    const bytes = await readFileInside(runDir, RESULTS_FILE);
    text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  } catch (error) {
    if (error instanceof SeedsnapError) throw error;
    throw new SeedsnapError('RUN_NOT_FOUND', `no results.json in ${runDir}`, {
      hint: 'pass the folder of a finished run, e.g. reports/<run-id>; seedsnap run writes one',
    });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new SeedsnapError('RESULTS_INVALID', `${path.join(runDir, RESULTS_FILE)} is not valid JSON`, {
      hint: 'the run folder is damaged; run the suite again',
    });
  }
}
