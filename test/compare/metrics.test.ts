import { describe, expect, it } from 'vitest';
import { comparePixels } from '../../src/compare/compare.js';
import { PSNR_CAP, psnrOf } from '../../src/compare/metrics.js';
import { hammingDistance, phash } from '../../src/compare/phash.js';
import { measure } from '../../src/compare/pixel-pass.js';
import { decodeImage } from '../../src/image/decode.js';
import { encodeJpeg } from '../../src/image/jpeg-encode.js';
import type { RgbaImage } from '../../src/image/types.js';
import { LocalModel } from '../../src/providers/local/provider.js';
import { solid, withPatch } from '../helpers/images.js';

const C1 = (0.01 * 255) ** 2;
const C2 = (0.03 * 255) ** 2;

/** An image from a function of (x, y) giving a grey level. */
function grey(width: number, height: number, level: (x: number, y: number) => number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set([level(x, y), level(x, y), level(x, y), 255], (y * width + x) * 4);
  }
  return { width, height, data };
}

function sceneImage(seed: number): RgbaImage {
  const [image] = new LocalModel({ revision: 1, jitter: 0 }).generate({
    model: 'sim-dev',
    prompt: 'a lighthouse on a cliff at sunset',
    seed,
    width: 128,
    height: 128,
    steps: 28,
    output_format: 'png',
  });
  return decodeImage(image?.bytes ?? new Uint8Array());
}

describe('metrics', () => {
  it('PSNR of a known MSE: every value 10 levels apart gives MSE 100, 10·log10(255²/100) dB', () => {
    const m = measure(solid(6, 5, [100, 100, 100, 255]), solid(6, 5, [110, 110, 110, 255]));
    expect(m.psnr).toBeCloseTo(10 * Math.log10(65025 / 100), 10);
    expect(m.psnr).toBeCloseTo(28.1308, 4);
  });

  it('PSNR over R, G, B of one changed value: MSE = 16² / (3 × 16 pixels)', () => {
    const base = solid(4, 4, [50, 60, 70, 255]);
    const changed = withPatch(base, { x: 1, y: 2, width: 1, height: 1 }, [66, 60, 70, 255]);
    const mse = 256 / 48;
    expect(measure(base, changed).psnr).toBeCloseTo(10 * Math.log10(65025 / mse), 10);
  });

  it('caps PSNR at 100 dB: identical pixels (infinite PSNR) and near-identical ones', () => {
    expect(psnrOf(0)).toBe(PSNR_CAP);
    expect(psnrOf(1e-9)).toBe(PSNR_CAP);
    expect(measure(solid(3, 3), solid(3, 3)).psnr).toBe(100);
  });

  it('max channel diff and mean absolute error, by hand on a 2×2 image', () => {
    const a = solid(2, 2, [100, 100, 100, 255]);
    const b = withPatch(a, { x: 1, y: 0, width: 1, height: 1 }, [110, 97, 100, 255]);
    const c = withPatch(b, { x: 0, y: 1, width: 1, height: 1 }, [100, 100, 95, 255]);
    const m = measure(a, c);
    expect(m.maxChannelDiff).toBe(10);
    // |10| + |-3| + |-5| over 4 pixels × 3 channels.
    expect(m.meanAbsError).toBeCloseTo(18 / 12, 12);
    expect(m.comparedPixels).toBe(4);
  });

  it('composites on white before comparing, so transparent pixels of any colour match', () => {
    const clear = solid(4, 4, [255, 0, 0, 0]);
    const alsoClear = solid(4, 4, [0, 0, 255, 0]);
    expect(measure(clear, alsoClear)).toMatchObject({ maxChannelDiff: 0, meanAbsError: 0, ssim: 1 });
    const half = solid(4, 4, [0, 0, 0, 128]);
    // Black at alpha 128/255 over white: 255 − 255·128/255 = 127 levels darker.
    expect(measure(solid(4, 4, [255, 255, 255, 255]), half).maxChannelDiff).toBeCloseTo(128, 10);
  });

  it('SSIM of identical images is exactly 1, whatever they hold', () => {
    const image = sceneImage(3);
    expect(measure(image, image).ssim).toBe(1);
    expect(measure(solid(5, 3), solid(5, 3)).ssim).toBe(1);
  });

  it('SSIM of flat images is the luminance term alone: (2μxμy + C1) / (μx² + μy² + C1)', () => {
    const m = measure(solid(16, 16, [100, 100, 100, 255]), solid(16, 16, [110, 110, 110, 255]));
    expect(m.ssim).toBeCloseTo((2 * 100 * 110 + C1) / (100 ** 2 + 110 ** 2 + C1), 12);
  });

  it('SSIM of one 8×8 window: halves 50|150 against 150|50 (σ² = 2500, covariance −2500)', () => {
    const left = grey(8, 8, (x) => (x < 4 ? 50 : 150));
    const right = grey(8, 8, (x) => (x < 4 ? 150 : 50));
    const expected = ((2 * 100 * 100 + C1) * (2 * -2500 + C2)) / ((100 ** 2 + 100 ** 2 + C1) * (2500 + 2500 + C2));
    expect(measure(left, right).ssim).toBeCloseTo(expected, 12);
    expect(expected).toBeCloseTo(-0.9769, 4);
  });

  it('SSIM falls as structure changes, and is symmetric', () => {
    const a = sceneImage(1);
    const b = sceneImage(2);
    const ab = measure(a, b).ssim;
    expect(ab).toBeLessThan(0.95);
    expect(measure(b, a).ssim).toBeCloseTo(ab, 12);
  });

  it('pHash: distance 0 for identical images, small for a JPEG or a resize, large for another picture', () => {
    const a = sceneImage(1);
    const b = sceneImage(2);
    expect(hammingDistance(phash(a), phash(a))).toBe(0);
    expect(measure(a, a).phashDistance).toBe(0);
    const rgb = new Uint8Array(a.width * a.height * 3);
    for (let p = 0; p < a.width * a.height; p++) rgb.set(a.data.subarray(p * 4, p * 4 + 3), p * 3);
    const jpeg = decodeImage(encodeJpeg({ width: a.width, height: a.height, data: rgb }, 75));
    expect(measure(a, jpeg).phashDistance).toBeLessThanOrEqual(2);
    expect(measure(a, b).phashDistance).toBeGreaterThan(10);
    // Half size, every other pixel: the hash does not care about the size.
    const small = grey(64, 64, (x, y) => a.data[(2 * y * 128 + 2 * x) * 4 + 1] ?? 0);
    const greyA = grey(128, 128, (x, y) => a.data[(y * 128 + x) * 4 + 1] ?? 0);
    expect(hammingDistance(phash(greyA), phash(small))).toBeLessThanOrEqual(4);
  });

  it('the hash of the fused pass is the hash of each image alone', () => {
    const a = sceneImage(1);
    const b = sceneImage(2);
    expect(measure(a, b).phashDistance).toBe(hammingDistance(phash(a), phash(b)));
  });

  it('records every metric for a passing comparison too, rounded as results.json keeps them', () => {
    const a = sceneImage(1);
    const nudged = { ...a, data: a.data.map((v, i) => (i % 4 === 3 ? v : Math.min(255, v + 1))) };
    const result = comparePixels(a, nudged, { threshold: 0.1, include_aa: false, max_diff_ratio: 0.001 });
    expect(result.match).toBe(true);
    expect(Object.keys(result.metrics).sort()).toEqual(
      [
        'diffPixels',
        'diffRatio',
        'maxChannelDiff',
        'meanAbsError',
        'phashDistance',
        'psnr',
        'ssim',
        // The findings' figures (docs/findings.md), for a passing image too.
        'channelShift',
        'localColourShift',
        'gmsd',
        'edgeRatio',
        'shift',
        'regions',
        'regionCount',
      ].sort(),
    );
    expect(result.metrics.maxChannelDiff).toBe(1);
    expect(result.metrics.ssim).toBe(Math.round((result.metrics.ssim ?? 0) * 1e6) / 1e6);
  });
});
