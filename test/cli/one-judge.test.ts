/**
 * One judge: `seedsnap diff A B --json` and a run that compares the same pair report the very same figures,
 * the same tolerance and the same gate outcomes, under the default tolerance and under a suite's own gates.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImageResult, RunResults } from '../../src/types/index.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const SUITE = `name: judged
provider: local
models: [sim-dev]
defaults: { width: 128, height: 128, steps: 20, output_format: png }
seeds: [3]
cases:
  - id: lake
    prompt: a calm lake at dawn
  - id: city
    prompt: a neon city street at night
    tolerance: { min_psnr: 45, max_mean_abs: 2 }
`;

describe('one judge for a run and for seedsnap diff', () => {
  it('reports identical metrics, tolerance and gates for the same pair', async () => {
    const cwd = await tempDir();
    await writeFile(path.join(cwd, 'suite.yaml'), SUITE);
    expect((await runCli(['run', 'suite.yaml'], { cwd })).code).toBe(0);
    // The drifted revision fails: the run compares its images with the baselines the first run wrote.
    const run = await runCli(['run', 'suite.yaml', '--out', 'drifted'], {
      cwd,
      env: { SEEDSNAP_LOCAL_REVISION: '2' },
    });
    expect(run.code).toBe(1);
    const results = JSON.parse(await readFile(path.join(cwd, 'drifted', 'results.json'), 'utf8')) as RunResults;

    const flags: Record<string, string[]> = { lake: [], city: ['--min-psnr', '45', '--max-mean-abs', '2'] };
    for (const c of results.cases) {
      const image = c.images[0] as ImageResult;
      expect(image.gates?.length, c.id).toBeGreaterThan(0);
      const diff = await runCli(
        [
          'diff',
          path.join('drifted', image.expected ?? ''),
          path.join('drifted', image.actual ?? ''),
          '--json',
          ...(flags[c.case] ?? []),
        ],
        { cwd },
      );
      const printed = JSON.parse(diff.stdout) as Pick<ImageResult, 'metrics' | 'gates' | 'tolerance'> & {
        verdict: string;
      };
      expect({ case: c.case, code: diff.code, verdict: printed.verdict }).toEqual({
        case: c.case,
        code: image.verdict === 'pass' ? 0 : 1,
        verdict: image.verdict,
      });
      expect(printed.metrics).toEqual(image.metrics);
      expect(printed.tolerance).toEqual(image.tolerance);
      expect(printed.gates).toEqual(image.gates);
    }
    const lake = results.cases.find((c) => c.case === 'lake')?.images[0];
    expect(lake?.tolerance?.name).toBe('default');
    const city = results.cases.find((c) => c.case === 'city')?.images[0];
    expect(city?.gates?.map((g) => g.name)).toEqual(['min_psnr', 'max_mean_abs']);
  });
});
