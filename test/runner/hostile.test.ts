import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/types/index.js';
import { runCli } from '../helpers/cli.js';
import { problemsOf } from '../helpers/suites.js';
import { tempDir } from '../helpers/tmp.js';

async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe('hostile input', () => {
  it('ids built from odd model names and swept strings never write outside baselines/ and reports/', async () => {
    const root = await tempDir();
    const cwd = path.join(root, 'project');
    await import('node:fs/promises').then((fs) => fs.mkdir(cwd));
    await writeFile(
      path.join(cwd, 's.yaml'),
      `name: hostile
models:
  - id: sim-dev
    label: sim-dev
defaults: { width: 64, height: 64, steps: 28, output_format: png }
cases:
  - id: a
    prompt: a fox
    sweep:
      negative_prompt: ["../../../../escape", "/etc/passwd", "..", "a\\u0000b", "%2e%2e/%2e%2e"]
`,
    );
    const run = await runCli(['run', 's.yaml'], { cwd });
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code).toBe(0);
    expect(await readdir(root)).toEqual(['project']);
    const files = await tree(cwd);
    expect(
      files.every((f) => f === 's.yaml' || f.startsWith(`baselines${path.sep}`) || f.startsWith(`reports${path.sep}`)),
    ).toBe(true);
    expect(files.filter((f) => f.startsWith('baselines') && f.endsWith('.png'))).toHaveLength(5);
  });

  it('refuses model labels that cannot name files, and case ids with slashes', () => {
    const [slash] = problemsOf('models: [sim-dev]\ncases:\n  - { id: "../up", prompt: x }\n');
    expect(slash?.message).toContain('case id may hold only letters');
    const [label] = problemsOf('provider: together\nmodels: ["acme/.."]\ncases:\n  - { id: up, prompt: x }\n');
    expect(label?.message).toBe('model "acme/.." gives the label "..", which cannot name baselines');
  });

  it('refuses to read files outside a run folder named by a tampered results.json', async () => {
    const cwd = await tempDir();
    await writeFile(
      path.join(cwd, 's.yaml'),
      'models: [sim-dev]\ndefaults: { width: 64, height: 64 }\ncases: [{ id: a, prompt: x }]\n',
    );
    expect((await runCli(['run', 's.yaml', '--ci', '--out', 'run'], { cwd })).code).toBe(1);
    const file = path.join(cwd, 'run', 'results.json');
    const results = JSON.parse(await readFile(file, 'utf8')) as RunResults;
    const image = results.cases[0]?.images[0];
    if (image) image.actual = '../../../../etc/hostname';
    await writeFile(file, JSON.stringify(results));
    const approve = await runCli(['approve', '--run', 'run'], { cwd });
    expect(approve.code).toBe(2);
    expect(approve.stderr).toContain('UNSAFE_PATH');
  });

  it('refuses an oversized suite file and runs a very long prompt', async () => {
    const cwd = await tempDir();
    await writeFile(path.join(cwd, 'big.yaml'), `# ${'x'.repeat(5 * 1024 * 1024)}\nmodels: [sim-dev]\n`);
    const big = await runCli(['run', 'big.yaml'], { cwd });
    expect(big.code).toBe(2);
    expect(big.stderr).toContain('SUITE_TOO_LARGE');
    const prompt = `a lighthouse on a cliff at sunset ${'with many more words '.repeat(1500)}`;
    await writeFile(
      path.join(cwd, 'long.yaml'),
      `models: [sim-dev]\ndefaults: { width: 64, height: 64 }\ncases:\n  - id: long\n    prompt: "${prompt}"\n`,
    );
    const long = await runCli(['run', 'long.yaml'], { cwd });
    expect(long.code).toBe(0);
    expect(prompt.length).toBeGreaterThan(30_000);
  });
});
