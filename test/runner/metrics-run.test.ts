import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSuites } from '../../src/runner/run.js';
import { tempDir } from '../helpers/tmp.js';

// The same suite under three built-in model set-ups: the first run writes baselines, the second adds
// GPU-like jitter (noise: must pass, figures recorded all the same), the third is revision 2 (a real
// change: fails unless an ignore region covers it).
const SUITE = (options: string) => `
name: metrics
provider: { name: local, options: ${options} }
models: [sim-dev]
defaults: { width: 96, height: 96, steps: 28, output_format: png }
seeds: [3]
cases:
  - id: fox
    prompt: a red fox sitting in fresh snow
  - id: masked
    prompt: a red fox sitting in fresh snow
    ignore: [{ x: 0, y: 0, width: 96, height: 96 }]
`;

describe('metrics in a run', () => {
  it('records every metric for passing and failing images, and honours ignore regions', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'metrics.yaml');
    const run = async (options: string) => {
      await writeFile(file, SUITE(options));
      const { results, runDir } = await runSuites({
        suites: [file],
        baselinesDir: path.join(dir, 'baselines'),
        reportsDir: path.join(dir, 'reports'),
        env: {},
      });
      return { ...results, runDir };
    };

    await run('{ revision: 1 }');
    const noisy = await run('{ revision: 1, jitter: 2 }');
    const fox = noisy.cases.find((c) => c.case === 'fox')?.images[0];
    expect(fox?.verdict).toBe('pass');
    expect(fox?.metrics).toMatchObject({ diffPixels: 0, maxChannelDiff: 2, phashDistance: 0 });
    expect(fox?.metrics?.psnr).toBeGreaterThan(40);
    expect(fox?.metrics?.ssim).toBeLessThan(1);
    // The findings' figures are recorded for a passing image too; findings only for a failing one.
    expect(fox?.metrics).toMatchObject({ edgeRatio: expect.any(Number), shift: expect.any(Object), regions: [] });
    expect(fox?.findings).toBeUndefined();

    const drifted = await run('{ revision: 2 }');
    const changed = drifted.cases.find((c) => c.case === 'fox');
    expect(changed?.verdict).toBe('fail');
    expect(changed?.reason).toMatch(/pixels differ \([\d.]+%\), more than max_diff_ratio 0.150%/);
    expect(changed?.images[0]?.diff).toBeDefined();
    const findings = changed?.images[0]?.findings ?? [];
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0]?.summary).toMatch(/\d/);
    // results.json holds them, and reads back through its schema.
    const onDisk = JSON.parse(await readFile(path.join(drifted.runDir, 'results.json'), 'utf8'));
    expect(onDisk.cases.find((c: { case: string }) => c.case === 'fox').images[0].findings).toEqual(findings);
    const masked = drifted.cases.find((c) => c.case === 'masked')?.images[0];
    expect(masked?.verdict).toBe('pass');
    expect(masked?.metrics).toMatchObject({ diffPixels: 0, ssim: 1, ignoredPixels: 96 * 96 });
  });
});
