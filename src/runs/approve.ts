/**
 * `seedsnap approve`: promote a finished run's actual images to baselines,
 * without generating anything. By default every image that is not fine
 * (fail, stale, new, error with an image); with patterns, only the cases whose
 * id matches. The run's results and reports are updated to show the new state.
 */
import path from 'node:path';
import { type ApprovedImage, approveCase } from '../baselines/approve.js';
import { BaselineStore } from '../baselines/store.js';
import { isFailing, summarize } from '../compare/verdict.js';
import { DEFAULT_REPORTERS, writeReports } from '../report/reporters.js';
import { updateResults } from '../report/results-update.js';
import { RunFolder } from '../runner/run-folder.js';
import { DEFAULT_BASELINES_DIR } from '../suite/project.js';
import { SeedsnapError } from '../types/errors.js';
import type { CaseResult, RunResults } from '../types/index.js';

export interface ApproveOptions {
  runDir: string;
  /** Case id patterns: `*` matches anything (slashes too); without `*`, a substring. None: all not-fine images. */
  patterns?: readonly string[];
  /** Exact case ids (as `seedsnap review` sends them); combined with patterns, a case matching either is picked. */
  ids?: readonly string[];
  baselinesDir?: string;
  reporters?: readonly string[];
  now?: () => Date;
}

export interface ApproveOutcome {
  approved: ApprovedImage[];
  /** Picked cases that were not approved, and why. */
  refused: { caseId: string; reason: string }[];
  results: RunResults;
}

export function idPattern(pattern: string): (id: string) => boolean {
  if (!pattern.includes('*')) return (id) => id.includes(pattern);
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  const regex = new RegExp(`^${escaped.join('.*')}$`);
  return (id) => regex.test(id);
}

export function approveRun(options: ApproveOptions): Promise<ApproveOutcome> {
  // Under the run folder's lock from reading results.json to writing it back: a review page or
  // another approve of this run waits, then sees these approvals.
  return updateResults(path.resolve(options.runDir), (results) => approveIn(results, options));
}

async function approveIn(results: RunResults, options: ApproveOptions): Promise<ApproveOutcome> {
  const folder = new RunFolder(options.runDir);
  // A run made against a named variant approves into that variant.
  const store = new BaselineStore(options.baselinesDir ?? DEFAULT_BASELINES_DIR, {
    ...(results.options.variant ? { variant: results.options.variant } : {}),
  });
  const patterns = (options.patterns ?? []).map(idPattern);
  const ids = new Set(options.ids ?? []);
  const explicit = patterns.length > 0 || ids.size > 0;
  const picked = (c: CaseResult) => (!explicit ? c.verdict !== 'pass' : ids.has(c.id) || patterns.some((p) => p(c.id)));
  if (explicit && !results.cases.some(picked)) {
    const asked = [...(options.patterns ?? []), ...ids].join(', ');
    throw new SeedsnapError('APPROVE_NO_MATCH', `no case in ${results.runId} matches ${asked}`, {
      hint: 'patterns match case ids, e.g. "quickstart/red-fox/*" or a part of an id',
    });
  }
  const approved: ApprovedImage[] = [];
  const refused: ApproveOutcome['refused'] = [];
  const now = options.now?.() ?? new Date();
  for (const result of results.cases) {
    // A case that should have been refused has no image worth keeping.
    if (!picked(result) || result.expect === 'blocked') continue;
    const outcome = await approveCase({ result, store, runDir: folder.dir, runId: results.runId, all: explicit, now });
    approved.push(...outcome.approved);
    if (outcome.refused) refused.push({ caseId: result.id, reason: outcome.refused });
    result.failing = isFailing(result.verdict, result.images, result.expect);
  }
  results.summary = summarize(results.cases);
  await writeReports(folder.dir, results, options.reporters ?? DEFAULT_REPORTERS);
  return { approved, refused, results };
}
