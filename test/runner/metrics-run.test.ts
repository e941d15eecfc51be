import { writeFile } from 'node:fs/promises';
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
      const { results } = await runSuites({
        suites: [file],
        baselinesDir: path.join(dir, 'baselines'),
        reportsDir: path.join(dir, 'reports'),
        env: {},
      });
      return results;
    };

    await run('{ revision: 1 }');
    const noisy = await run('{ revision: 1, jitter: 2 }');
    const fox = noisy.cases.find((c) => c.case === 'fox')?.images[0];
    expect(fox?.verdict).toBe('pass');
    expect(fox?.metrics).toMatchObject({ diffPixels: 0, maxChannelDiff: 2, phashDistance: 0 });
    expect(fox?.metrics?.psnr).toBeGreaterThan(40);
    expect(fox?.metrics?.ssim).toBeLessThan(1);

    const drifted = await run('{ revision: 2 }');
    const changed = drifted.cases.find((c) => c.case === 'fox');
    expect(changed?.verdict).toBe('fail');
    expect(changed?.reason).toMatch(/PSNR [\d.]+ dB, below min_psnr 38 dB/);
    expect(changed?.images[0]?.diff).toBeDefined();
    const masked = drifted.cases.find((c) => c.case === 'masked')?.images[0];
    expect(masked?.verdict).toBe('pass');
    expect(masked?.metrics).toMatchObject({ diffPixels: 0, ssim: 1, ignoredPixels: 96 * 96 });
  });
});
