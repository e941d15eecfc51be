import { UsageError } from '../types/errors.js';

/** CI mode is on when CI is set to anything but "" / "0" / "false" (as GitHub, GitLab and others set it). */
export function isCi(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI;
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** For repeatable options: each occurrence adds one value (commander's documented pattern). */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function parsePositiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a whole number from 1 up, got "${value}"`);
  return n;
}

export function parsePositiveNumber(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a number above 0, got "${value}"`);
  return n;
}

export function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UsageError(`--port must be a whole number from 0 to 65535, got "${value}"`);
  return n;
}

export function parseRatio(value: string, flag: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new UsageError(`${flag} must be a number from 0 to 1, got "${value}"`);
  }
  return n;
}

/** Help for --config, on every command that reads the project config (kept here: help must not load the config code). */
export const CONFIG_HELP =
  'project config (default: seedsnap.config.yaml, .yml, .json or .mjs found above the suites, then above the current folder)';
