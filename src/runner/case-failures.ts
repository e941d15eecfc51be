/** Cases that end without a verdict of their own: their processing threw, or their result could not be recorded. */
import type { CaseResult, CaseSpec } from '../types/index.js';
import { baseResult, describeError } from './case.js';
import { systemFailureReason } from './disk.js';

/**
 * A case whose processing threw still gets a verdict, so the run goes on. A file the machine could not write
 * (a full disk) is not the case's fault: it is marked `stopped`, and --resume makes it again.
 */
export async function crashedCase(spec: CaseSpec, error: unknown): Promise<CaseResult> {
  const base = { ...baseResult(spec, 0), verdict: 'error' as const, failing: true };
  const system = await systemFailureReason(error, 'write');
  if (system) return { ...base, reason: system, stopped: 'disk' };
  return { ...base, reason: `internal error: ${describeError(error)}` };
}

/** A finished case whose result could not be recorded (journal, redaction): it becomes that case's error. */
export async function unrecordedCase(result: CaseResult, error: unknown): Promise<CaseResult> {
  const system = await systemFailureReason(error, 'record the result in');
  return {
    ...result,
    verdict: 'error',
    failing: true,
    reason: system ?? `could not record the result: ${describeError(error)}`,
    ...(system ? { stopped: 'disk' as const } : {}),
  };
}
