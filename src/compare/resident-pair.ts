/**
 * The pair of images the kernel's pixel pass (pixel-pass-wasm.ts) left in the kernels' memory, so that
 * the findings' pixel walks that follow it on the same pair (translation.ts) run on the kernel without
 * copying 8 MB in again. A pair is resident only while nothing else has reserved that memory since, and
 * only for the very arrays the pass was given; otherwise callers run their JavaScript loop.
 */
import { type Kernels, reservationCount, wasmKernels } from '../util/wasm-kernels.js';

export interface ResidentPair {
  kernels: Kernels;
  /** Where the pixels are (RGBA, opaque), and the ignored pixels' mask (0: none). */
  expected: number;
  actual: number;
  ignored: number;
  /** 64 bytes a kernel may write its figures to. */
  out: number;
  /**
   * With findings: the pass's mask of differing pixels (as the pass returned it, and where it is), and
   * room for a second mask and the regions' cells (findings/figures.ts). 0 and undefined without.
   */
  mask: number;
  maskArray: Uint8Array | undefined;
  scratch: number;
}

let last:
  | { reservation: number; expected: Uint8Array; actual: Uint8Array; ignored: Uint8Array | undefined; at: ResidentPair }
  | undefined;

/** Called by the pass once both images (and the mask) are placed and found opaque. */
export function rememberPair(
  data: { expected: Uint8Array; actual: Uint8Array; ignored: Uint8Array | undefined },
  at: ResidentPair,
): void {
  last = { reservation: reservationCount(), ...data, at };
}

/** The pair in the kernels' memory, if it is still there and is these very arrays (and the same mask). */
export function residentPair(
  expected: Uint8Array,
  actual: Uint8Array,
  ignored: Uint8Array | undefined,
): ResidentPair | undefined {
  if (!last || last.reservation !== reservationCount() || !wasmKernels()) return undefined;
  if (last.expected !== expected || last.actual !== actual || last.ignored !== ignored) return undefined;
  return last.at;
}
