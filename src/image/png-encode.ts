/**
 * A small PNG encoder on fflate's deflate. We do not use pngjs here because it
 * compresses with Node's zlib, whose output is not guaranteed to be the same
 * byte for byte across Node builds and CPUs; the built-in model promises
 * byte-identical images on any machine, and fflate is plain JavaScript.
 */
import { zlibSync } from 'fflate';
import type { RgbaImage, RgbImage } from './types.js';

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array, start: number, end: number): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = (CRC_TABLE[(c ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
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
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8;
  header[9] = channels === 4 ? 6 : 2;
  const idat = zlibSync(filtered, { level: options.level ?? 6 });
  const parts = [SIGNATURE, chunk('IHDR', header), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
