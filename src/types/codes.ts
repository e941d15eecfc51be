/**
 * Every error code seedsnap throws or reports, as a closed union: a code is part of the contract (scripts and
 * CI match on it), so a new one is added here, where it is seen, never made up where it is thrown.
 */

/** What is wrong with a suite or a project config, one kind per Problem (`SUITE_<KIND>` or `CONFIG_<KIND>`). */
export const PROBLEM_KINDS = [
  'YAML',
  'TOO_LARGE',
  'NOT_FOUND',
  'LOAD',
  'UNKNOWN_KEY',
  'MISSING_KEY',
  'TYPE',
  'VALUE',
  'DUPLICATE_ID',
  'ID_COLLISION',
  'ID_TOO_LONG',
  'RESERVED_NAME',
  'NAME',
  'MODEL',
  'PARAM',
  'PROVIDER',
  'SWEEP',
  'TOO_MANY_CASES',
  'INVALID',
  'KEYFRAME',
] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];
export type ProblemCode = `SUITE_${ProblemKind}` | `CONFIG_${ProblemKind}`;

/** The kinds of ProviderError, which decide what the runner does (see ProviderError). */
export type ProviderFailure = 'blocked' | 'auth' | 'invalid' | 'transient' | 'response';

/** Errors that are not a problem in a file: usage, the disk, runs, baselines, providers, servers. */
export const ERROR_CODES = [
  'USAGE',
  'APPROVE_NO_MATCH',
  'BASELINE_CORRUPT',
  'BASELINE_LOCKED',
  'LOCKED',
  'CONFIG_AMBIGUOUS',
  'COST_LIMIT',
  'CREDENTIALS',
  'DIFF_INPUT',
  'DIFF_USAGE',
  'DISK_FULL',
  'WRITE_FAILED',
  'IMAGE_DECODE',
  'INIT_EXISTS',
  'JOURNAL_INVALID',
  'LOCAL_JITTER',
  'LOCAL_REVISION',
  'MATCHER_OPTIONS',
  'MERGE_OVERLAP',
  'MERGE_SHARD_MISMATCH',
  'MERGE_SHARD_MISSING',
  'PROVIDER_CONFIG',
  'PROVIDER_UNKNOWN',
  'RESULTS_INVALID',
  'RESULTS_VERSION',
  'REVIEW_NO_MATCH',
  'REVIEW_PORT',
  'RUN_NOT_FOUND',
  'SERVE_LISTEN',
  'UNSAFE_PATH',
  'VIDEO_DECODE',
  'FFMPEG_MISSING',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number] | ProblemCode | `PROVIDER_${Uppercase<ProviderFailure>}`;

/** The config's code for a problem a suite's reader found in it (YAML, size): `SUITE_YAML` → `CONFIG_YAML`. */
export function configCode(code: ProblemCode): ProblemCode {
  return code.startsWith('SUITE_') ? `CONFIG_${kindOf(code)}` : code;
}

function kindOf(code: ProblemCode): ProblemKind {
  const kind = code.slice(code.indexOf('_') + 1);
  const found = PROBLEM_KINDS.find((k) => k === kind);
  if (!found) throw new Error(`not a problem code: ${code}`);
  return found;
}
