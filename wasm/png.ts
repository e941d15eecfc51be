/**
 * PNG row filters undone for 8-bit RGB and RGBA, straight into RGBA (src/image/png-decode.ts inflates
 * and checks the file; this is its inner loop). One pixel per step in 16-bit SIMD lanes: each pixel's
 * Paeth prediction depends on the one to its left, so the lanes are the channels, not pixels.
 *
 * `raw` is the inflated image: per row one filter byte then width × bpp samples. It must be followed by
 * 4 readable bytes (a pixel is read as one 32-bit word). Returns 0, or 1 on a filter type above 4.
 */

const LOW = i16x8.splat(0xff);
/** LOW in lanes 0–3 only. */
const LOW_LANES = i64x2(0x00ff00ff00ff00ff, 0);

@inline function pixelAt(ptr: usize): v128 {
  return i16x8.extend_low_i8x16_u(v128.load32_zero(ptr));
}

@inline function storePixel(ptr: usize, value: v128, opaque: u32): void {
  const bytes = i8x16.narrow_i16x8_u(value, value);
  store<u32>(ptr, i32x4.extract_lane(bytes, 0) | opaque);
}

export function unfilterToRgba(raw: usize, width: i32, height: i32, bpp: i32, out: usize): i32 {
  const inStride = <usize>(width * bpp + 1);
  const outStride = <usize>(width << 2);
  // RGB samples read as a word carry the next pixel's red in the fourth lane: alpha is forced to 255.
  const opaque: u32 = bpp == 3 ? 0xff000000 : 0;
  const step = <usize>bpp;
  for (let y = 0; y < height; y++) {
    const from = raw + <usize>y * inStride;
    const row = out + <usize>y * outStride;
    const up = row - outStride;
    let type = <i32>load<u8>(from);
    if (type > 4) return 1;
    if (type == 4 && y > 0 && y + 3 < height && paethRun(from + inStride, inStride, 3)) {
      paethQuad(from + 1, inStride, row, up, width, step, opaque);
      y += 3;
      continue;
    }
    if (type == 4 && y > 0 && y + 1 < height && load<u8>(from + inStride) == 4) {
      paethRows(from + 1, from + inStride + 1, row, up, width, step, opaque);
      y++;
      continue;
    }
    // With no row above (zeros), Up adds nothing, and Average and Paeth predict from the left alone.
    if (y == 0 && type == 2) type = 0;
    if (y == 0 && type == 4) type = 1;
    const b0 = y > 0;
    if (type == 4) paethRow(from + 1, row, up, width, step, opaque);
    else otherRow(from + 1, row, up, width, step, opaque, type, b0);
  }
  return 0;
}

// One loop per filter: Paeth, nearly every row of a photograph or a model's output, gets its own.
function paethRow(i: usize, row: usize, up: usize, width: i32, step: usize, opaque: u32): void {
  let a = i16x8.splat(0);
  let c = i16x8.splat(0);
  for (let x: usize = 0; x < <usize>width; x++, i += step) {
    const b = pixelAt(up + (x << 2));
    const pa = i16x8.abs(i16x8.sub(b, c));
    const pb = i16x8.abs(i16x8.sub(a, c));
    const pc = i16x8.abs(i16x8.sub(i16x8.add(a, b), i16x8.add(c, c)));
    // Paeth: a when pa <= pb and pa <= pc, else b when pb <= pc, else c.
    const bc = v128.bitselect(c, b, i16x8.lt_s(pc, pb));
    const predicted = v128.bitselect(bc, a, i16x8.lt_s(i16x8.min_s(pb, pc), pa));
    a = v128.and(i16x8.add(pixelAt(i), predicted), LOW);
    c = b;
    storePixel(row + (x << 2), a, opaque);
  }
}

/**
 * Two Paeth rows at once, the second a pixel behind the first: step s does pixel s of the upper row in
 * lanes 0–3 and pixel s − 1 of the lower row in lanes 4–7, whose neighbours above are then all done.
 * One pixel's prediction waits on the one to its left; two independent chains in one vector keep the
 * processor busy where one left it waiting (about 1.6× the speed of paethRow).
 */
function paethRows(upper: usize, lower: usize, row: usize, up: usize, width: i32, step: usize, opaque: u32): void {
  const next = row + (<usize>width << 2);
  // Step 0: the lower row has no pixel −1; its lanes are left at zero for step 1.
  let c = i64x2.shuffle(pixelAt(up), i16x8.splat(0), 0, 2);
  let a = v128.and(i16x8.add(pixelAt(upper), c), LOW_LANES);
  storePixel(row, a, opaque);
  for (let s: usize = 1; s < <usize>width; s++) {
    const b = i64x2.shuffle(pixelAt(up + (s << 2)), a, 0, 2);
    const pa = i16x8.abs(i16x8.sub(b, c));
    const pb = i16x8.abs(i16x8.sub(a, c));
    const pc = i16x8.abs(i16x8.sub(i16x8.add(a, b), i16x8.add(c, c)));
    const bc = v128.bitselect(c, b, i16x8.lt_s(pc, pb));
    const predicted = v128.bitselect(bc, a, i16x8.lt_s(i16x8.min_s(pb, pc), pa));
    const samples = v128.load32_lane(lower + (s - 1) * step, v128.load32_zero(upper + s * step), 1);
    a = v128.and(i16x8.add(i16x8.extend_low_i8x16_u(samples), predicted), LOW);
    c = b;
    const bytes = i8x16.narrow_i16x8_u(a, a);
    store<u32>(row + (s << 2), i32x4.extract_lane(bytes, 0) | opaque);
    store<u32>(next + ((s - 1) << 2), i32x4.extract_lane(bytes, 1) | opaque);
  }
  // The last step: the lower row's last pixel alone (lanes 4–7).
  const last = <usize>width;
  const b = i64x2.shuffle(c, a, 0, 2);
  const pa = i16x8.abs(i16x8.sub(b, c));
  const pb = i16x8.abs(i16x8.sub(a, c));
  const pc = i16x8.abs(i16x8.sub(i16x8.add(a, b), i16x8.add(c, c)));
  const bc = v128.bitselect(c, b, i16x8.lt_s(pc, pb));
  const predicted = v128.bitselect(bc, a, i16x8.lt_s(i16x8.min_s(pb, pc), pa));
  const samples = v128.load32_lane(lower + (last - 1) * step, i16x8.splat(0), 1);
  a = v128.and(i16x8.add(i16x8.extend_low_i8x16_u(samples), predicted), LOW);
  const bytes = i8x16.narrow_i16x8_u(a, a);
  store<u32>(next + ((last - 1) << 2), i32x4.extract_lane(bytes, 1) | opaque);
}

/** Whether the `count` rows from `from` (their filter bytes, `inStride` apart) are all Paeth. */
@inline function paethRun(from: usize, inStride: usize, count: i32): bool {
  for (let k = 0; k < count; k++) if (load<u8>(from + <usize>k * inStride) != 4) return false;
  return true;
}

@inline function paethPredict(a: v128, b: v128, c: v128): v128 {
  const pa = i16x8.abs(i16x8.sub(b, c));
  const pb = i16x8.abs(i16x8.sub(a, c));
  const pc = i16x8.abs(i16x8.sub(i16x8.add(a, b), i16x8.add(c, c)));
  const bc = v128.bitselect(c, b, i16x8.lt_s(pc, pb));
  return v128.bitselect(bc, a, i16x8.lt_s(i16x8.min_s(pb, pc), pa));
}

/**
 * Four Paeth rows at once, as paethRows does two, each row a pixel behind the one above: at step s, row k
 * does pixel s − k. Rows 0 and 1 share one vector (A), rows 2 and 3 another (B); row 2's pixel above is
 * row 1's, done the step before, still in A. Two vectors of two chains each keep more of the processor
 * busy than one. In the first three steps and the last three some row has no pixel: its samples and the
 * pixel above are taken as 0 (edgeSamples), so its lanes hold 0 for the row below until it starts, and
 * nothing of it is stored (storeEdge).
 */
function paethQuad(first: usize, inStride: usize, row: usize, up: usize, width: i32, step: usize, opaque: u32): void {
  let aA = ZERO16;
  let cA = ZERO16;
  let aB = ZERO16;
  let cB = ZERO16;
  const outStride = <usize>width << 2;
  // Row k's pixel s − k, read and written at s · step and s · 4 from these.
  const r1 = first + inStride - step;
  const r2 = first + 2 * inStride - 2 * step;
  const r3 = first + 3 * inStride - 3 * step;
  const o1 = row + outStride - 4;
  const o2 = row + 2 * outStride - 8;
  const o3 = row + 3 * outStride - 12;
  for (let s = 0; s < width + 3; s++) {
    const inside = s >= 3 && s < width;
    const at = <usize>s * step;
    const above = s < width ? pixelAt(up + (<usize>s << 2)) : ZERO16;
    const samples = inside
      ? v128.load32_lane(r3 + at, v128.load32_lane(r2 + at, v128.load32_lane(r1 + at, v128.load32_zero(first + at), 1), 2), 3)
      : edgeSamples(s, first, inStride, width, step);
    const bA = i64x2.shuffle(above, aA, 0, 2);
    const bB = i64x2.shuffle(aA, aB, 1, 2);
    aA = v128.and(i16x8.add(i16x8.extend_low_i8x16_u(samples), paethPredict(aA, bA, cA)), LOW);
    aB = v128.and(i16x8.add(i16x8.extend_high_i8x16_u(samples), paethPredict(aB, bB, cB)), LOW);
    cA = bA;
    cB = bB;
    const bytes = i8x16.narrow_i16x8_u(aA, aB);
    if (inside) {
      const o = <usize>s << 2;
      store<u32>(row + o, i32x4.extract_lane(bytes, 0) | opaque);
      store<u32>(o1 + o, i32x4.extract_lane(bytes, 1) | opaque);
      store<u32>(o2 + o, i32x4.extract_lane(bytes, 2) | opaque);
      store<u32>(o3 + o, i32x4.extract_lane(bytes, 3) | opaque);
    } else {
      storeEdge(bytes, s, row, outStride, width, opaque);
    }
  }
}

const ZERO16 = i16x8.splat(0);

/** paethQuad's samples at step s where some row has no pixel: row k's pixel s − k in word k, 0 if none. */
function edgeSamples(s: i32, first: usize, inStride: usize, width: i32, step: usize): v128 {
  let samples = ZERO16;
  for (let k = 0; k < 4; k++) {
    const x = s - k;
    if (x < 0 || x >= width) continue;
    const at = first + <usize>k * inStride + <usize>x * step;
    if (k == 0) samples = v128.load32_lane(at, samples, 0);
    else if (k == 1) samples = v128.load32_lane(at, samples, 1);
    else if (k == 2) samples = v128.load32_lane(at, samples, 2);
    else samples = v128.load32_lane(at, samples, 3);
  }
  return samples;
}

/** paethQuad's pixels of step s where some row has none: word k to row k's pixel s − k, if it has one. */
function storeEdge(bytes: v128, s: i32, row: usize, outStride: usize, width: i32, opaque: u32): void {
  for (let k = 0; k < 4; k++) {
    const x = s - k;
    if (x < 0 || x >= width) continue;
    const word = k == 0 ? i32x4.extract_lane(bytes, 0) : k == 1 ? i32x4.extract_lane(bytes, 1) : k == 2 ? i32x4.extract_lane(bytes, 2) : i32x4.extract_lane(bytes, 3);
    store<u32>(row + <usize>k * outStride + (<usize>x << 2), word | opaque);
  }
}

function otherRow(i: usize, row: usize, up: usize, width: i32, step: usize, opaque: u32, type: i32, hasUp: bool): void {
  let a = i16x8.splat(0);
  for (let x: usize = 0; x < <usize>width; x++, i += step) {
    const b = hasUp ? pixelAt(up + (x << 2)) : i16x8.splat(0);
    let predicted = i16x8.splat(0);
    if (type == 1) predicted = a;
    else if (type == 2) predicted = b;
    else if (type == 3) predicted = i16x8.shr_u(i16x8.add(a, b), 1);
    a = v128.and(i16x8.add(pixelAt(i), predicted), LOW);
    storePixel(row + (x << 2), a, opaque);
  }
}
