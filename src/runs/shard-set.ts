/**
 * Before `seedsnap merge` writes one report of several run folders, the folders must be one
 * whole run: every shard 1..n of the same split, each once, from the same suites and options.
 * Otherwise a missing shard (a runner lost, a run that died before writing its folder) would
 * merge into a report that says "all good" about cases nobody ran.
 */
import path from 'node:path';
import { SeedsnapError } from '../types/errors.js';
import type { RunOptionsRecord, RunResults } from '../types/index.js';
import { canonicalJson } from '../util/canonical-json.js';

export interface MergePart {
  /** The folder as the user named it (for messages). */
  name: string;
  results: RunResults;
}

/**
 * Options that decide which cases run and what their verdicts are. `concurrency` is left out:
 * it changes how fast a shard runs, never its results.
 */
const DECIDING: readonly (keyof RunOptionsRecord)[] = ['ci', 'update', 'grep', 'models', 'repeat', 'variant'];

const label = (shard: { index: number; count: number }) => `${shard.index}/${shard.count}`;
const shown = (name: string) => path.normalize(name).replace(/[\\/]+$/, '') || name;

function mismatch(message: string, hint: string): SeedsnapError {
  return new SeedsnapError('MERGE_SHARD_MISMATCH', message, { hint });
}

/** Throws unless `parts` are the complete shard set of one run (or runs that were not sharded at all). */
export function checkShardSet(parts: readonly MergePart[]): void {
  const sharded = parts.filter((p) => p.results.options.shard);
  if (sharded.length === 0) return; // plain runs: merge checks only that no case appears twice
  const plain = parts.find((p) => !p.results.options.shard);
  if (plain) {
    throw mismatch(
      `${shown(plain.name)} is not a shard (it ran without --shard), but ${shown(sharded[0]?.name ?? '')} is`,
      'merge the run folders of one `seedsnap run --shard i/n` split, and nothing else',
    );
  }
  const counts = new Set(sharded.map((p) => p.results.options.shard?.count));
  if (counts.size > 1) {
    const each = sharded.map(
      (p) => `${shown(p.name)} is shard ${label(p.results.options.shard ?? { index: 0, count: 0 })}`,
    );
    throw mismatch(
      `the runs were split differently: ${each.join(', ')}`,
      'merge the shards of one split: every --shard i/n with the same n',
    );
  }
  checkSameRun(sharded);
  const count = [...counts][0] ?? 0;
  const byIndex = new Map<number, string>();
  for (const part of sharded) {
    const index = part.results.options.shard?.index ?? 0;
    const other = byIndex.get(index);
    if (other !== undefined) {
      throw new SeedsnapError(
        'MERGE_OVERLAP',
        `shard ${index}/${count} is given twice: ${shown(other)} and ${shown(part.name)}`,
        { hint: 'merge each shard once (a re-run shard replaces the first one: leave the old folder out)' },
      );
    }
    byIndex.set(index, part.name);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    const names = missing.map((i) => `${i}/${count}`);
    const which =
      names.length === 1 ? `shard ${names[0]} is` : `shards ${names.slice(0, -1).join(', ')} and ${names.at(-1)} are`;
    const got = [...byIndex.entries()]
      .sort(([a], [b]) => a - b)
      .map(([i, name]) => `${i}/${count} (${shown(name)})`)
      .join(', ');
    // Exit 1, like a failing case: the run's cases were not all checked. Nothing is merged, so no
    // report can call the partial run good.
    throw new SeedsnapError('MERGE_SHARD_MISSING', `${which} missing: got ${got}; nothing was merged`, {
      exitCode: 1,
      hint: `a shard whose run died before writing its folder leaves no artifact: look at its log, re-run it with seedsnap run --shard ${names[0]}, then merge all ${count}`,
    });
  }
}

function checkSameRun(parts: readonly MergePart[]): void {
  const first = parts[0];
  if (!first) return;
  const suitesOf = (r: RunResults) =>
    [...r.suites].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((s) => ({ ...s }));
  const reference = canonicalJson(suitesOf(first.results));
  const other = parts.find((p) => canonicalJson(suitesOf(p.results)) !== reference);
  if (other) {
    const describe = (p: MergePart) =>
      `${shown(p.name)}: ${suitesOf(p.results)
        .map((s) => s.name)
        .join(', ')}`;
    throw mismatch(
      `the shards ran different suites (or different versions of them): ${describe(first)}; ${describe(other)}`,
      'run every shard from the same commit with the same suite arguments',
    );
  }
  for (const key of DECIDING) {
    const value = (p: MergePart) => canonicalJson(p.results.options[key] ?? null);
    const odd = parts.find((p) => value(p) !== value(first));
    if (odd) {
      throw mismatch(
        `the shards ran with different options: ${key}: ${value(first)} in ${shown(first.name)}, ${value(odd)} in ${shown(odd.name)}`,
        'run every shard with the same flags, only --shard i/n changing',
      );
    }
  }
}
