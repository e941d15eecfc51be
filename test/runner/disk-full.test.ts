import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/types/index.js';
import { runCli } from '../helpers/cli.js';

// A full disk is made for real: a small tmpfs. Mounting one needs root, so the tests skip otherwise.
const IS_ROOT = process.getuid?.() === 0;
const SKIP_REASON = 'skipped: mounting a tmpfs to fill needs root';

// A tiny case, then (in a second suite, so it starts only when the first is done: no write of the tiny case can
// meet the moment a big one fills the disk) two cases whose images are ~1.6 MB each (one denoising step leaves
// noise that PNG cannot squeeze).
const TINY = `name: tiny
models: [sim-dev]
defaults: { width: 64, height: 64, steps: 4, output_format: png }
seeds: [1]
cases:
  - { id: tiny, prompt: a lighthouse on a cliff }
`;
const NOISY = `name: noisy
models: [sim-dev]
defaults: { width: 768, height: 768, steps: 1, output_format: png }
seeds: [1, 2]
concurrency: 1
cases:
  - { id: noisy, prompt: a red fox sitting in fresh snow }
`;
const SUITES = ['tiny.yaml', 'noisy.yaml'];

function mountTmpfs(dir: string, options: string): void {
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
}

function remount(dir: string, options: string): void {
  execFileSync('mount', ['-o', `remount,${options}`, dir]);
}

function readResults(runDir: string): Promise<RunResults> {
  return readFile(path.join(runDir, 'results.json'), 'utf8').then((t) => JSON.parse(t) as RunResults);
}

describe.skipIf(!IS_ROOT)(`a full disk (${IS_ROOT ? 'as root' : SKIP_REASON})`, () => {
  let cwd = '';
  const mounts: string[] = [];

  beforeAll(async () => {
    cwd = await mkdtemp(path.join(os.tmpdir(), 'seedsnap-disk-'));
    await writeFile(path.join(cwd, 'tiny.yaml'), TINY);
    await writeFile(path.join(cwd, 'noisy.yaml'), NOISY);
  });

  afterAll(async () => {
    for (const dir of mounts) execFileSync('umount', ['-l', dir]);
    await rm(cwd, { recursive: true, force: true });
  });

  async function disk(name: string, options: string): Promise<string> {
    const dir = path.join(cwd, name);
    await mkdir(dir);
    mountTmpfs(dir, options);
    mounts.push(dir);
    return dir;
  }

  it('makes the cases that cannot be written errors, writes results.json, and --resume finishes them', async () => {
    // 2 MB: an image fits, but not an image and its baseline.
    const mnt = await disk('small', 'size=2m');
    const run = await runCli(['run', ...SUITES, '--out', `${mnt}/run`, '--baselines', `${mnt}/baselines`], { cwd });
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(run.code).toBe(1);
    const results = await readResults(path.join(mnt, 'run'));
    expect(results.cases.map((c) => [c.case, c.seed, c.verdict, c.stopped])).toEqual([
      ['tiny', 1, 'new', undefined],
      ['noisy', 1, 'error', 'disk'],
      ['noisy', 2, 'error', 'disk'],
    ]);
    for (const c of results.cases.filter((x) => x.stopped)) {
      // Whichever file met the full disk first: its image, its baseline, or its journal line.
      expect(c.reason).toMatch(/^could not (write|record the result in) .*: no space left on device \(ENOSPC\)/);
      expect(c.reason).toContain('seedsnap run --resume');
    }
    expect(run.stderr).toContain('seedsnap run --resume --run small/run');

    // Space is freed; resume generates only what the disk stopped.
    remount(mnt, 'size=64m');
    const resumed = await runCli(['run', '--resume', '--run', `${mnt}/run`], { cwd });
    expect(resumed.stderr).not.toMatch(/internal error/);
    expect(resumed.code).toBe(0);
    const done = await readResults(path.join(mnt, 'run'));
    expect(done.cases.map((c) => [c.case, c.seed, c.verdict])).toEqual([
      ['tiny', 1, 'new'],
      ['noisy', 1, 'new'],
      ['noisy', 2, 'new'],
    ]);
  });

  it('says in one line what to free, exit 2, when even results.json cannot be written', async () => {
    // Inodes for the run folder and its journal, none for any new file: every image and results.json fail.
    const mnt = await disk('inodes', 'size=64m,nr_inodes=6');
    const run = await runCli(['run', ...SUITES, '--out', `${mnt}/run`, '--baselines', `${cwd}/baselines-b`], { cwd });
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split('\n');
    const last = lines.at(-1) ?? '';
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(last).toMatch(/^error DISK_FULL: no space left on device for .*results\.json: free space/);
    expect(last).toContain('inodes/run');
    expect(last).toContain('seedsnap run --resume');
    // The journal kept every case, each marked as stopped by the disk, so nothing is lost.
    const journal = await readFile(path.join(mnt, 'run', 'journal.jsonl'), 'utf8');
    const stopped = journal
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; result?: { stopped?: string } })
      .filter((e) => e.type === 'case')
      .map((e) => e.result?.stopped);
    expect(stopped).toEqual(['disk', 'disk', 'disk']);

    remount(mnt, 'nr_inodes=1000');
    const resumed = await runCli(['run', '--resume', '--run', `${mnt}/run`], { cwd });
    expect(resumed.code).toBe(0);
    expect((await readResults(path.join(mnt, 'run'))).cases.map((c) => c.verdict)).toEqual(['new', 'new', 'new']);
  });

  it('stops before sending anything when the run folder cannot even start its journal', async () => {
    const mnt = await disk('none', 'size=64m,nr_inodes=5');
    const run = await runCli(['run', ...SUITES, '--out', `${mnt}/run`, '--baselines', `${cwd}/baselines-c`], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(run.stderr.trim().split('\n').at(-1)).toMatch(
      /^error DISK_FULL: no space left on device for .*journal\.jsonl/,
    );
    expect(run.stderr).toContain('nothing was generated');
  });
});
