/**
 * Same-size PNG pairs, and JPEG pairs libjpeg-turbo decodes, decoded straight into the kernels' memory
 * where the pass reads them (placed-pair.ts, decode-cache.ts's decodeInPlace): the same comparison as images decoded into arrays of
 * their own, each comparison its own pixels when several are in flight on one thread, and a loud error,
 * not a comparison of whatever is there, when the places were reserved again before the pass.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { compareImages, compareImagesAsync } from '../../src/compare/compare.js';
import { decodeInPlace, decodeJpegPair } from '../../src/compare/decode-cache.js';
import { pixelPass } from '../../src/compare/pixel-pass.js';
import { knownOpaque, placeSamples, placesForPair } from '../../src/compare/placed-pair.js';
import { DEFAULT_TOLERANCE } from '../../src/compare/tolerance.js';
import { decodeImageAsync } from '../../src/image/decode.js';
import { loadNativeDecoder } from '../../src/image/native-decode.js';
import { toRgba } from '../../src/image/png-decode.js';
import { useTurboDecoder } from '../../src/image/turbo-decode.js';
import type { RgbaImage } from '../../src/image/types.js';
import { LocalModel } from '../../src/providers/local/provider.js';
import { reserve, useWasmKernels, wasmKernels } from '../../src/util/wasm-kernels.js';
import { fixture, forgeJpegSize, forgePng, zerosZlib } from '../helpers/bombs.js';
import { png, solid, withPatch } from '../helpers/images.js';

afterEach(() => {
  useWasmKernels(true);
  useTurboDecoder(true);
});

function modelBytes(revision: number, options: { seed?: number; size?: number; format?: 'png' | 'jpeg' } = {}) {
  const size = options.size ?? 128;
  const [image] = new LocalModel({ revision, jitter: 0 }).generate({
    model: 'sim-dev',
    prompt: 'a lighthouse on a cliff at sunset',
    seed: options.seed ?? 7,
    width: size,
    height: size,
    steps: 28,
    output_format: options.format ?? 'png',
  });
  return image?.bytes ?? new Uint8Array();
}

/** A comparison without the parts that say how it was computed. */
function figures(comparison: Awaited<ReturnType<typeof compareImagesAsync>>) {
  const { diff, ...rest } = comparison;
  return { ...rest, diff: Buffer.from(diff ?? []).toString('base64') };
}

function inKernelMemory(image: RgbaImage): boolean {
  return image.data.buffer === wasmKernels()?.memory.buffer;
}

describe('a pair decoded into its places', () => {
  it('is decoded into the kernels memory and compares exactly as a pair decoded into arrays', async () => {
    const pair = { expected: modelBytes(1, { seed: 11 }), actual: modelBytes(2, { seed: 11 }) };
    const decoded = decodeInPlace(pair, {});
    if (!decoded) throw new Error('a fresh pair of same-size PNGs should be decoded in place');
    const [expected, actual] = decoded.map((d) => (d.status === 'fulfilled' ? d.value : undefined));
    if (!expected || !actual) throw new Error('both images should decode');
    expect(inKernelMemory(expected) && inKernelMemory(actual)).toBe(true);

    const other = { expected: modelBytes(1, { seed: 12 }), actual: modelBytes(2, { seed: 12 }) };
    const placed = await compareImagesAsync({ ...other, tolerance: DEFAULT_TOLERANCE });
    expect(placed.match).toBe(false);
    expect(figures(placed)).toEqual(figures(compareImages({ ...other, tolerance: DEFAULT_TOLERANCE })));
  });

  it('gives each comparison its own pixels when several are in flight on one thread', async () => {
    const pairs = [21, 22, 23, 24, 25].map((seed) => ({
      expected: modelBytes(1, { seed }),
      actual: modelBytes(2, { seed }),
      tolerance: DEFAULT_TOLERANCE,
    }));
    const together = await Promise.all(pairs.map((pair) => compareImagesAsync(pair)));
    expect(together.map(figures)).toEqual(pairs.map((pair) => figures(compareImages(pair))));
  });

  it('leaves RGBA pixels with transparency to the JavaScript pass, and takes RGB ones as opaque unchecked', async () => {
    const translucent = (shade: number) => {
      const image = solid(64, 48, [shade, 120, 40, 255]);
      for (let i = 3; i < image.data.length; i += 4 * 7) image.data[i] = 90;
      return png(withPatch(image, { x: 8, y: 8, width: 20, height: 12 }, [250, 250, 250, 30]));
    };
    const rgba = { expected: translucent(100), actual: translucent(160), tolerance: DEFAULT_TOLERANCE };
    const placed = await compareImagesAsync(rgba);
    expect(placed.match).toBe(false);
    expect(figures(placed)).toEqual(figures(compareImages(rgba)));
    const rgb = { expected: modelBytes(1, { seed: 41 }), actual: modelBytes(2, { seed: 41 }) };
    const decoded = decodeInPlace(rgb, {});
    const [expected] = decoded?.map((d) => (d.status === 'fulfilled' ? d.value : undefined)) ?? [];
    if (!expected) throw new Error('a fresh pair of same-size PNGs should be decoded in place');
    expect(knownOpaque(expected.data)).toBe(true);
  });

  it('decodes a JPEG pair with libjpeg-turbo into its places: opaque, the figures of the pair decoded to be kept', async () => {
    const pairs = [61, 62, 63, 64].map((seed) => ({
      expected: modelBytes(1, { seed, format: 'jpeg' }),
      actual: modelBytes(2, { seed, format: 'jpeg' }),
      tolerance: DEFAULT_TOLERANCE,
    }));
    const first = pairs[0] as (typeof pairs)[0];
    const decoded = decodeInPlace(first, {});
    const [expected] = decoded?.map((d) => (d.status === 'fulfilled' ? d.value : undefined)) ?? [];
    if (!expected) throw new Error('a fresh pair of same-size JPEGs should be decoded in place');
    expect(inKernelMemory(expected)).toBe(true);
    expect(knownOpaque(expected.data)).toBe(true);
    expect(expected.data).toEqual((await decodeImageAsync(first.expected)).data);
    // In flight together, each decoded into the places on its turn; then again one by one, now decoded to
    // be kept (every image has been seen), into arrays of their own.
    const rest = pairs.slice(1);
    const placed = await Promise.all(rest.map((pair) => compareImagesAsync(pair)));
    const kept = [];
    for (const pair of rest) kept.push(await compareImagesAsync(pair));
    expect(placed.map(figures)).toEqual(kept.map(figures));
    expect(placed.every((c) => !c.match)).toBe(true);
  });

  it('leaves a JPEG libjpeg-turbo refuses to libvips, with nothing remembered as placed', async () => {
    // A CMYK JPEG against an RGB one of the same size, each way round: either side refused leaves the pair.
    const cmyk = fixture('jpeg-cmyk.jpg');
    const rgb = fixture('jpeg-baseline.jpg');
    for (const pair of [
      { expected: cmyk, actual: rgb },
      { expected: rgb, actual: cmyk },
    ]) {
      expect(placesForPair(pair)).toBeDefined();
      expect(decodeInPlace(pair, {})).toBeUndefined();
      // Not remembered: the same pair is still a first sighting, and is refused again.
      expect(decodeInPlace(pair, {})).toBeUndefined();
    }
    const { decoder } = await loadNativeDecoder();
    if (!decoder) throw new Error('libvips should load');
    const viaLibvips = await decoder.decode(cmyk, { maxPixels: 1e6 });
    expect((await decodeImageAsync(cmyk)).data).toEqual(viaLibvips.data);
    const same = { expected: cmyk, actual: cmyk.slice(), tolerance: DEFAULT_TOLERANCE, diffImage: 'always' as const };
    expect((await compareImagesAsync(same)).match).toBe(true);
  });

  it('spreads a JPEG pair from libvips RGB samples into its places: the figures of the RGBA libvips gives', async () => {
    // Without libjpeg-turbo (a platform without its binary): libvips decodes the JPEGs.
    useTurboDecoder(false);
    const pairs = [51, 52, 53, 54].map((seed) => ({
      expected: modelBytes(1, { seed, format: 'jpeg' }),
      actual: modelBytes(2, { seed, format: 'jpeg' }),
      tolerance: DEFAULT_TOLERANCE,
    }));
    const samples = await decodeJpegPair(pairs[0] as (typeof pairs)[0], {});
    const [expected] = samples ?? [];
    if (expected?.status !== 'fulfilled' || !expected.value) throw new Error('libvips should give RGB samples');
    expect(expected.value.channels).toBe(3);
    // In flight together, each spread into the places on its turn; then again one by one, now decoded
    // to be kept (every image has been seen), through libvips's own RGBA.
    const placed = await Promise.all(pairs.map((pair) => compareImagesAsync(pair)));
    const kept = [];
    for (const pair of pairs) kept.push(await compareImagesAsync(pair));
    expect(placed.map(figures)).toEqual(kept.map(figures));
    expect(placed.every((c) => !c.match)).toBe(true);
  });

  it('spreads RGB samples as the JavaScript expansion does, in and out of place', () => {
    const width = 7;
    const height = 5;
    const data = Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 37 + 11) & 255);
    const rgba = toRgba(data, width * height, 3);
    const [inPlace, other] = placeSamples([
      { width, height, channels: 3, data },
      { width, height, channels: 3, data },
    ]);
    expect(inKernelMemory(inPlace as RgbaImage)).toBe(true);
    expect(inPlace?.data).toEqual(rgba);
    expect(other?.data).toEqual(rgba);
    const [alone] = placeSamples([
      { width, height, channels: 3, data },
      { width: 1, height: 1, channels: 3, data: data.subarray(0, 3) },
    ]);
    expect(inKernelMemory(alone as RgbaImage)).toBe(false);
    expect(alone?.data).toEqual(rgba);
  });

  it('throws, rather than compare what is there, when the places were reserved again before the pass', () => {
    const decoded = decodeInPlace({ expected: modelBytes(1, { seed: 31 }), actual: modelBytes(2, { seed: 31 }) }, {});
    if (!decoded) throw new Error('a fresh pair of same-size PNGs should be decoded in place');
    const [expected, actual] = decoded.map((d) => (d.status === 'fulfilled' ? d.value : undefined));
    if (!expected || !actual) throw new Error('both images should decode');
    const kernels = wasmKernels();
    if (!kernels) throw new Error('the kernels should load');
    reserve(kernels, 64);
    expect(() => pixelPass(expected, actual, { threshold: 0.1, draw: true, findings: true })).toThrow(
      /decoded into the kernels' memory was overwritten before the pass/,
    );
  });

  it('is only for same-size PNGs that decode directly and JPEGs, without ignore regions, with the kernels', () => {
    const png = modelBytes(1);
    const other = modelBytes(2);
    expect(placesForPair({ expected: png, actual: other })).toBeDefined();
    expect(placesForPair({ expected: png, actual: modelBytes(2, { size: 96 }) })).toBeUndefined();
    expect(placesForPair({ expected: png, actual: modelBytes(2, { format: 'jpeg' }) })).toBeDefined();
    useTurboDecoder(false);
    expect(placesForPair({ expected: png, actual: modelBytes(2, { format: 'jpeg' }) })).toBeUndefined();
    useTurboDecoder(true);
    expect(
      placesForPair({ expected: png, actual: other, ignore: [{ x: 0, y: 0, width: 8, height: 8 }] }),
    ).toBeUndefined();
    // A header claiming 5000×5000 over 1 KB of zeros: no memory is reserved for it.
    const bomb = forgePng({
      width: 5000,
      height: 5000,
      depth: 8,
      colorType: 2,
      interlace: false,
      idat: zerosZlib(1000),
    });
    expect(placesForPair({ expected: bomb, actual: bomb })).toBeUndefined();
    // A JPEG header claiming 8000×8000 over a small file's scan data: nor for it.
    const jpegBomb = forgeJpegSize(fixture('jpeg-baseline.jpg'), 8000, 8000);
    expect(placesForPair({ expected: jpegBomb, actual: jpegBomb })).toBeUndefined();
    expect(placesForPair({ expected: png, actual: other, maxMegapixels: 0.01 })).toBeUndefined();
    useWasmKernels(false);
    expect(placesForPair({ expected: png, actual: other })).toBeUndefined();
  });
});
