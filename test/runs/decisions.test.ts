import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSuites } from '../../src/runner/run.js';
import { approveCases, rejectCases } from '../../src/runs/decisions.js';
import type { RunResults } from '../../src/types/index.js';
import { CountingProvider, registryWith } from '../helpers/providers.js';
import { tempDir } from '../helpers/tmp.js';

describe('review decisions', () => {
  it('approves exact ids only, records every decision, and a rejection keeps the case failing', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 's.yaml');
    await writeFile(
      file,
      'provider: counting\nmodels: [fake]\ndefaults: { width: 64, height: 64 }\nseeds: [1, 12]\ncases:\n  - { id: fox, prompt: a fox }\n',
    );
    const options = {
      suites: [file],
      registry: registryWith(new CountingProvider(1)),
      baselinesDir: path.join(dir, 'baselines'),
      reportsDir: path.join(dir, 'reports'),
      ci: true,
    };
    const { runDir } = await runSuites(options);
    const now = () => new Date('2026-02-03T04:05:06.000Z');

    const rejected = await rejectCases({ runDir, ids: ['s/fox/fake/seed=12'], note: 'looks wrong', now });
    const twelve = rejected.cases.find((c) => c.id === 's/fox/fake/seed=12');
    expect(twelve?.review).toEqual({ decision: 'rejected', at: '2026-02-03T04:05:06.000Z', note: 'looks wrong' });
    expect(twelve?.failing).toBe(true);
    await expect(rejectCases({ runDir, ids: ['s/fox/fake/seed=3'] })).rejects.toThrow(/no case .* has the id/);

    // "seed=1" is a substring of "seed=12": an exact id must not catch both, as a pattern would.
    const outcome = await approveCases({ runDir, ids: ['s/fox/fake/seed=1'], baselinesDir: options.baselinesDir, now });
    expect(outcome.approved.map((a) => a.key)).toEqual(['s/fox/fake/seed=1']);
    const saved = JSON.parse(await readFile(path.join(runDir, 'results.json'), 'utf8')) as RunResults;
    expect(saved.cases.map((c) => [c.id, c.review?.decision, c.failing])).toEqual([
      ['s/fox/fake/seed=1', 'approved', false],
      ['s/fox/fake/seed=12', 'rejected', true],
    ]);
    expect(saved.summary.failing).toBe(1);

    const all = await approveCases({ runDir, baselinesDir: options.baselinesDir });
    expect(all.approved.map((a) => a.key)).toEqual(['s/fox/fake/seed=12']);
    expect(all.results.summary.failing).toBe(0);
    expect((await runSuites(options)).results.summary.byVerdict.pass).toBe(2);
  });
});
