/**
 * pixelmatch's per-pixel parts for opaque pixels, ported from pixelmatch 7's index.js (ISC, © Mapbox) as
 * src/compare/pixelmatch-pixel.ts ports them, with the arithmetic kept operation for operation so that
 * every f64 result is the same: the YIQ weights and distance, and the anti-aliasing detector
 * (V. Vysniauskas, 2009), away from the edges in SIMD lanes; the distance and the faded grey of the
 * diff also four pixels at a time, for pass.ts.
 */

// pixelmatch's YIQ weights.
export const Y_R = 0.29889531;
export const Y_G = 0.58662247;
export const Y_B = 0.11448223;
export const I_R = 0.59597799;
export const I_G = 0.2741761;
export const I_B = 0.32180189;
export const Q_R = 0.21147017;
export const Q_G = 0.52261711;
export const Q_B = 0.31114694;

// The size of the images the detector looks at.
let width = 0;
let height = 0;

export function setDetectorSize(w: i32, h: i32): void {
  width = w;
  height = h;
}

/** pixelmatch's brightness distance for opaque pixels. */
@inline export function brightness(dr: f64, dg: f64, db: f64): f64 {
  return dr * Y_R + dg * Y_G + db * Y_B;
}

/**
 * Pixels x − 1 to x + 2 of row y as i32 lanes; the last is not a neighbour and is masked off. At the last
 * pixel of the last row it is the word after the image, which the layout keeps readable.
 */
@inline function around(img: usize, x: i32, y: i32): v128 {
  return v128.load(img + (<usize>(y * width + x - 1) << 2));
}

@inline function inside(x: i32, y: i32): bool {
  return x > 0 && y > 0 && x < width - 1 && y < height - 1;
}

/** Of the 8 neighbours of (x, y), not on the edge, how many are `value`. */
@inline function neighboursEqualTo(img: usize, x: i32, y: i32, value: u32): i32 {
  const v = i32x4.splat(value);
  const up = i32x4.bitmask(i32x4.eq(around(img, x, y - 1), v)) & 7;
  const row = i32x4.bitmask(i32x4.eq(around(img, x, y), v)) & 5;
  const down = i32x4.bitmask(i32x4.eq(around(img, x, y + 1), v)) & 7;
  return <i32>(popcnt(up) + popcnt(row) + popcnt(down));
}

function hasManySiblings(img: usize, x1: i32, y1: i32): bool {
  if (inside(x1, y1)) return neighboursEqualTo(img, x1, y1, load<u32>(img + (<usize>(y1 * width + x1) << 2))) > 2;
  const x0 = max(x1 - 1, 0);
  const y0 = max(y1 - 1, 0);
  const x2 = min(x1 + 1, width - 1);
  const y2 = min(y1 + 1, height - 1);
  const value = load<u32>(img + (<usize>(y1 * width + x1) << 2));
  let zeroes = x1 == x0 || x1 == x2 || y1 == y0 || y1 == y2 ? 1 : 0;
  for (let x = x0; x <= x2; x++) {
    for (let y = y0; y <= y2; y++) {
      if (x == x1 && y == y1) continue;
      if (value == load<u32>(img + (<usize>(y * width + x) << 2))) zeroes++;
      if (zeroes > 2) return true;
    }
  }
  return false;
}

/** pixelmatch's anti-aliasing detector (V. Vysniauskas, 2009) for pixel (x1, y1) of img, opaque pixels. */
export function antialiased(img: usize, other: usize, x1: i32, y1: i32): bool {
  return inside(x1, y1) ? antialiasedInside(img, other, x1, y1) : antialiasedOnEdge(img, other, x1, y1);
}

/** Brightness distances of the centre (as channel lanes) to pixels x − 1 and x of a row (lanes 0, 1 of `row`). */
@inline function brightnessLow(cr: v128, cg: v128, cb: v128, row: v128): v128 {
  const byte = i32x4.splat(255);
  const dr = f64x2.convert_low_i32x4_s(i32x4.sub(cr, v128.and(row, byte)));
  const dg = f64x2.convert_low_i32x4_s(i32x4.sub(cg, v128.and(i32x4.shr_u(row, 8), byte)));
  const db = f64x2.convert_low_i32x4_s(i32x4.sub(cb, v128.and(i32x4.shr_u(row, 16), byte)));
  return f64x2.add(f64x2.add(f64x2.mul(dr, f64x2.splat(Y_R)), f64x2.mul(dg, f64x2.splat(Y_G))), f64x2.mul(db, f64x2.splat(Y_B)));
}

@inline function high(row: v128): v128 {
  return i32x4.shuffle(row, row, 2, 3, 0, 1);
}

/**
 * The detector away from the edges: the eight distances in f64 lanes (each the very value pixelmatch
 * computes), then the least and greatest of them and where pixelmatch's scan meets each first.
 */
function antialiasedInside(img: usize, other: usize, x1: i32, y1: i32): bool {
  const centre = load<u32>(img + (<usize>(y1 * width + x1) << 2));
  const cr = i32x4.splat(<i32>(centre & 255));
  const cg = i32x4.splat(<i32>((centre >> 8) & 255));
  const cb = i32x4.splat(<i32>((centre >> 16) & 255));
  const up = around(img, x1, y1 - 1);
  const row = around(img, x1, y1);
  const down = around(img, x1, y1 + 1);
  const upLeft = brightnessLow(cr, cg, cb, up);
  const upRight = brightnessLow(cr, cg, cb, high(up));
  const rowLeft = brightnessLow(cr, cg, cb, row);
  const rowRight = brightnessLow(cr, cg, cb, high(row));
  const downLeft = brightnessLow(cr, cg, cb, down);
  const downRight = brightnessLow(cr, cg, cb, high(down));
  const zero = f64x2.splat(0);
  const zeroes =
    popcnt(i64x2.bitmask(f64x2.eq(upLeft, zero))) +
    popcnt(i64x2.bitmask(f64x2.eq(upRight, zero)) & 1) +
    popcnt(i64x2.bitmask(f64x2.eq(rowLeft, zero)) & 1) +
    popcnt(i64x2.bitmask(f64x2.eq(rowRight, zero)) & 1) +
    popcnt(i64x2.bitmask(f64x2.eq(downLeft, zero))) +
    popcnt(i64x2.bitmask(f64x2.eq(downRight, zero)) & 1);
  if (zeroes > 2) return false;
  // pixelmatch scans the neighbours column by column (x − 1, x, x + 1; in each, y − 1, y, y + 1) and keeps
  // the first strictly least and the first strictly greatest, starting from 0. That is the least and the
  // greatest of 0 and the eight, each first met in that order: found here without a branch a neighbour,
  // which on a noisy image is mispredicted half the time.
  // The eight in four pairs of lanes (pmin and pmax are single instructions; min and max handle NaN and -0,
  // which none of these can be, at the cost of several).
  const rights = i64x2.shuffle(upRight, rowRight, 0, 2);
  const lefts = i64x2.shuffle(rowLeft, downRight, 0, 2);
  const lows = f64x2.pmin(f64x2.pmin(upLeft, downLeft), f64x2.pmin(rights, lefts));
  const highs = f64x2.pmax(f64x2.pmax(upLeft, downLeft), f64x2.pmax(rights, lefts));
  const lowest = f64x2.extract_lane(lows, 0);
  const lower = f64x2.extract_lane(lows, 1);
  const highest = f64x2.extract_lane(highs, 0);
  const higher = f64x2.extract_lane(highs, 1);
  let least: f64 = lower < lowest ? lower : lowest;
  let most: f64 = higher > highest ? higher : highest;
  least = least < 0 ? least : 0;
  most = most > 0 ? most : 0;
  if (least == 0 || most == 0) return false;
  const minAt = firstEqual(least, upLeft, upRight, rowLeft, rowRight, downLeft, downRight);
  const maxAt = firstEqual(most, upLeft, upRight, rowLeft, rowRight, downLeft, downRight);
  // Bit k of the scan is column k / 3, row k % 3 of the 3×3 block.
  const minX = x1 - 1 + minAt / 3;
  const minY = y1 - 1 + (minAt % 3);
  const maxX = x1 - 1 + maxAt / 3;
  const maxY = y1 - 1 + (maxAt % 3);
  return (
    (hasManySiblings(img, minX, minY) && hasManySiblings(other, minX, minY)) ||
    (hasManySiblings(img, maxX, maxY) && hasManySiblings(other, maxX, maxY))
  );
}

/**
 * The first neighbour, in pixelmatch's scan, whose distance is `value`: bit k of the mask is the k-th of the
 * scan, column by column (bit 3c + r for column c, row r of the 3×3 block; bit 4, the centre, never set).
 */
@inline function firstEqual(value: f64, upLeft: v128, upRight: v128, rowLeft: v128, rowRight: v128, downLeft: v128, downRight: v128): i32 {
  const v = f64x2.splat(value);
  const up = i64x2.bitmask(f64x2.eq(upLeft, v));
  const row = i64x2.bitmask(f64x2.eq(rowLeft, v)) & 1;
  const down = i64x2.bitmask(f64x2.eq(downLeft, v));
  const right =
    (i64x2.bitmask(f64x2.eq(upRight, v)) & 1) |
    ((i64x2.bitmask(f64x2.eq(rowRight, v)) & 1) << 1) |
    ((i64x2.bitmask(f64x2.eq(downRight, v)) & 1) << 2);
  // Column 0: rows 0, 1, 2 are bits 0, 1, 2; column 1: rows 0, 2 are bits 3, 5; column 2: bits 6, 7, 8.
  const mask = (up & 1) | (row << 1) | ((down & 1) << 2) | ((up >> 1) << 3) | ((down >> 1) << 5) | (right << 6);
  return ctz(mask);
}

/** The detector as pixelmatch writes it, for pixels on the edge of the image. */
function antialiasedOnEdge(img: usize, other: usize, x1: i32, y1: i32): bool {
  const x0 = max(x1 - 1, 0);
  const y0 = max(y1 - 1, 0);
  const x2 = min(x1 + 1, width - 1);
  const y2 = min(y1 + 1, height - 1);
  const centre = load<u32>(img + (<usize>(y1 * width + x1) << 2));
  const cr = <i32>(centre & 255);
  const cg = <i32>((centre >> 8) & 255);
  const cb = <i32>((centre >> 16) & 255);
  let zeroes = x1 == x0 || x1 == x2 || y1 == y0 || y1 == y2 ? 1 : 0;
  let least: f64 = 0;
  let most: f64 = 0;
  let minX = 0;
  let minY = 0;
  let maxX = 0;
  let maxY = 0;
  for (let x = x0; x <= x2; x++) {
    for (let y = y0; y <= y2; y++) {
      if (x == x1 && y == y1) continue;
      const neighbour = load<u32>(img + (<usize>(y * width + x) << 2));
      let delta: f64 = 0;
      if (neighbour != centre) {
        delta = brightness(
          <f64>(cr - <i32>(neighbour & 255)),
          <f64>(cg - <i32>((neighbour >> 8) & 255)),
          <f64>(cb - <i32>((neighbour >> 16) & 255)),
        );
      }
      if (delta == 0) {
        zeroes++;
        if (zeroes > 2) return false;
      } else if (delta < least) {
        least = delta;
        minX = x;
        minY = y;
      } else if (delta > most) {
        most = delta;
        maxX = x;
        maxY = y;
      }
    }
  }
  if (least == 0 || most == 0) return false;
  return (
    (hasManySiblings(img, minX, minY) && hasManySiblings(other, minX, minY)) ||
    (hasManySiblings(img, maxX, maxY) && hasManySiblings(other, maxX, maxY))
  );
}

/** pixelmatch's squared YIQ distance of two opaque pixels (its sign does not matter to the threshold). */
@inline export function yiqDistance(dr: f64, dg: f64, db: f64): f64 {
  const yy = dr * Y_R + dg * Y_G + db * Y_B;
  const ii = dr * I_R - dg * I_G - db * I_B;
  const qq = dr * Q_R - dg * Q_G + db * Q_B;
  return 0.5053 * yy * yy + 0.299 * ii * ii + 0.1957 * qq * qq;
}

/**
 * pixelmatch's faded original as one grey value: from 229 (black) to 255 (white), the 27 greys of
 * DIFF_PALETTE (src/compare/drawn-diff.ts). pixelmatch fades by alpha 0.1 times the pixel's alpha over 255,
 * `255 + (l − 255) · 0.1 · 255 / 255`; for an opaque pixel, without the × 255 / 255 (a division a pixel),
 * the value is the same for every one of the 2^24 colours (test/compare/drawn-diff.test.ts tries them all).
 */
@inline export function greyValue(r: f64, g: f64, b: f64): u32 {
  return <u32>(<i32>(255 + (r * Y_R + g * Y_G + b * Y_B - 255) * 0.1));
}

/**
 * The f32 distance is within 0.1 of pixelmatch's f64 one (each product and sum rounds by at most 2^-24 of
 * values under 10^5); a pixel whose estimate is below threshold − GUARD is under the threshold for sure.
 */
export const GUARD: f32 = 1;

/** Whether any of four pixels may be beyond the threshold: the YIQ distance in f32 lanes against it minus GUARD. */
@inline export function roughlyOver(dr: v128, dg: v128, db: v128, limit: v128): bool {
  const r = f32x4.convert_i32x4_s(dr);
  const g = f32x4.convert_i32x4_s(dg);
  const b = f32x4.convert_i32x4_s(db);
  const yy = f32x4.add(f32x4.add(f32x4.mul(r, f32x4.splat(<f32>Y_R)), f32x4.mul(g, f32x4.splat(<f32>Y_G))), f32x4.mul(b, f32x4.splat(<f32>Y_B)));
  const ii = f32x4.sub(f32x4.sub(f32x4.mul(r, f32x4.splat(<f32>I_R)), f32x4.mul(g, f32x4.splat(<f32>I_G))), f32x4.mul(b, f32x4.splat(<f32>I_B)));
  const qq = f32x4.add(f32x4.sub(f32x4.mul(r, f32x4.splat(<f32>Q_R)), f32x4.mul(g, f32x4.splat(<f32>Q_G))), f32x4.mul(b, f32x4.splat(<f32>Q_B)));
  const d = f32x4.add(
    f32x4.add(f32x4.mul(f32x4.mul(f32x4.splat(0.5053), yy), yy), f32x4.mul(f32x4.mul(f32x4.splat(0.299), ii), ii)),
    f32x4.mul(f32x4.mul(f32x4.splat(0.1957), qq), qq),
  );
  return v128.any_true(f32x4.gt(d, limit));
}

@inline export function yiqLanes(dr: v128, dg: v128, db: v128): v128 {
  const yy = f64x2.add(f64x2.add(f64x2.mul(dr, f64x2.splat(Y_R)), f64x2.mul(dg, f64x2.splat(Y_G))), f64x2.mul(db, f64x2.splat(Y_B)));
  const ii = f64x2.sub(f64x2.sub(f64x2.mul(dr, f64x2.splat(I_R)), f64x2.mul(dg, f64x2.splat(I_G))), f64x2.mul(db, f64x2.splat(I_B)));
  const qq = f64x2.add(f64x2.sub(f64x2.mul(dr, f64x2.splat(Q_R)), f64x2.mul(dg, f64x2.splat(Q_G))), f64x2.mul(db, f64x2.splat(Q_B)));
  return f64x2.add(
    f64x2.add(f64x2.mul(f64x2.mul(f64x2.splat(0.5053), yy), yy), f64x2.mul(f64x2.mul(f64x2.splat(0.299), ii), ii)),
    f64x2.mul(f64x2.mul(f64x2.splat(0.1957), qq), qq),
  );
}

/** greyValue of two pixels, in the low two i32 lanes. */
@inline export function greyHalf(r: v128, g: v128, b: v128): v128 {
  const l = f64x2.add(f64x2.add(f64x2.mul(r, f64x2.splat(Y_R)), f64x2.mul(g, f64x2.splat(Y_G))), f64x2.mul(b, f64x2.splat(Y_B)));
  const faded = f64x2.mul(f64x2.sub(l, f64x2.splat(255)), f64x2.splat(0.1));
  return i32x4.trunc_sat_f64x2_s_zero(f64x2.add(f64x2.splat(255), faded));
}

/** pixelmatch's faded grey for four opaque pixels, as greyValue gives each, in i32 lanes. */
@inline export function greyLanes(r: v128, g: v128, b: v128): v128 {
  const low = greyHalf(f64x2.convert_low_i32x4_s(r), f64x2.convert_low_i32x4_s(g), f64x2.convert_low_i32x4_s(b));
  const high = greyHalf(
    f64x2.convert_low_i32x4_s(i32x4.shuffle(r, r, 2, 3, 0, 1)),
    f64x2.convert_low_i32x4_s(i32x4.shuffle(g, g, 2, 3, 0, 1)),
    f64x2.convert_low_i32x4_s(i32x4.shuffle(b, b, 2, 3, 0, 1)),
  );
  return i32x4.shuffle(low, high, 0, 1, 4, 5);
}

/**
 * greyLanes, quicker: in f32 lanes, four pixels at once, where that cannot give another grey. The f32 grey
 * is within 10^-4 of the f64 one, so it truncates the same unless it is within 10^-3 of a whole grey; then
 * greyLanes decides. White (255: no colour is that close below it) is not sent there. Every one of the
 * 2^24 colours gives greyLanes' grey (test/compare/drawn-diff.test.ts).
 */
@inline export function greyLanesQuick(r: v128, g: v128, b: v128): v128 {
  const l = f32x4.add(
    f32x4.add(
      f32x4.mul(f32x4.convert_i32x4_s(r), f32x4.splat(<f32>Y_R)),
      f32x4.mul(f32x4.convert_i32x4_s(g), f32x4.splat(<f32>Y_G)),
    ),
    f32x4.mul(f32x4.convert_i32x4_s(b), f32x4.splat(<f32>Y_B)),
  );
  const y = f32x4.add(f32x4.splat(255), f32x4.mul(f32x4.sub(l, f32x4.splat(255)), f32x4.splat(<f32>0.1)));
  const v = i32x4.trunc_sat_f32x4_s(y);
  const fraction = f32x4.sub(y, f32x4.convert_i32x4_s(v));
  const low = v128.andnot(f32x4.lt(fraction, f32x4.splat(<f32>0.001)), i32x4.eq(v, i32x4.splat(255)));
  const unsure = v128.or(low, f32x4.gt(fraction, f32x4.splat(<f32>0.999)));
  return v128.any_true(unsure) ? greyLanes(r, g, b) : v;
}

@inline export function greyAt(pixel: usize): u32 {
  const word = load<u32>(pixel);
  return greyValue(<f64>(word & 255), <f64>((word >> 8) & 255), <f64>((word >> 16) & 255));
}
