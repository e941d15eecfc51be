import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/types/index.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const SUITE = `name: house
models: [sim-dev]
defaults: { width: 64, height: 64, steps: 28, output_format: png }
seeds: [1, 2]
cases:
  - { id: fox, prompt: a red fox }
  - { id: cabin, prompt: a cabin in a forest }
`;

describe('baselines list and prune', () => {
  it('finds orphans after a rename, prunes only them, and never touches suites that were not loaded', async () => {
    const cwd = await tempDir();
    await mkdir(path.join(cwd, 'suites'));
    await writeFile(path.join(cwd, 'suites', 'house.yaml'), SUITE);
    await writeFile(path.join(cwd, 'other.yaml'), SUITE.replace('name: house', 'name: other'));
    expect((await runCli(['run', 'suites/house.yaml'], { cwd })).code).toBe(0);
    expect((await runCli(['run', 'other.yaml'], { cwd })).code).toBe(0);

    // Rename a case: its two baselines are orphans now.
    await writeFile(path.join(cwd, 'suites', 'house.yaml'), SUITE.replace('id: fox', 'id: red-fox'));
    const list = await runCli(['baselines', 'list'], { cwd });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^orphan {2}house\/fox\/sim-dev\/seed=1 {2}[\d.]+ KB {2}\d+ min$/m);
    expect(list.stdout).toMatch(/^unknown other\/fox\/sim-dev\/seed=1/m);
    expect(list.stdout).toContain('8 baseline(s), 2 orphaned (seedsnap baselines prune), 4 of suites not loaded');
    const orphans = await runCli(['baselines', 'list', '--orphans', '--json'], { cwd });
    expect((JSON.parse(orphans.stdout) as { key: string }[]).map((e) => e.key)).toEqual([
      'house/fox/sim-dev/seed=1',
      'house/fox/sim-dev/seed=2',
    ]);

    // A run of the suite reports them too.
    expect((await runCli(['run', 'suites/house.yaml', '--out', 'run'], { cwd })).stdout).toContain(
      '2 baseline(s) no case produces any more: seedsnap baselines prune',
    );
    const results = JSON.parse(await readFile(path.join(cwd, 'run', 'results.json'), 'utf8')) as RunResults;
    expect(results.orphanBaselines).toBe(2);

    const dry = await runCli(['baselines', 'prune'], { cwd });
    expect(dry.stdout).toContain('2 orphaned baseline(s); run again with --yes to delete them');
    await access(path.join(cwd, 'baselines/house/fox/sim-dev/seed=1.png'));
    const pruned = await runCli(['baselines', 'prune', '--yes'], { cwd });
    expect(pruned.stdout).toContain('removed house/fox/sim-dev/seed=1');
    expect(pruned.stdout).toContain('2 orphaned baseline(s) removed');
    await expect(access(path.join(cwd, 'baselines/house/fox'))).rejects.toThrow();
    // Baselines still produced, and those of the suite that was not loaded, are all there.
    await access(path.join(cwd, 'baselines/house/red-fox/sim-dev/seed=1.png'));
    await access(path.join(cwd, 'baselines/other/fox/sim-dev/seed=1.png'));
    expect((await runCli(['run', 'suites/house.yaml'], { cwd })).code).toBe(0);
    expect((await runCli(['baselines', 'prune', '--yes'], { cwd })).stdout).toContain('no orphaned baselines');
  });
});

describe('seedsnap init', () => {
  it('scaffolds a suite that passes with the two printed commands, and refuses to overwrite', async () => {
    const cwd = await tempDir();
    await writeFile(path.join(cwd, '.gitignore'), 'node_modules/');
    const init = await runCli(['init'], { cwd });
    expect(init.code).toBe(0);
    expect(await readFile(path.join(cwd, '.gitignore'), 'utf8')).toBe('node_modules/\nreports/\n');
    const commands = [...init.stdout.matchAll(/^ {2}npx --no-install seedsnap (.+?) {3}#/gm)].map((m) =>
      (m[1] ?? '').split(' '),
    );
    expect(commands).toEqual([
      ['run', 'suites/first.yaml'],
      ['run', 'suites/first.yaml', '--ci'],
    ]);
    for (const args of commands) expect((await runCli(args, { cwd })).code).toBe(0);
    const again = await runCli(['init'], { cwd });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('refusing to overwrite suites/first.yaml');
  });
});
