/**
 * Review decisions on a finished run. Approving goes through approveRun (the
 * same code as `seedsnap approve`); rejecting only records the decision in
 * results.json (`review: { decision: 'rejected', at }`) — the verdict stays, so
 * a rejected failure still fails CI, and the reports say who looked at it.
 */

import { DEFAULT_REPORTERS, writeReports } from '../report/reporters.js';
import { updateResults } from '../report/results-update.js';
import { SeedsnapError } from '../types/errors.js';
import type { RunResults } from '../types/index.js';
import { type ApproveOutcome, approveRun } from './approve.js';

export interface DecisionOptions {
  runDir: string;
  /** Exact case ids. */
  ids: readonly string[];
  note?: string;
  reporters?: readonly string[];
  now?: () => Date;
}

export function rejectCases(options: DecisionOptions): Promise<RunResults> {
  return updateResults(options.runDir, (results) => reject(results, options));
}

async function reject(results: RunResults, options: DecisionOptions): Promise<RunResults> {
  const wanted = new Set(options.ids);
  const at = (options.now?.() ?? new Date()).toISOString();
  let found = 0;
  for (const c of results.cases) {
    if (!wanted.has(c.id)) continue;
    c.review = { decision: 'rejected', at, ...(options.note ? { note: options.note } : {}) };
    found++;
  }
  if (found === 0) {
    throw new SeedsnapError('REVIEW_NO_MATCH', `no case in ${results.runId} has the id ${options.ids.join(', ')}`, {
      hint: 'reload the review page: the run may have been replaced',
    });
  }
  await writeReports(options.runDir, results, options.reporters ?? DEFAULT_REPORTERS);
  return results;
}

export interface ApproveRequest {
  runDir: string;
  baselinesDir?: string;
  /** Exact case ids; none approves every failing or new image, as `seedsnap approve` without patterns. */
  ids?: readonly string[];
  now?: () => Date;
}

export function approveCases(request: ApproveRequest): Promise<ApproveOutcome> {
  return approveRun({
    runDir: request.runDir,
    ...(request.ids && request.ids.length > 0 ? { ids: request.ids } : {}),
    ...(request.baselinesDir ? { baselinesDir: request.baselinesDir } : {}),
    ...(request.now ? { now: request.now } : {}),
  });
}
