/**
 * What the findings need from the pixels, gathered row by row as the comparator's pass goes over
 * both images: it hands over each row's luminance (BT.601 × 1000: 299·R + 587·G + 114·B) of the
 * expected and the actual image, and the accumulator keeps
 *
 * - the luminance summed along every row and, on sampled rows, down every column (the profiles
 *   translation.ts correlates);
 * - on sampled rows, the Prewitt gradient of both images at full size: the edge energies (for the
 *   edge ratio), also per block of CELL×CELL pixels (so that the ratio can leave out changed
 *   regions), and the sums of the gradient magnitude similarity (for GMSD; gradient.ts).
 *
 * Images up to SAMPLE_ROWS rows high are measured on every row. Taller ones on bands of BAND
 * consecutive rows spread evenly, about SAMPLE_ROWS rows in all: each figure is a mean over the
 * image, and that many rows estimate it well. Bands, not single rows: after a vertical shift, a
 * single sampled row lands on other content (a thin line in or out of it), which moved the edge
 * ratio of a picture by up to 12% in trials; a band only loses its edges. Only three rows of
 * luminance are held at a time.
 */

/** Units of luminance per level. */
export const LUMA_SCALE = 1000;
/** About this many rows get gradients and column sums. */
export const SAMPLE_ROWS = 256;
/** Sampled rows come in bands of this many consecutive rows. */
export const BAND = 16;
/** Side of the blocks edge energy is also summed over. */
export const CELL = 16;
/** GMSD's stability constant for 8-bit levels (the paper's T = 170). */
const GMS_C = 170;

export interface RowSums {
  width: number;
  height: number;
  /** Σ of the squared Prewitt gradient magnitude over the sampled rows, in levels². */
  edgeExpected: number;
  edgeActual: number;
  /** The same per CELL×CELL block, row-major, ⌈width/CELL⌉ blocks a row. */
  cellEdgeExpected: Float64Array;
  cellEdgeActual: Float64Array;
  /** Σ GMS, Σ GMS² and their count, over the sampled rows. */
  gmsSum: number;
  gmsSumSquares: number;
  gmsCount: number;
  /** Luminance summed along each row (height entries) and down each column over the sampled rows (width entries). */
  rowsExpected: Float64Array;
  rowsActual: Float64Array;
  colsExpected: Float64Array;
  colsActual: Float64Array;
}

/** The row sums and, per CELL×CELL block, the signed channel differences: everything the figures read from the pixels. */
export interface FindingSums extends RowSums {
  /** Per CELL×CELL block (row-major, as the edge cells): Σ (actual − expected) of R, G, B, and pixels that took part. */
  cellSumR: Float64Array;
  cellSumG: Float64Array;
  cellSumB: Float64Array;
  cellCount: Float64Array;
}

export class FindingsAccumulator {
  private readonly ringE: Float64Array;
  private readonly ringA: Float64Array;
  /** One sampled row's squared gradient magnitudes, per image. */
  private readonly gradE: Float64Array;
  private readonly gradA: Float64Array;
  /** Row y is sampled when y mod period < BAND. */
  private readonly period: number;
  private readonly sums: RowSums;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.ringE = new Float64Array(3 * width);
    this.ringA = new Float64Array(3 * width);
    this.gradE = new Float64Array(width);
    this.gradA = new Float64Array(width);
    this.period = height <= SAMPLE_ROWS ? BAND : Math.floor((height * BAND) / SAMPLE_ROWS);
    this.sums = {
      width,
      height,
      edgeExpected: 0,
      edgeActual: 0,
      cellEdgeExpected: new Float64Array(Math.ceil(width / CELL) * Math.ceil(height / CELL)),
      cellEdgeActual: new Float64Array(Math.ceil(width / CELL) * Math.ceil(height / CELL)),
      gmsSum: 0,
      gmsSumSquares: 0,
      gmsCount: 0,
      rowsExpected: new Float64Array(height),
      rowsActual: new Float64Array(height),
      colsExpected: new Float64Array(width),
      colsActual: new Float64Array(width),
    };
  }

  /** The buffers to write row y's luminance into (width entries each), before calling endRow(y). */
  rowBuffers(y: number): [Float64Array, Float64Array] {
    const start = (y % 3) * this.width;
    return [this.ringE.subarray(start, start + this.width), this.ringA.subarray(start, start + this.width)];
  }

  /**
   * Row y is written; rows must come in order from 0. `rowSums`: the row's luminance already summed left to
   * right by whoever wrote it (the pixel pass adds as it goes), else summed here.
   */
  endRow(y: number, rowSums?: { expected: number; actual: number }): void {
    const { width, sums } = this;
    const start = (y % 3) * width;
    const e = this.ringE;
    const a = this.ringA;
    let rowE = 0;
    let rowA = 0;
    if (rowSums) {
      rowE = rowSums.expected;
      rowA = rowSums.actual;
    } else {
      for (let i = start; i < start + width; i++) {
        rowE += e[i] as number;
        rowA += a[i] as number;
      }
    }
    sums.rowsExpected[y] = rowE;
    sums.rowsActual[y] = rowA;
    // Row y − 1 is sampled when its neighbours y − 2 and y are both in the ring.
    if (y >= 2 && (y - 1) % this.period < BAND) {
      const mid = ((y - 1) % 3) * width;
      for (let x = 0; x < width; x++) {
        sums.colsExpected[x] = (sums.colsExpected[x] as number) + (e[mid + x] as number);
        sums.colsActual[x] = (sums.colsActual[x] as number) + (a[mid + x] as number);
      }
      this.gradients(((y - 2) % 3) * width, mid, start, y - 1);
    }
  }

  finish(): RowSums {
    return this.sums;
  }

  private gradients(top: number, mid: number, bottom: number, y: number): void {
    const { width, sums } = this;
    const cellRow = Math.floor(y / CELL) * Math.ceil(width / CELL);
    const expected = this.rowGradients(this.ringE, top, mid, bottom, this.gradE);
    const actual = this.rowGradients(this.ringA, top, mid, bottom, this.gradA);
    const ge = this.gradE;
    const ga = this.gradA;
    const cellE = sums.cellEdgeExpected;
    const cellA = sums.cellEdgeActual;
    let gms = 0;
    let gms2 = 0;
    for (let x = 1; x < width - 1; x++) {
      const m2E = ge[x] as number;
      const m2A = ga[x] as number;
      const c = cellRow + ((x / CELL) | 0);
      cellE[c] = (cellE[c] as number) + m2E;
      cellA[c] = (cellA[c] as number) + m2A;
      const s = (2 * Math.sqrt(m2E * m2A) + GMS_C) / (m2E + m2A + GMS_C);
      gms += s;
      gms2 += s * s;
    }
    sums.edgeExpected += expected;
    sums.edgeActual += actual;
    sums.gmsSum += gms;
    sums.gmsSumSquares += gms2;
    sums.gmsCount += Math.max(0, width - 2);
  }

  /**
   * The squared Prewitt magnitude (in levels²) of each inner pixel of the middle row into `out`;
   * returns their sum. Separable, with a sliding window: each step reads one new column of three.
   */
  private rowGradients(ring: Float64Array, top: number, mid: number, bottom: number, out: Float64Array): number {
    // Prewitt sums are 3× a mean difference, in LUMA_SCALE units per level.
    const scale2 = 1 / (9 * LUMA_SCALE * LUMA_SCALE);
    let energy = 0;
    // Column x: v = the sum of its three rows, d = bottom − top.
    let v0 = (ring[top] as number) + (ring[mid] as number) + (ring[bottom] as number);
    let d0 = (ring[bottom] as number) - (ring[top] as number);
    let v1 = (ring[top + 1] as number) + (ring[mid + 1] as number) + (ring[bottom + 1] as number);
    let d1 = (ring[bottom + 1] as number) - (ring[top + 1] as number);
    for (let x = 1; x < this.width - 1; x++) {
      const t = ring[top + x + 1] as number;
      const b = ring[bottom + x + 1] as number;
      const v2 = t + (ring[mid + x + 1] as number) + b;
      const d2 = b - t;
      const gx = v2 - v0;
      const gy = d0 + d1 + d2;
      const m2 = (gx * gx + gy * gy) * scale2;
      out[x] = m2;
      energy += m2;
      v0 = v1;
      v1 = v2;
      d0 = d1;
      d1 = d2;
    }
    return energy;
  }
}

/**
 * The accumulator and, per CELL×CELL block, the signed channel differences: the whole of FindingSums,
 * filled as the comparator's pixel pass goes (pixel-pass.ts), which adds each row's luminance and each
 * block's sums itself.
 */
export class FindingsGatherer {
  private readonly accumulator: FindingsAccumulator;
  private readonly blocksAcross: number;
  private readonly cellSumR: Float64Array;
  private readonly cellSumG: Float64Array;
  private readonly cellSumB: Float64Array;
  private readonly cellCount: Float64Array;

  constructor(width: number, height: number) {
    this.accumulator = new FindingsAccumulator(width, height);
    this.blocksAcross = Math.ceil(width / CELL);
    const blocks = this.blocksAcross * Math.ceil(height / CELL);
    this.cellSumR = new Float64Array(blocks);
    this.cellSumG = new Float64Array(blocks);
    this.cellSumB = new Float64Array(blocks);
    this.cellCount = new Float64Array(blocks);
  }

  rowBuffers(y: number): [Float64Array, Float64Array] {
    return this.accumulator.rowBuffers(y);
  }

  /** The index of row y's first block. */
  blockRow(y: number): number {
    return Math.floor(y / CELL) * this.blocksAcross;
  }

  addToBlock(block: number, r: number, g: number, b: number, count: number): void {
    this.cellSumR[block] = (this.cellSumR[block] as number) + r;
    this.cellSumG[block] = (this.cellSumG[block] as number) + g;
    this.cellSumB[block] = (this.cellSumB[block] as number) + b;
    this.cellCount[block] = (this.cellCount[block] as number) + count;
  }

  endRow(y: number, rowExpected: number, rowActual: number): void {
    this.accumulator.endRow(y, { expected: rowExpected, actual: rowActual });
  }

  finish(): FindingSums {
    const { cellSumR, cellSumG, cellSumB, cellCount } = this;
    return { ...this.accumulator.finish(), cellSumR, cellSumG, cellSumB, cellCount };
  }
}
