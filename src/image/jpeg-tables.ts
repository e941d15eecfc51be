/**
 * The fixed parts of baseline JPEG as jpeg-js writes them: the zigzag order,
 * the standard quantisation and Huffman tables (JPEG spec, Annex K), and the
 * header bytes built from them.
 */

// biome-ignore format: the standard table, 16 values a row
export const ZIGZAG = Int32Array.of(
  0, 1, 5, 6, 14, 15, 27, 28, 2, 4, 7, 13, 16, 26, 29, 42,
  3, 8, 12, 17, 25, 30, 41, 43, 9, 11, 18, 24, 31, 40, 44, 53,
  10, 19, 23, 32, 39, 45, 52, 54, 20, 22, 33, 38, 46, 51, 55, 60,
  21, 34, 37, 47, 50, 56, 59, 61, 35, 36, 48, 49, 57, 58, 62, 63,
);

// biome-ignore format: the standard table, 16 values a row
const Y_QUANT = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
  14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
  18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
  49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
// biome-ignore format: the standard table, 16 values a row
const UV_QUANT = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99,
  24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
  ...new Array<number>(32).fill(99),
];
const AASF = [1.0, 1.387039845, 1.306562965, 1.175875602, 1.0, 0.785694958, 0.5411961, 0.275899379];

const DC_LUMA_CODES = [0, 0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_CHROMA_CODES = [0, 0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0];
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const AC_LUMA_CODES = [0, 0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d];
const AC_CHROMA_CODES = [0, 0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77];
// biome-ignore format: the standard table, 16 values a row
const AC_LUMA_VALUES = [
  0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
  0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0,
  0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28,
  0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
  0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
  0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
  0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
  0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5,
  0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2,
  0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
  0xf9, 0xfa,
];
// biome-ignore format: the standard table, 16 values a row
const AC_CHROMA_VALUES = [
  0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71,
  0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91, 0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0,
  0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16, 0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19, 0x1a, 0x26,
  0x27, 0x28, 0x29, 0x2a, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48,
  0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68,
  0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
  0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5,
  0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3,
  0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda,
  0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
  0xf9, 0xfa,
];

/** A Huffman table as two arrays indexed by symbol: the code and its length in bits. */
export interface Huffman {
  code: Int32Array;
  length: Int32Array;
}

function huffman(counts: readonly number[], values: readonly number[]): Huffman {
  const table: Huffman = { code: new Int32Array(256), length: new Int32Array(256) };
  let code = 0;
  let position = 0;
  for (let bits = 1; bits <= 16; bits++) {
    for (let j = 1; j <= (counts[bits] ?? 0); j++) {
      const symbol = values[position++] ?? 0;
      table.code[symbol] = code;
      table.length[symbol] = bits;
      code++;
    }
    code *= 2;
  }
  return table;
}

export const DC_LUMA = huffman(DC_LUMA_CODES, DC_VALUES);
export const DC_CHROMA = huffman(DC_CHROMA_CODES, DC_VALUES);
export const AC_LUMA = huffman(AC_LUMA_CODES, AC_LUMA_VALUES);
export const AC_CHROMA = huffman(AC_CHROMA_CODES, AC_CHROMA_VALUES);

/** Bit count of |v| (the JPEG "category"), for v in ±32767. */
export const CATEGORY = (() => {
  const table = new Uint8Array(65535);
  for (let v = 1; v < 32768; v++) {
    const cat = 32 - Math.clz32(v);
    table[32767 + v] = cat;
    table[32767 - v] = cat;
  }
  return table;
})();

export interface Quality {
  yTable: Uint8Array;
  uvTable: Uint8Array;
  yScale: Float64Array;
  uvScale: Float64Array;
  /** APP0 and DQT, which go before SOF0. */
  header: Uint8Array;
}

const qualities = new Map<number, Quality>();

export function quality(q: number): Quality {
  const clamped = q <= 0 ? 1 : q > 100 ? 100 : q;
  const cached = qualities.get(clamped);
  if (cached) return cached;
  const sf = clamped < 50 ? Math.floor(5000 / clamped) : Math.floor(200 - clamped * 2);
  const yTable = new Uint8Array(64);
  const uvTable = new Uint8Array(64);
  for (let i = 0; i < 64; i++) {
    yTable[ZIGZAG[i] ?? 0] = clampQuant(Math.floor(((Y_QUANT[i] ?? 0) * sf + 50) / 100));
    uvTable[ZIGZAG[i] ?? 0] = clampQuant(Math.floor(((UV_QUANT[i] ?? 0) * sf + 50) / 100));
  }
  const yScale = new Float64Array(64);
  const uvScale = new Float64Array(64);
  for (let row = 0, k = 0; row < 8; row++) {
    for (let col = 0; col < 8; col++, k++) {
      const a = AASF[row] ?? 1;
      const b = AASF[col] ?? 1;
      yScale[k] = 1.0 / ((yTable[ZIGZAG[k] ?? 0] ?? 1) * a * b * 8.0);
      uvScale[k] = 1.0 / ((uvTable[ZIGZAG[k] ?? 0] ?? 1) * a * b * 8.0);
    }
  }
  const result: Quality = { yTable, uvTable, yScale, uvScale, header: tablesHeader(yTable, uvTable) };
  qualities.set(clamped, result);
  return result;
}

function clampQuant(t: number): number {
  return t < 1 ? 1 : t > 255 ? 255 : t;
}

/** APP0 (JFIF) and DQT: what comes between SOI and SOF0, which depends only on the quality. */
function tablesHeader(yTable: Uint8Array, uvTable: Uint8Array): Uint8Array {
  const out: number[] = [];
  const word = (v: number) => out.push((v >> 8) & 0xff, v & 0xff);
  word(0xffe0);
  word(16);
  out.push(0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0);
  word(1);
  word(1);
  out.push(0, 0);
  word(0xffdb);
  word(132);
  out.push(0, ...yTable, 1, ...uvTable);
  return Uint8Array.from(out);
}

/** DHT: the four standard Huffman tables. */
export const HUFFMAN_HEADER = (() => {
  const out: number[] = [];
  const word = (v: number) => out.push((v >> 8) & 0xff, v & 0xff);
  word(0xffc4);
  word(0x01a2);
  out.push(0, ...DC_LUMA_CODES.slice(1), ...DC_VALUES);
  out.push(0x10, ...AC_LUMA_CODES.slice(1), ...AC_LUMA_VALUES);
  out.push(1, ...DC_CHROMA_CODES.slice(1), ...DC_VALUES);
  out.push(0x11, ...AC_CHROMA_CODES.slice(1), ...AC_CHROMA_VALUES);
  return Uint8Array.from(out);
})();
