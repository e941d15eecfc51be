/**
 * Baseline JPEG encoder: the algorithm of jpeg-js's encoder (Adobe's AS3
 * encoder ported to JavaScript), rewritten for speed. It writes the very same
 * bytes as `jpeg-js.encode` (a test holds it to that), so images stay
 * byte-identical on any machine: the colour transform is integer, and the DCT
 * uses only IEEE-exact + − × on doubles. What makes jpeg-js slow — a new
 * encoder with 65,535 small arrays per call, bit-by-bit output into a JS array
 * — is replaced by tables built once and a 32-bit bit buffer.
 */
import {
  AC_CHROMA,
  AC_LUMA,
  CATEGORY,
  DC_CHROMA,
  DC_LUMA,
  HUFFMAN_HEADER,
  type Huffman,
  quality,
  ZIGZAG,
} from './jpeg-tables.js';
import type { RgbImage } from './types.js';

/** Output with 0xFF byte stuffing, MSB-first bits in a 32-bit buffer. */
class BitWriter {
  bytes: Uint8Array;
  length = 0;
  private buffer = 0;
  private count = 0;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(capacity);
  }

  raw(values: ArrayLike<number>): void {
    this.reserve(values.length);
    for (let i = 0; i < values.length; i++) this.bytes[this.length++] = values[i] ?? 0;
  }

  /** Append the low `length` bits of `value` (length ≤ 16). */
  bits(value: number, length: number): void {
    if (length === 0) return;
    this.buffer = ((this.buffer << length) | (value & ((1 << length) - 1))) >>> 0;
    this.count += length;
    while (this.count >= 8) {
      this.count -= 8;
      const byte = (this.buffer >>> this.count) & 0xff;
      if (this.length + 2 > this.bytes.length) this.reserve(2);
      this.bytes[this.length++] = byte;
      if (byte === 0xff) this.bytes[this.length++] = 0;
    }
    this.buffer &= (1 << this.count) - 1;
  }

  /**
   * jpeg-js pads the last byte with 1 bits and, when the bits end on a byte boundary, still
   * writes a whole byte of them (FF 00); kept for byte-identical output.
   */
  pad(): void {
    this.bits(0xff, 8 - this.count);
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
}

const block = new Float64Array(64);
const zigzagged = new Int32Array(64);

/** Forward DCT and quantisation of `block` in place; results in `zigzagged` (the same arithmetic as jpeg-js). */
function dctQuantise(scale: Float64Array): void {
  const data = block;
  for (let off = 0; off < 64; off += 8) {
    const d0 = data[off] ?? 0;
    const d1 = data[off + 1] ?? 0;
    const d2 = data[off + 2] ?? 0;
    const d3 = data[off + 3] ?? 0;
    const d4 = data[off + 4] ?? 0;
    const d5 = data[off + 5] ?? 0;
    const d6 = data[off + 6] ?? 0;
    const d7 = data[off + 7] ?? 0;
    butterfly(data, off, 1, d0, d1, d2, d3, d4, d5, d6, d7);
  }
  for (let off = 0; off < 8; off++) {
    const d0 = data[off] ?? 0;
    const d1 = data[off + 8] ?? 0;
    const d2 = data[off + 16] ?? 0;
    const d3 = data[off + 24] ?? 0;
    const d4 = data[off + 32] ?? 0;
    const d5 = data[off + 40] ?? 0;
    const d6 = data[off + 48] ?? 0;
    const d7 = data[off + 56] ?? 0;
    butterfly(data, off, 8, d0, d1, d2, d3, d4, d5, d6, d7);
  }
  for (let i = 0; i < 64; i++) {
    const v = (data[i] ?? 0) * (scale[i] ?? 0);
    zigzagged[ZIGZAG[i] ?? 0] = v > 0.0 ? (v + 0.5) | 0 : (v - 0.5) | 0;
  }
}

/** cos(π/4) as jpeg-js writes it; not Math.SQRT1_2, whose last digits differ and would change the bytes. */
// biome-ignore lint/suspicious/noApproximativeNumericConstant: jpeg-js's constant, kept for identical output
const C4 = 0.707106781;

/** One 8-point AAN DCT along a row (stride 1) or a column (stride 8). */
function butterfly(
  data: Float64Array,
  off: number,
  s: number,
  d0: number,
  d1: number,
  d2: number,
  d3: number,
  d4: number,
  d5: number,
  d6: number,
  d7: number,
): void {
  const tmp0 = d0 + d7;
  const tmp7 = d0 - d7;
  const tmp1 = d1 + d6;
  const tmp6 = d1 - d6;
  const tmp2 = d2 + d5;
  const tmp5 = d2 - d5;
  const tmp3 = d3 + d4;
  const tmp4 = d3 - d4;
  let tmp10 = tmp0 + tmp3;
  const tmp13 = tmp0 - tmp3;
  let tmp11 = tmp1 + tmp2;
  let tmp12 = tmp1 - tmp2;
  data[off] = tmp10 + tmp11;
  data[off + 4 * s] = tmp10 - tmp11;
  const z1 = (tmp12 + tmp13) * C4;
  data[off + 2 * s] = tmp13 + z1;
  data[off + 6 * s] = tmp13 - z1;
  tmp10 = tmp4 + tmp5;
  tmp11 = tmp5 + tmp6;
  tmp12 = tmp6 + tmp7;
  const z5 = (tmp10 - tmp12) * 0.382683433;
  const z2 = 0.5411961 * tmp10 + z5;
  const z4 = 1.306562965 * tmp12 + z5;
  const z3 = tmp11 * C4;
  const z11 = tmp7 + z3;
  const z13 = tmp7 - z3;
  data[off + 5 * s] = z13 + z2;
  data[off + 3 * s] = z13 - z2;
  data[off + s] = z11 + z4;
  data[off + 7 * s] = z11 - z4;
}

/** Encode the block now in `block`; returns the new DC predictor. */
function encodeBlock(out: BitWriter, scale: Float64Array, previousDc: number, dc: Huffman, ac: Huffman): number {
  dctQuantise(scale);
  const du = zigzagged;
  const dcValue = du[0] ?? 0;
  const diff = dcValue - previousDc;
  if (diff === 0) {
    out.bits(dc.code[0] ?? 0, dc.length[0] ?? 0);
  } else {
    const cat = CATEGORY[32767 + diff] ?? 0;
    out.bits(dc.code[cat] ?? 0, dc.length[cat] ?? 0);
    out.bits(diff < 0 ? diff + (1 << cat) - 1 : diff, cat);
  }
  let end = 63;
  while (end > 0 && du[end] === 0) end--;
  if (end === 0) {
    out.bits(ac.code[0] ?? 0, ac.length[0] ?? 0);
    return dcValue;
  }
  let i = 1;
  while (i <= end) {
    const start = i;
    while (du[i] === 0 && i <= end) i++;
    let zeroes = i - start;
    if (zeroes >= 16) {
      for (let m = zeroes >> 4; m > 0; m--) out.bits(ac.code[0xf0] ?? 0, ac.length[0xf0] ?? 0);
      zeroes &= 0xf;
    }
    const v = du[i] ?? 0;
    const cat = CATEGORY[32767 + v] ?? 0;
    const symbol = (zeroes << 4) + cat;
    out.bits(ac.code[symbol] ?? 0, ac.length[symbol] ?? 0);
    out.bits(v < 0 ? v + (1 << cat) - 1 : v, cat);
    i++;
  }
  if (end !== 63) out.bits(ac.code[0] ?? 0, ac.length[0] ?? 0);
  return dcValue;
}

/** Encode RGB pixels as baseline JPEG, 4:4:4, the same bytes as jpeg-js at the same quality. */
export function encodeJpeg(image: RgbImage, q = 90): Uint8Array {
  const { width, height, data } = image;
  const tables = quality(q);
  const out = new BitWriter(Math.max(1024, (width * height) >> 1));
  out.raw([0xff, 0xd8]);
  out.raw(tables.header);
  // SOF0: the size and three components at 1×1 sampling; then the Huffman tables and SOS.
  // biome-ignore format: one marker a row
  out.raw([
    0xff, 0xc0, 0, 17, 8, (height >> 8) & 0xff, height & 0xff, (width >> 8) & 0xff, width & 0xff,
    3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1,
  ]);
  out.raw(HUFFMAN_HEADER);
  out.raw([0xff, 0xda, 0, 12, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3f, 0]);

  const yBlock = new Float64Array(64);
  const uBlock = new Float64Array(64);
  const vBlock = new Float64Array(64);
  let dcY = 0;
  let dcU = 0;
  let dcV = 0;
  for (let by = 0; by < height; by += 8) {
    for (let bx = 0; bx < width; bx += 8) {
      for (let pos = 0; pos < 64; pos++) {
        // Blocks past the edge repeat the last row and column.
        const y = Math.min(by + (pos >> 3), height - 1);
        const x = Math.min(bx + (pos & 7), width - 1);
        const p = (y * width + x) * 3;
        const r = data[p] ?? 0;
        const g = data[p + 1] ?? 0;
        const b = data[p + 2] ?? 0;
        yBlock[pos] = ((19595 * r + 38470 * g + 7471 * b + 0x8000) >> 16) - 128;
        uBlock[pos] = ((-11059 * r - 21709 * g + 32768 * b + 0x807fff) >> 16) - 128;
        vBlock[pos] = ((32768 * r - 27439 * g - 5329 * b + 0x807fff) >> 16) - 128;
      }
      block.set(yBlock);
      dcY = encodeBlock(out, tables.yScale, dcY, DC_LUMA, AC_LUMA);
      block.set(uBlock);
      dcU = encodeBlock(out, tables.uvScale, dcU, DC_CHROMA, AC_CHROMA);
      block.set(vBlock);
      dcV = encodeBlock(out, tables.uvScale, dcV, DC_CHROMA, AC_CHROMA);
    }
  }
  out.pad();
  out.raw([0xff, 0xd9]);
  return out.bytes.slice(0, out.length);
}
