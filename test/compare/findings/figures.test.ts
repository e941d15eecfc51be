import pixelmatch from 'pixelmatch';
import { describe, expect, it } from 'vitest';
import { measureFindings } from '../../../src/compare/findings/figures.js';
import { edgeRatio } from '../../../src/compare/findings/gradient.js';
import { blurred, shifted, withNoise, withOffsets, withPatch } from '../../../src/compare/findings/variants.js';
import type { RgbaImage } from '../../../src/image/types.js';
import { withPatch as paint, solid } from '../../helpers/images.js';
import { photo } from '../../helpers/photos.js';
import { accumulateFindings, maskFromDiffImage } from '../../helpers/reference-findings.js';
import { textured } from '../../helpers/textures.js';

function figures(expected: RgbaImage, actual: RgbaImage, ignored?: Uint8Array) {
  const diff = new Uint8Array(expected.data.length);
  pixelmatch(expected.data, actual.data, diff, expected.width, expected.height, { threshold: 0.1 });
  const diffMask = maskFromDiffImage({ width: expected.width, height: expected.height, data: diff });
  return measureFindings({ expected, actual, diffMask, ...(ignored ? { ignored } : {}) });
}

describe('channel shift', () => {
  it('is the signed mean difference of each channel, actual − expected', () => {
    const base = solid(20, 10, [100, 100, 100, 255]);
    expect(figures(base, withOffsets(base, { r: 8, g: 0, b: -4 })).channelShift).toEqual({ r: 8, g: 0, b: -4 });
  });

  it('stays near 0 for noise that goes both ways (±2 on 30% of the pixels of a photograph)', () => {
    const base = photo('coffee');
    const { r, g, b } = figures(base, withNoise(base, { levels: 2, share: 0.3, seed: 1 })).channelShift;
    for (const v of [r, g, b]) expect(Math.abs(v)).toBeLessThan(0.05);
  });

  it('moves with an exposure change on a real photograph, less where pixels clip at 0', () => {
    const base = photo('coffee');
    const { r, g, b } = figures(base, withOffsets(base, { r: -12, g: -12, b: -12 })).channelShift;
    for (const v of [r, g, b]) expect(v).toBeLessThan(-9);
    for (const v of [r, g, b]) expect(v).toBeGreaterThanOrEqual(-12);
  });

  it('leaves out a changed object, so a cast is measured on the rest of the picture', () => {
    const base = photo('rocket');
    const castAndObject = withOffsets(withPatch(base, { from: photo('coffee'), x: 200, y: 120, size: 40 }), {
      r: 8,
      g: 0,
      b: -4,
    });
    const { channelShift, regions } = figures(base, castAndObject);
    expect(regions[0]).toMatchObject({ x: 200, y: 120, width: 40, height: 40 });
    expect(channelShift.r).toBeCloseTo(8, 0);
    expect(channelShift.b).toBeCloseTo(-4, 0);
  });

  it('when the picture moved, measures it aligned: what enters and leaves at the edges is no cast', () => {
    const base = textured(128, 128);
    expect(Math.abs(figures(base, shifted(base, { dx: -2, dy: 3 })).channelShift.g)).toBeLessThan(0.5);
    const { channelShift } = figures(base, withOffsets(shifted(base, { dx: -2, dy: 3 }), { r: 8, g: 0, b: -4 }));
    expect(channelShift.r).toBeCloseTo(8, 0);
    expect(channelShift.g).toBeCloseTo(0, 0);
    expect(channelShift.b).toBeCloseTo(-4, 0);
  });

  it('leaves out ignored pixels', () => {
    const base = solid(10, 10, [100, 100, 100, 255]);
    const changed = new Uint8Array(base.data);
    for (let p = 0; p < 50; p++) changed.set([200, 200, 200, 255], p * 4);
    const ignored = new Uint8Array(100).fill(1, 0, 50);
    const actual = { ...base, data: changed };
    expect(measureFindings({ expected: base, actual }).channelShift.r).toBe(50);
    expect(measureFindings({ expected: base, actual, ignored }).channelShift).toEqual({ r: 0, g: 0, b: 0 });
  });

  it('composites transparent pixels on white, so a transparent pixel of any colour is white', () => {
    const clear = solid(4, 4, [0, 0, 0, 0]);
    expect(measureFindings({ expected: solid(4, 4, [255, 255, 255, 255]), actual: clear }).channelShift).toEqual({
      r: 0,
      g: 0,
      b: 0,
    });
  });
});

describe('edge ratio and GMSD', () => {
  it('identical images: ratio 1, GMSD 0', () => {
    const base = textured(96, 80);
    expect(measureFindings({ expected: base, actual: base })).toMatchObject({ edgeRatio: 1, gmsd: 0 });
  });

  it('a blur lowers the edge energy: σ 1.2 keeps under 60% of it on a photograph', () => {
    const base = photo('astronaut');
    const f = figures(base, blurred(base, 1.2));
    expect(f.edgeRatio).toBeLessThan(0.6);
    expect(f.gmsd).toBeGreaterThan(0.05);
  });

  it('a blur of a smooth photograph still shows (clouds: under 0.85)', () => {
    const base = photo('storm');
    expect(figures(base, blurred(base, 1.2)).edgeRatio).toBeLessThan(0.85);
  });

  it('noise only adds energy: ±1 on every channel keeps the ratio ≥ 1', () => {
    const base = photo('storm');
    expect(figures(base, withNoise(base, { levels: 1, share: 1, seed: 3 })).edgeRatio).toBeGreaterThanOrEqual(1);
  });

  it('a shift or a cast leaves the edge energy alone', () => {
    const base = textured(128, 128);
    expect(figures(base, shifted(base, { dx: 2, dy: 0 })).edgeRatio).toBeCloseTo(1, 1);
    expect(figures(base, withOffsets(base, { r: 8, g: 0, b: -4 })).edgeRatio).toBeCloseTo(1, 1);
  });

  it('leaves out a changed object: a flat one over texture does not make the picture "softer"', () => {
    const base = textured(128, 128);
    const object = paint(base, { x: 40, y: 40, width: 32, height: 32 }, [255, 0, 255, 255]);
    const f = figures(base, object);
    expect(f.regions[0]).toMatchObject({ x: 40, y: 40, width: 32, height: 32 });
    expect(f.edgeRatio).toBeCloseTo(1, 2);
    // Counted in, the flat square would read as lost edges.
    expect(edgeRatio(accumulateFindings(base, object))).toBeLessThan(0.97);
  });

  it('images too small for a 3×3 gradient score ratio 1 and GMSD 0', () => {
    const f = measureFindings({ expected: solid(2, 2), actual: solid(2, 2, [0, 0, 0, 255]) });
    expect(f).toMatchObject({ edgeRatio: 1, gmsd: 0 });
  });
});

describe('measureFindings', () => {
  it('refuses images of different sizes, naming both', () => {
    expect(() => measureFindings({ expected: solid(4, 4), actual: solid(5, 4) })).toThrow(/4×4 and 5×4/);
  });

  it('without a diff mask, regions come only from blocks whose colour moved', () => {
    const base = textured(64, 64);
    const dimmer = paint(base, { x: 8, y: 8, width: 16, height: 16 }, [0, 0, 0, 255]);
    expect(measureFindings({ expected: base, actual: dimmer }).regions).toEqual([
      { x: 8, y: 8, width: 16, height: 16, pixels: 256 },
    ]);
    const faint = withNoise(base, { levels: 2, share: 0.3, seed: 1 });
    expect(measureFindings({ expected: base, actual: faint })).toMatchObject({ regions: [], regionCount: 0 });
  });
});
