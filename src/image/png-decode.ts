/**
 * A fast path for the PNGs image APIs actually return: 8-bit grey, grey+alpha,
 * RGB or RGBA, not interlaced, no palette or transparent-colour key. Node's
 * native zlib inflates, and the WebAssembly kernel (RGB, RGBA; wasm/png.ts)
 * or a tight loop (grey) undoes the row filters; pngjs spends about four
 * times as long on the same file (bench/compare.mjs measures both).
 *
 * The fast path gives up (returns undefined) on anything else and on anything
 * it does not like — a bad CRC, a zlib error, a length that does not add up —
 * and the caller hands the bytes to pngjs. So every pixel, every accepted file
 * and every error message is the one pngjs gives; only the time differs.
 */
import { crc32, inflateSync } from 'node:zlib';
import { align, type Kernels, reserve, wasmKernels } from '../util/wasm-kernels.js';
import type { PixelPlace, RgbaImage } from './types.js';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
// Channels per pixel by colour type: grey, RGB, grey+alpha, RGBA.
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };
const IHDR = 0x49484452;
const IDAT = 0x49444154;
const IEND = 0x49454e44;
const PLTE = 0x504c5445;
const TRNS = 0x74524e53;

/** The image, or undefined to leave it to pngjs. With `place`, RGB and RGBA pixels are decoded there. */
export function decodePngFast(bytes: Uint8Array, place?: PixelPlace): RgbaImage | undefined {
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
  // RGB (what the built-in model and most image APIs write) and RGBA: unfiltered straight into RGBA by the kernel.
  if (channels >= 3) {
    const kernels = wasmKernels();
    const into = kernels && place && placeFits(place, kernels, raw, width * height) ? place : undefined;
    const fast = kernels && unfilterInKernel(kernels, raw, { width, height, channels }, into);
    if (fast !== undefined) return fast ? { width, height, data: fast } : undefined;
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

/**
 * The row filters undone by the WebAssembly kernel (wasm/png.ts): the samples go into its memory, the RGBA
 * pixels come out, or stay in `place` when given. A third of the time of the loop below on the built-in
 * model's RGB outputs, where nearly every row is Paeth. Undefined when the memory cannot grow; false on an
 * unknown filter type.
 */
function unfilterInKernel(
  kernels: Kernels,
  raw: Uint8Array,
  size: { width: number; height: number; channels: number },
  place: PixelPlace | undefined,
): Uint8Array | false | undefined {
  const { width, height, channels } = size;
  const outBytes = width * height * 4;
  // The kernel reads each pixel as one 32-bit word: four bytes of slack after the samples.
  let rawAt: number;
  let outAt: number;
  if (place) {
    rawAt = place.scratch;
    outAt = place.at;
  } else {
    const base = reserve(kernels, align(raw.length + 4) + outBytes);
    if (base === undefined) return undefined;
    rawAt = base;
    outAt = base + align(raw.length + 4);
  }
  const memory = new Uint8Array(kernels.memory.buffer);
  memory.set(raw, rawAt);
  memory.fill(0, rawAt + raw.length, rawAt + raw.length + 4);
  if (kernels.unfilterToRgba(rawAt, width, height, channels, outAt) !== 0) return false;
  if (place) place.opaque = channels === 3;
  // In its place the image stays where the comparator's pass reads it; otherwise it is copied out.
  return place ? memory.subarray(outAt, outAt + outBytes) : memory.slice(outAt, outAt + outBytes);
}

/** Whether `place` is in these kernels' memory and holds `pixels` of RGBA, with room for `raw` and its slack. */
function placeFits(place: PixelPlace, kernels: Kernels, raw: Uint8Array, pixels: number): boolean {
  return place.memory === kernels.memory && place.bytes === pixels * 4 && raw.length + 4 <= place.scratchBytes;
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
export function toRgba(pixels: Uint8Array, count: number, channels: number): Uint8Array {
  if (channels === 4) return pixels;
  const out = new Uint8Array(count * 4);
  if (channels === 3) {
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
