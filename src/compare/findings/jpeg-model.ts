/**
 * What a JPEG round trip through a typical serving stack does to pixels, without writing the bytes:
 * libjpeg's defaults (JFIF YCbCr, chroma halved in both directions — 4:2:0 —, the IJG quantisation
 * tables scaled to the quality) as decoded by jpeg-js (chroma repeated back to full size, values
 * truncated to 8 bits). seedsnap's own encoder writes 4:4:4 only, which is much kinder to colour
 * edges than what providers send, so calibrating on it alone would be too lenient.
 *
 * The quantisation is done on an exact floating-point DCT, not libjpeg's fixed-point one; on the
 * calibration photographs it comes within about 1 dB PSNR of `cjpeg -quality Q` + jpeg-js
 * (docs/findings.md has the figures).
 */
import type { RgbaImage } from '../../image/types.js';

// biome-ignore format: the 8×8 tables of ITU T.81 Annex K, row by row
const LUMA_TABLE = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
  14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
  49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
// biome-ignore format: the 8×8 tables of ITU T.81 Annex K, row by row
const CHROMA_TABLE = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99,
  47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
  99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
];

/** IJG quality scaling (jcparam.c): 50 keeps the tables, 100 makes every step 1. */
function scaled(table: readonly number[], quality: number): Float64Array {
  const q = Math.min(100, Math.max(1, Math.round(quality)));
  const factor = q < 50 ? 5000 / q : 200 - 2 * q;
  return Float64Array.from(table, (v) => Math.min(255, Math.max(1, Math.floor((v * factor + 50) / 100))));
}

const COS = (() => {
  const table = new Float64Array(64);
  for (let u = 0; u < 8; u++) {
    const c = u === 0 ? Math.SQRT1_2 : 1;
    for (let x = 0; x < 8; x++) table[u * 8 + x] = (c / 2) * Math.cos(((2 * x + 1) * u * Math.PI) / 16);
  }
  return table;
})();

/** Quantise one plane in place: 8×8 blocks (edges repeated to fill them), DCT, round to steps, inverse DCT. */
function quantisePlane(plane: Float64Array, width: number, height: number, steps: Float64Array): void {
  const block = new Float64Array(64);
  const tmp = new Float64Array(64);
  for (let by = 0; by < height; by += 8) {
    for (let bx = 0; bx < width; bx += 8) {
      for (let y = 0; y < 8; y++) {
        const sy = Math.min(height - 1, by + y);
        for (let x = 0; x < 8; x++)
          block[y * 8 + x] = (plane[sy * width + Math.min(width - 1, bx + x)] as number) - 128;
      }
      // Separable forward DCT: rows, then columns.
      for (let y = 0; y < 8; y++) {
        for (let u = 0; u < 8; u++) {
          let s = 0;
          for (let x = 0; x < 8; x++) s += (COS[u * 8 + x] as number) * (block[y * 8 + x] as number);
          tmp[y * 8 + u] = s;
        }
      }
      for (let u = 0; u < 8; u++) {
        for (let v = 0; v < 8; v++) {
          let s = 0;
          for (let y = 0; y < 8; y++) s += (COS[v * 8 + y] as number) * (tmp[y * 8 + u] as number);
          const step = steps[v * 8 + u] as number;
          block[v * 8 + u] = Math.round(s / step) * step;
        }
      }
      // Inverse: columns, then rows.
      for (let u = 0; u < 8; u++) {
        for (let y = 0; y < 8; y++) {
          let s = 0;
          for (let v = 0; v < 8; v++) s += (COS[v * 8 + y] as number) * (block[v * 8 + u] as number);
          tmp[y * 8 + u] = s;
        }
      }
      for (let y = 0; y < 8 && by + y < height; y++) {
        for (let x = 0; x < 8 && bx + x < width; x++) {
          let s = 0;
          for (let u = 0; u < 8; u++) s += (COS[u * 8 + x] as number) * (tmp[y * 8 + u] as number);
          plane[(by + y) * width + bx + x] = Math.min(255, Math.max(0, Math.round(s + 128)));
        }
      }
    }
  }
}

/** A JPEG round trip at `quality` with 4:2:0 chroma, as libjpeg writes and jpeg-js reads it. */
export function jpeg420RoundTrip(image: RgbaImage, quality: number): RgbaImage {
  const { width, height, data } = image;
  const cw = (width + 1) >> 1;
  const ch = (height + 1) >> 1;
  const luma = new Float64Array(width * height);
  const cb = new Float64Array(cw * ch);
  const cr = new Float64Array(cw * ch);
  const counts = new Float64Array(cw * ch);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const [r, g, b] = [data[i] as number, data[i + 1] as number, data[i + 2] as number];
      luma[y * width + x] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
      const c = (y >> 1) * cw + (x >> 1);
      cb[c] = (cb[c] as number) + Math.round(-0.168736 * r - 0.331264 * g + 0.5 * b + 128);
      cr[c] = (cr[c] as number) + Math.round(0.5 * r - 0.418688 * g - 0.081312 * b + 128);
      counts[c] = (counts[c] as number) + 1;
    }
  }
  for (let c = 0; c < counts.length; c++) {
    cb[c] = Math.round((cb[c] as number) / (counts[c] as number));
    cr[c] = Math.round((cr[c] as number) / (counts[c] as number));
  }
  quantisePlane(luma, width, height, scaled(LUMA_TABLE, quality));
  const chromaSteps = scaled(CHROMA_TABLE, quality);
  quantisePlane(cb, cw, ch, chromaSteps);
  quantisePlane(cr, cw, ch, chromaSteps);
  const out = new Uint8Array(data);
  const to8 = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.trunc(v));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const l = luma[y * width + x] as number;
      const c = (y >> 1) * cw + (x >> 1);
      const blue = (cb[c] as number) - 128;
      const red = (cr[c] as number) - 128;
      out[i] = to8(l + 1.402 * red);
      out[i + 1] = to8(l - 0.344136 * blue - 0.714136 * red);
      out[i + 2] = to8(l + 1.772 * blue);
    }
  }
  return { width, height, data: out };
}
