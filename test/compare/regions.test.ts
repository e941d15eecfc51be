import { describe, expect, it } from 'vitest';
import { comparePixels } from '../../src/compare/compare.js';
import { ignoredPixelCount, ignoreMask } from '../../src/compare/regions.js';
import { decodeImage } from '../../src/image/decode.js';
import type { RgbaImage } from '../../src/image/types.js';
import { LocalModel } from '../../src/providers/local/provider.js';
import { solid, withPatch } from '../helpers/images.js';

const tolerance = { threshold: 0.1, include_aa: false, max_diff_pixels: 0 };

function scene(): RgbaImage {
  const [image] = new LocalModel({ revision: 1, jitter: 0 }).generate({
    model: 'sim-dev',
    prompt: 'a neon city street at night, rain',
    seed: 4,
    width: 96,
    height: 96,
    steps: 28,
    output_format: 'png',
  });
  return decodeImage(image?.bytes ?? new Uint8Array());
}

/** A copy with every pixel of the rectangle replaced by noise. */
function scribble(image: RgbaImage, rect: { x: number; y: number; width: number; height: number }): RgbaImage {
  const data = new Uint8Array(image.data);
  for (let y = rect.y; y < rect.y + rect.height; y++) {
    for (let x = rect.x; x < rect.x + rect.width; x++) {
      const i = (y * image.width + x) * 4;
      data.set([(x * 97 + y * 31) % 256, (x * 13 + y * 211) % 256, (x * y) % 256, 255], i);
    }
  }
  return { ...image, data };
}

describe('ignore regions', () => {
  it('leave exactly their pixels out: a patch half inside counts only its pixels outside', () => {
    const base = solid(20, 20, [100, 100, 100, 255]);
    // Patch x 2..7, y 2..5 (24 px); the region covers x 0..4, so x 2, 3, 4 of the patch (12 px) are ignored.
    const changed = withPatch(base, { x: 2, y: 2, width: 6, height: 4 }, [160, 100, 100, 255]);
    const ignore = [{ x: 0, y: 0, width: 5, height: 10 }];
    const result = comparePixels(base, changed, tolerance, { ignore });
    expect(result.metrics.diffPixels).toBe(12);
    expect(result.metrics.ignoredPixels).toBe(50);
    expect(result.metrics.diffRatio).toBe(12 / 350);
    expect(result.metrics.maxChannelDiff).toBe(60);
    expect(result.metrics.meanAbsError).toBeCloseTo((12 * 60) / (350 * 3), 4);
  });

  it('anything inside a region changes no metric at all; one pixel just outside does', () => {
    const base = scene();
    const region = { x: 30, y: 20, width: 25, height: 17 };
    const noisy = scribble(base, region);
    const again = scribble(withPatch(base, { x: 31, y: 21, width: 20, height: 10 }, [0, 255, 0, 255]), region);
    const a = comparePixels(base, noisy, tolerance, { ignore: [region] });
    const b = comparePixels(base, again, tolerance, { ignore: [region] });
    expect(a.metrics).toEqual({
      diffPixels: 0,
      diffRatio: 0,
      maxChannelDiff: 0,
      meanAbsError: 0,
      psnr: 100,
      ssim: 1,
      phashDistance: 0,
      ignoredPixels: 25 * 17,
      channelShift: { r: 0, g: 0, b: 0 },
      localColourShift: 0,
      gmsd: 0,
      edgeRatio: 1,
      shift: { dx: 0, dy: 0, gain: 0 },
      regions: [],
      regionCount: 0,
    });
    expect(b.metrics).toEqual(a.metrics);
    expect(a.match).toBe(true);

    const outside = withPatch(noisy, { x: 55, y: 20, width: 1, height: 1 }, [255, 0, 255, 255]);
    const c = comparePixels(base, outside, tolerance, { ignore: [region] });
    expect(c.metrics.diffPixels).toBe(1);
    expect(c.metrics.ssim).toBeLessThan(1);
  });

  it('are clipped to the image, and overlapping regions count their pixels once', () => {
    expect(ignoredPixelCount([{ x: 15, y: 15, width: 10, height: 10 }], 20, 20)).toBe(25);
    expect(ignoredPixelCount([{ x: 30, y: 0, width: 5, height: 5 }], 20, 20)).toBe(0);
    const overlapping = [
      { x: 0, y: 0, width: 4, height: 4 },
      { x: 2, y: 2, width: 4, height: 4 },
    ];
    expect(ignoredPixelCount(overlapping, 20, 20)).toBe(28);
    expect(ignoreMask(overlapping, 20, 20)?.count).toBe(28);
  });

  it('leave a pass with nothing compared when they cover the whole image', () => {
    const result = comparePixels(solid(8, 8), solid(8, 8, [0, 0, 0, 255]), tolerance, {
      ignore: [{ x: 0, y: 0, width: 8, height: 8 }],
    });
    expect(result.match).toBe(true);
    expect(result.metrics).toMatchObject({ diffPixels: 0, diffRatio: 0, ssim: 1, ignoredPixels: 64 });
  });

  it('are drawn hatched on the diff image: a solid border, stripes inside, red differences outside', () => {
    const base = solid(40, 30, [200, 200, 200, 255]);
    const changed = withPatch(withPatch(base, { x: 2, y: 2, width: 3, height: 3 }), {
      x: 20,
      y: 10,
      width: 10,
      height: 10,
    });
    const region = { x: 18, y: 8, width: 14, height: 14 };
    const result = comparePixels(base, changed, tolerance, { ignore: [region] });
    expect(result.metrics.diffPixels).toBe(9);
    const diff = decodeImage(result.diff ?? new Uint8Array());
    const at = (x: number, y: number) => [...diff.data.subarray((y * 40 + x) * 4, (y * 40 + x) * 4 + 3)];
    const HATCH = [0, 110, 255];
    expect(at(18, 8)).toEqual(HATCH); // corner
    expect(at(31, 15)).toEqual(HATCH); // right border
    expect(at(24, 16)).toEqual(HATCH); // (x + y) % 8 === 0: a stripe
    expect(at(23, 16)).not.toEqual(HATCH); // between stripes
    expect(at(3, 3)).toEqual([255, 0, 0]); // a difference outside the region
  });
});
