/**
 * A small PNG encoder on fflate's deflate. We do not use pngjs here because it
 * compresses with Node's zlib, whose output is not guaranteed to be the same
 * byte for byte across Node builds and CPUs; the built-in model promises
 * byte-identical images on any machine, and fflate is plain JavaScript.
 * Diff images promise no such thing and take the native quick path below.
 */
import { crc32, deflateSync } from 'node:zlib';
import { zlibSync } from 'fflate';
import type { RgbaImage, RgbImage } from './types.js';

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

export interface PngEncodeOptions {
  /** deflate level 0–9; low levels are much faster and fine for throwaway diff images. */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

/** Encode 8-bit RGB (3 channels) or RGBA (4 channels) pixels as PNG. */
export function encodePng(image: RgbImage | RgbaImage, channels: 3 | 4, options: PngEncodeOptions = {}): Uint8Array {
  const { width, height, data } = image;
  if (data.length !== width * height * channels) {
    throw new Error(
      `encodePng: expected ${width * height * channels} bytes for ${width}×${height}×${channels}, got ${data.length}`,
    );
  }
  const stride = width * channels;
  const filtered = new Uint8Array((stride + 1) * height);
  // The Paeth filter on every row: close to adaptive filtering on smooth images at a fraction of the cost.
  for (let y = 0; y < height; y++) {
    const out = y * (stride + 1);
    const row = y * stride;
    const prev = row - stride;
    filtered[out] = 4;
    for (let x = 0; x < stride; x++) {
      const value = data[row + x] ?? 0;
      const a = x >= channels ? (data[row + x - channels] ?? 0) : 0;
      const b = y > 0 ? (data[prev + x] ?? 0) : 0;
      const c = y > 0 && x >= channels ? (data[prev + x - channels] ?? 0) : 0;
      const p = a + b - c;
      const pa = p > a ? p - a : a - p;
      const pb = p > b ? p - b : b - p;
      const pc = p > c ? p - c : c - p;
      const predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      filtered[out + 1 + x] = (value - predictor) & 0xff;
    }
  }
  return assemble(width, height, channels === 4 ? 6 : 2, zlibSync(filtered, { level: options.level ?? 6 }));
}

/**
 * A throwaway PNG (a diff image) as fast as it can be made. A pixelmatch diff
 * has few colours (about 27 greys of the faded image, red, yellow, the hatch
 * of ignore regions), so it is written with a palette: one byte per pixel to
 * deflate instead of four. Either way no row filter and Node's native zlib at
 * level 1 — a tenth of `encodePng` at level 1. Its bytes may differ between
 * zlib builds, which is why images that must be identical everywhere go
 * through `encodePng`.
 */
export function encodePngQuick(image: RgbaImage): Uint8Array {
  const { width, height, data } = image;
  if (data.length !== width * height * 4) {
    throw new Error(
      `encodePngQuick: expected ${width * height * 4} bytes for ${width}×${height}×4, got ${data.length}`,
    );
  }
  const indexed = toPalette(data, width, height);
  if (indexed) {
    const extra = [chunk('PLTE', indexed.palette)];
    if (indexed.alpha.some((a) => a !== 255)) extra.push(chunk('tRNS', indexed.alpha));
    return assemble(width, height, 3, deflateSync(indexed.rows, { level: 1 }), extra);
  }
  const stride = width * 4;
  const rows = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) rows.set(data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  return assemble(width, height, 6, deflateSync(rows, { level: 1 }));
}

/** Palette rows (filter byte 0 + one index per pixel), or undefined past 256 colours. */
function toPalette(data: Uint8Array, width: number, height: number) {
  const palette: number[] = [];
  const alpha: number[] = [];
  // Opaque greys, the bulk of a diff, are found by value; any other colour through the map.
  const greys = new Int16Array(256).fill(-1);
  const others = new Map<number, number>();
  const rows = new Uint8Array((width + 1) * height);
  for (let y = 0, p = 0; y < height; y++) {
    let o = y * (width + 1) + 1;
    for (let x = 0; x < width; x++, p += 4, o++) {
      const r = data[p] as number;
      const g = data[p + 1] as number;
      const b = data[p + 2] as number;
      const a = data[p + 3] as number;
      const grey = r === g && g === b && a === 255;
      let index = grey ? (greys[r] as number) : (others.get(((r << 24) | (g << 16) | (b << 8) | a) >>> 0) ?? -1);
      if (index === -1) {
        index = alpha.length;
        if (index === 256) return undefined;
        palette.push(r, g, b);
        alpha.push(a);
        if (grey) greys[r] = index;
        else others.set(((r << 24) | (g << 16) | (b << 8) | a) >>> 0, index);
      }
      rows[o] = index;
    }
  }
  return { rows, palette: Uint8Array.from(palette), alpha: Uint8Array.from(alpha) };
}

/** Signature, IHDR (8 bits per sample, colour type 2 RGB, 3 palette or 6 RGBA), extra chunks, IDAT, IEND. */
function assemble(width: number, height: number, colorType: 2 | 3 | 6, idat: Uint8Array, extra: Uint8Array[] = []) {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8;
  header[9] = colorType;
  const parts = [SIGNATURE, chunk('IHDR', header), ...extra, chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
