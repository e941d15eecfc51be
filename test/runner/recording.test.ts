import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSuites } from '../../src/runner/run.js';
import type { RunResults } from '../../src/types/index.js';
import { CountingProvider, registryWith } from '../helpers/providers.js';
import { tempDir } from '../helpers/tmp.js';

const SUITE = `
provider: counting
models: [fake]
defaults: { width: 64, height: 64 }
seeds: [1, 2, 3]
concurrency: 2
cases:
  - { id: a, prompt: first }
  - { id: b, prompt: second }
`;

async function setUp(sabotage: (runDir: string) => Promise<void>) {
  const dir = await tempDir();
  const file = path.join(dir, 'demo.yaml');
  await writeFile(file, SUITE);
  const runDir = path.join(dir, 'run');
  // The first request finds the run folder made and its journal started: break it there, once. Every
  // request waits for the sabotage to finish, so no case can write (and recreate a folder) halfway through it.
  let sabotaged: Promise<void> | undefined;
  const provider = new CountingProvider(1);
  const generate = provider.generate.bind(provider);
  provider.generate = async (request, context) => {
    sabotaged ??= sabotage(runDir);
    await sabotaged;
    return generate(request, context);
  };
  const outcome = await runSuites({
    suites: [file],
    registry: registryWith(provider),
    baselinesDir: path.join(dir, 'baselines'),
    outDir: runDir,
  });
  const written = JSON.parse(await readFile(path.join(runDir, 'results.json'), 'utf8')) as RunResults;
  return { outcome, written, provider, runDir };
}

describe('a finished case that cannot be recorded', () => {
  it('becomes that case’s error when its journal line cannot be written, and the run still reports', async () => {
    const { outcome, written } = await setUp(async (runDir) => {
      // The journal turns into a folder: every append from now on fails (EISDIR).
      await rm(path.join(runDir, 'journal.jsonl'));
      await mkdir(path.join(runDir, 'journal.jsonl'));
    });
    expect(written.cases).toHaveLength(6);
    expect(written.status).toBe('complete');
    for (const c of written.cases) {
      expect(c).toMatchObject({ verdict: 'error', failing: true, stopped: 'disk' });
      expect(c.reason).toMatch(/^could not record the result in .*journal\.jsonl: .*\(EISDIR\)/);
    }
    expect(outcome.results.summary.byVerdict.error).toBe(6);
  });

  it('becomes that case’s error when its images cannot be written, with the file and the cause, not a crash', async () => {
    const { written, provider, runDir } = await setUp(async (runDir) => {
      await rm(path.join(runDir, 'actual'), { recursive: true });
      await writeFile(path.join(runDir, 'actual'), 'not a folder');
    });
    expect(provider.calls).toHaveLength(6);
    expect(written.cases).toHaveLength(6);
    for (const c of written.cases) {
      expect(c).toMatchObject({ verdict: 'error', failing: true, stopped: 'disk' });
      expect(c.reason).not.toContain('internal error');
      expect(c.reason).toMatch(/^could not write .*actual.*: .*\(ENOTDIR\)/);
    }
    // The journal says these cases were stopped by the machine, so --resume makes them again.
    const lines = (await readFile(path.join(runDir, 'journal.jsonl'), 'utf8')).trim().split('\n');
    const cases = lines.map((l) => JSON.parse(l) as { type: string; result?: { stopped?: string } });
    expect(cases.filter((e) => e.type === 'case').map((e) => e.result?.stopped)).toEqual(Array(6).fill('disk'));
  });

  it('warns, and keeps the run’s answer, when a report other than results.json cannot be written', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'demo.yaml');
    await writeFile(file, SUITE);
    const runDir = path.join(dir, 'run');
    // index.html is a folder: the page cannot be written there (EISDIR), results.json can.
    await mkdir(path.join(runDir, 'index.html'), { recursive: true });
    const warnings: string[] = [];
    const outcome = await runSuites({
      suites: [file],
      registry: registryWith(new CountingProvider(1)),
      baselinesDir: path.join(dir, 'baselines'),
      outDir: runDir,
      listeners: [{ onWarning: (message) => warnings.push(message) }],
    });
    expect(outcome.results.summary.byVerdict.new).toBe(6);
    expect(outcome.reports.json).toBe(path.join(runDir, 'results.json'));
    expect(outcome.reports.html).toBeUndefined();
    expect(outcome.reports.junit).toBe(path.join(runDir, 'junit.xml'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^index\.html was not written: could not write .*index\.html: .*\(EISDIR\)/);
    expect(warnings[0]).toContain('seedsnap report --run');
  });
});
