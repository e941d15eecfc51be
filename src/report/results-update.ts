/** A finished run's results.json changed under the run folder's lock (approve, review, report). */
import path from 'node:path';
import { withLock } from '../baselines/lock.js';
import { sweepStale } from '../baselines/recover.js';
import type { RunResults } from '../types/index.js';
import { readResults } from './results-file.js';
import { RESULTS_FILE } from './results-json.js';

/** The lock beside results.json that every read-modify-write of a finished run holds. */
export const RESULTS_LOCK = `${RESULTS_FILE}.lock`;

/**
 * Read results.json, let `change` update it (and write it back), all under the run folder's lock:
 * `seedsnap approve` and a `seedsnap review` page on the same run each see the other's decisions
 * instead of writing back a copy read before them. The lock of a killed process is broken at once.
 */
export async function updateResults<T>(runDir: string, change: (results: RunResults) => Promise<T>): Promise<T> {
  // Temporaries and a lock a killed approve or report left beside results.json.
  await sweepStale(runDir, { recursive: false });
  return withLock(path.join(runDir, RESULTS_LOCK), async () => change(await readResults(runDir)), {
    what: 'run folder',
    // Approving a large run takes a while; the owner keeps its lock fresh, so waiting long is safe.
    timeoutMs: 10 * 60_000,
    hint: 'another seedsnap (approve, review or report) is changing this run; wait for it to finish',
  });
}
