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
