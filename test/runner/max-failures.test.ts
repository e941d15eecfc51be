/**
 * --max-failures N: after N failing cases no further case starts; the ones already sending finish with a
 * verdict; the rest are listed in results.json as not run, and never send a request.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSuites } from '../../src/runner/run.js';
import { mergeRuns } from '../../src/runs/merge.js';
import type { Generation, ImageRequest } from '../../src/types/index.js';
import { CountingProvider, ProviderError, registryWith } from '../helpers/providers.js';
import { tempDir } from '../helpers/tmp.js';

const suite = (concurrency: number) => `
provider: counting
models: [fake]
defaults: { width: 64, height: 64 }
seeds: [1]
concurrency: ${concurrency}
cases:
  - id: slow
    prompt: slow
  - id: bad
    prompt: bad
  - { id: c3, prompt: third }
  - { id: c4, prompt: fourth }
  - { id: c5, prompt: fifth }
  - { id: c6, prompt: sixth }
`;

/** Answers every request, except `bad` (refused at once) and `slow` (held until the test opens the gate). */
class GatedProvider extends CountingProvider {
  open!: () => void;
  private readonly gate = new Promise<void>((resolve) => {
    this.open = resolve;
  });

  constructor() {
    super(1);
  }

  override async generate(
    request: ImageRequest,
    context: { signal: AbortSignal; attempt: number },
  ): Promise<Generation> {
    if (request.prompt === 'bad') {
      this.calls.push(request);
      throw new ProviderError('invalid', 'the model refused the request', { status: 400 });
    }
    if (request.prompt === 'slow') await this.gate;
    return super.generate(request, context);
  }
}

async function setup(concurrency: number) {
  const dir = await tempDir();
  const file = path.join(dir, 'demo.yaml');
  await writeFile(file, suite(concurrency));
  return { dir, file };
}

describe('--max-failures', () => {
  it('starts no case after the limit, lets the one in flight finish, lists the rest as not run', async () => {
    const { dir, file } = await setup(2);
    const provider = new GatedProvider();
    const { results, runDir } = await runSuites({
      suites: [file],
      registry: registryWith(provider),
      baselinesDir: path.join(dir, 'baselines'),
      reportsDir: path.join(dir, 'reports'),
      maxFailures: 1,
      // The slow case is in flight when the failure arrives; it is let through only afterwards.
      listeners: [{ onCaseResult: (r) => (r.failing ? provider.open() : undefined) }],
    });
    expect(provider.calls.map((c) => c.prompt).sort()).toEqual(['bad', 'slow']);
    expect(results.status).toBe('stopped');
    expect(results.cases.map((c) => [c.case, c.verdict])).toEqual([
      ['slow', 'new'],
      ['bad', 'error'],
    ]);
    expect(results.notRun?.map((c) => c.case)).toEqual(['c3', 'c4', 'c5', 'c6']);
    expect(results.notRun?.[0]).toMatchObject({
      id: 'demo/c3/fake/seed=1',
      model: 'fake',
      seed: 1,
      request: { prompt: 'third' },
      reason: '--max-failures 1 reached',
    });
    expect(results.summary).toMatchObject({ total: 2, failing: 1, notRun: 4 });
    expect(results.options.maxFailures).toBe(1);
    // results.json on disk says the same, and every report names the cases that did not run.
    const onDisk = JSON.parse(await readFile(path.join(runDir, 'results.json'), 'utf8'));
    expect(onDisk.notRun).toHaveLength(4);
    const junit = await readFile(path.join(runDir, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<testsuites name="seedsnap" tests="6" failures="0" errors="1" skipped="4"/);
    expect(junit).toContain(
      '<testcase name="demo/c3/fake/seed=1" classname="demo.c3" time="0.000">\n      <skipped message="did not run: --max-failures 1 reached" />',
    );
    const markdown = await readFile(path.join(runDir, 'summary.md'), 'utf8');
    expect(markdown).toContain('| ⏭️ did not run | 4 |');
    expect(markdown).toContain('4 cases did not run: --max-failures 1 reached');
  });

  it('no request is sent for a case that did not run, whatever the concurrency', async () => {
    for (const concurrency of [1, 3]) {
      const { dir, file } = await setup(concurrency);
      const provider = new CountingProvider(2, () => {
        throw new ProviderError('invalid', 'refused', { status: 400 });
      });
      const { results } = await runSuites({
        suites: [file],
        registry: registryWith(provider),
        baselinesDir: path.join(dir, 'baselines'),
        reportsDir: path.join(dir, 'reports'),
        maxFailures: 2,
      });
      const ran = results.cases.length;
      // At least the limit ran; at most the limit plus the requests that were already in flight.
      expect(ran).toBeGreaterThanOrEqual(2);
      expect(ran).toBeLessThanOrEqual(2 + concurrency - 1);
      expect(provider.calls).toHaveLength(ran);
      expect(results.notRun).toHaveLength(6 - ran);
      expect(results.status).toBe('stopped');
    }
  });

  it('a run that stays under the limit is complete and lists nothing as not run', async () => {
    const { dir, file } = await setup(2);
    const { results } = await runSuites({
      suites: [file],
      registry: registryWith(new CountingProvider(1)),
      baselinesDir: path.join(dir, 'baselines'),
      reportsDir: path.join(dir, 'reports'),
      maxFailures: 1,
    });
    expect(results.status).toBe('complete');
    expect(results.notRun).toBeUndefined();
    expect(results.summary.notRun).toBeUndefined();
    expect(results.cases).toHaveLength(6);
  });
});

describe('--max-failures across shards', () => {
  it('merging a shard that stopped keeps its cases that did not run, and the merged run is not complete', async () => {
    const { dir, file } = await setup(1);
    const provider = new CountingProvider(2, () => {
      throw new ProviderError('invalid', 'refused', { status: 400 });
    });
    const shardDirs: string[] = [];
    for (const index of [1, 2]) {
      const { runDir } = await runSuites({
        suites: [file],
        registry: registryWith(provider),
        baselinesDir: path.join(dir, 'baselines'),
        reportsDir: path.join(dir, 'reports'),
        outDir: path.join(dir, `shard-${index}`),
        shard: { index, count: 2 },
        maxFailures: 1,
      });
      shardDirs.push(runDir);
    }
    const parts = await Promise.all(
      shardDirs.map(async (d) => JSON.parse(await readFile(path.join(d, 'results.json'), 'utf8'))),
    );
    const expectedNotRun = parts.reduce((n, r) => n + (r.notRun?.length ?? 0), 0);
    expect(expectedNotRun).toBeGreaterThan(0);
    const { results } = await mergeRuns({ runDirs: shardDirs, reportsDir: path.join(dir, 'reports') });
    expect(results.notRun).toHaveLength(expectedNotRun);
    expect(results.summary.notRun).toBe(expectedNotRun);
    expect(results.status).toBe('stopped');
  });
});
