/**
 * The variants the default tolerance is calibrated on (docs/findings.md, "Calibration"): changes that
 * must pass (noise a serving stack can add) and changes that must fail, each made from a decoded
 * photograph, deterministically (seeded noise), so the table can be recomputed anywhere.
 */
import { decodeImage } from '../../image/decode.js';
import { encodePng } from '../../image/png-encode.js';
import type { RgbaImage, RgbImage } from '../../image/types.js';

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** mulberry32: a small seeded generator, so "random" noise is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mapPixels(image: RgbaImage, f: (data: Uint8Array, i: number) => void): RgbaImage {
  const data = new Uint8Array(image.data);
  for (let i = 0; i < data.length; i += 4) f(data, i);
  return { width: image.width, height: image.height, data };
}

/** Offsets added to R, G and B (a colour cast; all three alike: an exposure change), clipped to 0..255. */
export function withOffsets(image: RgbaImage, offsets: { r: number; g: number; b: number }): RgbaImage {
  const { r, g, b } = offsets;
  return mapPixels(image, (d, i) => {
    d[i] = clamp((d[i] as number) + r);
    d[i + 1] = clamp((d[i + 1] as number) + g);
    d[i + 2] = clamp((d[i + 2] as number) + b);
  });
}

/** On `share` of the pixels (chosen at random), every channel moves by +levels or −levels at random. */
export function withNoise(image: RgbaImage, options: { levels: number; share: number; seed: number }): RgbaImage {
  const random = seededRandom(options.seed);
  return mapPixels(image, (d, i) => {
    if (random() >= options.share) return;
    for (let c = 0; c < 3; c++) d[i + c] = clamp((d[i + c] as number) + (random() < 0.5 ? -1 : 1) * options.levels);
  });
}

/** The picture moved by (dx, dy) pixels (right and down when positive); the edge it leaves is repeated. */
export function shifted(image: RgbaImage, by: { dx: number; dy: number }): RgbaImage {
  const { width, height } = image;
  const { dx, dy } = by;
  const data = new Uint8Array(image.data.length);
  for (let y = 0; y < height; y++) {
    const fromY = Math.min(height - 1, Math.max(0, y - dy));
    for (let x = 0; x < width; x++) {
      const fromX = Math.min(width - 1, Math.max(0, x - dx));
      const from = (fromY * width + fromX) * 4;
      data.set(image.data.subarray(from, from + 4), (y * width + x) * 4);
    }
  }
  return { width, height, data };
}

/** A Gaussian blur of standard deviation `sigma` (separable, radius 3σ, edges repeated). */
export function blurred(image: RgbaImage, sigma: number): RgbaImage {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const kernel = new Float64Array(2 * radius + 1);
  let total = 0;
  for (let k = -radius; k <= radius; k++) {
    const w = Math.exp(-(k * k) / (2 * sigma * sigma));
    kernel[k + radius] = w;
    total += w;
  }
  for (let k = 0; k < kernel.length; k++) kernel[k] = (kernel[k] as number) / total;
  const { width, height } = image;
  const pass = (source: Float64Array, horizontal: boolean): Float64Array => {
    const out = new Float64Array(source.length);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (let c = 0; c < 3; c++) {
          let s = 0;
          for (let k = -radius; k <= radius; k++) {
            const sx = horizontal ? Math.min(width - 1, Math.max(0, x + k)) : x;
            const sy = horizontal ? y : Math.min(height - 1, Math.max(0, y + k));
            s += (kernel[k + radius] as number) * (source[(sy * width + sx) * 4 + c] as number);
          }
          out[(y * width + x) * 4 + c] = s;
        }
      }
    }
    return out;
  };
  const result = pass(pass(Float64Array.from(image.data), true), false);
  return mapPixels(image, (d, i) => {
    for (let c = 0; c < 3; c++) d[i + c] = clamp(result[i + c] as number);
  });
}

/** A square of `from` (the same place in another image of the same size) pasted over `image`: one object changed. */
export function withPatch(image: RgbaImage, patch: { from: RgbaImage; x: number; y: number; size: number }): RgbaImage {
  const data = new Uint8Array(image.data);
  for (let y = patch.y; y < patch.y + patch.size; y++) {
    const start = (y * image.width + patch.x) * 4;
    data.set(patch.from.data.subarray(start, start + patch.size * 4), start);
  }
  return { width: image.width, height: image.height, data };
}

function rgbOf(image: RgbaImage): RgbImage {
  const data = new Uint8Array(image.width * image.height * 3);
  for (let i = 0, j = 0; j < image.data.length; i += 3, j += 4) {
    data[i] = image.data[j] as number;
    data[i + 1] = image.data[j + 1] as number;
    data[i + 2] = image.data[j + 2] as number;
  }
  return { width: image.width, height: image.height, data };
}

/**
 * Lossless: the same pixels through a PNG encoding and back (a comparison of the files sees new
 * bytes; this one checks that nothing in the figures depends on how the pixels were stored).
 */
export function pngRoundTrip(image: RgbaImage): RgbaImage {
  return decodeImage(encodePng(rgbOf(image), 3, { level: 1 }));
}
