/**
 * The WebAssembly kernels (wasm/, AssemblyScript, built to wasm/kernels.wasm by `npm run build`): the
 * PNG unfilter, the comparator's pixel pass for opaque images, the findings' pixel walks and the diff's
 * palette, in SIMD lanes (docs/architecture.md lists them). Measured on the built-in model's 1024×1024
 * outputs, they take a third to a fifth of the time of the JavaScript loops they stand in for, and they
 * need no warm-up: V8 compiles them before their first call, where each worker spent its first pairs in
 * the interpreter.
 *
 * One instance per thread. JavaScript places the data in its memory (reserve), calls a kernel and copies
 * the results out before anything else runs on the thread, so one region serves every call; the pass's
 * pair of images stays there for the findings that follow it until the next reserve (resident-pair.ts).
 * Without the kernels (a build that skipped them, a memory that cannot grow), the callers fall back to
 * the JavaScript loops, which give the same results.
 */
import { readFileSync } from 'node:fs';

export interface Kernels {
  memory: WebAssembly.Memory;
  /** PNG row filters of 8-bit RGB (bpp 3) or RGBA (bpp 4) into RGBA; 0, or 1 on an unknown filter type. */
  unfilterToRgba(raw: number, width: number, height: number, bpp: number, out: number): number;
  /** 1 when every one of `count` RGBA pixels has alpha 255. */
  allOpaque(at: number, count: number): number;
  setup(
    expected: number,
    actual: number,
    width: number,
    height: number,
    threshold: number,
    includeAA: number,
    ignored: number,
    output: number,
    mask: number,
    cells: number,
    blocks: number,
    totals: number,
  ): void;
  /** RGB samples (`count` pixels, 4 readable bytes after them) to opaque RGBA (wasm/expand.ts). */
  rgbToRgba(rgb: number, count: number, rgba: number): void;
  /** A few-colour image's palette (RGBA words) and rows of indices; the number of colours, or -1 past 256. */
  toPalette(pixels: number, width: number, height: number, rows: number, palette: number): number;
  /** translation.ts's alignedError: Σ |Δ luminance| and the pixels counted, into out[0], out[1]. */
  alignedError(
    expected: number,
    actual: number,
    ignored: number,
    width: number,
    height: number,
    dx: number,
    dy: number,
    margin: number,
    step: number,
    out: number,
  ): void;
  /** translation.ts's alignedChannelShift: Σ Δ R, G, B and the pixels counted, into out[0..3]. */
  alignedChannelSums(
    expected: number,
    actual: number,
    ignored: number,
    width: number,
    height: number,
    dx: number,
    dy: number,
    out: number,
  ): void;
  /**
   * local.ts's residual for each of `count` blocks (i32 indices at `list`, `cell` pixels a side, `cols`
   * across): each block's level into levelsOut (f64 each) and, over `levels`, its moved pixels marked in
   * `mask`; `out` is 32 bytes of room (wasm/aligned.ts).
   */
  blockResiduals(
    expected: number,
    actual: number,
    ignored: number,
    width: number,
    height: number,
    cols: number,
    cell: number,
    list: number,
    count: number,
    shiftR: number,
    shiftG: number,
    shiftB: number,
    levels: number,
    mask: number,
    out: number,
    levelsOut: number,
  ): void;
  /** regions.ts's cells of a mask (or'ed with `local` unless 0): 5 i32 arrays per 8×8 cell at out. */
  maskCells(mask: number, local: number, width: number, height: number, out: number): void;
  /**
   * regions.ts's groups of set cells (8 neighbours) from maskCells's cells, in the order of their first cell:
   * 5 i32 each at out (x, y, width, height, pixels); returns how many. visited (a byte a cell) and stack
   * (an i32 a cell) are room.
   */
  groupCells(
    cells: number,
    cols: number,
    rows: number,
    width: number,
    height: number,
    visited: number,
    stack: number,
    out: number,
  ): number;
  /** metrics.ts's ssimFromCells over the pass's cells (f64 × 6 each, cols × rows), with its constants. */
  ssimFromCells(cells: number, cols: number, rows: number, c1: number, c2: number): number;
  /** phash.ts's grids of both images from the pass's cells and gridShares's tables (wasm/phash.ts). */
  phashGrids(
    cells: number,
    cols: number,
    rows: number,
    xStart: number,
    xSquare: number,
    xShare: number,
    yStart: number,
    ySquare: number,
    yShare: number,
    out: number,
  ): void;
  /** The findings' row work (wasm/findings.ts): where its sums go, all f64, zeroed by the caller. */
  setupFindings(
    width: number,
    height: number,
    rowsExpected: number,
    rowsActual: number,
    colsExpected: number,
    colsActual: number,
    cellEdgeExpected: number,
    cellEdgeActual: number,
    gradients: number,
    totals: number,
  ): void;
  /** Every cell row (4 image rows each) in order; with findings, each row's luminance into the rings (ringRows rows of f64). */
  passRows(ringExpected: number, ringActual: number, ringRows: number): void;
}

const PAGE = 65536;
/**
 * A memory cannot shrink: once it has grown past this (a pair of ~16 MP images with the findings does),
 * the instance is dropped at the next use and a fresh one takes over, so that a thread does not hold the
 * largest pair it ever compared (up to ~1 GB at 64 MP) for the rest of its life.
 */
export const KEEP_MEMORY_BYTES = 256 * 1024 * 1024;
let loaded: { kernels: Kernels; base: number } | null | undefined;
let compiled: WebAssembly.Module | undefined;
/** Reservations made on this thread (and instances dropped): see reservationCount. */
let reservations = 0;

/**
 * The compiled kernels, to hand to worker threads (adoptKernelsModule): a module handed over shares its
 * compiled code, so each worker neither compiles it again nor runs it unoptimised while V8 tiers it up
 * once more. Undefined when it cannot be compiled here.
 */
export function kernelsModule(): WebAssembly.Module | undefined {
  try {
    compiled ??= new WebAssembly.Module(readFileSync(new URL('../../wasm/kernels.wasm', import.meta.url)));
    return compiled;
  } catch {
    return undefined;
  }
}

/** Use a module another thread compiled (kernelsModule) for this thread's kernels. */
export function adoptKernelsModule(module: WebAssembly.Module): void {
  compiled ??= module;
}

function load(): { kernels: Kernels; base: number } | null {
  try {
    compiled ??= new WebAssembly.Module(readFileSync(new URL('../../wasm/kernels.wasm', import.meta.url)));
    const memory = new WebAssembly.Memory({ initial: 2 });
    const instance = new WebAssembly.Instance(compiled, { env: { memory } });
    const exports = instance.exports as unknown as Omit<Kernels, 'memory'> & { heapBase(): number };
    const base = align(exports.heapBase());
    return { kernels: { ...exports, memory }, base };
  } catch {
    return null;
  }
}

let enabled = process.env.SEEDSNAP_NO_WASM !== '1';

/** The kernels of this thread, or undefined when they cannot be loaded (the JavaScript loops take over). */
export function wasmKernels(): Kernels | undefined {
  if (!enabled) return undefined;
  if (loaded && loaded.kernels.memory.buffer.byteLength > KEEP_MEMORY_BYTES) {
    // Whatever was placed in the old memory is gone with it.
    reservations++;
    loaded = undefined;
  }
  if (loaded === undefined) loaded = load();
  return loaded?.kernels;
}

/**
 * Turn the kernels off (or on again) on this thread: what SEEDSNAP_NO_WASM=1 does for a whole process. For
 * tests of the JavaScript loops and for measuring one against the other.
 */
export function useWasmKernels(on: boolean): void {
  enabled = on;
}

/**
 * How many times the memory has been reserved on this thread: what a caller placed stays there only while
 * this count has not moved (compare/resident-pair.ts relies on it).
 */
export function reservationCount(): number {
  return reservations;
}

export function align(at: number): number {
  return (at + 15) & ~15;
}

/**
 * The start of a free region of at least `bytes`, growing the memory when needed; undefined when it
 * cannot grow that far. Views of the memory made before a call that grows it are detached: make them after.
 */
export function reserve(kernels: Kernels, bytes: number): number | undefined {
  if (!loaded || loaded.kernels !== kernels) return undefined;
  reservations++;
  const end = loaded.base + bytes;
  const have = kernels.memory.buffer.byteLength;
  if (end > have) {
    try {
      kernels.memory.grow(Math.ceil((end - have) / PAGE));
    } catch {
      return undefined;
    }
  }
  return loaded.base;
}
