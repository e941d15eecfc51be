/**
 * Typed errors with stable codes. The library throws these and never exits the
 * process; the CLI prints known ones in a line or two with their fix.
 */

import type { ErrorCode, ProblemCode, ProviderFailure } from './codes.js';

/** Where in a file a problem is, 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
  /** Characters to underline from `col`; 1 when unknown. */
  length?: number;
  /** The source line itself, so a caret can be drawn without rereading the file. */
  lineText?: string;
}

/** One thing wrong with the input, e.g. one bad key in a suite. */
export interface Problem {
  code: ProblemCode;
  message: string;
  location?: SourceLocation;
  /** How to fix it, in the user's words ("did you mean guidance_scale?"). */
  hint?: string;
}

export class SeedsnapError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  /** Exit code the CLI should use: 2 for anything that is the user's input or setup. */
  readonly exitCode: number;

  constructor(code: ErrorCode, message: string, options: { hint?: string; exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SeedsnapError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 2;
  }
}

/** Bad command-line usage: unknown flag value, missing argument. */
export class UsageError extends SeedsnapError {
  constructor(message: string, hint?: string) {
    super('USAGE', message, hint === undefined ? {} : { hint });
    this.name = 'UsageError';
  }
}

/** A suite (or several) that cannot run; carries every problem found, not just the first. */
export class SuiteError extends SeedsnapError {
  readonly problems: Problem[];

  constructor(problems: Problem[]) {
    const first = problems[0];
    const head = first ? first.message : 'invalid suite';
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    super(first?.code ?? 'SUITE_INVALID', `${head}${more}`);
    this.name = 'SuiteError';
    this.problems = problems;
  }
}

/** A project config (seedsnap.config.*) that cannot be used; reported like a suite, every problem at once. */
export class ConfigError extends SuiteError {
  constructor(problems: Problem[]) {
    super(problems);
    this.name = 'ConfigError';
  }
}

const PROVIDER_CODES = {
  blocked: 'PROVIDER_BLOCKED',
  auth: 'PROVIDER_AUTH',
  invalid: 'PROVIDER_INVALID',
  transient: 'PROVIDER_TRANSIENT',
  response: 'PROVIDER_RESPONSE',
} as const satisfies Record<ProviderFailure, ErrorCode>;

/**
 * How an image API refused or failed. The runner decides from the kind alone:
 * `blocked` is a verdict, `auth` stops the whole run, `invalid` is an error
 * without retry, `transient` and `response` are retried with backoff.
 */
export class ProviderError extends SeedsnapError {
  readonly kind: ProviderFailure;
  readonly status: number | undefined;
  /** Server-requested wait before the next try (Retry-After). */
  readonly retryAfterMs: number | undefined;

  constructor(
    kind: ProviderFailure,
    message: string,
    options: { status?: number; retryAfterMs?: number; cause?: unknown; hint?: string } = {},
  ) {
    super(PROVIDER_CODES[kind], message, {
      exitCode: kind === 'auth' ? 2 : 1,
      ...(options.cause === undefined ? {} : { cause: options.cause }),
      ...(options.hint === undefined ? {} : { hint: options.hint }),
    });
    this.name = 'ProviderError';
    this.kind = kind;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }

  get retryable(): boolean {
    return this.kind === 'transient' || this.kind === 'response';
  }
}
