/**
 * RGB samples to opaque RGBA pixels, four at a time: a JPEG libvips decoded (three samples a pixel),
 * put where the comparator's pass reads it (src/compare/placed-pair.ts). `rgb` must be followed by 4
 * readable bytes: the last four pixels are read as 16 bytes.
 */

// Bytes 0–2, 3–5, 6–8, 9–11 of the samples into the low three bytes of each 32-bit lane.
const SPREAD = i8x16(0, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8, -1, 9, 10, 11, -1);
const ALPHA = i32x4.splat(<i32>0xff000000);

export function rgbToRgba(rgb: usize, count: i32, rgba: usize): void {
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const samples = v128.load(rgb + <usize>(i * 3));
    v128.store(rgba + (<usize>i << 2), v128.or(i8x16.swizzle(samples, SPREAD), ALPHA));
  }
  for (; i < count; i++) {
    const at = rgb + <usize>(i * 3);
    const word = <u32>load<u8>(at) | (<u32>load<u8>(at, 1) << 8) | (<u32>load<u8>(at, 2) << 16) | 0xff000000;
    store<u32>(rgba + (<usize>i << 2), word);
  }
}
