/** Verdict rules in one place: which baselines a run writes, what fails CI, how a run is summed up. */
import {
  type CaseResult,
  type ImageResult,
  type RunSummary,
  type UpdateMode,
  VERDICTS,
  type Verdict,
  type VerdictCounts,
} from '../types/index.js';

export interface VerdictPolicy {
  ci: boolean;
  update: UpdateMode;
}

/** Whether a run may write the actual image as the new baseline for this verdict. */
export function mayWriteBaseline(verdict: Verdict, policy: VerdictPolicy): boolean {
  switch (verdict) {
    case 'new':
      // Like Jest snapshots: new baselines are written locally, never silently in CI.
      return policy.update === 'all' || policy.update === 'new' || (!policy.ci && policy.update === 'none');
    case 'fail':
    case 'stale':
    case 'error':
      return policy.update === 'all' || policy.update === 'failed';
    default:
      return false;
  }
}

/** The worst verdict wins (VERDICTS is ordered worst first). */
export function worstVerdict(verdicts: readonly Verdict[]): Verdict {
  let worst = VERDICTS.length - 1;
  for (const v of verdicts) worst = Math.min(worst, VERDICTS.indexOf(v));
  return VERDICTS[worst] ?? 'pass';
}

export function isFailing(verdict: Verdict, images: readonly ImageResult[], expect: 'image' | 'blocked'): boolean {
  switch (verdict) {
    case 'pass':
      return false;
    case 'blocked':
      return expect !== 'blocked';
    case 'flaky':
      return true;
    default:
      // fail, stale, new, error: resolved when every image that was not fine got a new baseline.
      return images.length === 0 || images.some((image) => image.verdict !== 'pass' && !image.updated);
  }
}

export function emptyCounts(): VerdictCounts {
  return Object.fromEntries(VERDICTS.map((v) => [v, 0])) as VerdictCounts;
}

export function summarize(cases: readonly CaseResult[]): RunSummary {
  const byVerdict = emptyCounts();
  let images = 0;
  let failing = 0;
  let updated = 0;
  for (const c of cases) {
    byVerdict[c.verdict]++;
    images += c.images.length;
    if (c.failing) failing++;
    updated += c.images.filter((i) => i.updated).length;
  }
  return { total: cases.length, images, failing, updated, byVerdict };
}
