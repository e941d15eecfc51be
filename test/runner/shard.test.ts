import { describe, expect, it } from 'vitest';
import { parseShard, shardCases } from '../../src/runner/select.js';
import type { CaseSpec } from '../../src/types/index.js';

const cases = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `s/case-${i}/m/seed=${i}` }) as CaseSpec);

describe('shards', () => {
  it('split every case into disjoint, even shards, the same on every call', () => {
    const all = cases(103);
    const shards = [1, 2, 3, 4].map((index) => shardCases(all, { index, count: 4 }));
    expect(shards.map((s) => s.length).sort()).toEqual([25, 26, 26, 26]);
    const ids = shards.flat().map((c) => c.id);
    expect(new Set(ids).size).toBe(103);
    expect(shardCases(all, { index: 2, count: 4 }).map((c) => c.id)).toEqual(shards[1]?.map((c) => c.id));
  });

  it('keep the suite order inside a shard, and move few cases when the suite grows', () => {
    const all = cases(200);
    const before = [1, 2, 3, 4, 5].map((index) => new Set(shardCases(all, { index, count: 5 }).map((c) => c.id)));
    const shard = shardCases(all, { index: 3, count: 5 });
    expect(shard.map((c) => c.id)).toEqual(all.filter((c) => before[2]?.has(c.id)).map((c) => c.id));
    const grown = [...all, { id: 's/new-case/m/seed=1' } as CaseSpec];
    const after = [1, 2, 3, 4, 5].map((index) => new Set(shardCases(grown, { index, count: 5 }).map((c) => c.id)));
    const moved = all.filter((c) => before.findIndex((s) => s.has(c.id)) !== after.findIndex((s) => s.has(c.id)));
    expect(moved.length).toBeLessThanOrEqual(4);
  });

  it('parses i/n and refuses nonsense', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '2', 'a/b', '1/0']) expect(parseShard(bad)).toBeUndefined();
  });
});
