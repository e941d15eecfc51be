import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSuites } from '../../src/runner/run.js';
import type { RunResults } from '../../src/types/index.js';
import { runCli } from '../helpers/cli.js';
import { CountingProvider, registryWith } from '../helpers/providers.js';
import { tempDir } from '../helpers/tmp.js';

const SUITE = `name: v
models: [sim-dev]
defaults: { width: 128, height: 128, steps: 28, output_format: png }
seeds: [1, 2]
cases:
  - { id: fox, prompt: a red fox sitting in fresh snow }
`;

async function latest(cwd: string): Promise<RunResults> {
  const name = (await readFile(path.join(cwd, 'reports', '.latest-run'), 'utf8')).trim();
  return JSON.parse(await readFile(path.join(cwd, 'reports', name, 'results.json'), 'utf8')) as RunResults;
}

describe('--repeat', () => {
  it('passes GPU-like jitter as stable, recording the spread', async () => {
    const cwd = await tempDir();
    await writeFile(path.join(cwd, 's.yaml'), SUITE);
    const result = await runCli(['run', 's.yaml', '--repeat', '3'], { cwd, env: { SEEDSNAP_LOCAL_JITTER: '2' } });
    expect(result.code).toBe(0);
    const results = await latest(cwd);
    for (const c of results.cases) {
      expect(c.repeat).toMatchObject({ count: 3, stable: true, maxDiffPixels: 0 });
      expect(c.repeat?.distinct).toBeGreaterThan(1);
    }
    expect(results.options.repeat).toBe(3);
  });

  it('calls a case flaky when its outputs differ beyond tolerance, and writes no baseline for it', async () => {
    const dir = await tempDir();
    let call = 0;
    const provider = new CountingProvider(1);
    const original = provider.generate.bind(provider);
    provider.generate = async (request, context) =>
      original({ ...request, seed: request.seed + 1000 * call++ }, context);
    const file = path.join(dir, 's.yaml');
    await writeFile(
      file,
      'provider: counting\nmodels: [fake]\ndefaults: { width: 64, height: 64 }\ncases: [{ id: a, prompt: x }]\n',
    );
    const { results } = await runSuites({
      suites: [file],
      registry: registryWith(provider),
      baselinesDir: path.join(dir, 'b'),
      reportsDir: path.join(dir, 'r'),
      repeat: 3,
    });
    expect(results.cases[0]).toMatchObject({
      verdict: 'flaky',
      failing: true,
      repeat: { count: 3, distinct: 3, stable: false },
    });
    expect(results.cases[0]?.reason).toMatch(/the 3 outputs differ among themselves: up to 4096 px/);
    expect(await readdir(path.join(dir, 'b')).catch(() => [])).toEqual([]);
  });
});

describe('--variant', () => {
  it('keeps one accepted baseline per variant beside the default one', async () => {
    const cwd = await tempDir();
    await writeFile(path.join(cwd, 's.yaml'), SUITE);
    expect((await runCli(['run', 's.yaml'], { cwd })).code).toBe(0);
    // A second inference stack drifts: against the default baselines it fails…
    const drifted = { SEEDSNAP_LOCAL_REVISION: '2' };
    expect((await runCli(['run', 's.yaml', '--variant', 'stack-b'], { cwd, env: drifted })).code).toBe(1);
    // …accepting it writes the variant's own baselines and leaves the default ones alone.
    expect((await runCli(['run', 's.yaml', '--variant', 'stack-b', '-u'], { cwd, env: drifted })).code).toBe(0);
    const files = (await readdir(path.join(cwd, 'baselines/v/fox/sim-dev'))).sort();
    expect(files).toEqual([
      'seed=1.json',
      'seed=1.png',
      'seed=1@stack-b.json',
      'seed=1@stack-b.png',
      'seed=2.json',
      'seed=2.png',
      'seed=2@stack-b.json',
      'seed=2@stack-b.png',
    ]);
    const viaEnv = await runCli(['run', 's.yaml'], { cwd, env: { ...drifted, SEEDSNAP_VARIANT: 'stack-b' } });
    expect(viaEnv.code).toBe(0);
    expect((await latest(cwd)).cases[0]?.baselineVariant).toBe('stack-b');
    expect((await runCli(['run', 's.yaml'], { cwd })).code).toBe(0);
    expect((await runCli(['run', 's.yaml', '--variant', '../x'], { cwd })).code).toBe(2);
  });
});

describe('shards and merge', () => {
  it('three shards merged give the same cases and verdicts as one run', async () => {
    const cwd = await tempDir();
    await writeFile(path.join(cwd, 's.yaml'), SUITE.replace('seeds: [1, 2]', 'seeds: [1, 2, 3, 4, 5, 6, 7]'));
    expect((await runCli(['run', 's.yaml', '--out', 'first', '--grep', 'seed=[1-3]$'], { cwd })).code).toBe(0);
    // Seeds 1–3 now have baselines (pass), 4–7 do not (new, a failure under --ci).
    expect((await runCli(['run', 's.yaml', '--ci', '--out', 'whole'], { cwd })).code).toBe(1);
    const whole = JSON.parse(await readFile(path.join(cwd, 'whole/results.json'), 'utf8')) as RunResults;
    const sizes: number[] = [];
    for (const i of [1, 2, 3]) {
      const shard = await runCli(['run', 's.yaml', '--ci', '--shard', `${i}/3`, '--out', `shard-${i}`], { cwd });
      expect(shard.code).not.toBe(2);
      sizes.push(
        (JSON.parse(await readFile(path.join(cwd, `shard-${i}/results.json`), 'utf8')) as RunResults).cases.length,
      );
    }
    expect(sizes.sort()).toEqual([2, 2, 3]);
    const merged = await runCli(['merge', 'shard-1', 'shard-2', 'shard-3', '--out', 'merged'], { cwd });
    expect(merged.code).toBe(1);
    expect(merged.stdout).toContain('new 4 · pass 3');
    const results = JSON.parse(await readFile(path.join(cwd, 'merged/results.json'), 'utf8')) as RunResults;
    const verdicts = (r: RunResults) => Object.fromEntries(r.cases.map((c) => [c.id, c.verdict]));
    expect(verdicts(results)).toEqual(verdicts(whole));
    expect(results.mergedFrom).toHaveLength(3);
    for (const c of results.cases) await readFile(path.join(cwd, 'merged', c.images[0]?.actual ?? 'missing'));
    const overlap = await runCli(['merge', 'shard-1', 'shard-1'], { cwd });
    expect(overlap.code).toBe(2);
    expect(overlap.stderr).toContain('MERGE_OVERLAP');
  });
});
