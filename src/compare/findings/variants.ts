/**
 * The variants the default tolerance is calibrated on (findings.md, "Calibration"): changes that
 * must pass (noise a serving stack can add) and changes that must fail, each made from a decoded
 * photograph, deterministically (seeded noise), so the table can be recomputed anywhere.
 */
import { decodeImage } from '../../image/decode.js';
import { encodeJpeg } from '../../image/jpeg-encode.js';
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
export function withOffsets(image: RgbaImage, r: number, g: number, b: number): RgbaImage {
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
export function shifted(image: RgbaImage, dx: number, dy: number): RgbaImage {
  const { width, height } = image;
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

/** A square of `other` (same place) pasted over `image`: one object changed. */
export function withPatch(image: RgbaImage, other: RgbaImage, box: { x: number; y: number; size: number }): RgbaImage {
  const data = new Uint8Array(image.data);
  for (let y = box.y; y < box.y + box.size; y++) {
    const start = (y * image.width + box.x) * 4;
    data.set(other.data.subarray(start, start + box.size * 4), start);
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

/** Lossless: the same pixels through another PNG encoding (the comparison sees new bytes, not new pixels). */
export function pngRoundTrip(image: RgbaImage): RgbaImage {
  return decodeImage(encodePng(rgbOf(image), 3, { level: 1 }));
}

/**
 * A JPEG round trip at `quality`. With `chroma: '4:2:0'` the colour is first halved in both
 * directions and brought back, as libjpeg's default (and most serving stacks') subsampling does;
 * the encoder here writes 4:4:4 only, so the subsampling is done on the pixels before it.
 */
export function jpegRoundTrip(image: RgbaImage, options: { quality: number; chroma: '4:4:4' | '4:2:0' }): RgbaImage {
  const source = options.chroma === '4:2:0' ? chromaHalved(image) : image;
  return decodeImage(encodeJpeg(rgbOf(source), options.quality));
}

/**
 * Cb and Cr (JFIF YCbCr) averaged over 2×2 blocks, then brought back to full size with libjpeg's
 * "fancy" upsampling (each pixel 9:3:3:1 from its nearest four chroma samples); Y is kept.
 */
function chromaHalved(image: RgbaImage): RgbaImage {
  const { width, height } = image;
  const d = image.data;
  const cw = (width + 1) >> 1;
  const ch = (height + 1) >> 1;
  const cb = new Float64Array(cw * ch);
  const cr = new Float64Array(cw * ch);
  const counts = new Float64Array(cw * ch);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const [r, g, b] = [d[i] as number, d[i + 1] as number, d[i + 2] as number];
      const c = (y >> 1) * cw + (x >> 1);
      cb[c] = (cb[c] as number) - 0.168736 * r - 0.331264 * g + 0.5 * b;
      cr[c] = (cr[c] as number) + 0.5 * r - 0.418688 * g - 0.081312 * b;
      counts[c] = (counts[c] as number) + 1;
    }
  }
  for (let c = 0; c < counts.length; c++) {
    cb[c] = (cb[c] as number) / (counts[c] as number);
    cr[c] = (cr[c] as number) / (counts[c] as number);
  }
  const out = new Uint8Array(d);
  for (let y = 0; y < height; y++) {
    const cy = y >> 1;
    const ny = Math.min(ch - 1, Math.max(0, y % 2 === 0 ? cy - 1 : cy + 1));
    for (let x = 0; x < width; x++) {
      const cx = x >> 1;
      const nx = Math.min(cw - 1, Math.max(0, x % 2 === 0 ? cx - 1 : cx + 1));
      const at = (plane: Float64Array) =>
        (9 * (plane[cy * cw + cx] as number) +
          3 * (plane[cy * cw + nx] as number) +
          3 * (plane[ny * cw + cx] as number) +
          (plane[ny * cw + nx] as number)) /
        16;
      const blue = at(cb);
      const red = at(cr);
      const i = (y * width + x) * 4;
      const luma = 0.299 * (d[i] as number) + 0.587 * (d[i + 1] as number) + 0.114 * (d[i + 2] as number);
      out[i] = clamp(luma + 1.402 * red);
      out[i + 1] = clamp(luma - 0.344136 * blue - 0.714136 * red);
      out[i + 2] = clamp(luma + 1.772 * blue);
    }
  }
  return { width, height, data: out };
}
