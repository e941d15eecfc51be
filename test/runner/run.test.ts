import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSuites } from '../../src/runner/run.js';
import type { CaseResult } from '../../src/types/index.js';
import { CountingProvider, failFor, ProviderError, registryWith } from '../helpers/providers.js';
import { tempDir } from '../helpers/tmp.js';

async function suiteFile(dir: string, body: string): Promise<string> {
  const file = path.join(dir, 'demo.yaml');
  await writeFile(file, body);
  return file;
}

const SUITE = (concurrency: number, seeds: string) => `
provider: counting
models: [fake]
defaults: { width: 64, height: 64 }
seeds: ${seeds}
concurrency: ${concurrency}
cases:
  - id: a
    prompt: first
  - id: b
    prompt: second
  - id: broken
    prompt: broken
`;

describe('runSuites', () => {
  it('ends with the case results it told one by one, read back from the journal, not held (issue 15 goal 3)', async () => {
    const dir = await tempDir();
    const provider = new CountingProvider(1);
    const file = await suiteFile(dir, SUITE(2, '[1, 2]'));
    const told = new Map<string, CaseResult>();
    const { results } = await runSuites({
      suites: [file],
      registry: registryWith(provider),
      baselinesDir: path.join(dir, 'baselines'),
      reportsDir: path.join(dir, 'reports'),
      listeners: [{ onCaseResult: (r) => told.set(r.id, r) }],
    });
    expect(results.cases).toHaveLength(6);
    // The same results (as JSON has them), but not the objects told: those were let go as the run went on.
    for (const result of results.cases) {
      expect(result).toEqual(JSON.parse(JSON.stringify(told.get(result.id))));
      expect(result).not.toBe(told.get(result.id));
    }
  });

  it('never has more requests in flight than the concurrency', async () => {
    const dir = await tempDir();
    for (const concurrency of [1, 3]) {
      const provider = new CountingProvider(10);
      const file = await suiteFile(dir, SUITE(concurrency, '[1, 2, 3, 4, 5, 6, 7, 8]'));
      await runSuites({
        suites: [file],
        registry: registryWith(provider),
        baselinesDir: path.join(dir, `b${concurrency}`),
        reportsDir: path.join(dir, 'reports'),
      });
      expect(provider.calls).toHaveLength(24);
      expect(provider.maxInFlight).toBe(concurrency);
    }
  });

  it('turns a failed generation into an error verdict and goes on with the others', async () => {
    const dir = await tempDir();
    const provider = new CountingProvider(
      1,
      failFor('broken', () => new ProviderError('invalid', 'model exploded', { status: 400 })),
    );
    const file = await suiteFile(dir, SUITE(2, '[1, 2]'));
    const seen: string[] = [];
    const { results, runDir } = await runSuites({
      suites: [file],
      registry: registryWith(provider),
      baselinesDir: path.join(dir, 'baselines'),
      reportsDir: path.join(dir, 'reports'),
      listeners: [{ onCaseResult: (r) => seen.push(r.id) }],
    });
    expect(results.summary.byVerdict).toMatchObject({ new: 4, error: 2 });
    const broken = results.cases.find((c) => c.id === 'demo/broken/fake/seed=1');
    expect(broken).toMatchObject({ verdict: 'error', failing: true, reason: 'model exploded (HTTP 400)', attempts: 1 });
    expect(seen).toHaveLength(6);
    // Results were journaled one line per case as they arrived.
    const journal = (await readFile(path.join(runDir, 'journal.jsonl'), 'utf8')).trim().split('\n');
    expect(journal).toHaveLength(7);
    expect(
      journal
        .slice(1)
        .map((line) => (JSON.parse(line) as { result: CaseResult }).result.id)
        .sort(),
    ).toEqual([...seen].sort());
    // results.json lists cases in suite order whatever order they finished in.
    expect(results.cases.map((c) => c.id)).toEqual([
      'demo/a/fake/seed=1',
      'demo/a/fake/seed=2',
      'demo/b/fake/seed=1',
      'demo/b/fake/seed=2',
      'demo/broken/fake/seed=1',
      'demo/broken/fake/seed=2',
    ]);
  });

  it('retries transient failures and records the attempts', async () => {
    const dir = await tempDir();
    const provider = new CountingProvider(1, (request, attempt) => {
      if (request.prompt === 'first' && attempt < 3)
        throw new ProviderError('transient', 'rate limited', { status: 429, retryAfterMs: 1 });
    });
    const file = await suiteFile(dir, SUITE(1, '[1]'));
    const { results } = await runSuites({
      suites: [file],
      registry: registryWith(provider),
      baselinesDir: path.join(dir, 'baselines'),
      reportsDir: path.join(dir, 'reports'),
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
    });
    expect(results.cases[0]).toMatchObject({ id: 'demo/a/fake/seed=1', attempts: 3, verdict: 'new' });
  });

  it('stops the whole run on refused credentials instead of spending every case', async () => {
    const dir = await tempDir();
    const provider = new CountingProvider(5, () => {
      throw new ProviderError('auth', 'invalid API key', { status: 401 });
    });
    const file = await suiteFile(dir, SUITE(1, '[1, 2, 3, 4]'));
    await expect(
      runSuites({
        suites: [file],
        registry: registryWith(provider),
        baselinesDir: path.join(dir, 'b'),
        reportsDir: path.join(dir, 'r'),
      }),
    ).rejects.toMatchObject({ code: 'PROVIDER_AUTH', exitCode: 2 });
    expect(provider.calls).toHaveLength(1);
  });
});
