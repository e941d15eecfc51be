/**
 * What src/compare/findings/accumulator.ts does with each row's luminance, for the kernel's pass
 * (pass.ts): each row's sum, and on sampled rows the column sums, the Prewitt gradients of both images,
 * their edge energy (in all and per 16×16 block) and the gradient magnitude similarity sums (GMSD).
 * Operation for operation and in the same order as the accumulator, so the figures are the same to the
 * bit (test/compare/pixel-pass.test.ts).
 */

import { addF64 } from './lanes';

/** Rows are sampled in bands of this many (the accumulator's BAND), one band every `period` rows. */
const BAND = 16;
const CELL = 16;
/** GMSD's stability constant for 8-bit levels. */
const GMS_C: f64 = 170;
/** Prewitt sums are 3× a mean difference, in luminance units of 1000 per level. */
const SCALE2: f64 = 1 / (9 * 1000.0 * 1000.0);

let period = 0;
let width = 0;
let blocksAcross = 0;
/** f64 arrays: row sums (height), column sums (width), edge energy per block, one row's squared gradients (width). */
let rowsE: usize = 0;
let rowsA: usize = 0;
let colsE: usize = 0;
let colsA: usize = 0;
let cellEdgeE: usize = 0;
let cellEdgeA: usize = 0;
let gradE: usize = 0;
let gradA: usize = 0;
/** f64: edge energy of each image, Σ GMS, Σ GMS², their count. */
let sums: usize = 0;

export function setupFindings(
  w: i32,
  h: i32,
  rowsExpected: usize,
  rowsActual: usize,
  colsExpected: usize,
  colsActual: usize,
  cellEdgeExpected: usize,
  cellEdgeActual: usize,
  gradients: usize,
  totals: usize,
): void {
  width = w;
  // As the accumulator: every row of a short image is in a band, taller ones have about 256 sampled rows.
  period = h <= 256 ? BAND : (h * BAND) / 256;
  blocksAcross = (w + CELL - 1) / CELL;
  rowsE = rowsExpected;
  rowsA = rowsActual;
  colsE = colsExpected;
  colsA = colsActual;
  cellEdgeE = cellEdgeExpected;
  cellEdgeA = cellEdgeActual;
  gradE = gradients;
  gradA = gradients + (<usize>w << 3);
  sums = totals;
}

@inline function f64At(base: usize, i: i32): usize {
  return base + (<usize>i << 3);
}


/**
 * Row y is in the rings (row r of a ring at r mod ringRows, width f64 each) with its luminance sums:
 * as the accumulator's endRow(y).
 */
export function endRow(y: i32, rowE: f64, rowA: f64, ringE: usize, ringA: usize, ringRows: i32): void {
  store<f64>(f64At(rowsE, y), rowE);
  store<f64>(f64At(rowsA, y), rowA);
  if (y < 2 || (y - 1) % period >= BAND) return;
  const top = <usize>(((y - 2) % ringRows) * width) << 3;
  const mid = <usize>(((y - 1) % ringRows) * width) << 3;
  const bottom = <usize>((y % ringRows) * width) << 3;
  for (let x = 0; x < width; x++) {
    addF64(f64At(colsE, x), load<f64>(ringE + mid + (<usize>x << 3)));
    addF64(f64At(colsA, x), load<f64>(ringA + mid + (<usize>x << 3)));
  }
  const energyE = rowGradients(ringE + top, ringE + mid, ringE + bottom, gradE);
  const energyA = rowGradients(ringA + top, ringA + mid, ringA + bottom, gradA);
  const cellRow = ((y - 1) / CELL) * blocksAcross;
  let gms: f64 = 0;
  let gms2: f64 = 0;
  // Two pixels' similarity at a time in f64 lanes (a lane's square root and division are the scalar ones,
  // to the bit), added up one pixel at a time in the accumulator's order.
  const twoC = f64x2.splat(GMS_C);
  let x = 1;
  for (; x + 1 < width - 1; x += 2) {
    const e = v128.load(f64At(gradE, x));
    const a = v128.load(f64At(gradA, x));
    const s = f64x2.div(
      f64x2.add(f64x2.mul(f64x2.splat(2), f64x2.sqrt(f64x2.mul(e, a))), twoC),
      f64x2.add(f64x2.add(e, a), twoC),
    );
    const squares = f64x2.mul(s, s);
    const c0 = cellRow + x / CELL;
    const c1 = cellRow + (x + 1) / CELL;
    addF64(f64At(cellEdgeE, c0), f64x2.extract_lane(e, 0));
    addF64(f64At(cellEdgeA, c0), f64x2.extract_lane(a, 0));
    addF64(f64At(cellEdgeE, c1), f64x2.extract_lane(e, 1));
    addF64(f64At(cellEdgeA, c1), f64x2.extract_lane(a, 1));
    gms += f64x2.extract_lane(s, 0);
    gms2 += f64x2.extract_lane(squares, 0);
    gms += f64x2.extract_lane(s, 1);
    gms2 += f64x2.extract_lane(squares, 1);
  }
  for (; x < width - 1; x++) {
    const m2E = load<f64>(f64At(gradE, x));
    const m2A = load<f64>(f64At(gradA, x));
    const c = cellRow + x / CELL;
    addF64(f64At(cellEdgeE, c), m2E);
    addF64(f64At(cellEdgeA, c), m2A);
    const s = (2 * Math.sqrt(m2E * m2A) + GMS_C) / (m2E + m2A + GMS_C);
    gms += s;
    gms2 += s * s;
  }
  addF64(sums, energyE);
  addF64(sums + 8, energyA);
  addF64(sums + 16, gms);
  addF64(sums + 24, gms2);
  addF64(sums + 32, <f64>max(0, width - 2));
}

/**
 * The squared Prewitt magnitude of each inner pixel of the middle row into `out`; returns their sum. Two
 * pixels at a time in f64 lanes, each lane's arithmetic the scalar loop's in its order; the sum added up
 * one pixel at a time.
 */
function rowGradients(top: usize, mid: usize, bottom: usize, out: usize): f64 {
  let energy: f64 = 0;
  const scale = f64x2.splat(SCALE2);
  let x = 1;
  for (; x + 1 < width - 1; x += 2) {
    // Columns x − 1, x (left) and x + 1, x + 2 (right).
    const left = <usize>(x - 1) << 3;
    const right = <usize>(x + 1) << 3;
    const tL = v128.load(top + left);
    const bL = v128.load(bottom + left);
    const tR = v128.load(top + right);
    const bR = v128.load(bottom + right);
    const vL = f64x2.add(f64x2.add(tL, v128.load(mid + left)), bL);
    const vR = f64x2.add(f64x2.add(tR, v128.load(mid + right)), bR);
    const dL = f64x2.sub(bL, tL);
    const dR = f64x2.sub(bR, tR);
    const gx = f64x2.sub(vR, vL);
    const gy = f64x2.add(f64x2.add(dL, i64x2.shuffle(dL, dR, 1, 2)), dR);
    const m2 = f64x2.mul(f64x2.add(f64x2.mul(gx, gx), f64x2.mul(gy, gy)), scale);
    v128.store(f64At(out, x), m2);
    energy += f64x2.extract_lane(m2, 0);
    energy += f64x2.extract_lane(m2, 1);
  }
  for (; x < width - 1; x++) {
    const l = <usize>(x - 1) << 3;
    const c = <usize>x << 3;
    const r = <usize>(x + 1) << 3;
    const gx =
      load<f64>(top + r) + load<f64>(mid + r) + load<f64>(bottom + r) -
      (load<f64>(top + l) + load<f64>(mid + l) + load<f64>(bottom + l));
    const gy =
      load<f64>(bottom + l) - load<f64>(top + l) + (load<f64>(bottom + c) - load<f64>(top + c)) +
      (load<f64>(bottom + r) - load<f64>(top + r));
    const m2 = (gx * gx + gy * gy) * SCALE2;
    store<f64>(f64At(out, x), m2);
    energy += m2;
  }
  return energy;
}
