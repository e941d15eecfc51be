import { describe, expect, it } from 'vitest';
import { jpeg420RoundTrip } from '../../../src/compare/findings/jpeg-model.js';
import {
  blurred,
  pngRoundTrip,
  seededRandom,
  shifted,
  withNoise,
  withOffsets,
  withPatch,
} from '../../../src/compare/findings/variants.js';
import { measure } from '../../../src/compare/pixel-pass.js';
import { solid } from '../../helpers/images.js';
import { photo } from '../../helpers/photos.js';
import { textured } from '../../helpers/textures.js';

describe('calibration variants', () => {
  it('seeded noise is the same on every run, and moves exactly the share of pixels asked, by exactly ±levels', () => {
    const base = solid(100, 100, [100, 100, 100, 255]);
    const a = withNoise(base, { levels: 2, share: 0.3, seed: 7 });
    expect(withNoise(base, { levels: 2, share: 0.3, seed: 7 }).data).toEqual(a.data);
    expect(withNoise(base, { levels: 2, share: 0.3, seed: 8 }).data).not.toEqual(a.data);
    let moved = 0;
    for (let i = 0; i < a.data.length; i += 4) {
      if (a.data[i] !== 100) moved++;
      for (let c = 0; c < 3; c++) expect([98, 100, 102]).toContain(a.data[i + c]);
    }
    expect(moved / 10_000).toBeCloseTo(0.3, 1);
    expect(seededRandom(1)()).toBe(seededRandom(1)());
  });

  it('offsets clip at 0 and 255', () => {
    expect(withOffsets(solid(1, 1, [250, 5, 100, 255]), { r: 8, g: -12, b: 0 }).data).toEqual(
      Uint8Array.of(255, 0, 100, 255),
    );
  });

  it('a shift moves pixels by (dx, dy) and repeats the edge it leaves', () => {
    const base = textured(20, 10);
    const moved = shifted(base, { dx: 2, dy: 1 });
    const at = (img: typeof base, x: number, y: number) =>
      Array.from(img.data.subarray((y * 20 + x) * 4, (y * 20 + x) * 4 + 4));
    expect(at(moved, 5, 5)).toEqual(at(base, 3, 4));
    expect(at(moved, 0, 0)).toEqual(at(base, 0, 0));
  });

  it('a blur keeps a flat image flat and softens an edge symmetrically', () => {
    expect(blurred(solid(8, 8, [10, 20, 30, 255]), 1.2).data).toEqual(solid(8, 8, [10, 20, 30, 255]).data);
    const edge = solid(16, 1, [0, 0, 0, 255]);
    for (let x = 8; x < 16; x++) edge.data.set([200, 200, 200, 255], x * 4);
    const soft = blurred(edge, 1.2);
    expect(soft.data[7 * 4]).toBe(200 - (soft.data[8 * 4] as number));
    expect(soft.data[7 * 4]).toBeGreaterThan(0);
  });

  it('a patch copies the square from the other image and nothing else', () => {
    const out = withPatch(solid(10, 10, [0, 0, 0, 255]), { from: solid(10, 10, [9, 9, 9, 255]), x: 2, y: 3, size: 4 });
    let changed = 0;
    for (let i = 0; i < out.data.length; i += 4) if (out.data[i] === 9) changed++;
    expect(changed).toBe(16);
    expect(out.data[(3 * 10 + 2) * 4]).toBe(9);
  });

  it('a PNG round trip keeps every pixel', () => {
    const base = photo('aqua');
    expect(pngRoundTrip(base).data).toEqual(base.data);
  });
});

describe('JPEG 4:2:0 round trip model', () => {
  it('costs what libjpeg + jpeg-js cost on the calibration photographs (PSNR within 0.2 dB of cjpeg 2.1.5)', () => {
    // Measured with `cjpeg -quality Q` (libjpeg-turbo 2.1.5, 4:2:0) and decoded by jpeg-js: docs/findings.md.
    const cjpeg: Record<string, [number, number]> = {
      rocket: [34.6, 35.75],
      coffee: [35.06, 37.45],
      storm: [44.96, 46.01],
    };
    for (const [name, [q90, q95]] of Object.entries(cjpeg)) {
      const base = photo(name);
      expect(measure(base, jpeg420RoundTrip(base, 90)).psnr).toBeCloseTo(q90, 0);
      expect(Math.abs(measure(base, jpeg420RoundTrip(base, 90)).psnr - q90)).toBeLessThan(0.2);
      expect(Math.abs(measure(base, jpeg420RoundTrip(base, 95)).psnr - q95)).toBeLessThan(0.2);
    }
  });

  it('is deterministic, and a flat grey survives it unchanged but for jpeg-js truncating to 8 bits', () => {
    const base = photo('retina');
    expect(jpeg420RoundTrip(base, 90).data).toEqual(jpeg420RoundTrip(base, 90).data);
    const grey = jpeg420RoundTrip(solid(16, 16, [128, 128, 128, 255]), 90);
    for (let i = 0; i < grey.data.length; i += 4) expect([127, 128]).toContain(grey.data[i]);
  });
});
