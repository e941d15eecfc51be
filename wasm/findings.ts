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
  for (let x = 1; x < width - 1; x++) {
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

/** The squared Prewitt magnitude of each inner pixel of the middle row into `out`; returns their sum. */
function rowGradients(top: usize, mid: usize, bottom: usize, out: usize): f64 {
  let energy: f64 = 0;
  let v0 = load<f64>(top) + load<f64>(mid) + load<f64>(bottom);
  let d0 = load<f64>(bottom) - load<f64>(top);
  let v1 = load<f64>(top, 8) + load<f64>(mid, 8) + load<f64>(bottom, 8);
  let d1 = load<f64>(bottom, 8) - load<f64>(top, 8);
  for (let x = 1; x < width - 1; x++) {
    const at = <usize>(x + 1) << 3;
    const t = load<f64>(top + at);
    const b = load<f64>(bottom + at);
    const v2 = t + load<f64>(mid + at) + b;
    const d2 = b - t;
    const gx = v2 - v0;
    const gy = d0 + d1 + d2;
    const m2 = (gx * gx + gy * gy) * SCALE2;
    store<f64>(f64At(out, x), m2);
    energy += m2;
    v0 = v1;
    v1 = v2;
    d0 = d1;
    d1 = d2;
  }
  return energy;
}
