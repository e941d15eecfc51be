import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/types/index.js';
import { runCli } from '../helpers/cli.js';

const SUITE = `name: sharded
models: [sim-dev]
defaults: { width: 64, height: 64, steps: 4, output_format: png }
seeds: [1, 2, 3, 4, 5, 6, 7, 8]
cases:
  - { id: fox, prompt: a red fox in snow }
`;

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

describe('seedsnap merge checks the shard set', () => {
  let cwd = '';
  const shard = async (index: number, count: number, out: string, extra: string[] = []) => {
    const result = await runCli(['run', 's.yaml', '--shard', `${index}/${count}`, '--out', out, ...extra], { cwd });
    expect(result.code, result.stderr).toBe(0);
  };

  beforeAll(async () => {
    // One folder for every test here (tempDir's folders go after each test): the shards are made once.
    cwd = await mkdtemp(path.join(os.tmpdir(), 'seedsnap-merge-'));
    await writeFile(path.join(cwd, 's.yaml'), SUITE);
    await writeFile(path.join(cwd, 'other.yaml'), SUITE.replace('name: sharded', 'name: other'));
    // Baselines for every case, so each shard passes on its own.
    expect((await runCli(['run', 's.yaml'], { cwd })).code).toBe(0);
    for (const i of [1, 2, 3, 4]) await shard(i, 4, `of4-${i}`);
  });

  afterAll(() => rm(cwd, { recursive: true, force: true }));

  it('merges a complete set with exit 0', async () => {
    const merged = await runCli(['merge', 'of4-1', 'of4-2', 'of4-3', 'of4-4', '--out', 'all'], { cwd });
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    expect(merged.stdout).toMatch(/8 cases, 8 images .* — all good/);
    const results = JSON.parse(await readFile(path.join(cwd, 'all/results.json'), 'utf8')) as RunResults;
    expect(results.cases).toHaveLength(8);
  });

  it('shards 1–3 of 4: exit 1 naming the missing shard, and no "all good" report', async () => {
    const merged = await runCli(['merge', 'of4-1', 'of4-2', 'of4-3', '--out', 'partial'], { cwd });
    expect(merged.code).toBe(1);
    expect(merged.stdout).not.toContain('all good');
    expect(merged.stderr).toContain('MERGE_SHARD_MISSING: shard 4/4 is missing');
    expect(merged.stderr).toContain('got 1/4 (of4-1), 2/4 (of4-2), 3/4 (of4-3)');
    expect(await exists(path.join(cwd, 'partial'))).toBe(false);
    const two = await runCli(['merge', 'of4-2', 'of4-3'], { cwd });
    expect(two.code).toBe(1);
    expect(two.stderr).toContain('shards 1/4 and 4/4 are missing');
  });

  it('refuses shards of different splits, a shard given twice, and runs that were not sharded (exit 2)', async () => {
    await shard(1, 2, 'of2-1');
    const counts = await runCli(['merge', 'of4-1', 'of4-2', 'of4-3', 'of4-4', 'of2-1'], { cwd });
    expect(counts.code).toBe(2);
    expect(counts.stderr).toContain('MERGE_SHARD_MISMATCH: the runs were split differently');
    expect(counts.stderr).toContain('of2-1 is shard 1/2');

    await shard(2, 4, 'of4-2-again');
    const twice = await runCli(['merge', 'of4-1', 'of4-2', 'of4-2-again', 'of4-3', 'of4-4'], { cwd });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('MERGE_OVERLAP: shard 2/4 is given twice: of4-2 and of4-2-again');

    expect((await runCli(['run', 's.yaml', '--out', 'whole'], { cwd })).code).toBe(0);
    const mixed = await runCli(['merge', 'of4-1', 'of4-2', 'of4-3', 'whole'], { cwd });
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('MERGE_SHARD_MISMATCH: whole is not a shard');
  });

  it('refuses shards that ran other suites or other options (exit 2), naming the difference', async () => {
    await runCli(['run', 's.yaml', 'other.yaml', '--shard', '4/4', '--out', 'suites-4'], { cwd });
    const suites = await runCli(['merge', 'of4-1', 'of4-2', 'of4-3', 'suites-4'], { cwd });
    expect(suites.code).toBe(2);
    expect(suites.stderr).toContain('MERGE_SHARD_MISMATCH: the shards ran different suites');
    expect(suites.stderr).toContain('suites-4: other, sharded');

    await shard(4, 4, 'ci-4', ['--ci']);
    const ci = await runCli(['merge', 'of4-1', 'of4-2', 'of4-3', 'ci-4'], { cwd });
    expect(ci.code).toBe(2);
    expect(ci.stderr).toContain('MERGE_SHARD_MISMATCH: the shards ran with different options');
    expect(ci.stderr).toContain('ci: false in of4-1, true in ci-4');
  });

  it('a shard left without cases (fewer cases than shards) still writes its folder, so the set merges', async () => {
    await writeFile(
      path.join(cwd, 'two.yaml'),
      SUITE.replace('name: sharded', 'name: two').replace(/seeds: .*/, 'seeds: [1, 2]'),
    );
    for (const i of [1, 2, 3]) {
      const result = await runCli(['run', 'two.yaml', '--shard', `${i}/3`, '--out', `two-${i}`], { cwd });
      expect(result.code, result.stderr).toBe(0);
    }
    const sizes = await Promise.all(
      [1, 2, 3].map(
        async (i) =>
          (JSON.parse(await readFile(path.join(cwd, `two-${i}/results.json`), 'utf8')) as RunResults).cases.length,
      ),
    );
    expect(sizes.sort()).toEqual([0, 1, 1]);
    const merged = await runCli(['merge', 'two-1', 'two-2', 'two-3', '--out', 'two-all'], { cwd });
    expect(merged.code).toBe(0);
    expect(merged.stdout).toContain('new 2');
    // A filter that matches nothing at all is still a mistake.
    expect((await runCli(['run', 'two.yaml', '--shard', '1/3', '--grep', 'nothing-like-this'], { cwd })).code).toBe(2);
  });
});
