import { describe, expect, it } from 'vitest';
import { load, problemsOf } from '../helpers/suites.js';

const SWEEP = `
name: demo
models: [sim-dev]
defaults: { width: 256, height: 256 }
seeds: [7]
cases:
  - id: lighthouse
    prompt: a lighthouse on a cliff at sunset
    sweep:
      steps: [1, 2, 4, 8]
      guidance_scale: [1, 3.5, 8]
`;

describe('expansion', () => {
  it('gives one case per cell of a 4×3 sweep, in declaration order', () => {
    const suite = load(SWEEP);
    expect(suite.cases).toHaveLength(12);
    expect(suite.cases[0]?.id).toBe('demo/lighthouse/sim-dev/steps=1,guidance_scale=1/seed=7');
    expect(suite.cases[11]?.id).toBe('demo/lighthouse/sim-dev/steps=8,guidance_scale=8/seed=7');
    expect(suite.cases[4]?.request).toMatchObject({ steps: 2, guidance_scale: 3.5, width: 256, seed: 7 });
    expect(suite.cases[4]?.sweep).toEqual({ steps: 2, guidance_scale: 3.5 });
  });

  it('gives identical ids and fingerprints across two loads', () => {
    const a = load(SWEEP).cases.map((c) => [c.id, c.fingerprint]);
    const b = load(SWEEP).cases.map((c) => [c.id, c.fingerprint]);
    expect(b).toEqual(a);
    expect(new Set(a.map(([id]) => id)).size).toBe(12);
  });

  it('multiplies cases by models and seeds, and a case may narrow both', () => {
    const suite = load(`
models:
  - sim-dev
  - id: sim-schnell
    defaults: { aspect_ratio: "16:9", steps: 4 }
defaults: { width: 512, height: 512, steps: 20 }
seeds: [1, 2, 3]
cases:
  - id: a
    prompt: a red fox
  - id: b
    prompt: a cat
    seeds: [9]
    models: [sim-schnell]
`);
    expect(suite.name).toBe('test');
    expect(suite.cases.map((c) => c.id)).toEqual([
      'test/a/sim-dev/seed=1',
      'test/a/sim-dev/seed=2',
      'test/a/sim-dev/seed=3',
      'test/a/sim-schnell/seed=1',
      'test/a/sim-schnell/seed=2',
      'test/a/sim-schnell/seed=3',
      'test/b/sim-schnell/seed=9',
    ]);
    // A model sized by aspect ratio drops the suite's width/height instead of sending both.
    const schnell = suite.cases[3]?.request;
    expect(schnell).toMatchObject({ aspect_ratio: '16:9', steps: 4 });
    expect(schnell).not.toHaveProperty('width');
  });

  it('merges parameters suite → model → case → sweep, the most specific winning', () => {
    const suite = load(`
models:
  - id: sim-dev
    defaults: { steps: 10, guidance_scale: 2 }
defaults: { width: 512, height: 512, steps: 20, guidance_scale: 3.5, negative_prompt: blurry }
cases:
  - id: a
    prompt: a cat
    guidance_scale: 5
    sweep: { steps: [30] }
`);
    expect(suite.cases[0]?.request).toEqual({
      model: 'sim-dev',
      prompt: 'a cat',
      seed: 0,
      width: 512,
      height: 512,
      steps: 30,
      guidance_scale: 5,
      negative_prompt: 'blurry',
    });
  });

  it('records the tolerance keys as written, the case overriding the suite (the comparator adds defaults)', () => {
    const suite = load(`
models: [sim-dev]
defaults: { width: 64, height: 64 }
tolerance: { threshold: 0.2 }
cases:
  - id: a
    prompt: x
  - id: b
    prompt: y
    tolerance: { max_diff_pixels: 50 }
`);
    expect(suite.cases[0]?.tolerance).toEqual({ threshold: 0.2 });
    expect(suite.cases[1]?.tolerance).toEqual({ threshold: 0.2, max_diff_pixels: 50 });
  });

  it('merges every gate suite → model → case, key by key', () => {
    const suite = load(`
models:
  - id: sim-dev
    tolerance: { min_ssim: 0.9 }
  - id: sim-schnell
    defaults: { aspect_ratio: "1:1" }
defaults: { width: 64, height: 64 }
tolerance: { max_mean_abs: 2 }
cases:
  - id: a
    prompt: x
    models: [sim-dev]
    tolerance: { min_psnr: 40, max_mean_abs: 3 }
  - id: b
    prompt: y
    models: [sim-schnell]
`);
    expect(suite.cases[0]?.tolerance).toEqual({ max_mean_abs: 3, min_ssim: 0.9, min_psnr: 40 });
    expect(suite.cases[1]?.tolerance).toEqual({ max_mean_abs: 2 });
  });

  it('collects ignore regions of suite, model and case; a case without any has none', () => {
    const suite = load(`
models:
  - id: sim-dev
    ignore: [{ x: 0, y: 0, width: 8, height: 8 }]
defaults: { width: 64, height: 64 }
ignore: [{ x: 0, y: 56, width: 64, height: 8 }]
cases:
  - id: a
    prompt: x
    ignore: [{ x: 10, y: 10, width: 4, height: 4 }]
`);
    expect(suite.cases[0]?.ignore).toEqual([
      { x: 0, y: 56, width: 64, height: 8 },
      { x: 0, y: 0, width: 8, height: 8 },
      { x: 10, y: 10, width: 4, height: 4 },
    ]);
    const plain = load(`
models: [sim-dev]
defaults: { width: 64, height: 64 }
cases:
  - id: a
    prompt: x
`);
    expect(plain.cases[0]).not.toHaveProperty('ignore');
  });

  it('rejects an ignore region without a size, with its line', () => {
    const [problem] = problemsOf(`models: [sim-dev]
defaults: { width: 64, height: 64 }
cases:
  - id: a
    prompt: x
    ignore: [{ x: 0, y: 0, width: 0, height: 4 }]
`);
    expect(problem?.message).toMatch(/width must be at least 1/);
    expect(problem?.location?.line).toBe(6);
  });

  it('escapes characters that structure ids inside swept strings', () => {
    const suite = load(`
models: [sim-dev]
defaults: { width: 64, height: 64 }
cases:
  - id: a
    prompt: x
    sweep: { negative_prompt: ["red/blue, green", "none"] }
`);
    expect(suite.cases[0]?.id).toBe('test/a/sim-dev/negative_prompt=red%2Fblue%2C green/seed=0');
    expect(suite.cases[0]?.request.negative_prompt).toBe('red/blue, green');
  });
});
