/** Decoded pixels: 8-bit RGBA, row-major, no padding (what pixelmatch takes). */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Decoded pixels without alpha, as the built-in model renders them. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * Where in the WebAssembly kernels' memory a decoder may put an image's RGBA pixels (`at`, width × height × 4
 * bytes) instead of a new array, using `scratch` (`scratchBytes` long) on the way: the comparator reserves
 * both for a pair (compare/placed-pair.ts). The image's `data` is then a view of that memory, valid only
 * until the memory is reserved again.
 */
export interface PixelPlace {
  memory: WebAssembly.Memory;
  at: number;
  bytes: number;
  scratch: number;
  scratchBytes: number;
  /** Set by the decoder when it put the pixels there from a source without alpha: every alpha is 255. */
  opaque?: boolean;
}
