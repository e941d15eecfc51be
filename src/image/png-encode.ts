/**
 * A small PNG encoder on fflate's deflate. We do not use pngjs here because it
 * compresses with Node's zlib, whose output is not guaranteed to be the same
 * byte for byte across Node builds and CPUs; the built-in model promises
 * byte-identical images on any machine, and fflate is plain JavaScript.
 * Diff images promise no such thing and take the native quick path below.
 */
import { constants, crc32, deflateSync } from 'node:zlib';
import { align, reserve, wasmKernels } from '../util/wasm-kernels.js';
import { loadFflate } from './lazy-codecs.js';
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
  return assemble(
    width,
    height,
    channels === 4 ? 6 : 2,
    loadFflate().zlibSync(filtered, { level: options.level ?? 6 }),
  );
}

/**
 * A throwaway PNG (a diff image) as fast as it can be made. A pixelmatch diff
 * has few colours (about 27 greys of the faded image, red, yellow, the hatch
 * of ignore regions), so it is written with a palette: one byte per pixel to
 * deflate instead of four. Either way no row filter and Node's native zlib at
 * level 1 — about a sixth of `encodePng` at level 1 on a 1024×1024 diff, and
 * a fifth of its size (bench/compare.mjs). Its bytes may differ between
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
  const indexed = paletteInKernel(data, width, height) ?? toPalette(data, width, height);
  if (indexed) return encodePalettePng(width, height, indexed.rows, indexed.palette, indexed.alpha);
  const stride = width * 4;
  const rows = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) rows.set(data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  return assemble(width, height, 6, deflateSync(rows, { level: 1 }));
}

/**
 * A palette PNG, quick: `rows` are the image's rows as a PNG holds them (a filter byte, 0, then one index per
 * pixel), `palette` RGB triples, `alpha` (optional) each entry's alpha. Deflated as they are, by native zlib.
 */
export function encodePalettePng(
  width: number,
  height: number,
  rows: Uint8Array,
  palette: Uint8Array,
  alpha?: Uint8Array,
): Uint8Array {
  if (rows.length !== (width + 1) * height) {
    throw new Error(`encodePalettePng: expected ${(width + 1) * height} bytes of rows for ${width}×${height}`);
  }
  const extra = [chunk('PLTE', palette)];
  if (alpha?.some((a) => a !== 255)) extra.push(chunk('tRNS', alpha));
  // Run-length matching only: faster than level 1's search, and smaller on these rows (measured).
  const idat = deflateSync(rows, { level: 1, strategy: constants.Z_RLE });
  return assemble(width, height, 3, idat, extra);
}

interface Indexed {
  rows: Uint8Array;
  palette: Uint8Array;
  alpha: Uint8Array;
}

/**
 * toPalette on the WebAssembly kernel (wasm/palette.ts): the same rows and palette in about a third of the
 * time. The rows are a view of the kernels' memory: deflate them before anything reserves it again.
 * Undefined past 256 colours, null without the kernel (then toPalette runs).
 */
function paletteInKernel(data: Uint8Array, width: number, height: number): Indexed | undefined | null {
  const kernels = wasmKernels();
  if (!kernels) return null;
  const rowsBytes = (width + 1) * height;
  const base = reserve(kernels, align(data.length) + align(rowsBytes) + 256 * 4);
  if (base === undefined) return null;
  const memory = new Uint8Array(kernels.memory.buffer);
  memory.set(data, base);
  const rowsAt = base + align(data.length);
  const paletteAt = rowsAt + align(rowsBytes);
  const size = kernels.toPalette(base, width, height, rowsAt, paletteAt);
  if (size < 0) return undefined;
  const palette = new Uint8Array(size * 3);
  const alpha = new Uint8Array(size);
  for (let i = 0, at = paletteAt; i < size; i++, at += 4) {
    palette.set(memory.subarray(at, at + 3), i * 3);
    alpha[i] = memory[at + 3] as number;
  }
  return { rows: memory.subarray(rowsAt, rowsAt + rowsBytes), palette, alpha };
}

/**
 * Palette rows (filter byte 0 + one index per pixel), or undefined past 256 colours. Pixels are read as
 * 32-bit words and looked up in a small open-addressing table: byte order does not matter (a word is
 * only compared, and the palette is read from the bytes), and a Map costs several times more per pixel.
 */
function toPalette(data: Uint8Array, width: number, height: number): Indexed | undefined {
  const words =
    data.byteOffset % 4 === 0
      ? new Uint32Array(data.buffer, data.byteOffset, width * height)
      : new Uint32Array(data.slice().buffer);
  const keys = new Int32Array(TABLE_SIZE);
  const slots = new Int16Array(TABLE_SIZE).fill(-1);
  const palette = new Uint8Array(256 * 3);
  const alpha = new Uint8Array(256);
  let size = 0;
  const rows = new Uint8Array((width + 1) * height);
  let lastWord = 0;
  let lastIndex = -1;
  for (let y = 0, p = 0; y < height; y++) {
    for (let x = 0, o = y * (width + 1) + 1; x < width; x++, p++, o++) {
      const word = (words[p] as number) | 0;
      if (word !== lastWord || lastIndex < 0) {
        let h = Math.imul(word, 0x9e3779b1) >>> (32 - TABLE_BITS);
        for (;;) {
          const slot = slots[h] as number;
          if (slot === -1) {
            if (size === 256) return undefined;
            slots[h] = size;
            keys[h] = word;
            palette.set(data.subarray(p * 4, p * 4 + 3), size * 3);
            alpha[size] = data[p * 4 + 3] as number;
            lastIndex = size++;
            break;
          }
          if (keys[h] === word) {
            lastIndex = slot;
            break;
          }
          h = (h + 1) & (TABLE_SIZE - 1);
        }
        lastWord = word;
      }
      rows[o] = lastIndex;
    }
  }
  return { rows, palette: palette.subarray(0, size * 3), alpha: alpha.subarray(0, size) };
}

// Four slots per palette entry keep probe chains short.
const TABLE_BITS = 10;
const TABLE_SIZE = 1 << TABLE_BITS;

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
