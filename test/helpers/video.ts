import type { RgbaImage, RgbImage } from '../../src/image/types.js';

/** `count` RGB frames of a smooth gradient with a square that moves a few pixels per frame. */
export function movingSquare(count: number, width = 64, height = 48): RgbImage[] {
  return Array.from({ length: count }, (_, k) => {
    const data = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 3;
        const inSquare = x >= 4 + 2 * k && x < 16 + 2 * k && y >= 12 && y < 24;
        data[i] = inSquare ? 240 : Math.round((x * 255) / width);
        data[i + 1] = inSquare ? 40 : Math.round((y * 255) / height);
        data[i + 2] = inSquare ? 40 : 128;
      }
    }
    return { width, height, data };
  });
}

/** Mean and largest |difference| per channel between an RGB frame and a decoded RGBA one. */
export function frameDifference(expected: RgbImage, actual: RgbaImage): { mean: number; max: number } {
  let sum = 0;
  let max = 0;
  for (let p = 0, q = 0; p < expected.data.length; p += 3, q += 4) {
    for (let c = 0; c < 3; c++) {
      const d = Math.abs((expected.data[p + c] ?? 0) - (actual.data[q + c] ?? 0));
      sum += d;
      if (d > max) max = d;
    }
  }
  return { mean: sum / expected.data.length, max };
}
