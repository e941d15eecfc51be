/**
 * The pixel pass of pixel-pass.ts on the WebAssembly kernel (wasm/pass.ts), for images whose every
 * pixel is opaque: every JPEG, every RGB PNG, and RGBA whose alpha is all 255. Both images go into the
 * kernel's memory, the kernel goes over them four rows at a time (with the findings, it also does the
 * accumulator's row work: wasm/findings.ts), and the figures come back as the JavaScript pass gives
 * them: the same count, sums and mask, to the bit, and the same diff pixels, drawn as palette indices
 * (drawn-diff.ts) (test/compare/pixel-pass.test.ts runs both).
 * The pair stays in the kernel's memory for the findings' pixel walks that follow (resident-pair.ts).
 *
 * On the built-in model's 1024×1024 revision drift the kernel takes under half of the JavaScript
 * pass's time (bench/compare.mjs's step table: 20.6 against 45.0 ms with the findings). Images with any
 * transparent pixel stay on the JavaScript pass: there the figures are fractions, whose sums depend on
 * the order pixelmatch adds them in.
 */
import { reserve, wasmKernels } from '../util/wasm-kernels.js';
import type { FindingSums } from './findings/accumulator.js';
import { SSIM_C1, SSIM_C2 } from './metrics.js';
import { FINDING_TOTALS, passLayout, RING_ROWS, TOTALS } from './pass-layout.js';
import { PHASH_GRID, phashOfGrid } from './phash.js';
import type { PixelPassOptions, PixelPassResult } from './pixel-pass-types.js';
import { inKernelMemory, knownOpaque } from './placed-pair.js';
import { rememberPair } from './resident-pair.js';

/** The pass on the kernel, or undefined when it cannot run here (no kernel, transparent pixels, no memory). */
export function opaquePixelPass(
  expected: { width: number; height: number; data: Uint8Array },
  actual: { data: Uint8Array },
  options: PixelPassOptions,
): PixelPassResult | undefined {
  const kernels = wasmKernels();
  if (!kernels) return undefined;
  const { width, height } = expected;
  const len = width * height;
  const findings = options.findings === true;
  const layout = passLayout(width, height, { draw: options.draw === true, findings, ignored: !!options.ignored });
  const { cols, rows, blockCount, totals, figures, cells, output, ignored, mask, blocks, ring } = layout;
  const { rowSums, colSums, cellEdges, gradients, scratch, shares, grids } = layout;
  const a = layout.expected;
  const b = layout.actual;
  const next = layout.size;
  // Asked before reserving: images decoded into their places (placed-pair.ts) are not copied onto themselves.
  const expectedPlaced = inKernelMemory(expected.data, kernels);
  const actualPlaced = inKernelMemory(actual.data, kernels);
  const base = reserve(kernels, next);
  if (base === undefined) return undefined;
  const memory = new Uint8Array(kernels.memory.buffer);
  if (!expectedPlaced || expected.data.byteOffset !== base + a) memory.set(expected.data, base + a);
  if (!(expectedPlaced && knownOpaque(expected.data)) && !kernels.allOpaque(base + a, len)) return undefined;
  if (!actualPlaced || actual.data.byteOffset !== base + b) memory.set(actual.data, base + b);
  if (!(actualPlaced && knownOpaque(actual.data)) && !kernels.allOpaque(base + b, len)) return undefined;
  // What the kernel adds to starts at zero; the cells and the diff image it writes whole.
  memory.fill(0, base + totals, base + cells);
  if (options.ignored) memory.set(options.ignored, base + ignored);
  if (findings) {
    memory.fill(0, base + mask, base + mask + len);
    // Blocks through the gradients' row: every sum of the findings. Not the scratch room after them: what
    // uses it writes it first (local.ts's mask, the regions' cells and groups), as do the hash's tables.
    memory.fill(0, base + blocks, base + scratch);
  }
  const at = (offset: number) => (offset < 0 ? 0 : base + offset);
  kernels.setup(
    base + a,
    base + b,
    width,
    height,
    options.threshold,
    options.includeAA ? 1 : 0,
    at(ignored),
    at(output),
    at(mask),
    base + cells,
    at(blocks),
    base + totals,
  );
  const sums = new Float64Array(kernels.memory.buffer, base + totals, TOTALS);
  const f64 = (offset: number, count: number) => new Float64Array(kernels.memory.buffer, base + offset, count);
  if (findings) {
    kernels.setupFindings(
      width,
      height,
      base + rowSums,
      base + rowSums + height * 8,
      base + colSums,
      base + colSums + width * 8,
      base + cellEdges,
      base + cellEdges + blockCount * 8,
      base + gradients,
      base + totals + FINDING_TOTALS * 8,
    );
  }
  const ringBytes = RING_ROWS * width * 8;
  if (findings) kernels.passRows(base + ring, base + ring + ringBytes, RING_ROWS);
  else kernels.passRows(0, 0, 0);
  const copy = (offset: number, count: number) => f64(offset, count).slice();
  const hashes = (): [Uint8Array, Uint8Array] => {
    for (const { bytes, at } of shares) memory.set(bytes, base + at);
    memory.fill(0, base + grids, base + grids + 3 * PHASH_GRID * PHASH_GRID * 8);
    const [xStart = 0, xSquare = 0, xShare = 0, yStart = 0, ySquare = 0, yShare = 0] = shares.map(
      ({ at }) => base + at,
    );
    kernels.phashGrids(base + cells, cols, rows, xStart, xSquare, xShare, yStart, ySquare, yShare, base + grids);
    const side = PHASH_GRID * PHASH_GRID;
    return [phashOfGrid(f64(grids, side)), phashOfGrid(f64(grids + side * 8, side))];
  };
  const findingSums = (): FindingSums => ({
    width,
    height,
    edgeExpected: sums[FINDING_TOTALS] as number,
    edgeActual: sums[FINDING_TOTALS + 1] as number,
    cellEdgeExpected: copy(cellEdges, blockCount),
    cellEdgeActual: copy(cellEdges + blockCount * 8, blockCount),
    gmsSum: sums[FINDING_TOTALS + 2] as number,
    gmsSumSquares: sums[FINDING_TOTALS + 3] as number,
    gmsCount: sums[FINDING_TOTALS + 4] as number,
    rowsExpected: copy(rowSums, height),
    rowsActual: copy(rowSums + height * 8, height),
    colsExpected: copy(colSums, width),
    colsActual: copy(colSums + width * 8, width),
    cellSumR: copy(blocks, blockCount),
    cellSumG: copy(blocks + blockCount * 8, blockCount),
    cellSumB: copy(blocks + 2 * blockCount * 8, blockCount),
    cellCount: copy(blocks + 3 * blockCount * 8, blockCount),
  });
  const result: PixelPassResult = {
    diffPixels: sums[4] as number,
    sums: {
      maxDiff: sums[0] as number,
      sumAbs: sums[1] as number,
      sumSq: sums[2] as number,
      n: sums[3] as number,
      // What metricsOf would compute from the cells, computed here: the cells stay in the kernels' memory.
      ssim: kernels.ssimFromCells(base + cells, cols, rows, SSIM_C1, SSIM_C2),
      hashes: hashes(),
    },
    ...(options.draw
      ? {
          diff: {
            kind: 'indexed',
            rows: bytesOf(memory, base + output, (width + 1) * height, options.inPlace === true),
          },
        }
      : {}),
    ...(findings
      ? { findingSums: findingSums(), mask: bytesOf(memory, base + mask, len, options.inPlace === true) }
      : {}),
  };
  const pixels = { expected: expected.data, actual: actual.data, ignored: options.ignored };
  rememberPair(pixels, {
    kernels,
    expected: base + a,
    actual: base + b,
    ignored: at(ignored),
    out: base + figures,
    mask: at(mask),
    maskArray: result.mask,
    scratch: at(scratch),
  });
  return result;
}

/** The diff or mask the kernel wrote: copied out, or left in place (a view) when the caller reads it right away. */
function bytesOf(memory: Uint8Array, at: number, bytes: number, inPlace: boolean): Uint8Array {
  return inPlace ? memory.subarray(at, at + bytes) : memory.slice(at, at + bytes);
}
