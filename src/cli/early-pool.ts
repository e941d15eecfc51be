/**
 * `seedsnap compare`'s compare workers, started by the binary before the rest of the CLI loads: each worker
 * spends its first ~100 ms loading its own code, and started first it does so on the other core while this
 * thread loads the command line, the run reader and its schema, instead of after them.
 *
 * Trap: a pool started early and never taken (`seedsnap compare --help`, a usage error) must be closed
 * (closeUntakenPool): its idle workers keep the process alive. Only the binary starts one (bin.ts); a command
 * that finds none makes its own, so main() in a test behaves the same.
 */
import type { ComparePool } from '../compare/compare-pool.js';

let early: Promise<ComparePool> | undefined;

async function startedPool(): Promise<ComparePool> {
  const { ComparePool } = await import('../compare/compare-pool.js');
  const pool = new ComparePool();
  pool.start();
  return pool;
}

/** Start the workers now (the binary, when its command is `compare`); settles once they are starting. */
export async function startComparePoolEarly(): Promise<void> {
  early ??= startedPool();
  // A pool that cannot start is the command's to report, when it takes it.
  await early.catch(() => undefined);
}

/** The pool started early, else a new one with its workers starting: the caller closes it. */
export function takeComparePool(): Promise<ComparePool> {
  const pool = early ?? startedPool();
  early = undefined;
  return pool;
}

/** Close the pool started early if no command took it. */
export async function closeUntakenPool(): Promise<void> {
  const pool = early;
  early = undefined;
  await (await pool?.catch(() => undefined))?.close();
}
