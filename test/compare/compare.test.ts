import pixelmatch from 'pixelmatch';
import { describe, expect, it } from 'vitest';
import { CompareInputError, compareImages, comparePixels } from '../../src/compare/compare.js';
import { hatchDiff } from '../../src/compare/drawn-diff.js';
import { measure } from '../../src/compare/pixel-pass.js';
import { ignoreMask, maskedCopy } from '../../src/compare/regions.js';
import { decodeImage } from '../../src/image/decode.js';
import { LocalModel } from '../../src/providers/local/provider.js';
import { png, solid, withPatch } from '../helpers/images.js';

const tolerance = { threshold: 0.1, include_aa: false };

describe('compare', () => {
  it('counts exactly the changed pixels of a crafted patch', () => {
    const base = solid(100, 100);
    const changed = withPatch(base, { x: 10, y: 20, width: 7, height: 3 });
    const result = comparePixels(base, changed, { ...tolerance, max_diff_pixels: 21 });
    expect(result.metrics).toMatchObject({ diffPixels: 21, diffRatio: 21 / 10_000, maxChannelDiff: 215 });
    expect(result.match).toBe(true);
  });

  it('fails one pixel over max_diff_pixels, with the figures in the reason', () => {
    const base = solid(100, 100);
    const changed = withPatch(base, { x: 0, y: 0, width: 22, height: 1 });
    const result = comparePixels(base, changed, { ...tolerance, max_diff_pixels: 21 });
    expect(result.match).toBe(false);
    expect(result.reason).toBe('22 pixels differ, more than max_diff_pixels 21');
    expect(result.diff).toBeInstanceOf(Uint8Array);
  });

  it('gates on max_diff_ratio, and every set gate must hold', () => {
    const base = solid(100, 100);
    const changed = withPatch(base, { x: 0, y: 0, width: 10, height: 10 }); // 100 px = 1%
    expect(comparePixels(base, changed, { ...tolerance, max_diff_ratio: 0.01 }).match).toBe(true);
    expect(comparePixels(base, changed, { ...tolerance, max_diff_ratio: 0.0099 }).match).toBe(false);
    const both = comparePixels(base, changed, { ...tolerance, max_diff_ratio: 0.5, max_diff_pixels: 99 });
    expect(both.gates.filter((g) => !g.ok).map((g) => g.name)).toEqual(['max_diff_pixels']);
  });

  it('ignores differences under the colour threshold', () => {
    const base = solid(50, 50, [100, 100, 100, 255]);
    const nudged = withPatch(base, { x: 0, y: 0, width: 50, height: 50 }, [102, 101, 100, 255]);
    expect(comparePixels(base, nudged, { ...tolerance, max_diff_pixels: 0 }).metrics.diffPixels).toBe(0);
    expect(
      comparePixels(base, nudged, { threshold: 0, include_aa: false, max_diff_pixels: 0 }).metrics.diffPixels,
    ).toBe(2500);
  });

  it('turns a size mismatch into a failure with both sizes, not a crash', () => {
    const result = comparePixels(solid(64, 64), solid(64, 48), { ...tolerance, max_diff_ratio: 1 });
    expect(result.match).toBe(false);
    expect(result.reason).toBe('image size differs: baseline 64×64, actual 64×48');
    expect(result.metrics.diffRatio).toBe(1);
    // Nothing else compares across sizes but the perceptual hash.
    expect(Object.keys(result.metrics).sort()).toEqual(['diffPixels', 'diffRatio', 'phashDistance']);
    expect(result.metrics.phashDistance).toBe(0);
  });

  it('passes identical bytes without decoding them', () => {
    const bytes = png(solid(8, 8));
    const result = compareImages({
      expected: bytes,
      actual: bytes,
      tolerance: { ...tolerance, max_diff_pixels: 0 },
      ignore: [{ x: 6, y: 6, width: 4, height: 4 }],
    });
    expect(result).toMatchObject({ match: true, identical: true, width: 8, height: 8 });
    expect(result.metrics).toEqual({
      diffPixels: 0,
      diffRatio: 0,
      maxChannelDiff: 0,
      meanAbsError: 0,
      psnr: 100,
      ssim: 1,
      phashDistance: 0,
      channelShift: { r: 0, g: 0, b: 0 },
      localColourShift: 0,
      gmsd: 0,
      edgeRatio: 1,
      shift: { dx: 0, dy: 0, gain: 0 },
      regions: [],
      regionCount: 0,
      ignoredPixels: 4,
    });
  });

  it("draws a diff of matching images only when asked to 'always'", () => {
    const bytes = png(solid(8, 8));
    expect(compareImages({ expected: bytes, actual: bytes, tolerance }).diff).toBeUndefined();
    const always = compareImages({ expected: bytes, actual: bytes, tolerance, diffImage: 'always' });
    expect(always).toMatchObject({ match: true, identical: false });
    expect(decodeImage(always.diff as Uint8Array).width).toBe(8);
    const changed = png(withPatch(solid(8, 8), { x: 0, y: 0, width: 8, height: 8 }));
    expect(compareImages({ expected: bytes, actual: changed, tolerance, diffImage: 'never' }).diff).toBeUndefined();
  });

  it('writes a diff PNG that decodes to the image size, red where pixels differ', () => {
    const base = solid(20, 10);
    const changed = withPatch(base, { x: 5, y: 5, width: 1, height: 1 }, [250, 250, 0, 255]);
    const result = compareImages({
      expected: png(base),
      actual: png(changed),
      tolerance: { ...tolerance, max_diff_pixels: 0 },
    });
    const diff = decodeImage(result.diff as Uint8Array);
    expect([diff.width, diff.height]).toEqual([20, 10]);
    const at = (5 * 20 + 5) * 4;
    expect([...diff.data.subarray(at, at + 4)]).toEqual([255, 0, 0, 255]);
  });

  it('says which side could not be decoded', () => {
    const good = png(solid(8, 8));
    const bad = new TextEncoder().encode('<html>not an image</html>');
    expect(() => compareImages({ expected: good, actual: bad, tolerance })).toThrow(CompareInputError);
    try {
      compareImages({ expected: bad, actual: good, tolerance });
    } catch (error) {
      expect((error as CompareInputError).side).toBe('expected');
      expect((error as Error).message).toMatch(/^baseline image: not a PNG or JPEG/);
    }
  });
});

describe('the one pass (pixel-pass.ts) inside the comparator', () => {
  function modelPng(revision: number): Uint8Array {
    const [image] = new LocalModel({ revision, jitter: 0 }).generate({
      model: 'sim-dev',
      prompt: 'a lighthouse on a cliff at dusk, film grain',
      seed: 7,
      width: 192,
      height: 160,
      steps: 28,
      output_format: 'png',
    });
    return image?.bytes ?? new Uint8Array();
  }

  it("records pixelmatch's count and diff and the metrics pass's figures, with and without ignore regions", () => {
    const expectedBytes = modelPng(1);
    const actualBytes = modelPng(2);
    const expected = decodeImage(expectedBytes);
    const actual = decodeImage(actualBytes);
    const ignore = [{ x: 20, y: 30, width: 50, height: 40 }];
    for (const regions of [undefined, ignore]) {
      const result = compareImages({
        expected: expectedBytes,
        actual: actualBytes,
        tolerance: { ...tolerance, max_diff_pixels: 0 },
        diffImage: 'always',
        ...(regions ? { ignore: regions } : {}),
      });
      const { width, height } = actual;
      const mask = regions ? ignoreMask(regions, width, height) : undefined;
      const matchable = mask ? maskedCopy(expected.data, actual.data, mask, width) : actual.data;
      const drawn = new Uint8Array(width * height * 4);
      const count = pixelmatch(expected.data, matchable, drawn, width, height, { threshold: 0.1, includeAA: false });
      if (mask) hatchDiff({ kind: 'rgba', data: drawn }, width, mask.regions);
      const measured = measure(expected, actual, mask?.mask);
      expect(count).toBeGreaterThan(100);
      expect(result.metrics.diffPixels).toBe(count);
      expect(result.metrics.ssim).toBe(Math.round(measured.ssim * 1e6) / 1e6);
      expect(result.metrics.meanAbsError).toBe(Math.round(measured.meanAbsError * 1e4) / 1e4);
      expect(result.metrics.phashDistance).toBe(measured.phashDistance);
      expect(result.match).toBe(false);
      expect(Buffer.from(decodeImage(result.diff ?? new Uint8Array()).data).equals(drawn)).toBe(true);
    }
  });
});
