import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSuites } from '../../src/runner/run.js';
import { selectCases } from '../../src/runner/select.js';
import { approveRun, idPattern } from '../../src/runs/approve.js';
import { CountingProvider, registryWith } from '../helpers/providers.js';
import { load } from '../helpers/suites.js';
import { tempDir } from '../helpers/tmp.js';

describe('approve', () => {
  it('matches ids by substring, or by glob when the pattern has *', () => {
    expect(idPattern('fox/sim-dev')('s/fox/sim-dev/seed=1')).toBe(true);
    expect(idPattern('s/*/seed=1')('s/fox/sim-dev/seed=1')).toBe(true);
    expect(idPattern('s/*/seed=1')('s/fox/sim-dev/seed=12')).toBe(false);
    expect(idPattern('s/fox.*')('s/foxy')).toBe(false);
  });

  it('promotes only the matching cases of a finished run and updates its results', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 's.yaml');
    await writeFile(
      file,
      'provider: counting\nmodels: [fake]\ndefaults: { width: 64, height: 64 }\nseeds: [1, 2]\ncases:\n  - { id: fox, prompt: a fox }\n  - { id: cat, prompt: a cat }\n',
    );
    const options = {
      suites: [file],
      registry: registryWith(new CountingProvider(1)),
      baselinesDir: path.join(dir, 'baselines'),
      reportsDir: path.join(dir, 'reports'),
      ci: true,
    };
    const first = await runSuites(options);
    expect(first.results.summary.failing).toBe(4);
    const outcome = await approveRun({ runDir: first.runDir, patterns: ['fox'], baselinesDir: options.baselinesDir });
    expect(outcome.approved.map((a) => a.key)).toEqual(['s/fox/fake/seed=1', 's/fox/fake/seed=2']);
    expect(outcome.results.summary.failing).toBe(2);
    const second = await runSuites(options);
    expect(second.results.cases.map((c) => `${c.case}:${c.verdict}`)).toEqual([
      'fox:pass',
      'fox:pass',
      'cat:new',
      'cat:new',
    ]);
    await expect(
      approveRun({ runDir: first.runDir, patterns: ['dog'], baselinesDir: options.baselinesDir }),
    ).rejects.toThrow(/no case .* matches dog/);
  });
});

describe('case selection', () => {
  const suite = load(`models: [sim-dev, { id: sim-schnell, defaults: { aspect_ratio: "1:1" } }]
defaults: { width: 64, height: 64 }
cases:
  - { id: fox, prompt: a red fox }
  - { id: street, prompt: a neon street }
`);
  it('greps ids and prompts, case-insensitively, and filters models by id or label', () => {
    expect(selectCases(suite.cases, { grep: 'NEON' }).map((c) => c.id)).toEqual([
      'test/street/sim-dev/seed=0',
      'test/street/sim-schnell/seed=0',
    ]);
    expect(selectCases(suite.cases, { grep: 'fox/sim-s' })).toHaveLength(1);
    expect(selectCases(suite.cases, { models: ['sim-dev'] })).toHaveLength(2);
    expect(selectCases(suite.cases, { grep: '(' })).toHaveLength(0);
  });
});
