/** What the pixel pass takes and gives, in JavaScript (pixel-pass.ts) or on the kernel (pixel-pass-wasm.ts). */
import type { DrawnDiff } from './drawn-diff.js';
import type { FindingSums } from './findings/accumulator.js';
import type { PixelSums } from './metrics.js';

export interface PixelPassOptions {
  /** pixelmatch's threshold, 0..1. */
  threshold: number;
  /** Count anti-aliased pixels as differences too (pixelmatch's includeAA). */
  includeAA?: boolean;
  /** One entry per pixel, 1 = left out of the figures (still drawn, as pixelmatch draws it). */
  ignored?: Uint8Array;
  /** Draw the diff image (pixelmatch's colours, drawn-diff.ts): for a pair that may fail. */
  draw?: boolean;
  /**
   * Leave the diff and the mask where the kernel wrote them, in the kernels' memory, instead of copying them
   * out: `diff` and `mask` are then views of that memory, valid only until anything reserves it again
   * (compare.ts reads the mask for the findings and encodes the diff first).
   */
  inPlace?: boolean;
  /** Also gather the findings' sums and the mask of differing pixels (findings/figures.ts). */
  findings?: boolean;
}

export interface PixelPassResult {
  /** pixelmatch's count. */
  diffPixels: number;
  /** What accumulate() returns for the same images and mask. */
  sums: PixelSums;
  /** pixelmatch's diff image, when asked to draw. */
  diff?: DrawnDiff;
  /** With `findings`: what accumulateFindings gathered in a pass of its own before. */
  findingSums?: FindingSums;
  /** With `findings`: pixelmatch's differing pixels (the red ones of the diff), 1 = differs. */
  mask?: Uint8Array;
}
