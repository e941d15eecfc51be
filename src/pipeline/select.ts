/** Choosing which cases a run covers: --grep over id and prompt, --model by id or label. */
import { createHash } from 'node:crypto';
import type { CaseSpec } from '../types.js';

export interface CaseFilter {
  grep?: string;
  models?: readonly string[];
}

/** A pattern is a case-insensitive regular expression; text that is not a valid one matches literally. */
export function matcher(pattern: string): (text: string) => boolean {
  try {
    const regex = new RegExp(pattern, 'i');
    return (text) => regex.test(text);
  } catch {
    const needle = pattern.toLowerCase();
    return (text) => text.toLowerCase().includes(needle);
  }
}

export function selectCases(cases: readonly CaseSpec[], filter: CaseFilter): CaseSpec[] {
  const grep = filter.grep ? matcher(filter.grep) : undefined;
  const models = filter.models && filter.models.length > 0 ? new Set(filter.models) : undefined;
  return cases.filter(
    (c) =>
      (!grep || grep(c.id) || grep(c.request.prompt)) && (!models || models.has(c.model) || models.has(c.modelLabel)),
  );
}

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export function parseShard(value: string): Shard | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  return index >= 1 && count >= 1 && index <= count ? { index, count } : undefined;
}

/**
 * Shard i of n: cases ordered by a hash of their id, cut into n contiguous slices whose sizes
 * differ by at most one (as Jest shards test files). The order depends on ids only, so every
 * machine computes the same split, and a new case moves at most one case per shard boundary.
 */
export function shardCases(cases: readonly CaseSpec[], shard: Shard): CaseSpec[] {
  const ordered = cases
    .map((c) => ({ c, key: createHash('sha1').update(c.id).digest('hex') }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const start = Math.floor((ordered.length * (shard.index - 1)) / shard.count);
  const end = Math.floor((ordered.length * shard.index) / shard.count);
  const chosen = new Set(ordered.slice(start, end).map((o) => o.c.id));
  // Keep the suite's own order inside the shard, so reports read the same as unsharded ones.
  return cases.filter((c) => chosen.has(c.id));
}
