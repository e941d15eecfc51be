/**
 * The comparator's pixel pass (src/compare/pixel-pass.ts) for opaque images, four pixels at a time in
 * SIMD lanes: pixelmatch's count and drawing, the metrics' 4×4 cells and, with findings, each row's
 * luminance sums, each 16×16 block's channel differences and the row work of findings.ts.
 * src/compare/pixel-pass-wasm.ts places the images in memory, calls setup() (and setupFindings()) once
 * and passRows() once, and reads the figures back.
 *
 * Every result must be the JavaScript pass's, exactly (test/compare/pixel-pass.test.ts checks both
 * against pixelmatch and the reference sums). That holds because, with every alpha 255, each sum is
 * of whole numbers (exact in any order), and the one floating-point figure pixelmatch thresholds, the
 * YIQ distance, is computed operation for operation as pixelmatch does, in f64 lanes (WebAssembly
 * neither fuses nor reorders floating-point operations).
 */

import { endRow } from './findings';
import { addF64, laneSum, pairSum } from './lanes';
import {
  antialiased,
  GUARD,
  greyAt,
  greyLanesQuick,
  greyValue,
  roughlyOver,
  setDetectorSize,
  yiqDistance,
  yiqLanes,
} from './pixelmatch';

// The diff is drawn as a palette image: DIFF_PALETTE's indices (src/compare/drawn-diff.ts), the greys first.
const GREY_FIRST: u32 = 229;
const RED: u8 = 27;
const YELLOW: u8 = 28;
/** Pixels per metrics cell side, and metrics cells per findings block side. */
const CELL = 4;
const PER_BLOCK = 4;
const CELL_FIELDS = 6;
/** Lane sums are moved into f64 totals at least this often (cells), before an i32 lane could overflow. */
const FLUSH_CELLS = 1024;

// The pair being compared: set once by setup().
let expected: usize = 0;
let actual: usize = 0;
let width = 0;
let height = 0;
let maxDelta: f64 = 0;
/** Four lanes of the largest channel difference that is under pixelmatch's threshold for sure (setup). */
let closeLevels: v128 = i32x4.splat(-1);
let includeAA = false;
/** 0, or one byte per pixel, 1 = left out of the figures. */
let ignored: usize = 0;
/**
 * 0, or where to draw the diff: a PNG's rows of indices, each a filter byte (0) then one byte per pixel,
 * so that the encoder deflates them as they are (no RGBA image, no palette to find).
 */
let output: usize = 0;
/** 0, or one byte per pixel set to 1 where pixelmatch counts a difference. */
let mask: usize = 0;
/** The metrics' cells: f64 × CELL_FIELDS per cell, row-major, `cols` across. */
let cells: usize = 0;
let cols = 0;
/** Findings blocks: four f64 arrays of `blockCount` (Σ R, Σ G, Σ B of actual − expected, pixel count). */
let blocks: usize = 0;
let blockCount = 0;
let blocksAcross = 0;
/** f64 totals: max channel difference, Σ |d|, Σ d², pixels counted, pixelmatch's count; from 8, the rows' luminance sums. */
let totals: usize = 0;

export function setup(
  expectedAt: usize,
  actualAt: usize,
  w: i32,
  h: i32,
  threshold: f64,
  withAA: bool,
  ignoredAt: usize,
  outputAt: usize,
  maskAt: usize,
  cellsAt: usize,
  blocksAt: usize,
  totalsAt: usize,
): void {
  expected = expectedAt;
  actual = actualAt;
  width = w;
  height = h;
  maxDelta = 35215 * threshold * threshold;
  // pixelmatch's YIQ distance is a convex quadratic form of the channel differences: with every channel
  // within m levels it is at most m² times its largest value at a corner of the unit cube (0.5415, at R +1,
  // G −1, B −1). Under the threshold for sure while that, with a margin, is at most maxDelta − 1; -1 when
  // no difference is (threshold 0).
  let corner: f64 = 0;
  for (let s = 0; s < 4; s++) corner = max(corner, yiqDistance(1, s & 1 ? -1 : 1, s & 2 ? -1 : 1));
  const sure = Math.floor(Math.sqrt(Math.max(0, maxDelta - 1) / (corner * 1.001)));
  closeLevels = i32x4.splat(maxDelta >= 1 ? <i32>sure : -1);
  includeAA = withAA;
  ignored = ignoredAt;
  output = outputAt;
  mask = maskAt;
  cells = cellsAt;
  cols = (w + CELL - 1) / CELL;
  blocks = blocksAt;
  blocksAcross = (w + CELL * PER_BLOCK - 1) / (CELL * PER_BLOCK);
  blockCount = blocksAcross * ((h + CELL * PER_BLOCK - 1) / (CELL * PER_BLOCK));
  totals = totalsAt;
  setDetectorSize(w, h);
}

/** 1 when every pixel of `count` RGBA pixels at `at` has alpha 255. */
export function allOpaque(at: usize, count: i32): i32 {
  const alpha = i32x4.splat(<i32>0xff000000);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const v = v128.and(v128.load(at + (<usize>i << 2)), alpha);
    if (!i32x4.all_true(i32x4.eq(v, alpha))) return 0;
  }
  for (; i < count; i++) if (load<u8>(at + (<usize>i << 2) + 3) != 255) return 0;
  return 1;
}


/** Where pixel p, of row y, is drawn: its row's filter byte comes before it, and one for each row above. */
@inline function drawnAt(p: usize, y: i32): usize {
  return output + p + <usize>y + 1;
}

/**
 * Four pixels' luminance (expected l1, actual l2) for the findings: into row y of the rings (f64) and added
 * to the lanes of the cell row's row `r`.
 */
@inline function keepLuminance(y: i32, r: i32, x0: i32, ringE: usize, ringA: usize, ringRows: i32, l1: v128, l2: v128): void {
  const at = <usize>((y % ringRows) * width + x0) << 3;
  v128.store(ringE + at, f64x2.convert_low_i32x4_s(l1));
  v128.store(ringE + at, f64x2.convert_low_i32x4_s(i32x4.shuffle(l1, l1, 2, 3, 0, 1)), 16);
  v128.store(ringA + at, f64x2.convert_low_i32x4_s(l2));
  v128.store(ringA + at, f64x2.convert_low_i32x4_s(i32x4.shuffle(l2, l2, 2, 3, 0, 1)), 16);
  const lanes = ROW_LANES + (<usize>r << 5);
  v128.store(lanes, i32x4.add(v128.load(lanes), l1));
  v128.store(lanes, i32x4.add(v128.load(lanes, 16), l2), 16);
}

/** Pixels p to p + 3 of row y, none beyond the threshold, drawn as the expected image's faded greys. */
@inline function drawGreys(p: usize, y: i32, r: v128, g: v128, b: v128): void {
  const indices = i32x4.sub(greyLanesQuick(r, g, b), i32x4.splat(GREY_FIRST));
  const bytes = i8x16.narrow_i16x8_u(i16x8.narrow_i32x4_u(indices, indices), ZERO);
  store<u32>(drawnAt(p, y), i32x4.extract_lane(bytes, 0));
}

/** Pixel p at (x, y) is beyond the threshold: anti-aliasing (yellow) or a difference (red, counted). */
function beyond(p: usize, x: i32, y: i32): i32 {
  const aa = !includeAA && (antialiased(expected, actual, x, y) || antialiased(actual, expected, x, y));
  if (aa) {
    if (output) store<u8>(drawnAt(p, y), YELLOW);
    return 0;
  }
  if (output) store<u8>(drawnAt(p, y), RED);
  if (mask) store<u8>(mask + p, 1);
  return 1;
}

const ZERO = i32x4.splat(0);
/** Per row of the cell row being passed: the luminance sums in i32 lanes (expected, actual). */
const ROW_LANES = memory.data(CELL * 2 * 16, 16);

// Figures of pixels done one at a time (scalarCell), moved into the totals with the lanes by flush().
let oneMax = 0;
let oneAbs: f64 = 0;
let oneSq: f64 = 0;
let oneDiff = 0;
let oneCount = 0;
// A findings block's channel differences from scalarCell, moved into `blocks` at the block's end.
let blockR: i32 = 0;
let blockG: i32 = 0;
let blockB: i32 = 0;
let blockPixels: i32 = 0;

@inline function flush(laneMax: v128, laneAbs: v128, laneSq: v128, diffs: i32, counted: i32): void {
  const maxOf = max(
    max(i32x4.extract_lane(laneMax, 0), i32x4.extract_lane(laneMax, 1)),
    max(max(i32x4.extract_lane(laneMax, 2), i32x4.extract_lane(laneMax, 3)), oneMax),
  );
  store<f64>(totals, max(load<f64>(totals), <f64>maxOf));
  addF64(totals + 8, <f64>laneSum(laneAbs) + oneAbs);
  addF64(totals + 16, <f64>laneSum(laneSq) + oneSq);
  addF64(totals + 24, <f64>(counted + oneCount));
  addF64(totals + 32, <f64>(diffs + oneDiff));
  oneMax = 0;
  oneAbs = 0;
  oneSq = 0;
  oneDiff = 0;
  oneCount = 0;
}

/** The rows' luminance sums, from the lanes into totals[8 + 2r] (expected) and totals[9 + 2r] (actual). */
function flushRows(rows: i32): void {
  for (let r = 0; r < rows; r++) {
    const lanes = ROW_LANES + (<usize>r << 5);
    addF64(totals + (<usize>(8 + 2 * r) << 3), <f64>laneSum(v128.load(lanes)));
    addF64(totals + (<usize>(9 + 2 * r) << 3), <f64>laneSum(v128.load(lanes, 16)));
    v128.store(lanes, ZERO);
    v128.store(lanes, ZERO, 16);
  }
}

@inline function ignoredIn(x0: i32, y0: i32, y1: i32): bool {
  if (ignored == 0) return false;
  for (let y = y0; y < y1; y++) if (load<u32>(ignored + <usize>(y * width + x0)) != 0) return true;
  return false;
}

/**
 * Every cell row in order (passCells). One call: a loop of 256 calls from JavaScript is hot enough for V8
 * to compile its function again on each worker thread (measured: ~80 ms of compiling per thread).
 */
export function passRows(ringE: usize, ringA: usize, ringRows: i32): void {
  const rows = (height + CELL - 1) / CELL;
  for (let cy = 0; cy < rows; cy++) passCells(cy, ringE, ringA, ringRows);
}

/**
 * Cell row cy: image rows 4·cy to 4·cy + 3, a 4×4 cell at a time, so that each cell's sums are added up
 * in lanes and reduced once. With findings (ringE ≠ 0), each row's luminance goes to row y mod ringRows
 * of the rings (f64, width entries a row) and the rows' luminance sums to totals[8 + 2r], totals[9 + 2r].
 */
function passCells(cy: i32, ringE: usize, ringA: usize, ringRows: i32): void {
  const y0 = cy * CELL;
  const y1 = min(height, y0 + CELL);
  const rows = y1 - y0;
  const findings = ringE != 0;
  for (let i = 8; i < 16; i++) store<f64>(totals + (<usize>i << 3), 0);
  if (output) for (let y = y0; y < y1; y++) store<u8>(output + <usize>y * <usize>(width + 1), 0);
  const cellRow = cy * cols;
  const blockRow = (y0 / (CELL * PER_BLOCK)) * blocksAcross;
  const threshold = f64x2.splat(maxDelta);
  const roughThreshold = f32x4.splat(<f32>maxDelta - GUARD);
  const byte = i32x4.splat(255);
  const lumR = i32x4.splat(299);
  const lumG = i32x4.splat(587);
  const lumB = i32x4.splat(114);
  let laneMax = ZERO;
  let laneAbs = ZERO;
  let laneSq = ZERO;
  let diffs = 0;
  let counted = 0;
  let laneR = ZERO;
  let laneG = ZERO;
  let laneB = ZERO;
  for (let cx = 0; cx < cols; cx++) {
    const x0 = cx * CELL;
    const cell = cells + (<usize>((cellRow + cx) * CELL_FIELDS) << 3);
    if (x0 + CELL > width || ignoredIn(x0, y0, y1)) {
      scalarCell(cell, x0, y0, y1, ringE, ringA, ringRows);
    } else {
      let s1 = ZERO;
      let s2 = ZERO;
      let s11 = ZERO;
      let s22 = ZERO;
      let s12 = ZERO;
      for (let y = y0; y < y1; y++) {
        const p = <usize>(y * width + x0);
        const va = v128.load(expected + (p << 2));
        const vb = v128.load(actual + (p << 2));
        const r1 = v128.and(va, byte);
        const g1 = v128.and(i32x4.shr_u(va, 8), byte);
        const b1 = v128.and(i32x4.shr_u(va, 16), byte);
        if (i32x4.all_true(i32x4.eq(va, vb))) {
          // Four pixels the same on both sides (about half of a revision drift's): no difference to sum or
          // weigh, and the actual's luminance is the expected's.
          if (output) drawGreys(p, y, r1, g1, b1);
          const l = i32x4.add(i32x4.add(i32x4.mul(r1, lumR), i32x4.mul(g1, lumG)), i32x4.mul(b1, lumB));
          const ll = i64x2.add(i64x2.extmul_low_i32x4_s(l, l), i64x2.extmul_high_i32x4_s(l, l));
          s1 = i32x4.add(s1, l);
          s2 = i32x4.add(s2, l);
          s11 = i64x2.add(s11, ll);
          s22 = i64x2.add(s22, ll);
          s12 = i64x2.add(s12, ll);
          if (findings) keepLuminance(y, y - y0, x0, ringE, ringA, ringRows, l, l);
          continue;
        }
        const r2 = v128.and(vb, byte);
        const g2 = v128.and(i32x4.shr_u(vb, 8), byte);
        const b2 = v128.and(i32x4.shr_u(vb, 16), byte);
        const dr = i32x4.sub(r1, r2);
        const dg = i32x4.sub(g1, g2);
        const db = i32x4.sub(b1, b2);
        const ar = i32x4.abs(dr);
        const ag = i32x4.abs(dg);
        const ab = i32x4.abs(db);
        const most = i32x4.max_s(ar, i32x4.max_s(ag, ab));
        let over = false;
        let d01 = f64x2.splat(0);
        let d23 = f64x2.splat(0);
        // Four pixels whose every channel moved a few levels at most are under the threshold (closeLevels).
        // Else a first estimate in f32 lanes; only when some pixel is over the threshold or within GUARD of
        // it are the exact f64 distances computed, which alone decide.
        if (!i32x4.all_true(i32x4.le_s(most, closeLevels)) && roughlyOver(dr, dg, db, roughThreshold)) {
          d01 = yiqLanes(
            f64x2.convert_low_i32x4_s(dr),
            f64x2.convert_low_i32x4_s(dg),
            f64x2.convert_low_i32x4_s(db),
          );
          d23 = yiqLanes(
            f64x2.convert_low_i32x4_s(i32x4.shuffle(dr, dr, 2, 3, 0, 1)),
            f64x2.convert_low_i32x4_s(i32x4.shuffle(dg, dg, 2, 3, 0, 1)),
            f64x2.convert_low_i32x4_s(i32x4.shuffle(db, db, 2, 3, 0, 1)),
          );
          over = v128.any_true(v128.or(f64x2.gt(d01, threshold), f64x2.gt(d23, threshold)));
        }
        if (over) {
          diffs += pixelAt(p, x0, y, f64x2.extract_lane(d01, 0));
          diffs += pixelAt(p + 1, x0 + 1, y, f64x2.extract_lane(d01, 1));
          diffs += pixelAt(p + 2, x0 + 2, y, f64x2.extract_lane(d23, 0));
          diffs += pixelAt(p + 3, x0 + 3, y, f64x2.extract_lane(d23, 1));
        } else if (output) {
          drawGreys(p, y, r1, g1, b1);
        }
        laneMax = i32x4.max_s(laneMax, most);
        laneAbs = i32x4.add(laneAbs, i32x4.add(ar, i32x4.add(ag, ab)));
        laneSq = i32x4.add(laneSq, i32x4.add(i32x4.mul(dr, dr), i32x4.add(i32x4.mul(dg, dg), i32x4.mul(db, db))));
        const l1 = i32x4.add(i32x4.add(i32x4.mul(r1, lumR), i32x4.mul(g1, lumG)), i32x4.mul(b1, lumB));
        const l2 = i32x4.add(i32x4.add(i32x4.mul(r2, lumR), i32x4.mul(g2, lumG)), i32x4.mul(b2, lumB));
        s1 = i32x4.add(s1, l1);
        s2 = i32x4.add(s2, l2);
        s11 = i64x2.add(s11, i64x2.add(i64x2.extmul_low_i32x4_s(l1, l1), i64x2.extmul_high_i32x4_s(l1, l1)));
        s22 = i64x2.add(s22, i64x2.add(i64x2.extmul_low_i32x4_s(l2, l2), i64x2.extmul_high_i32x4_s(l2, l2)));
        s12 = i64x2.add(s12, i64x2.add(i64x2.extmul_low_i32x4_s(l1, l2), i64x2.extmul_high_i32x4_s(l1, l2)));
        if (findings) {
          keepLuminance(y, y - y0, x0, ringE, ringA, ringRows, l1, l2);
          // The findings add actual − expected.
          laneR = i32x4.sub(laneR, dr);
          laneG = i32x4.sub(laneG, dg);
          laneB = i32x4.sub(laneB, db);
        }
      }
      storeCell(cell, <f64>laneSum(s1), <f64>laneSum(s2), pairSum(s11), pairSum(s22), pairSum(s12), <f64>(CELL * rows));
      counted += CELL * rows;
      if (findings) blockPixels += CELL * rows;
    }
    if (findings && ((cx + 1) % PER_BLOCK == 0 || cx == cols - 1)) {
      const block = <usize>(blockRow + cx / PER_BLOCK) << 3;
      const stride = <usize>blockCount << 3;
      addF64(blocks + block, <f64>(laneSum(laneR) + blockR));
      addF64(blocks + stride + block, <f64>(laneSum(laneG) + blockG));
      addF64(blocks + 2 * stride + block, <f64>(laneSum(laneB) + blockB));
      addF64(blocks + 3 * stride + block, <f64>blockPixels);
      laneR = ZERO;
      laneG = ZERO;
      laneB = ZERO;
      blockR = 0;
      blockG = 0;
      blockB = 0;
      blockPixels = 0;
    }
    if ((cx + 1) % FLUSH_CELLS == 0) {
      // Before an i32 lane could overflow on a very wide image.
      flush(laneMax, laneAbs, laneSq, diffs, counted);
      laneMax = ZERO;
      laneAbs = ZERO;
      laneSq = ZERO;
      diffs = 0;
      counted = 0;
      if (findings) flushRows(rows);
    }
  }
  flush(laneMax, laneAbs, laneSq, diffs, counted);
  if (!findings) return;
  flushRows(rows);
  for (let r = 0; r < rows; r++) {
    const sumsAt = totals + (<usize>(8 + 2 * r) << 3);
    endRow(y0 + r, load<f64>(sumsAt), load<f64>(sumsAt, 8), ringE, ringA, ringRows);
  }
}

/** Draw one pixel of a cell where some pixel is beyond the threshold; `d` is its distance. 1 when counted. */
@inline function pixelAt(q: usize, x: i32, y: i32, d: f64): i32 {
  if (d > maxDelta) return beyond(q, x, y);
  if (output) store<u8>(drawnAt(q, y), <u8>(greyAt(expected + (q << 2)) - GREY_FIRST));
  return 0;
}

/** A cell one pixel at a time: at the right edge, or where pixels are left out. */
function scalarCell(cell: usize, x0: i32, y0: i32, y1: i32, ringE: usize, ringA: usize, ringRows: i32): void {
  const x1 = min(width, x0 + CELL);
  let s1: f64 = 0;
  let s2: f64 = 0;
  let s11: f64 = 0;
  let s22: f64 = 0;
  let s12: f64 = 0;
  let count = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const q = <usize>(y * width + x);
      const wa = load<u32>(expected + (q << 2));
      const wb = load<u32>(actual + (q << 2));
      const r1 = <i32>(wa & 255);
      const g1 = <i32>((wa >> 8) & 255);
      const b1 = <i32>((wa >> 16) & 255);
      const r2 = <i32>(wb & 255);
      const g2 = <i32>((wb >> 8) & 255);
      const b2 = <i32>((wb >> 16) & 255);
      const dr = r1 - r2;
      const dg = g1 - g2;
      const db = b1 - b2;
      if (wa != wb && yiqDistance(<f64>dr, <f64>dg, <f64>db) > maxDelta) oneDiff += beyond(q, x, y);
      else if (output) store<u8>(drawnAt(q, y), <u8>(greyValue(<f64>r1, <f64>g1, <f64>b1) - GREY_FIRST));
      const l1 = 299 * r1 + 587 * g1 + 114 * b1;
      const l2 = 299 * r2 + 587 * g2 + 114 * b2;
      const left = ignored != 0 && load<u8>(ignored + q) == 1;
      if (ringE != 0) {
        // A pixel left out has the baseline's luminance on both sides.
        const la = left ? l1 : l2;
        const at = <usize>((y % ringRows) * width + x) << 3;
        store<f64>(ringE + at, <f64>l1);
        store<f64>(ringA + at, <f64>la);
        addF64(totals + (<usize>(8 + 2 * (y - y0)) << 3), <f64>l1);
        addF64(totals + (<usize>(9 + 2 * (y - y0)) << 3), <f64>la);
      }
      if (left) continue;
      if (ringE != 0) {
        blockR += r2 - r1;
        blockG += g2 - g1;
        blockB += b2 - b1;
        blockPixels++;
      }
      const ar = abs(dr);
      const ag = abs(dg);
      const ab = abs(db);
      oneMax = max(oneMax, max(ar, max(ag, ab)));
      oneAbs += <f64>(ar + ag + ab);
      oneSq += <f64>(dr * dr + dg * dg + db * db);
      s1 += <f64>l1;
      s2 += <f64>l2;
      s11 += <f64>l1 * <f64>l1;
      s22 += <f64>l2 * <f64>l2;
      s12 += <f64>l1 * <f64>l2;
      count++;
    }
  }
  storeCell(cell, s1, s2, s11, s22, s12, <f64>count);
  oneCount += count;
}

/**
 * A metrics cell's sums, written once (each cell is passed once, so nothing needs zeroing first): Σx, Σy,
 * Σx², Σy², Σxy, n, all 0 for a cell whose pixels are all left out.
 */
@inline function storeCell(cell: usize, s1: f64, s2: f64, s11: f64, s22: f64, s12: f64, count: f64): void {
  store<f64>(cell, s1);
  store<f64>(cell, s2, 8);
  store<f64>(cell, s11, 16);
  store<f64>(cell, s22, 24);
  store<f64>(cell, s12, 32);
  store<f64>(cell, count, 40);
}
