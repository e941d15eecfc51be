import { afterAll, describe, expect, it } from 'vitest';
import { compareImages, comparePixels } from '../../../src/compare/compare.js';
import { ComparePool } from '../../../src/compare/compare-pool.js';
import { blurred, shifted, withNoise, withOffsets } from '../../../src/compare/findings/variants.js';
import { DEFAULT_TOLERANCE } from '../../../src/compare/tolerance.js';
import { png, solid, withPatch } from '../../helpers/images.js';
import { photo } from '../../helpers/photos.js';

// The comparator computes the findings' figures for every image it compares pixel by pixel, and the
// findings for every one that fails: every caller (run, --repeat, A/B, diff, the matcher) gets them.
const tolerance = DEFAULT_TOLERANCE;

describe('the comparator records the figures and the findings', () => {
  const pool = new ComparePool({ threads: 1 });
  afterAll(() => pool.close());

  it('a passing image has the figures and no findings', () => {
    const rocket = photo('rocket');
    const result = comparePixels(rocket, withNoise(rocket, { levels: 1, share: 1, seed: 3 }), tolerance);
    expect(result.match).toBe(true);
    expect(result.findings).toBeUndefined();
    const m = result.metrics;
    expect(Math.abs(m.channelShift?.r ?? 99)).toBeLessThan(0.5);
    expect(m.edgeRatio).toBeGreaterThan(0.98);
    expect(m.shift).toEqual({ dx: expect.any(Number), dy: expect.any(Number), gain: 0 });
    expect(m.regions).toEqual([]);
    expect(m.regionCount).toBe(0);
    expect(m.gmsd).toBeGreaterThan(0);
  });

  it('identical bytes carry the figures of no change without decoding', () => {
    const bytes = png(solid(8, 8));
    const result = compareImages({ expected: bytes, actual: bytes, tolerance });
    expect(result.identical).toBe(true);
    expect(result.metrics).toMatchObject({
      channelShift: { r: 0, g: 0, b: 0 },
      localColourShift: 0,
      gmsd: 0,
      edgeRatio: 1,
      shift: { dx: 0, dy: 0, gain: 0 },
      regions: [],
      regionCount: 0,
    });
    expect(result.gates.every((g) => g.ok)).toBe(true);
  });

  it('a colour cast fails on max_colour_shift and leads with a colour finding', () => {
    const coffee = photo('coffee');
    const result = comparePixels(coffee, withOffsets(coffee, { r: 8, g: 0, b: -4 }), tolerance);
    expect(result.match).toBe(false);
    expect(result.gates.find((g) => g.name === 'max_colour_shift')).toMatchObject({ ok: false });
    expect(result.findings?.[0]).toMatchObject({
      kind: 'colour',
      summary: expect.stringMatching(/^warmer: red \+[78]\.\d, blue −[34]\.\d levels$/),
    });
  });

  it('each kind on the pool too: exposure, blur, shift, region, content', async () => {
    const storm = photo('storm');
    const astronaut = photo('astronaut');
    const kinds = async (actual: typeof storm, expected = storm) => {
      const result = await pool.compare({ expected: png(expected), actual: png(actual), tolerance });
      return { match: result.match, kinds: (result.findings ?? []).map((f) => f.kind), findings: result.findings };
    };
    expect((await kinds(withOffsets(storm, { r: -12, g: -12, b: -12 }))).kinds[0]).toBe('exposure');
    expect((await kinds(blurred(storm, 1.2))).kinds[0]).toBe('blur');
    const moved = await kinds(shifted(storm, { dx: 2, dy: 0 }));
    expect(moved.findings?.[0]).toMatchObject({ kind: 'shift', summary: 'moved 2 px right', dx: 2, dy: 0 });
    const patched = await kinds(withPatch(astronaut, { x: 200, y: 120, width: 40, height: 40 }), astronaut);
    expect(patched.findings?.[0]).toMatchObject({ kind: 'region', x: 200, y: 120, width: 40, height: 40 });
    const other = await kinds(astronaut);
    expect(other).toMatchObject({ match: false, kinds: ['content'] });
  });

  it('a failure on the old gates alone still says what changed', () => {
    const base = solid(64, 64);
    const result = comparePixels(base, withPatch(base, { x: 8, y: 8, width: 10, height: 10 }), {
      threshold: 0.1,
      include_aa: false,
      max_diff_pixels: 0,
    });
    expect(result.match).toBe(false);
    expect(result.findings?.[0]).toMatchObject({ kind: 'region', summary: 'a 10×10 region changed at (8, 8)' });
  });

  it('ignored pixels are left out of the figures too', () => {
    const base = solid(64, 64);
    const changed = withPatch(base, { x: 0, y: 0, width: 16, height: 16 });
    const result = comparePixels(base, changed, tolerance, { ignore: [{ x: 0, y: 0, width: 16, height: 16 }] });
    expect(result.match).toBe(true);
    expect(result.metrics).toMatchObject({ channelShift: { r: 0, g: 0, b: 0 }, regions: [], localColourShift: 0 });
  });

  it('images of different sizes have no figures and no findings: the reason says the sizes', () => {
    const result = comparePixels(solid(16, 16), solid(16, 8), tolerance);
    expect(result.metrics.channelShift).toBeUndefined();
    expect(result.findings).toBeUndefined();
  });
});
