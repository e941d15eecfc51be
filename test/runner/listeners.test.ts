import { readFile, writeFile } from 'node:fs/promises';
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
seeds: [1, 2]
cases:
  - { id: a, prompt: first }
  - { id: b, prompt: second }
`;

describe('a listener that throws', () => {
  it('is a warning once, never the run’s crash: every case runs, the report is written, other listeners still hear', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'demo.yaml');
    await writeFile(file, SUITE);
    const runDir = path.join(dir, 'run');
    const provider = new CountingProvider(1);
    const warnings: string[] = [];
    const heard: string[] = [];
    let calls = 0;
    const outcome = await runSuites({
      suites: [file],
      registry: registryWith(provider),
      baselinesDir: path.join(dir, 'baselines'),
      outDir: runDir,
      listeners: [
        {
          onRunStart: () => {
            throw new Error('start went wrong');
          },
          onCaseResult: () => {
            calls += 1;
            throw new Error('progress bar broke');
          },
          onRunEnd: () => {
            throw new Error('end went wrong');
          },
        },
        { onWarning: (message) => warnings.push(message), onCaseResult: (r) => heard.push(r.id) },
      ],
    });
    const written = JSON.parse(await readFile(path.join(runDir, 'results.json'), 'utf8')) as RunResults;
    expect(written.cases).toHaveLength(4);
    expect(outcome.results.cases).toHaveLength(4);
    expect(heard).toHaveLength(4);
    // The listener that threw is told nothing more: one warning, not one per case.
    expect(calls).toBe(0);
    expect(warnings.filter((w) => w.includes('listener'))).toEqual([
      'a run listener threw in onRunStart and hears nothing more from this run: start went wrong',
    ]);
  });
});
