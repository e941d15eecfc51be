/**
 * What a PNG's bytes can honestly hold, checked before anything is inflated.
 * The header fixes exactly how many bytes the image data inflates to (each row
 * of each Adam7 pass, plus its filter byte), and deflate cannot expand data more
 * than 1032 times. So a header claiming more than its data can hold is refused
 * at once (a truncated file, or a bomb that would have the decoder allocate for
 * the claim), and data that inflates past the header is refused the moment it
 * does, while inflating into nothing: pngjs would inflate an interlaced image's
 * data without any limit (a 3 MB file took 6 GB).
 */
import { inflateSync } from 'node:zlib';
import { count, ImageDecodeError } from './decode-error.js';
import { loadFflate } from './lazy-codecs.js';

/** Deflate's largest expansion: a 258-byte copy coded in two 1-bit codes. */
const MAX_DEFLATE_RATIO = 1032;
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
// Adam7: x start, y start, x step, y step of each pass.
const PASSES = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;
const IDAT = 0x49444154;

export interface PngLayout {
  width: number;
  height: number;
  depth: number;
  colorType: number;
  interlaced: boolean;
  /** What the image data must inflate to, exactly. */
  rawBytes: number;
  /** The zlib stream, as the IDAT chunks hold it. */
  idat: Uint8Array[];
  idatBytes: number;
}

function rawSize(width: number, height: number, bitsPerPixel: number, interlaced: boolean): number {
  const rows = (w: number, h: number) => (w > 0 && h > 0 ? h * (1 + Math.ceil((w * bitsPerPixel) / 8)) : 0);
  if (!interlaced) return rows(width, height);
  let total = 0;
  for (const [x0, y0, dx, dy] of PASSES) total += rows(Math.ceil((width - x0) / dx), Math.ceil((height - y0) / dy));
  return total;
}

/** The header and image data of a PNG whose first 24 bytes were already read as one; throws when it cannot be. */
export function readPngLayout(bytes: Uint8Array): PngLayout {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 33 || view.getUint32(12) !== 0x49484452) {
    throw new ImageDecodeError(`png has no header chunk (IHDR) where it belongs (${bytes.length} bytes)`);
  }
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const depth = bytes[24] ?? 0;
  const colorType = bytes[25] ?? 0;
  const interlaced = bytes[28] === 1;
  if (!DEPTHS[colorType]?.includes(depth)) {
    throw new ImageDecodeError(
      `png header gives colour type ${colorType} with bit depth ${depth}, which PNG does not allow`,
    );
  }
  const idat: Uint8Array[] = [];
  let idatBytes = 0;
  // Collect IDAT chunks as far as the file goes; a file cut short is judged by what its data inflates to.
  for (let offset = 8; offset + 8 <= bytes.length; ) {
    const length = view.getUint32(offset);
    const start = offset + 8;
    const end = Math.min(start + length, bytes.length);
    if (view.getUint32(offset + 4) === IDAT) {
      idat.push(bytes.subarray(start, end));
      idatBytes += end - start;
    }
    offset = start + length + 4;
  }
  const rawBytes = rawSize(width, height, (CHANNELS[colorType] ?? 1) * depth, interlaced);
  return { width, height, depth, colorType, interlaced, rawBytes, idat, idatBytes };
}

function size(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${count(bytes)} bytes`;
}

/** Refuse a header that claims more pixel data than its compressed data could possibly hold. */
export function checkPngPlausible(layout: PngLayout): void {
  if (layout.rawBytes <= layout.idatBytes * MAX_DEFLATE_RATIO + MAX_DEFLATE_RATIO) return;
  throw new ImageDecodeError(
    `png header claims ${layout.width}×${layout.height} (${size(layout.rawBytes)} of pixel data) ` +
      `but the file holds only ${count(layout.idatBytes)} bytes of compressed image data, less than deflate can ` +
      'expand to that: a truncated file or a decompression bomb',
  );
}

const STOP = Symbol('past the header');
/** Bytes handed to the inflater at a time: its output per step is at most 1032 times this. */
const SLICE = 1024;

/**
 * Inflate the image data into nothing, counting, and refuse it unless it comes to exactly the header's
 * size. Memory stays at the inflater's 32 KiB window plus one slice's output (≤ 1 MiB).
 */
export function checkPngInflatedSize(layout: PngLayout): void {
  const { rawBytes } = layout;
  const stream = layout.idat.length === 1 ? (layout.idat[0] as Uint8Array) : Buffer.concat(layout.idat);
  const [cmf = 0, flg = 0] = stream;
  // Compression method 8 (deflate), window ≤ 32 KiB, check bits, no preset dictionary (PNG forbids one).
  if (stream.length < 2 || (cmf & 0x0f) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0 || flg & 0x20) {
    throw new ImageDecodeError('png image data is not a zlib stream');
  }
  let size = 0;
  const inflater = new (loadFflate().Inflate)((chunk) => {
    size += chunk.length;
    if (size > rawBytes) throw STOP;
  });
  try {
    for (let at = 2; at < stream.length; at += SLICE) inflater.push(stream.subarray(at, at + SLICE), false);
    inflater.push(new Uint8Array(0), true);
  } catch (error) {
    if (error === STOP) {
      throw new ImageDecodeError(
        `png image data inflates to more than the ${count(rawBytes)} bytes its ${layout.width}×${layout.height} ` +
          'header allows: a decompression bomb or a damaged file',
      );
    }
    const reason = error instanceof Error ? error.message : String(error);
    if (/unexpected EOF/i.test(reason))
      throw new ImageDecodeError('png image data is cut short: the file is truncated', error);
    throw new ImageDecodeError(`png image data is damaged (${reason}): the file is not a valid PNG`, error);
  }
  if (size !== rawBytes) {
    throw new ImageDecodeError(
      `png image data inflates to ${count(size)} bytes, but its ${layout.width}×${layout.height} header needs ${count(rawBytes)}: the file is damaged`,
    );
  }
}

/**
 * Up to this much pixel data, native zlib inflates the data once (bounded by the header, so a bomb
 * costs at most this much); past it, the data is first counted through a small window.
 */
export const DIRECT_INFLATE_BYTES = 32 * 1024 * 1024;

/** Make sure the image data inflates to exactly the header's size, in bounded memory. */
export function checkPngData(layout: PngLayout): void {
  if (layout.rawBytes <= DIRECT_INFLATE_BYTES) {
    const stream = layout.idat.length === 1 ? (layout.idat[0] as Uint8Array) : Buffer.concat(layout.idat);
    try {
      if (inflateSync(stream, { maxOutputLength: layout.rawBytes + 1 }).length === layout.rawBytes) return;
    } catch {
      // Too long, damaged or cut short: the count below says which, in one wording.
    }
  }
  checkPngInflatedSize(layout);
}
