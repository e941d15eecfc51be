/**
 * The findings' pixel walks on the pair the kernel's pass left in memory (opaque pixels; see
 * src/compare/resident-pair.ts): translation.ts's mean luminance error once aligned by (dx, dy) on
 * sampled rows and mean channel difference once aligned (four pixels a step in i32 lanes; sums of whole
 * numbers), and local.ts's block residual (one pixel a step, in its order). The figures are the
 * JavaScript loops' to the bit.
 */

import { laneSum } from './lanes';

const BYTE = i32x4.splat(255);

@inline function luma(v: v128): v128 {
  const r = v128.and(v, BYTE);
  const g = v128.and(i32x4.shr_u(v, 8), BYTE);
  const b = v128.and(i32x4.shr_u(v, 16), BYTE);
  return i32x4.add(i32x4.add(i32x4.mul(r, i32x4.splat(299)), i32x4.mul(g, i32x4.splat(587))), i32x4.mul(b, i32x4.splat(114)));
}

@inline function lumaOf(word: u32): i32 {
  return 299 * <i32>(word & 255) + 587 * <i32>((word >> 8) & 255) + 114 * <i32>((word >> 16) & 255);
}


@inline function left(ignored: usize, p: i32, q: i32): bool {
  return ignored != 0 && (load<u8>(ignored + <usize>p) == 1 || load<u8>(ignored + <usize>q) == 1);
}

/**
 * Σ |luma(actual p) − luma(expected p − (dx, dy))| and the pixels counted, into out[0] and out[1] (f64),
 * over rows margin, margin + step, … and columns margin to width − margin.
 */
export function alignedError(
  expected: usize,
  actual: usize,
  ignored: usize,
  width: i32,
  height: i32,
  dx: i32,
  dy: i32,
  margin: i32,
  step: i32,
  out: usize,
): void {
  let sum: f64 = 0;
  let count: f64 = 0;
  const shift = dy * width + dx;
  for (let y = margin; y < height - margin; y += step) {
    let x = margin;
    let p = y * width + margin;
    let lanes = i32x4.splat(0);
    let row = 0;
    if (ignored == 0) {
      for (; x + 4 <= width - margin; x += 4, p += 4) {
        const a = luma(v128.load(actual + (<usize>p << 2)));
        const e = luma(v128.load(expected + (<usize>(p - shift) << 2)));
        lanes = i32x4.add(lanes, i32x4.abs(i32x4.sub(a, e)));
        row += 4;
        // Before a lane of a very wide row could overflow (each step adds at most 255,000).
        if ((row & 4095) == 0) {
          sum += <f64>laneSum(lanes);
          lanes = i32x4.splat(0);
        }
      }
    }
    for (; x < width - margin; x++, p++) {
      const q = p - shift;
      if (left(ignored, p, q)) continue;
      sum += <f64>abs(lumaOf(load<u32>(actual + (<usize>p << 2))) - lumaOf(load<u32>(expected + (<usize>q << 2))));
      row++;
    }
    sum += <f64>laneSum(lanes);
    count += <f64>row;
  }
  store<f64>(out, sum);
  store<f64>(out, count, 8);
}

/**
 * Σ (actual − expected) of R, G and B once aligned by (dx, dy), over the part the two share, and the
 * pixels counted, into out[0..3] (f64).
 */
export function alignedChannelSums(
  expected: usize,
  actual: usize,
  ignored: usize,
  width: i32,
  height: i32,
  dx: i32,
  dy: i32,
  out: usize,
): void {
  let r: f64 = 0;
  let g: f64 = 0;
  let b: f64 = 0;
  let n: f64 = 0;
  const x0 = max(0, dx);
  const x1 = min(width, width + dx);
  const y1 = min(height, height + dy);
  const shift = dy * width + dx;
  for (let y = max(0, dy); y < y1; y++) {
    let x = x0;
    let p = y * width + x0;
    let lr = i32x4.splat(0);
    let lg = i32x4.splat(0);
    let lb = i32x4.splat(0);
    let row = 0;
    if (ignored == 0) {
      for (; x + 4 <= x1; x += 4, p += 4) {
        const a = v128.load(actual + (<usize>p << 2));
        const e = v128.load(expected + (<usize>(p - shift) << 2));
        lr = i32x4.add(lr, i32x4.sub(v128.and(a, BYTE), v128.and(e, BYTE)));
        lg = i32x4.add(lg, i32x4.sub(v128.and(i32x4.shr_u(a, 8), BYTE), v128.and(i32x4.shr_u(e, 8), BYTE)));
        lb = i32x4.add(lb, i32x4.sub(v128.and(i32x4.shr_u(a, 16), BYTE), v128.and(i32x4.shr_u(e, 16), BYTE)));
        row += 4;
      }
    }
    let sr = 0;
    let sg = 0;
    let sb = 0;
    for (; x < x1; x++, p++) {
      const q = p - shift;
      if (left(ignored, p, q)) continue;
      const a = load<u32>(actual + (<usize>p << 2));
      const e = load<u32>(expected + (<usize>q << 2));
      sr += <i32>(a & 255) - <i32>(e & 255);
      sg += <i32>((a >> 8) & 255) - <i32>((e >> 8) & 255);
      sb += <i32>((a >> 16) & 255) - <i32>((e >> 16) & 255);
      row++;
    }
    r += <f64>(laneSum(lr) + sr);
    g += <f64>(laneSum(lg) + sg);
    b += <f64>(laneSum(lb) + sb);
    n += <f64>row;
  }
  store<f64>(out, r);
  store<f64>(out, g, 8);
  store<f64>(out, b, 16);
  store<f64>(out, n, 24);
}

@inline function clampLevel(v: f64): f64 {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/** One channel of two pixels (bytes `lane` and `lane` + 4 of a pair of RGBA words) as f64 lanes. */
@inline function channelPair(words: v128, lane: u8): v128 {
  const wide = i16x8.extend_low_i8x16_u(words);
  const low = i32x4.extend_low_i16x8_u(wide);
  const high = i32x4.extend_high_i16x8_u(wide);
  if (lane == 0) return f64x2.convert_low_i32x4_s(i32x4.shuffle(low, high, 0, 4, 0, 4));
  if (lane == 1) return f64x2.convert_low_i32x4_s(i32x4.shuffle(low, high, 1, 5, 1, 5));
  return f64x2.convert_low_i32x4_s(i32x4.shuffle(low, high, 2, 6, 2, 6));
}

/** actual − clampLevel(expected + shift) of two pixels' channel, in f64 lanes: each lane as the scalar. */
@inline function residualPair(a: v128, e: v128, shift: v128): v128 {
  // pmax(v, 0) is `v < 0 ? 0 : v` and pmin(v, 255) is `255 < v ? 255 : v`: clampLevel's two tests.
  return f64x2.sub(a, f64x2.pmin(f64x2.pmax(f64x2.add(e, shift), f64x2.splat(0)), f64x2.splat(255)));
}

/**
 * local.ts's blockResidual for one block of opaque pixels, in one walk as it does. Without a mask (0): Σ of
 * what each channel moved beyond the picture's shift (actual − clamp(expected + shift)), pixel by pixel in
 * its order, and the pixels counted, into out[0..3] (f64). With one: each pixel (not ignored) one of whose
 * channels moved more than `levels` is set to 1 there (a byte per pixel), and `out` is left alone.
 *
 * Without ignored pixels, two pixels a step: their residuals in f64 lanes (the very values of the scalar
 * walk), added up one pixel at a time in its order. A row's odd last pixel, and every pixel of a block
 * with ignored ones, one at a time.
 */
export function blockResidual(
  expected: usize,
  actual: usize,
  ignored: usize,
  width: i32,
  x0: i32,
  y0: i32,
  x1: i32,
  y1: i32,
  shiftR: f64,
  shiftG: f64,
  shiftB: f64,
  levels: f64,
  mask: usize,
  out: usize,
): void {
  const sR = f64x2.splat(shiftR);
  const sG = f64x2.splat(shiftG);
  const sB = f64x2.splat(shiftB);
  const limit = f64x2.splat(levels);
  let sumR: f64 = 0;
  let sumG: f64 = 0;
  let sumB: f64 = 0;
  let n: f64 = 0;
  for (let y = y0; y < y1; y++) {
    let x = x0;
    if (ignored == 0) {
      for (; x + 2 <= x1; x += 2) {
        const p = <usize>(y * width + x);
        const av = v128.load64_zero(actual + (p << 2));
        const ev = v128.load64_zero(expected + (p << 2));
        const r = residualPair(channelPair(av, 0), channelPair(ev, 0), sR);
        const g = residualPair(channelPair(av, 1), channelPair(ev, 1), sG);
        const b = residualPair(channelPair(av, 2), channelPair(ev, 2), sB);
        if (mask != 0) {
          const over = v128.or(
            f64x2.gt(f64x2.abs(r), limit),
            v128.or(f64x2.gt(f64x2.abs(g), limit), f64x2.gt(f64x2.abs(b), limit)),
          );
          const bits = i64x2.bitmask(over);
          if (bits & 1) store<u8>(mask + p, 1);
          if (bits & 2) store<u8>(mask + p + 1, 1);
        } else {
          sumR += f64x2.extract_lane(r, 0);
          sumG += f64x2.extract_lane(g, 0);
          sumB += f64x2.extract_lane(b, 0);
          sumR += f64x2.extract_lane(r, 1);
          sumG += f64x2.extract_lane(g, 1);
          sumB += f64x2.extract_lane(b, 1);
          n += 2;
        }
      }
    }
    for (let p = y * width + x; x < x1; x++, p++) {
      if (ignored != 0 && load<u8>(ignored + <usize>p) == 1) continue;
      const a = load<u32>(actual + (<usize>p << 2));
      const e = load<u32>(expected + (<usize>p << 2));
      const r = <f64>(a & 255) - clampLevel(<f64>(e & 255) + shiftR);
      const g = <f64>((a >> 8) & 255) - clampLevel(<f64>((e >> 8) & 255) + shiftG);
      const b = <f64>((a >> 16) & 255) - clampLevel(<f64>((e >> 16) & 255) + shiftB);
      if (mask != 0) {
        if (abs(r) > levels || abs(g) > levels || abs(b) > levels) store<u8>(mask + <usize>p, 1);
      } else {
        sumR += r;
        sumG += g;
        sumB += b;
        n++;
      }
    }
  }
  if (mask != 0) return;
  store<f64>(out, sumR);
  store<f64>(out, sumG, 8);
  store<f64>(out, sumB, 16);
  store<f64>(out, n, 24);
}

/**
 * local.ts's residual for each listed block (`count` i32 block indices at `list`, blocks of `cell` pixels a
 * side, `cols` across): the block's sums as blockResidual gives them, its level (the largest |Σ/n| of R, G
 * and B, 0 without pixels) into levelsOut (f64 each), and, when that level is over `levels`, its pixels
 * marked in `mask` as blockResidual marks them. One call for every block: a loop of calls from JavaScript
 * had V8 compile its caller again on each worker thread. `out` takes each block's sums on the way (32 bytes).
 */
export function blockResiduals(
  expected: usize,
  actual: usize,
  ignored: usize,
  width: i32,
  height: i32,
  cols: i32,
  cell: i32,
  list: usize,
  count: i32,
  shiftR: f64,
  shiftG: f64,
  shiftB: f64,
  levels: f64,
  mask: usize,
  out: usize,
  levelsOut: usize,
): void {
  for (let i = 0; i < count; i++) {
    const c = load<i32>(list + (<usize>i << 2));
    const x0 = (c % cols) * cell;
    const y0 = (c / cols) * cell;
    const x1 = min(width, x0 + cell);
    const y1 = min(height, y0 + cell);
    blockResidual(expected, actual, ignored, width, x0, y0, x1, y1, shiftR, shiftG, shiftB, levels, 0, out);
    const n = load<f64>(out, 24);
    let level: f64 = 0;
    if (n != 0) {
      level = max(abs(load<f64>(out) / n), max(abs(load<f64>(out, 8) / n), abs(load<f64>(out, 16) / n)));
    }
    store<f64>(levelsOut + (<usize>i << 3), level);
    if (level > levels) {
      blockResidual(expected, actual, ignored, width, x0, y0, x1, y1, shiftR, shiftG, shiftB, levels, mask, out);
    }
  }
}
