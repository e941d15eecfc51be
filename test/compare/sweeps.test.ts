import { access, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/image/decode.js';
import { runSuites } from '../../src/runner/run.js';
import { tempDir } from '../helpers/tmp.js';

async function sweepRun(sweep: string) {
  const dir = await tempDir();
  const file = path.join(dir, 's.yaml');
  await writeFile(
    file,
    `name: s\nprovider: local\nmodels: [sim-dev]\ndefaults: { width: 64, height: 64, steps: 20 }\nseeds: [3]\ncases:\n  - id: boat\n    prompt: a sailboat on the ocean\n    sweep: ${sweep}\n  - id: plain\n    prompt: a red fox\n`,
  );
  const outcome = await runSuites({
    suites: [file],
    baselinesDir: path.join(dir, 'baselines'),
    reportsDir: path.join(dir, 'reports'),
  });
  return outcome;
}

describe('sweep convergence', () => {
  it('measures each cell against the most expensive cell with the same other parameters', async () => {
    const { results, runDir } = await sweepRun('{ steps: [2, 10, 30], guidance_scale: [2, 7] }');
    expect(results.sweeps).toHaveLength(1);
    const sweep = results.sweeps?.[0];
    if (!sweep) throw new Error('no sweep');
    expect(sweep.id).toBe('s/boat/sim-dev/seed=3');
    expect(sweep.axes).toEqual([
      { param: 'steps', values: [2, 10, 30] },
      { param: 'guidance_scale', values: [2, 7] },
    ]);
    expect(sweep.cells).toHaveLength(6);
    for (const cell of sweep.cells) {
      expect(cell.reference).toBe(`s/boat/sim-dev/steps=30,guidance_scale=${cell.values.guidance_scale}/seed=3`);
    }
    const at = (steps: number, g: number) =>
      sweep.cells.find((c) => c.values.steps === steps && c.values.guidance_scale === g);
    // The reference against itself: identical bytes, with every figure the comparator gives any identical pair.
    expect(at(30, 7)?.metrics).toMatchObject({ diffPixels: 0, diffRatio: 0, psnr: 100, ssim: 1 });
    expect(at(30, 7)?.close).toBe(true);
    // Two steps leave the noise the reference has lost: far from it, with a diff image to show where.
    const rough = at(2, 7);
    expect(rough?.metrics?.diffRatio).toBeGreaterThan(0.1);
    expect(rough?.close).toBe(false);
    expect(rough?.cost).toBe(2 * 64 * 64);
    if (!rough?.diff) throw new Error('no diff image for a differing cell');
    const diff = decodeImage(new Uint8Array(await readFile(path.join(runDir, rough.diff))));
    expect([diff.width, diff.height]).toEqual([64, 64]);
    await access(path.join(runDir, rough.actual ?? 'missing'));
    // results.json holds the same figures.
    const written = JSON.parse(await readFile(path.join(runDir, 'results.json'), 'utf8'));
    expect(written.sweeps).toEqual(results.sweeps);
  });

  it('with no cost parameter swept, the last cell is the one reference; a run without sweeps has none', async () => {
    const { results } = await sweepRun('{ guidance_scale: [1, 4, 9] }');
    const cells = results.sweeps?.[0]?.cells ?? [];
    expect(cells.map((c) => c.reference)).toEqual(Array(3).fill('s/boat/sim-dev/guidance_scale=9/seed=3'));
    expect(cells[0]?.metrics?.diffRatio).toBeGreaterThan(0);

    const dir = await tempDir();
    await writeFile(
      path.join(dir, 'p.yaml'),
      'provider: local\nmodels: [sim-dev]\ndefaults: { width: 64, height: 64 }\ncases:\n  - { id: a, prompt: a fox }\n',
    );
    const plain = await runSuites({
      suites: [path.join(dir, 'p.yaml')],
      baselinesDir: path.join(dir, 'b'),
      reportsDir: path.join(dir, 'r'),
    });
    expect(plain.results.sweeps).toBeUndefined();
  });
});
