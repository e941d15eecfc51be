/**
 * A fast path for the PNGs image APIs actually return: 8-bit grey, grey+alpha,
 * RGB or RGBA, not interlaced, no palette or transparent-colour key. Node's
 * native zlib inflates and a tight loop undoes the row filters; pngjs spends
 * about twice as long on the same file (bench/compare.mjs measures both).
 *
 * The fast path gives up (returns undefined) on anything else and on anything
 * it does not like — a bad CRC, a zlib error, a length that does not add up —
 * and the caller hands the bytes to pngjs. So every pixel, every accepted file
 * and every error message is the one pngjs gives; only the time differs.
 */
import { crc32, inflateSync } from 'node:zlib';
import type { RgbaImage } from './types.js';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
// Channels per pixel by colour type: grey, RGB, grey+alpha, RGBA.
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };
const IHDR = 0x49484452;
const IDAT = 0x49444154;
const IEND = 0x49454e44;
const PLTE = 0x504c5445;
const TRNS = 0x74524e53;

export function decodePngFast(bytes: Uint8Array): RgbaImage | undefined {
  if (bytes.length < 8 + 25 + 12) return undefined;
  for (let i = 0; i < 8; i++) if (bytes[i] !== SIGNATURE[i]) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Uint8Array[] = [];
  let offset = 8;
  let ended = false;
  while (!ended) {
    if (offset + 12 > bytes.length) return undefined;
    const length = view.getUint32(offset);
    const type = view.getUint32(offset + 4);
    const dataStart = offset + 8;
    const dataEnd = dataStart + length;
    if (dataEnd + 4 > bytes.length) return undefined;
    if (crc32(bytes.subarray(offset + 4, dataEnd)) !== view.getUint32(dataEnd)) return undefined;
    if (offset === 8) {
      if (type !== IHDR || length !== 13) return undefined;
      width = view.getUint32(dataStart);
      height = view.getUint32(dataStart + 4);
      const depth = bytes[dataStart + 8];
      channels = CHANNELS[bytes[dataStart + 9] ?? -1] ?? 0;
      // Compression, filter method and interlace must all be 0; depth 8 only.
      if (depth !== 8 || channels === 0 || width === 0 || height === 0) return undefined;
      if (bytes[dataStart + 10] !== 0 || bytes[dataStart + 11] !== 0 || bytes[dataStart + 12] !== 0) return undefined;
    } else if (type === IDAT) {
      idat.push(bytes.subarray(dataStart, dataEnd));
    } else if (type === IEND) {
      ended = true;
    } else if (type === PLTE || type === TRNS || type === IHDR || !isAncillary(bytes[offset + 4] ?? 0)) {
      // A palette or transparent colour changes the pixels; an unknown critical chunk is pngjs's to refuse.
      return undefined;
    }
    offset = dataEnd + 4;
  }
  if (offset !== bytes.length || idat.length === 0) return undefined;

  const stride = width * channels;
  const expected = (stride + 1) * height;
  let raw: Uint8Array;
  try {
    const joined = idat.length === 1 ? (idat[0] as Uint8Array) : Buffer.concat(idat);
    // One output chunk of the full size: zlib's default 16 kB chunks cost a copy and a loop per chunk.
    raw = inflateSync(joined, { maxOutputLength: expected + 1, chunkSize: Math.max(64, expected + 1) });
  } catch {
    return undefined;
  }
  if (raw.length !== expected) return undefined;
  // RGB, what the built-in model and most image APIs write: unfiltered straight into RGBA, one pass.
  if (channels === 3 && LITTLE_ENDIAN) {
    const data = unfilterRgbToRgba(raw, width, height);
    return data ? { width, height, data } : undefined;
  }
  const pixels = unfilter(raw, stride, height, channels);
  if (!pixels) return undefined;
  // A plain Uint8Array (not the Buffer zlib returned), as every other decoder gives.
  const data = toRgba(new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.length), width * height, channels);
  return { width, height, data };
}

function isAncillary(firstTypeByte: number): boolean {
  return (firstTypeByte & 0x20) !== 0;
}

/**
 * Undo the row filters in place: the rows are first packed together (dropping each row's filter byte),
 * then each row is unfiltered over itself, top to bottom — no second image-sized buffer to allocate.
 * Returns the pixels as a view of `raw`, or undefined on an unknown filter type.
 */
function unfilter(raw: Uint8Array, stride: number, height: number, bpp: number): Uint8Array | undefined {
  const types = new Uint8Array(height);
  for (let y = 0; y < height; y++) {
    const type = raw[y * (stride + 1)] as number;
    if (type > 4) return undefined;
    types[y] = type;
    raw.copyWithin(y * stride, y * (stride + 1) + 1, (y + 1) * (stride + 1));
  }
  const out = raw.subarray(0, stride * height);
  const words =
    bpp === 4 && out.byteOffset % 4 === 0 ? new Uint32Array(out.buffer, out.byteOffset, out.length / 4) : undefined;
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    const prev = row - stride;
    const type = types[y] as number;
    if (type === 0 || (type === 2 && y === 0)) continue; // the bytes are the pixels
    if (words && type !== 4) {
      unfilterWords(words, { row: row >> 2, prev: y > 0 ? prev >> 2 : -1, type, count: stride >> 2 });
    } else if (type === 1 || (type === 4 && y === 0)) {
      // Paeth with no row above predicts from the left pixel alone, as Sub does.
      for (let x = bpp; x < stride; x++)
        out[row + x] = ((out[row + x] as number) + (out[row + x - bpp] as number)) & 255;
    } else if (type === 2) {
      for (let x = 0; x < stride; x++) out[row + x] = ((out[row + x] as number) + (out[prev + x] as number)) & 255;
    } else if (type === 3 && y === 0) {
      for (let x = bpp; x < stride; x++) {
        out[row + x] = ((out[row + x] as number) + ((out[row + x - bpp] as number) >> 1)) & 255;
      }
    } else if (type === 3) {
      for (let x = 0; x < bpp; x++) out[row + x] = ((out[row + x] as number) + ((out[prev + x] as number) >> 1)) & 255;
      for (let x = bpp; x < stride; x++) {
        out[row + x] =
          ((out[row + x] as number) + (((out[row + x - bpp] as number) + (out[prev + x] as number)) >> 1)) & 255;
      }
    } else {
      for (let x = 0; x < bpp; x++) out[row + x] = ((out[row + x] as number) + (out[prev + x] as number)) & 255;
      for (let x = bpp; x < stride; x++) {
        const a = out[row + x - bpp] as number;
        const b = out[prev + x] as number;
        const c = out[prev + x - bpp] as number;
        out[row + x] = ((out[row + x] as number) + paeth(a, b, c)) & 255;
      }
    }
  }
  return out;
}

/** The words below are built as R | G << 8 | B << 16 | A << 24: RGBA in memory only on a little-endian machine. */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/**
 * Undo the row filters of 8-bit RGB into a new RGBA buffer, in one pass: no packing of the rows and no
 * expansion pass after. The output is written and the row above read back a pixel (one 32-bit word) at a
 * time, and each channel's left and up-left neighbours stay in locals: byte-wise stores cost more than the
 * filter's arithmetic. About half the time of unfilter + toRgba on the built-in model's 1024×1024 PNGs.
 */
function unfilterRgbToRgba(raw: Uint8Array, width: number, height: number): Uint8Array | undefined {
  const out = new Uint8Array(width * height * 4);
  const words = new Uint32Array(out.buffer);
  const inStride = width * 3 + 1;
  for (let y = 0; y < height; y++) {
    const type = raw[y * inStride] as number;
    // With no row above (zeros), Up adds nothing and Paeth predicts from the left alone, as Sub does.
    const kind = y > 0 ? type : type === 2 ? 0 : type === 4 ? 1 : type;
    const at = { row: y * width, from: y * inStride + 1, width };
    if (kind === 0) rgbNone(raw, words, at);
    else if (kind === 1) rgbSub(raw, words, at);
    else if (kind === 2) rgbUp(raw, words, at);
    else if (kind === 3) rgbAverage(raw, words, at, y > 0);
    else if (kind === 4) rgbPaeth(raw, words, at);
    else return undefined;
  }
  return out;
}

// One small loop per filter (a branch on the filter inside the pixel loop costs more than the filter).
interface RowAt {
  /** First pixel of the row in `words`. */
  row: number;
  /** First byte of the row's samples in `raw` (after its filter byte). */
  from: number;
  width: number;
}

function rgbNone(raw: Uint8Array, words: Uint32Array, { row, from, width }: RowAt): void {
  for (let p = row, i = from, end = row + width; p < end; p++, i += 3) {
    words[p] = ((raw[i] as number) | ((raw[i + 1] as number) << 8) | ((raw[i + 2] as number) << 16) | 0xff000000) >>> 0;
  }
}

function rgbSub(raw: Uint8Array, words: Uint32Array, { row, from, width }: RowAt): void {
  let r = 0;
  let g = 0;
  let b = 0;
  for (let p = row, i = from, end = row + width; p < end; p++, i += 3) {
    r = ((raw[i] as number) + r) & 255;
    g = ((raw[i + 1] as number) + g) & 255;
    b = ((raw[i + 2] as number) + b) & 255;
    words[p] = (r | (g << 8) | (b << 16) | 0xff000000) >>> 0;
  }
}

function rgbUp(raw: Uint8Array, words: Uint32Array, { row, from, width }: RowAt): void {
  for (let p = row, i = from, end = row + width; p < end; p++, i += 3) {
    const up = words[p - width] as number;
    const r = ((raw[i] as number) + (up & 255)) & 255;
    const g = ((raw[i + 1] as number) + ((up >>> 8) & 255)) & 255;
    const b = ((raw[i + 2] as number) + ((up >>> 16) & 255)) & 255;
    words[p] = (r | (g << 8) | (b << 16) | 0xff000000) >>> 0;
  }
}

function rgbAverage(raw: Uint8Array, words: Uint32Array, { row, from, width }: RowAt, hasUp: boolean): void {
  let r = 0;
  let g = 0;
  let b = 0;
  for (let p = row, i = from, end = row + width; p < end; p++, i += 3) {
    const up = hasUp ? (words[p - width] as number) : 0;
    r = ((raw[i] as number) + ((r + (up & 255)) >> 1)) & 255;
    g = ((raw[i + 1] as number) + ((g + ((up >>> 8) & 255)) >> 1)) & 255;
    b = ((raw[i + 2] as number) + ((b + ((up >>> 16) & 255)) >> 1)) & 255;
    words[p] = (r | (g << 8) | (b << 16) | 0xff000000) >>> 0;
  }
}

function rgbPaeth(raw: Uint8Array, words: Uint32Array, { row, from, width }: RowAt): void {
  let r = 0;
  let g = 0;
  let b = 0;
  let ur = 0;
  let ug = 0;
  let ub = 0;
  for (let p = row, i = from, end = row + width; p < end; p++, i += 3) {
    const up = words[p - width] as number;
    const upR = up & 255;
    const upG = (up >>> 8) & 255;
    const upB = (up >>> 16) & 255;
    r = ((raw[i] as number) + paeth(r, upR, ur)) & 255;
    g = ((raw[i + 1] as number) + paeth(g, upG, ug)) & 255;
    b = ((raw[i + 2] as number) + paeth(b, upB, ub)) & 255;
    ur = upR;
    ug = upG;
    ub = upB;
    words[p] = (r | (g << 8) | (b << 16) | 0xff000000) >>> 0;
  }
}

/**
 * The Paeth predictor without branches: on photographs the choice flips from byte to byte, and
 * mispredicted branches cost more than the arithmetic. (|p−a| = |b−c|, |p−b| = |a−c|, |p−c| = |a+b−2c|.)
 */
function paeth(a: number, b: number, c: number): number {
  const pa = Math.abs(b - c);
  const pb = Math.abs(a - c);
  const pc = Math.abs(a + b - 2 * c);
  // All-ones when pc < pb: then c, else b; and all-ones when that one beats pa strictly.
  const cWins = (pc - pb) >> 31;
  const bc = (c & cWins) | (b & ~cWins);
  const best = (pc & cWins) | (pb & ~cWins);
  const notA = (best - pa) >> 31;
  return (bc & notA) | (a & ~notA);
}

/**
 * Sub, Up and Average on RGBA, in place, one pixel (four byte lanes of a 32-bit word) per step: lane-wise
 * sums and averages without carries between lanes, several times faster than byte by byte. Lanes are
 * independent, so the machine's byte order does not matter. `at.prev` is the row above's first word, or -1.
 */
function unfilterWords(words: Uint32Array, at: { row: number; prev: number; type: number; count: number }): void {
  const { row, prev, type, count } = at;
  let left = 0;
  for (let i = 0; i < count; i++) {
    const up = prev < 0 ? 0 : (words[prev + i] as number);
    const predictor = type === 1 ? left : type === 2 ? up : (left & up) + (((left ^ up) >>> 1) & 0x7f7f7f7f);
    const x = words[row + i] as number;
    left = (((x & 0x7f7f7f7f) + (predictor & 0x7f7f7f7f)) ^ ((x ^ predictor) & 0x80808080)) >>> 0;
    words[row + i] = left;
  }
}

/** Expand grey, grey+alpha or RGB to RGBA (opaque where there is no alpha), as pngjs does. */
function toRgba(pixels: Uint8Array, count: number, channels: number): Uint8Array {
  if (channels === 4) return pixels;
  const out = new Uint8Array(count * 4);
  if (channels === 3 && LITTLE_ENDIAN) {
    for (let p = 0, i = 0, o = 0; p < count; p++, i += 3, o += 4) {
      out[o] = pixels[i] as number;
      out[o + 1] = pixels[i + 1] as number;
      out[o + 2] = pixels[i + 2] as number;
      out[o + 3] = 255;
    }
  } else if (channels === 2) {
    for (let p = 0, i = 0, o = 0; p < count; p++, i += 2, o += 4) {
      const grey = pixels[i] as number;
      out[o] = grey;
      out[o + 1] = grey;
      out[o + 2] = grey;
      out[o + 3] = pixels[i + 1] as number;
    }
  } else {
    for (let p = 0, o = 0; p < count; p++, o += 4) {
      const grey = pixels[p] as number;
      out[o] = grey;
      out[o + 1] = grey;
      out[o + 2] = grey;
      out[o + 3] = 255;
    }
  }
  return out;
}
