/**
 * Issue 15 goal 2: runs and A/B compares put no copy of an image that is already on disk. A byte-identical
 * pass gets no expected/ file (its actual image stands for the baseline); a changed image's baseline is
 * hard-linked into expected/; `seedsnap compare` hard-links both runs' images, `seedsnap merge` its shards'. The real CLI, in a temp dir.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunComparison, RunResults } from '../../src/types/index.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const SUITE = `name: nc
models: [sim-dev]
defaults: { width: 64, height: 64, steps: 8, output_format: png }
seeds: [1, 2]
cases:
  - { id: fox, prompt: a red fox in snow }
`;

async function results(dir: string): Promise<RunResults> {
  return JSON.parse(await readFile(path.join(dir, 'results.json'), 'utf8')) as RunResults;
}

describe('no copies', () => {
  it('a passing run writes no expected/; a failing one links the baseline; compare links both runs', async () => {
    const cwd = await tempDir();
    await writeFile(path.join(cwd, 's.yaml'), SUITE);
    expect((await runCli(['run', 's.yaml', '-u', '--out', 'first'], { cwd })).code).toBe(0);
    const pass = await runCli(['run', 's.yaml', '--out', 'pass'], { cwd });
    expect(pass.code).toBe(0);
    const passed = await results(path.join(cwd, 'pass'));
    for (const c of passed.cases) {
      const image = c.images[0];
      expect(image?.verdict).toBe('pass');
      expect(image?.expected).toBe(image?.actual);
    }
    // The folder is there (every run folder has one), with nothing in it.
    expect(await readdir(path.join(cwd, 'pass', 'expected'), { recursive: true })).toEqual([]);

    const drift = await runCli(['run', 's.yaml', '--out', 'drift'], { cwd, env: { SEEDSNAP_LOCAL_REVISION: '2' } });
    expect(drift.code).toBe(1);
    const drifted = await results(path.join(cwd, 'drift'));
    for (const c of drifted.cases) {
      const image = c.images[0];
      expect(image?.verdict).toBe('fail');
      expect(image?.expected).toMatch(/^expected\//);
      const linked = await stat(path.join(cwd, 'drift', image?.expected ?? ''));
      const baseline = await stat(path.join(cwd, 'baselines', 'nc', 'fox', 'sim-dev', `seed=${c.seed}.png`));
      expect(linked.ino).toBe(baseline.ino);
    }

    const compared = await runCli(['compare', 'pass', 'drift', '--out', 'ab'], { cwd });
    expect(compared.code).toBe(0);
    const ab = JSON.parse(await readFile(path.join(cwd, 'ab', 'comparison.json'), 'utf8')) as RunComparison;
    expect(ab.pairs.length).toBe(2);
    for (const pair of ab.pairs) {
      const image = pair.images[0];
      const a = await stat(path.join(cwd, 'ab', image?.a ?? ''));
      const b = await stat(path.join(cwd, 'ab', image?.b ?? ''));
      const id = pair.id.split(' ')[0] ?? '';
      expect(a.ino).toBe((await stat(path.join(cwd, 'pass', 'actual', `${id}.png`))).ino);
      expect(b.ino).toBe((await stat(path.join(cwd, 'drift', 'actual', `${id}.png`))).ino);
    }

    // Shards merge by linking too; a pass whose expected is its actual image is placed once.
    for (const n of [1, 2]) {
      expect((await runCli(['run', 's.yaml', '--shard', `${n}/2`, '--out', `part${n}`], { cwd })).code).toBe(0);
    }
    expect((await runCli(['merge', 'part1', 'part2', '--out', 'merged'], { cwd })).code).toBe(0);
    const merged = await results(path.join(cwd, 'merged'));
    expect(merged.cases.length).toBe(2);
    for (const c of merged.cases) {
      const image = c.images[0];
      expect(image?.expected).toBe(image?.actual);
      // Linked from its shard (one inode, more than one name), not copied.
      expect((await stat(path.join(cwd, 'merged', image?.actual ?? ''))).nlink).toBeGreaterThan(1);
    }
    expect(await readdir(path.join(cwd, 'merged', 'expected'), { recursive: true }).catch(() => [])).toEqual([]);
  });
});
