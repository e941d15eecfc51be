/**
 * One bad file under baselines/ never stops a run: the orphan scan at the end of every run, and
 * `seedsnap baselines list|prune`, skip it with a warning that names the file and says what to do.
 * The real binary, in a temp dir.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/types/index.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const SUITE = `name: bad
models: [sim-dev]
defaults: { width: 64, height: 64, steps: 4, output_format: png }
seeds: [1]
cases:
  - { id: fox, prompt: a red fox }
`;

/** Every kind of bad .json the issue names, nested at several depths, inside and outside the suite's folder. */
const BAD_FILES: Record<string, string> = {
  'bad/null.json': 'null',
  'bad/deep/er/array.json': '[1, 2, 3]',
  'bad/fox/truncated.json': '{"schemaVersion": 1, "id": "bad/fox/sim',
  'bad/tsconfig.json': '{ "compilerOptions": { "strict": true } }',
  'other/number.json': '42',
  'other/string.json': '"a string"',
  'bad/id-not-string.json': '{ "id": 7, "image": "x.png" }',
};

describe('bad files under baselines/', () => {
  it('are skipped with a warning by every run and by baselines list; the report is written', async () => {
    const cwd = await tempDir();
    await writeFile(path.join(cwd, 'suite.yaml'), SUITE);
    expect((await runCli(['run', 'suite.yaml'], { cwd })).code).toBe(0);
    for (const [file, text] of Object.entries(BAD_FILES)) {
      await mkdir(path.dirname(path.join(cwd, 'baselines', file)), { recursive: true });
      await writeFile(path.join(cwd, 'baselines', file), text);
    }
    // A baseline that is no longer produced: still counted as an orphan beside the bad files.
    await writeFile(path.join(cwd, 'suite.yaml'), SUITE.replace('id: fox', 'id: red-fox'));

    const run = await runCli(['run', 'suite.yaml', '--out', 'run'], { cwd });
    expect(run.stderr).not.toMatch(/TypeError|at .*\.js:\d+/);
    expect(run.code).toBe(0);
    const output = run.stdout + run.stderr;
    for (const file of Object.keys(BAD_FILES)) expect(output).toContain(path.join('baselines', file));
    expect(output).toMatch(/baselines\/bad\/null\.json is not a baseline sidecar \(JSON null\)/);
    expect(output).toMatch(/baselines\/bad\/fox\/truncated\.json is not valid JSON/);
    const results = JSON.parse(await readFile(path.join(cwd, 'run', 'results.json'), 'utf8')) as RunResults;
    expect(results.orphanBaselines).toBe(1);
    await readFile(path.join(cwd, 'run', 'index.html'));

    const list = await runCli(['baselines', 'list', 'suite.yaml'], { cwd });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^orphan {2}bad\/fox\/sim-dev\/seed=1/m);
    expect(list.stderr).toContain(`${Object.keys(BAD_FILES).length} file(s) under baselines/ skipped`);
    const prune = await runCli(['baselines', 'prune', 'suite.yaml', '--yes'], { cwd });
    expect(prune.code).toBe(0);
    expect(prune.stdout).toContain('1 orphaned baseline(s) removed');
    // Skipped files are never deleted: they are the user's, whatever they are.
    for (const file of Object.keys(BAD_FILES)) await readFile(path.join(cwd, 'baselines', file));
  });

  it('a bad sidecar at a case’s own path is that case’s error with a fix, and the others run', async () => {
    const cwd = await tempDir();
    await writeFile(path.join(cwd, 'suite.yaml'), SUITE.replace('seeds: [1]', 'seeds: [1, 2]'));
    expect((await runCli(['run', 'suite.yaml'], { cwd })).code).toBe(0);
    await writeFile(path.join(cwd, 'baselines/bad/fox/sim-dev/seed=1.json'), 'null');
    const run = await runCli(['run', 'suite.yaml', '--out', 'run'], { cwd });
    expect(run.code).toBe(1);
    const results = JSON.parse(await readFile(path.join(cwd, 'run', 'results.json'), 'utf8')) as RunResults;
    const byId = Object.fromEntries(results.cases.map((c) => [c.id, c]));
    expect(byId['bad/fox/sim-dev/seed=2']?.verdict).toBe('pass');
    const broken = byId['bad/fox/sim-dev/seed=1'];
    expect(broken?.verdict).toBe('error');
    expect(broken?.images[0]?.reason).toMatch(/seed=1\.json is not a baseline sidecar \(JSON null\)/);
    // The fix is the usual one: approving the case rewrites the pair.
    expect((await runCli(['approve', '--run', 'run', 'bad/fox/sim-dev/seed=1'], { cwd })).code).toBe(0);
    expect((await runCli(['run', 'suite.yaml', '--ci'], { cwd })).code).toBe(0);
  });
});
