/**
 * The one-pass kernel against what it replaces: pixelmatch (the library, counting and drawing) and the
 * metrics pass (accumulate). Every figure must be the same, exactly — on the built-in model's real
 * revision drift, on noise, on anti-aliased edges, on transparent pixels, with and without a mask.
 */
import pixelmatch from 'pixelmatch';
import { describe, expect, it } from 'vitest';
import { diffRgba } from '../../src/compare/drawn-diff.js';
import type { FindingSums } from '../../src/compare/findings/accumulator.js';
import { cellFigures, type PixelSums } from '../../src/compare/metrics.js';
import { type PixelPassOptions, type PixelPassResult, pixelPass, pixelPassJs } from '../../src/compare/pixel-pass.js';
import { opaquePixelPass } from '../../src/compare/pixel-pass-wasm.js';
import { ignoreMask, maskedCopy } from '../../src/compare/regions.js';
import { decodeImage } from '../../src/image/decode.js';
import type { RgbaImage } from '../../src/image/types.js';
import { LocalModel } from '../../src/providers/local/provider.js';
import { withPatch } from '../helpers/images.js';
import { accumulateFindings, maskFromDiffImage } from '../helpers/reference-findings.js';
import { accumulate } from '../helpers/reference-metrics.js';

function modelImage(revision: number, options: { format?: 'png' | 'jpeg'; size?: number; prompt?: string } = {}) {
  const size = options.size ?? 160;
  const [image] = new LocalModel({ revision, jitter: 0 }).generate({
    model: 'sim-dev',
    prompt: options.prompt ?? 'a neon city street at night, rain, cinematic',
    seed: 42,
    width: size,
    height: size,
    steps: 28,
    output_format: options.format ?? 'png',
  });
  return decodeImage(image?.bytes ?? new Uint8Array());
}

function noise(width: number, height: number, seed: number, alpha?: (i: number) => number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  let state = seed;
  for (let i = 0; i < data.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    data[i] = (i & 3) === 3 ? (alpha ? alpha(i >> 2) : 255) : state >>> 24;
  }
  return { width, height, data };
}

/** Nudge some pixels of `image` by a few levels, others a lot: every branch of pixelmatch gets work. */
function perturb(image: RgbaImage, seed: number): RgbaImage {
  const data = new Uint8Array(image.data);
  let state = seed;
  for (let p = 0; p < image.width * image.height; p++) {
    state = (state * 1103515245 + 12345) >>> 0;
    const roll = state >>> 24;
    if (roll < 40) data[p * 4] = ((data[p * 4] as number) + 3) & 255;
    else if (roll < 60) data[p * 4 + 1] = 255 - (data[p * 4 + 1] as number);
    else if (roll < 64) data[p * 4 + 3] = roll * 2;
  }
  return { width: image.width, height: image.height, data };
}

/** Edges of a hard shape drawn twice, one pixel apart: the anti-aliasing detector's home ground. */
function shape(width: number, height: number, shift: number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const d = Math.hypot(x - width / 2 - shift, y - height / 2) - width / 4;
      const level = d < -1 ? 30 : d > 1 ? 230 : Math.round(130 + d * 100);
      data.set([level, level, 200, 255], (y * width + x) * 4);
    }
  }
  return { width, height, data };
}

const opaque = (image: RgbaImage) => image.data.every((v, i) => (i & 3) !== 3 || v === 255);

/**
 * The kernel (wasm/pass.ts) against the JavaScript pass, every figure to the bit, for opaque images; for
 * images with alpha, the kernel declines and pixelPass is the JavaScript pass.
 */
function sameOnBothPasses(expected: RgbaImage, actual: RgbaImage, options: PixelPassOptions) {
  const kernel = opaquePixelPass(expected, actual, options);
  const js = pixelPassJs(expected, actual, options);
  if (!opaque(expected) || !opaque(actual)) {
    expect(kernel).toBeUndefined();
    return;
  }
  if (!kernel) throw new Error('the kernel declined opaque images');
  // The kernel computes SSIM and the hashes from its cells, which metricsOf computes from the JavaScript
  // pass's: the very same number and bits.
  // The diff as pixels: the kernel draws palette indices (drawn-diff.ts), the JavaScript pass RGBA.
  const drawn = (pass: PixelPassResult) =>
    pass.diff ? { diff: diffRgba(pass.diff, expected.width, expected.height) } : {};
  expect(bitsOf({ ...kernel, ...drawn(kernel), sums: figuresOf(kernel.sums) })).toEqual(
    bitsOf({ ...js, ...drawn(js), sums: figuresOf(js.sums) }),
  );
}

/** The sums with what metricsOf takes from the cells (SSIM and both hashes) in place of the cells. */
function figuresOf(sums: PixelSums) {
  const { maxDiff, sumAbs, sumSq, n } = sums;
  const { ssim, hashes } = 'cells' in sums ? cellFigures(sums) : sums;
  return { maxDiff, sumAbs, sumSq, n, ssim, hashes };
}

/** Every figure of a pass, typed arrays as their bytes in hex: equal to the bit, and quick to compare. */
function bitsOf(pass: Record<string, unknown>): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  const visit = (prefix: string, value: unknown) => {
    if (ArrayBuffer.isView(value)) {
      flat[prefix] = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
    } else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) visit(`${prefix}.${key}`, inner);
    } else {
      flat[prefix] = value;
    }
  };
  visit('pass', pass);
  return flat;
}

/** The pass's diff as RGBA pixels, as pixelmatch draws it. */
function drawnPixels(pass: PixelPassResult, width: number, height: number): Uint8Array {
  if (!pass.diff) throw new Error('the pass should have drawn the diff');
  return diffRgba(pass.diff, width, height);
}

function check(expected: RgbaImage, actual: RgbaImage, options: { threshold: number; includeAA?: boolean }) {
  const { width, height } = expected;
  sameOnBothPasses(expected, actual, options);
  sameOnBothPasses(expected, actual, { ...options, draw: true, findings: true });
  const drawn = new Uint8Array(width * height * 4);
  const count = pixelmatch(expected.data, actual.data, drawn, width, height, options);
  const pass = pixelPass(expected, actual, { ...options, draw: true });
  expect(pass.diffPixels).toBe(count);
  expect(Buffer.from(drawnPixels(pass, width, height)).equals(drawn)).toBe(true);
  const sums = accumulate(expected, actual);
  expect(figuresOf(pass.sums)).toEqual(figuresOf(sums));
  const counted = pixelPass(expected, actual, options);
  expect(counted.diff).toBeUndefined();
  expect(counted.diffPixels).toBe(count);
  expect(counted.findingSums).toBeUndefined();
  checkFindings({ expected, actual, drawn, options });
  return count;
}

/** With `findings`: the same count and diff, the findings' own pass's sums, and pixelmatch's red pixels as the mask. */
function checkFindings(input: {
  expected: RgbaImage;
  actual: RgbaImage;
  matchable?: RgbaImage;
  ignored?: Uint8Array;
  drawn: Uint8Array;
  options: { threshold: number; includeAA?: boolean };
}) {
  const { expected, actual, ignored, drawn, options } = input;
  const { width, height } = expected;
  sameOnBothPasses(expected, input.matchable ?? actual, {
    ...options,
    draw: true,
    findings: true,
    ...(ignored ? { ignored } : {}),
  });
  const pass = pixelPass(expected, input.matchable ?? actual, {
    ...options,
    draw: true,
    findings: true,
    ...(ignored ? { ignored } : {}),
  });
  expect(Buffer.from(drawnPixels(pass, width, height)).equals(drawn)).toBe(true);
  expect(Buffer.from(pass.mask ?? []).equals(maskFromDiffImage({ width, height, data: drawn }))).toBe(true);
  expectSameSums(pass.findingSums, accumulateFindings(expected, actual, ignored));
}

/**
 * Every field alike: exactly where the sums are of whole levels (opaque pixels); within rounding where
 * pixels with alpha make them fractions, since the two passes add a block's pixels in other groupings.
 */
function expectSameSums(got: FindingSums | undefined, want: FindingSums) {
  if (!got) throw new Error('the pass gathered no findings');
  for (const [key, value] of Object.entries(want)) {
    const mine = got[key as keyof FindingSums];
    const theirs = typeof value === 'number' ? [value] : [...(value as Float64Array)];
    const ours = typeof mine === 'number' ? [mine] : [...(mine as Float64Array)];
    expect(ours.length, key).toBe(theirs.length);
    ours.forEach((v, i) => {
      const w = theirs[i] as number;
      expect(Math.abs(v - w), `${key}[${i}]: ${v} against ${w}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(w)));
    });
  }
}

describe('pixelPass', () => {
  it('matches pixelmatch and the metrics pass on the built-in model, revision 1 against 2 (PNG and JPEG)', () => {
    for (const format of ['png', 'jpeg'] as const) {
      const a = modelImage(1, { format });
      const b = modelImage(2, { format });
      for (const threshold of [0, 0.05, 0.1, 0.3]) {
        for (const includeAA of [false, true]) expect(check(a, b, { threshold, includeAA })).toBeGreaterThan(0);
      }
    }
  });

  it('matches on noise, anti-aliased edges, transparent pixels and identical images', () => {
    const base = noise(67, 41, 7);
    // Opaque noise for the kernel, whose cells four pixels wide end one pixel short of 67 (and of 41 rows).
    const opaqueNudge = { ...perturb(base, 3), data: perturb(base, 3).data.map((v, i) => ((i & 3) === 3 ? 255 : v)) };
    expect(opaque(opaqueNudge)).toBe(true);
    check(base, opaqueNudge, { threshold: 0.1 });
    check(base, opaqueNudge, { threshold: 0, includeAA: true });
    check(noise(5, 3, 1), noise(5, 3, 2), { threshold: 0.05 });
    // Every grey and every near-grey level: pixelmatch's faded grey lands within 10^-6 of a whole level on
    // some of them, where a rounding slip would draw the level below.
    const greys = (shift: number): RgbaImage => {
      const data = new Uint8Array(256 * 4 * 4);
      for (let p = 0; p < 256 * 4; p++) {
        const v = p & 255;
        const nudge = (p >> 8) - 1;
        data.set([v, Math.min(255, Math.max(0, v + nudge * shift)), v, 255], p * 4);
      }
      return { width: 256, height: 4, data };
    };
    check(greys(0), greys(1), { threshold: 0.1 });
    check(greys(1), greys(0), { threshold: 0.1 });
    // Taller than 256 rows: the findings sample bands of rows instead of every row.
    check(shape(40, 600, 0), shape(40, 600, 1), { threshold: 0.1 });
    check(base, perturb(base, 3), { threshold: 0.1 });
    check(base, perturb(base, 5), { threshold: 0.02, includeAA: true });
    const edges = check(shape(96, 80, 0), shape(96, 80, 1), { threshold: 0.1 });
    const edgesWithAA = check(shape(96, 80, 0), shape(96, 80, 1), { threshold: 0.1, includeAA: true });
    // The detector did call some differing pixels anti-aliasing here, so that path was taken.
    expect(edgesWithAA).toBeGreaterThan(edges);
    const clear = noise(33, 29, 11, (p) => (p * 37) & 255);
    check(clear, perturb(clear, 9), { threshold: 0.1 });
    check(
      clear,
      noise(33, 29, 12, (p) => (p * 53) & 255),
      { threshold: 0.1 },
    );
    expect(check(base, { ...base, data: new Uint8Array(base.data) }, { threshold: 0.1 })).toBe(0);
    check(noise(1, 1, 1), noise(1, 1, 2), { threshold: 0 });
  });

  it('counts as pixelmatch every difference of up to 40 levels a channel, at thresholds around the kernel shortcut', () => {
    // wasm/pass.ts takes four pixels whose channels all moved a few levels at most as under the threshold,
    // without the distance: every (dR, dG, dB) from -40 to 40 on mid grey, one pixel each, so that the
    // differences just past that limit are there at each threshold.
    const span = 81;
    const side = Math.ceil(Math.sqrt(span ** 3));
    const grey = new Uint8Array(side * side * 4).map((_, i) => ((i & 3) === 3 ? 255 : 128));
    const moved = new Uint8Array(grey);
    for (let p = 0; p < span ** 3; p++) {
      moved[p * 4] = 128 + (p % span) - 40;
      moved[p * 4 + 1] = 128 + (Math.floor(p / span) % span) - 40;
      moved[p * 4 + 2] = 128 + Math.floor(p / span ** 2) - 40;
    }
    const expected = { width: side, height: side, data: grey };
    const actual = { width: side, height: side, data: moved };
    for (const threshold of [0.02, 0.05, 0.08, 0.1, 0.12, 0.15]) {
      const count = pixelmatch(grey, moved, undefined, side, side, { threshold });
      expect(count).toBeGreaterThan(0);
      expect(pixelPass(expected, actual, { threshold }).diffPixels, `threshold ${threshold}`).toBe(count);
    }
  });

  it('with ignore regions: pixelmatch on the masked copy, sums without the ignored pixels', () => {
    const a = modelImage(1, { size: 96, prompt: 'a lighthouse on a cliff at sunset' });
    const b = withPatch(modelImage(2, { size: 96, prompt: 'a lighthouse on a cliff at sunset' }), {
      x: 10,
      y: 10,
      width: 30,
      height: 20,
    });
    const mask = ignoreMask([{ x: 5, y: 5, width: 20, height: 60 }], a.width, a.height);
    if (!mask) throw new Error('the region lies inside the image: there must be a mask');
    const matchable = { width: a.width, height: a.height, data: maskedCopy(a.data, b.data, mask, a.width) };
    const drawn = new Uint8Array(a.data.length);
    const count = pixelmatch(a.data, matchable.data, drawn, a.width, a.height, { threshold: 0.1 });
    const pass = pixelPass(a, matchable, { threshold: 0.1, ignored: mask.mask, draw: true });
    expect(pass.diffPixels).toBe(count);
    expect(Buffer.from(drawnPixels(pass, a.width, a.height)).equals(drawn)).toBe(true);
    const sums = accumulate(a, b, mask.mask);
    expect(figuresOf(pass.sums)).toEqual(figuresOf(sums));
    expect(pass.sums.n).toBe(a.width * a.height - mask.count);
    // The findings see the actual image as it is; its ignored pixels take the baseline's luminance.
    checkFindings({ expected: a, actual: b, matchable, ignored: mask.mask, drawn, options: { threshold: 0.1 } });
  });

  it('refuses images of different sizes or the wrong byte count, with the numbers', () => {
    expect(() => pixelPass(noise(4, 4, 1), noise(4, 5, 1), { threshold: 0.1 })).toThrow(/sizes differ \(4×4 and 4×5\)/);
    const short = { width: 4, height: 4, data: new Uint8Array(60) };
    expect(() => pixelPass(short, short, { threshold: 0.1 })).toThrow(/expected 64 bytes of RGBA for 4×4/);
  });
});
