/**
 * Approving one case of a finished run: its actual images become its baselines, each pair written as one
 * change. Which images: every one a reviewer picked (`all`), or only those that are not fine yet. A case whose
 * request no longer hashes to its fingerprint is refused: storing it would make a baseline of a request that
 * was never sent.
 */
import { requestFingerprint } from '../suite/fingerprint.js';
import type { CaseResult } from '../types/index.js';
import { imageKey } from '../util/ids.js';
import { readFileInside } from '../util/safe-path.js';
import type { BaselineStore } from './store.js';

export interface ApprovedImage {
  caseId: string;
  key: string;
  index: number;
  /** The sidecar written. */
  path: string;
}

export interface CaseApproval {
  /** The case, from a run's results.json; its images are marked `updated` and its review recorded. */
  result: CaseResult;
  store: BaselineStore;
  /** The run folder the images' paths are relative to. */
  runDir: string;
  runId: string;
  /** Every image with an actual one (a reviewer picked the case), or only those not fine and not yet written. */
  all: boolean;
  now: Date;
}

export type ApprovalOutcome = { approved: ApprovedImage[]; refused?: undefined } | { approved: []; refused: string };

export async function approveCase(approval: CaseApproval): Promise<ApprovalOutcome> {
  const { result, store, now } = approval;
  // A sidecar holds the request the suite made. One that no longer hashes to its fingerprint was rewritten
  // (a key redacted out of it, or an edit by hand): storing it would make a baseline of a request never sent.
  if (requestFingerprint(result.request) !== result.fingerprint) {
    return result.images.some((i) => i.actual)
      ? {
          approved: [],
          refused: 'its request in results.json was rewritten (a key redacted, or edited), so it is not the one sent',
        }
      : { approved: [] };
  }
  const approved: ApprovedImage[] = [];
  for (const image of result.images) {
    if (!image.actual || (!approval.all && (image.verdict === 'pass' || image.updated))) continue;
    const key = imageKey(result.id, image.index);
    const bytes = await readFileInside(approval.runDir, image.actual);
    await store.write(
      {
        key,
        bytes,
        format: image.format ?? 'png',
        request: result.request,
        fingerprint: result.fingerprint,
        provider: result.provider,
        ...(result.modelRevision ? { modelRevision: result.modelRevision } : {}),
        approvedFrom: approval.runId,
      },
      now,
    );
    image.updated = true;
    approved.push({ caseId: result.id, key, index: image.index, path: store.sidecarPath(key) });
    result.review = { decision: 'approved', at: now.toISOString() };
  }
  return { approved };
}
