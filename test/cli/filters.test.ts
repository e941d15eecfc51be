/**
 * Case filters on the real binary: each takes one value (repeatable, --model also comma-separated), so a
 * suite path after a filter is a suite path; a --model or --grep that matches nothing is bad usage (exit 2)
 * naming what exists; --grep-invert leaves cases out.
 */
import { access, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/types/index.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const suite = (name: string, cases: string) => `name: ${name}
provider: local
models:
  - sim-dev
  - id: sim-schnell
    defaults: { aspect_ratio: "1:1", steps: 4 }
defaults: { width: 64, height: 64, steps: 4, output_format: png }
seeds: [1]
cases:
${cases}`;

const MINE = suite(
  'mine',
  `  - id: fox
    prompt: a red fox in the snow
  - id: owl
    prompt: an owl on a branch at night
`,
);
const OTHER = suite(
  'other',
  `  - id: boat
    prompt: a sailboat on the sea
`,
);

async function project(): Promise<string> {
  const cwd = await tempDir();
  await mkdir(path.join(cwd, 'suites'));
  await writeFile(path.join(cwd, 'suites', 'mine.yaml'), MINE);
  await writeFile(path.join(cwd, 'suites', 'other.yaml'), OTHER);
  return cwd;
}

async function latest(cwd: string): Promise<RunResults> {
  const name = (await readFile(path.join(cwd, 'reports', '.latest-run'), 'utf8')).trim();
  return JSON.parse(await readFile(path.join(cwd, 'reports', name, 'results.json'), 'utf8')) as RunResults;
}

const ids = (results: RunResults) => results.cases.map((c) => c.id).sort();
const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

describe('run filters', () => {
  it('--model takes one value: the suite named after it is the only one run', async () => {
    const cwd = await project();
    const result = await runCli(['run', '--model', 'sim-dev', 'suites/mine.yaml'], { cwd });
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    const results = await latest(cwd);
    expect(results.suites.map((s) => s.name)).toEqual(['mine']);
    expect(ids(results)).toEqual(['mine/fox/sim-dev/seed=1', 'mine/owl/sim-dev/seed=1']);
    // No baseline of a suite that was not named.
    expect(await exists(path.join(cwd, 'baselines', 'other'))).toBe(false);
  });

  it('--model is repeatable and comma-separated; --grep is repeatable (any pattern); --grep-invert leaves out', async () => {
    const cwd = await project();
    const repeated = await runCli(['run', '--model', 'sim-dev', '--model', 'sim-schnell', 'suites/mine.yaml'], { cwd });
    expect(repeated.code).toBe(0);
    expect(ids(await latest(cwd))).toHaveLength(4);
    const comma = await runCli(['run', 'suites/mine.yaml', '--model', 'sim-dev,sim-schnell', '--dry-run'], { cwd });
    expect(comma.code).toBe(0);
    expect(comma.stdout).toContain('4 cases');

    const grep = await runCli(['run', '--grep', 'fox', '--grep', 'boat', 'suites/mine.yaml', 'suites/other.yaml'], {
      cwd,
    });
    expect(grep.code).toBe(0);
    expect(ids(await latest(cwd))).toEqual([
      'mine/fox/sim-dev/seed=1',
      'mine/fox/sim-schnell/seed=1',
      'other/boat/sim-dev/seed=1',
      'other/boat/sim-schnell/seed=1',
    ]);

    const invert = await runCli(['run', '--grep-invert', 'schnell', '--grep-invert', 'night', 'suites/mine.yaml'], {
      cwd,
    });
    expect(invert.code).toBe(0);
    const inverted = await latest(cwd);
    expect(ids(inverted)).toEqual(['mine/fox/sim-dev/seed=1']);
    expect(inverted.options).toMatchObject({ grepInvert: ['schnell', 'night'] });
  });

  it('a --model that matches no case is exit 2 naming the models that exist; nothing is generated', async () => {
    const cwd = await project();
    const typo = await runCli(['run', 'suites/mine.yaml', '--model', 'sim-dev,sim-shnell'], { cwd });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('--model sim-shnell matches no model');
    expect(typo.stderr).toContain('sim-dev, sim-schnell');
    expect(typo.stderr).toContain('did you mean sim-schnell?');
    expect(await readdir(cwd)).toEqual(['suites']);
    const dry = await runCli(['run', 'suites/mine.yaml', '--model', 'nope', '--dry-run'], { cwd });
    expect(dry.code).toBe(2);
    expect(dry.stderr).toContain('--model nope matches no model');
  });

  it('a --grep that matches no case is exit 2 naming the cases that exist', async () => {
    const cwd = await project();
    const result = await runCli(['run', 'suites/mine.yaml', 'suites/other.yaml', '--grep', 'zebra'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--grep "zebra" matches no case id or prompt');
    for (const name of ['mine/fox', 'mine/owl', 'other/boat']) expect(result.stderr).toContain(name);
    // One pattern of several that matches nothing is as wrong as one alone.
    const second = await runCli(['run', 'suites/mine.yaml', '--grep', 'fox', '--grep', 'zebra'], { cwd });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('--grep "zebra" matches no case');
    // Filters that each match, but no case together, say so and list the cases too.
    const together = await runCli(['run', 'suites/mine.yaml', '--grep', 'fox', '--grep-invert', 'fox'], { cwd });
    expect(together.code).toBe(2);
    expect(together.stderr).toContain('no case matches the filters');
    expect(together.stderr).toContain('mine/owl');
    expect(await readdir(cwd)).toEqual(['suites']);
  });

  it('--help describes each filter as taking one value', async () => {
    const cwd = await tempDir();
    const help = await runCli(['run', '--help'], { cwd });
    expect(help.stdout).toMatch(/--model <model>\s/);
    expect(help.stdout).toContain('--grep-invert <pattern>');
    expect(help.stdout).not.toContain('<model...>');
  });
});
