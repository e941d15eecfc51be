/**
 * One pass over both images that does what pixelmatch and the metrics pass
 * did in three (pixelmatch counting, metrics.ts's accumulate, pixelmatch again
 * to draw the diff of a failing pair): each pixel is read once, its channel
 * differences serve both the YIQ distance and the error sums, and the diff is
 * drawn as the count is made (it costs little next to a second pass, and
 * whether a pair fails is only known after all the figures are in).
 *
 * The results are pixelmatch's, exactly: the same count and the same diff
 * image for the same threshold and anti-aliasing choice (the test suite runs
 * both on real and random images, transparent pixels included); the code is
 * a port of pixelmatch 7's index.js (ISC, © Mapbox) with its arithmetic kept
 * operation for operation, so that every floating-point result is the same.
 * The sums are accumulate()'s, exactly: the same composite on white for
 * pixels with alpha, the same 4×4 luminance cells.
 *
 * With `findings`, the same pass also gathers what the findings need from the
 * pixels (findings/accumulator.ts): each row's luminance, which the metrics
 * compute anyway, and each 16×16 block's signed channel differences; and it
 * marks pixelmatch's differing pixels in a mask for the changed regions. They
 * cost a few stores per pixel here, against a whole second pass over both
 * images (and a scan of the drawn diff for its red) before.
 *
 * pixelPass runs on the WebAssembly kernel when both images are opaque
 * (pixel-pass-wasm.ts, with the same figures to the bit) and here otherwise;
 * pixelPassJs is this file's loop alone, the reference the kernel is tested
 * against.
 *
 * Trap: the two images must be the same size, and `ignored` (1 = leave out of
 * the figures) must have one entry per pixel; pixelmatch has no mask, so the
 * caller passes the actual image with ignored pixels already made equal to
 * the baseline's (regions.ts maskedCopy), as for pixelmatch. Ignored pixels
 * give the findings the baseline's luminance on both sides and nothing else.
 */
import type { RgbaImage } from '../image/types.js';
import { CELL, FindingsGatherer } from './findings/accumulator.js';
import { metricsOf, type PixelMetrics } from './metrics.js';
import type { PixelPassOptions, PixelPassResult } from './pixel-pass-types.js';
import { opaquePixelPass } from './pixel-pass-wasm.js';

export type { PixelPassOptions, PixelPassResult } from './pixel-pass-types.js';

import { A, antialiased, B, colorDelta, G, LITTLE_ENDIAN, R } from './pixelmatch-pixel.js';

const CELL_SHIFT = 2;
const CELL_FIELDS = 6;
// pixelmatch's defaults, as compare.ts has always called it: faded original, yellow AA, red differences.
const ALPHA = 0.1;
const word = (r: number, g: number, b: number) => (LITTLE_ENDIAN ? (r | (g << 8) | (b << 16) | 0xff000000) >>> 0 : 0);
const RED = word(255, 0, 0);
const YELLOW = word(255, 255, 0);

/** Aligned 32-bit view of the pixels (a copy when the bytes do not start on a word boundary). */
function words(data: Uint8Array, count: number): Uint32Array {
  if (data.byteOffset % 4 === 0) return new Uint32Array(data.buffer, data.byteOffset, count);
  return new Uint32Array(data.slice().buffer, 0, count);
}

export function pixelPass(expected: RgbaImage, actual: RgbaImage, options: PixelPassOptions): PixelPassResult {
  const { width, height } = expected;
  if (actual.width !== width || actual.height !== height) {
    throw new Error(`pixelPass: sizes differ (${width}×${height} and ${actual.width}×${actual.height})`);
  }
  const len = width * height;
  if (expected.data.length !== len * 4 || actual.data.length !== len * 4) {
    throw new Error(`pixelPass: expected ${len * 4} bytes of RGBA for ${width}×${height}`);
  }
  return opaquePixelPass(expected, actual, options) ?? pixelPassJs(expected, actual, options);
}

/** The pass in JavaScript, for any pixels (the kernel takes opaque ones): the reference the kernel is tested against. */
export function pixelPassJs(expected: RgbaImage, actual: RgbaImage, options: PixelPassOptions): PixelPassResult {
  const { width, height } = expected;
  const len = width * height;
  const output = options.draw ? new Uint8Array(len * 4) : undefined;
  const cols = (width + 3) >> CELL_SHIFT;
  const rows = (height + 3) >> CELL_SHIFT;
  const findings = options.findings ? new FindingsGatherer(width, height) : undefined;
  const pass: PassState = {
    width,
    height,
    a: expected.data,
    b: actual.data,
    a32: words(expected.data, len),
    b32: words(actual.data, len),
    ignored: options.ignored,
    maxDelta: 35215 * options.threshold * options.threshold,
    includeAA: options.includeAA === true,
    output,
    out32: output && LITTLE_ENDIAN ? new Uint32Array(output.buffer) : undefined,
    cols,
    cells: new Float64Array(cols * rows * CELL_FIELDS),
    findings,
    mask: findings ? new Uint8Array(len) : undefined,
    maxDiff: 0,
    sumAbs: 0,
    sumSq: 0,
    n: 0,
    diff: 0,
  };
  // Row by row, so that V8 optimises the row as a function after a few rows of the first pair, rather than
  // replacing one long loop on the stack (OSR) and, each time a branch first runs, falling back to the
  // interpreter for the rest of an image: that made the first pairs of every worker several times slower.
  for (let y = 0; y < height; y++) passRow(pass, y);
  const { maxDiff, sumAbs, sumSq, n, cells, diff, mask } = pass;
  const layout = { cols, rows, width, height, cellSize: 1 << CELL_SHIFT, stride: CELL_FIELDS, countAt: 5 };
  return {
    diffPixels: diff,
    sums: { maxDiff, sumAbs, sumSq, n, cells, layout },
    ...(output ? { diff: { kind: 'rgba', data: output } } : {}),
    ...(findings && mask ? { findingSums: findings.finish(), mask } : {}),
  };
}

/** Everything one pixel pass reads and adds up, handed from row to row. */
interface PassState {
  width: number;
  height: number;
  a: Uint8Array;
  b: Uint8Array;
  a32: Uint32Array;
  b32: Uint32Array;
  ignored: Uint8Array | undefined;
  maxDelta: number;
  includeAA: boolean;
  output: Uint8Array | undefined;
  out32: Uint32Array | undefined;
  /** Metrics cells across. */
  cols: number;
  cells: Float64Array;
  findings: FindingsGatherer | undefined;
  mask: Uint8Array | undefined;
  maxDiff: number;
  sumAbs: number;
  sumSq: number;
  n: number;
  diff: number;
}

/** One row of the pass: pixelmatch's count and drawing, the metrics' cells, the findings' row. */
function passRow(pass: PassState, y: number): void {
  const { width, height, a, b, a32, b32, ignored, maxDelta, includeAA, output, out32, cols, cells, findings, mask } =
    pass;
  // A findings block spans this many of the metrics' cells across.
  const perBlock = CELL >> CELL_SHIFT;
  let maxDiff = pass.maxDiff;
  let sumAbs = pass.sumAbs;
  let sumSq = pass.sumSq;
  let n = pass.n;
  let diff = pass.diff;
  const cellRow = (y >> CELL_SHIFT) * cols;
  const [lumE, lumA] = findings ? findings.rowBuffers(y) : [undefined, undefined];
  // The row's luminance summed as it is written (left to right, as the accumulator would add it up).
  let rowE = 0;
  let rowA = 0;
  const blockRow = findings ? findings.blockRow(y) : 0;
  for (let cx = 0; cx < cols; cx++) {
    const x0 = cx << CELL_SHIFT;
    const x1 = Math.min(width, x0 + (1 << CELL_SHIFT));
    let s1 = 0;
    let s2 = 0;
    let s11 = 0;
    let s22 = 0;
    let s12 = 0;
    let count = 0;
    // The findings' signed channel differences over the same pixels.
    let dR = 0;
    let dG = 0;
    let dB = 0;
    for (let x = x0, row = y * width; x < x1; x++) {
      const p = row + x;
      const i = p * 4;
      // One 32-bit load per pixel and image, split into channels: cheaper than four byte loads.
      const wa = a32[p] as number;
      const wb = b32[p] as number;
      let r1 = (wa >>> R) & 255;
      let g1 = (wa >>> G) & 255;
      let b1 = (wa >>> B) & 255;
      const alpha1 = (wa >>> A) & 255;
      const same = wa === wb;
      let r2 = r1;
      let g2 = g1;
      let b2 = b1;
      let alpha2 = alpha1;
      if (!same) {
        r2 = (wb >>> R) & 255;
        g2 = (wb >>> G) & 255;
        b2 = (wb >>> B) & 255;
        alpha2 = (wb >>> A) & 255;
      }

      // pixelmatch: the squared YIQ distance, negative when the actual pixel is lighter.
      let delta = 0;
      if (same) {
        // delta stays 0
      } else if (alpha1 === 255 && alpha2 === 255) {
        // colorDelta for opaque pixels, inline: the channels are already in hand.
        const dr = r1 - r2;
        const dg = g1 - g2;
        const db = b1 - b2;
        const yy = dr * 0.29889531 + dg * 0.58662247 + db * 0.11448223;
        const ii = dr * 0.59597799 - dg * 0.2741761 - db * 0.32180189;
        const qq = dr * 0.21147017 - dg * 0.52261711 + db * 0.31114694;
        const d = 0.5053 * yy * yy + 0.299 * ii * ii + 0.1957 * qq * qq;
        delta = yy > 0 ? -d : d;
      } else {
        delta = colorDelta(a, b, i);
      }
      if (Math.abs(delta) > maxDelta) {
        const aa =
          !includeAA &&
          (antialiased(a, x, y, width, height, a32, b32) || antialiased(b, x, y, width, height, b32, a32));
        if (aa) {
          if (out32) out32[p] = YELLOW;
          else if (output) put(output, p, 255, 255, 0);
        } else {
          if (out32) out32[p] = RED;
          else if (output) put(output, p, 255, 0, 0);
          if (mask) mask[p] = 1;
          diff++;
        }
      } else if (output) {
        const grey = 255 + ((r1 * 0.29889531 + g1 * 0.58662247 + b1 * 0.11448223 - 255) * ALPHA * alpha1) / 255;
        // A Uint8Array store truncates toward zero; grey is never negative here.
        const v = grey | 0;
        if (out32) out32[p] = (v | (v << 8) | (v << 16) | 0xff000000) >>> 0;
        else put(output, p, v, v, v);
      }

      // accumulate(): errors and luminance, composited on white where there is alpha.
      if (same) {
        // Equal words: no error; both luminances are the one pixel's.
        if (alpha1 !== 255) {
          const k = alpha1 / 255;
          r1 = 255 + (r1 - 255) * k;
          g1 = 255 + (g1 - 255) * k;
          b1 = 255 + (b1 - 255) * k;
        }
        const l = 299 * r1 + 587 * g1 + 114 * b1;
        if (lumE !== undefined && lumA !== undefined) {
          lumE[x] = l;
          lumA[x] = l;
          rowE += l;
          rowA += l;
        }
        if (ignored !== undefined && ignored[p] === 1) continue;
        s1 += l;
        s2 += l;
        s11 += l * l;
        s22 += l * l;
        s12 += l * l;
        count++;
        continue;
      }
      if (alpha1 !== 255) {
        const k = alpha1 / 255;
        r1 = 255 + (r1 - 255) * k;
        g1 = 255 + (g1 - 255) * k;
        b1 = 255 + (b1 - 255) * k;
      }
      const l1 = 299 * r1 + 587 * g1 + 114 * b1;
      if (ignored !== undefined && ignored[p] === 1) {
        if (lumE !== undefined && lumA !== undefined) {
          lumE[x] = l1;
          lumA[x] = l1;
          rowE += l1;
          rowA += l1;
        }
        continue;
      }
      if (alpha2 !== 255) {
        const k = alpha2 / 255;
        r2 = 255 + (r2 - 255) * k;
        g2 = 255 + (g2 - 255) * k;
        b2 = 255 + (b2 - 255) * k;
      }
      const l2 = 299 * r2 + 587 * g2 + 114 * b2;
      if (lumE !== undefined && lumA !== undefined) {
        lumE[x] = l1;
        lumA[x] = l2;
        rowE += l1;
        rowA += l2;
        dR += r2 - r1;
        dG += g2 - g1;
        dB += b2 - b1;
      }
      const dr = Math.abs(r1 - r2);
      const dg = Math.abs(g1 - g2);
      const db = Math.abs(b1 - b2);
      maxDiff = Math.max(maxDiff, dr, dg, db);
      sumAbs += dr + dg + db;
      sumSq += dr * dr + dg * dg + db * db;
      s1 += l1;
      s2 += l2;
      s11 += l1 * l1;
      s22 += l2 * l2;
      s12 += l1 * l2;
      count++;
    }
    if (count === 0) continue;
    if (findings) findings.addToBlock(blockRow + ((cx / perBlock) | 0), dR, dG, dB, count);
    n += count;
    const c = (cellRow + cx) * CELL_FIELDS;
    cells[c] = (cells[c] as number) + s1;
    cells[c + 1] = (cells[c + 1] as number) + s2;
    cells[c + 2] = (cells[c + 2] as number) + s11;
    cells[c + 3] = (cells[c + 3] as number) + s22;
    cells[c + 4] = (cells[c + 4] as number) + s12;
    cells[c + 5] = (cells[c + 5] as number) + count;
  }
  findings?.endRow(y, rowE, rowA);
  pass.maxDiff = maxDiff;
  pass.sumAbs = sumAbs;
  pass.sumSq = sumSq;
  pass.n = n;
  pass.diff = diff;
}

/** One pixel, byte by byte: on a big-endian machine, where the packed words above would be ABGR. */
function put(output: Uint8Array, p: number, r: number, g: number, b: number): void {
  const i = p * 4;
  output[i] = r;
  output[i + 1] = g;
  output[i + 2] = b;
  output[i + 3] = 255;
}

/**
 * The metrics of two images of equal size, from the one pass (no diff drawn). `ignored` marks pixels
 * (1 = leave out) and must have width × height entries.
 */
export function measure(expected: RgbaImage, actual: RgbaImage, ignored?: Uint8Array): PixelMetrics {
  return metricsOf(pixelPass(expected, actual, { threshold: 0.1, ...(ignored ? { ignored } : {}) }).sums);
}
