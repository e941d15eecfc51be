/**
 * Everything wrong in a suite is reported in one pass: every unknown key of a
 * mapping, and the sweep, id and model checks of every part that parsed, even
 * when another part has schema errors.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { problemsOf } from '../helpers/suites.js';
import { tempDir } from '../helpers/tmp.js';

const BROKEN = `models: [sim-dev]
defaults: { width: 512, height: 512, steps: 28 }
cases:
  - id: a
    promt: a fox
    negativ_prompt: blurry
    colour: red
  - id: b
    prompt: a boat
    sweep: { seed: [1, 2], steps: [4, 400] }
  - id: c
    prompt: a lighthouse
    image_url: https://example.invalid/ref.png
  - id: d
    prompt: a forest
    guidance_scale: 30
    tolerance: { max_diff_ratio: 2, max_pixels: 3 }
  - id: b
    prompt: the same id again
`;

describe('one pass over a broken suite', () => {
  it('reports every unknown key, and the sweep, id and model checks of the cases that parsed', () => {
    const problems = problemsOf(BROKEN);
    const lines = problems.map((p) => `${p.location?.line}:${p.location?.col} ${p.code} ${p.message}`);
    expect(lines).toEqual([
      '5:5 SUITE_UNKNOWN_KEY unknown key "promt" in cases[0]',
      '6:5 SUITE_UNKNOWN_KEY unknown key "negativ_prompt" in cases[0]',
      '7:5 SUITE_UNKNOWN_KEY unknown key "colour" in cases[0]',
      '10:14 SUITE_SWEEP "seed" cannot be swept',
      '10:39 SUITE_PARAM steps 400 is outside 1–50 for model "sim-dev"',
      '13:5 SUITE_PARAM model "sim-dev" does not accept "image_url"',
      '16:21 SUITE_PARAM guidance_scale 30 is outside 0–20 for model "sim-dev"',
      '17:34 SUITE_VALUE cases[3].tolerance.max_diff_ratio must be at most 1, not 2',
      '17:37 SUITE_UNKNOWN_KEY unknown key "max_pixels" in cases[3].tolerance',
      '18:9 SUITE_DUPLICATE_ID duplicate case id "b" (first used by cases[1])',
    ]);
    expect(problems.find((p) => p.message.includes('"promt"'))?.hint).toBe('did you mean "prompt"?');
    expect(problems.find((p) => p.message.includes('"negativ_prompt"'))?.hint).toBe('did you mean "negative_prompt"?');
  });

  it('checks no request against a model when the layer under it did not parse', () => {
    // The bad height is reported once; "width without height" would only repeat it.
    const problems = problemsOf(`models: [sim-dev]
defaults: { width: 512, height: 500 }
cases:
  - { id: a, prompt: x, sweep: { colour: [1] } }
`);
    expect(problems.map((p) => `${p.location?.line} ${p.code}`)).toEqual(['2 SUITE_VALUE', '4 SUITE_SWEEP']);
  });

  it('checks the models and cases under a provider or model entry with a bad option', () => {
    const problems = problemsOf(`provider: { name: together, timeout_ms: -5 }
models:
  - black-forest-labs/FLUX.1-dev
  - { id: black-forest-labs/FLUX.1-schnell, label: schnell, tolerance: { min_ssim: 3 } }
  - { id: acme/broken, label: "no/slash" }
cases:
  - { id: a, prompt: x, models: [schnell, broken], width: 512, height: 512 }
`);
    expect(problems.map((p) => `${p.location?.line} ${p.code}`)).toEqual([
      '1 SUITE_VALUE',
      '4 SUITE_VALUE',
      '5 SUITE_VALUE',
      '7 SUITE_PARAM',
      '7 SUITE_PARAM',
    ]);
    expect(problems.at(-1)?.message).toBe('model "black-forest-labs/FLUX.1-schnell" does not accept "height"');
  });

  it('the CLI prints all of them and generates nothing', async () => {
    const cwd = await tempDir();
    await writeFile(path.join(cwd, 's.yaml'), BROKEN);
    const run = await runCli(['run', 's.yaml'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('10 problems in the suite; nothing was generated.');
  });
});
