import { describe, expect, it } from 'vitest';
import { jpeg420RoundTrip } from '../../../src/compare/findings/jpeg-model.js';
import { estimateTranslation } from '../../../src/compare/findings/translation.js';
import { blurred, shifted, withNoise, withOffsets } from '../../../src/compare/findings/variants.js';
import type { RgbaImage } from '../../../src/image/types.js';
import { photo } from '../../helpers/photos.js';
import { accumulateFindings } from '../../helpers/reference-findings.js';
import { textured } from '../../helpers/textures.js';

function translation(expected: RgbaImage, actual: RgbaImage, ignored?: Uint8Array) {
  const profiles = accumulateFindings(expected, actual, ignored);
  return estimateTranslation({ expected, actual, profiles, ...(ignored ? { ignored } : {}) });
}

describe('translation estimate', () => {
  for (const [dx, dy] of [
    [2, 0],
    [0, -2],
    [-3, 1],
    [1, 0],
    [-9, 5],
  ] as const) {
    it(`finds a shift of (${dx}, ${dy}) on a synthetic picture, and aligning removes all of the difference`, () => {
      const base = textured(160, 128);
      const moved = translation(base, shifted(base, { dx, dy }));
      expect(moved).toMatchObject({ dx, dy });
      expect(moved.gain).toBeGreaterThan(0.99);
    });
  }

  it('finds a 2-pixel shift of a smooth photograph (clouds), where few pixels change by much', () => {
    const base = photo('storm');
    expect(translation(base, shifted(base, { dx: 2, dy: 0 }))).toMatchObject({
      dx: 2,
      dy: 0,
      gain: expect.any(Number),
    });
    expect(translation(base, shifted(base, { dx: 2, dy: 0 })).gain).toBeGreaterThan(0.9);
  });

  it('finds a shift through a JPEG re-encode and an exposure change', () => {
    const base = photo('astronaut');
    const moved = translation(
      base,
      withOffsets(jpeg420RoundTrip(shifted(base, { dx: -2, dy: 1 }), 90), { r: -10, g: -10, b: -10 }),
    );
    expect(moved).toMatchObject({ dx: -2, dy: 1 });
    expect(moved.gain).toBeGreaterThan(0.25);
  });

  it('finds none in noise, a re-encode or a blur', () => {
    const base = photo('coffee');
    for (const actual of [
      withNoise(base, { levels: 2, share: 0.3, seed: 4 }),
      jpeg420RoundTrip(base, 90),
      blurred(base, 1.2),
    ]) {
      expect(translation(base, actual)).toEqual({ dx: 0, dy: 0, gain: 0 });
    }
  });

  it('another picture may have a best lag, but aligning by it removes almost nothing', () => {
    expect(translation(photo('rocket'), photo('storm')).gain).toBeLessThan(0.1);
    expect(translation(photo('aqua'), photo('astronaut')).gain).toBeLessThan(0.1);
  });

  it('pixels under an ignore mask do not count in the check', () => {
    const base = textured(96, 96);
    const actual = shifted(base, { dx: 2, dy: 0 });
    const all = new Uint8Array(96 * 96).fill(1);
    expect(translation(base, actual, all)).toEqual({ dx: 0, dy: 0, gain: 0 });
  });

  it('images too small to look for a shift in score none', () => {
    const base = textured(6, 6);
    expect(translation(base, shifted(base, { dx: 1, dy: 0 }))).toEqual({ dx: 0, dy: 0, gain: 0 });
  });
});
