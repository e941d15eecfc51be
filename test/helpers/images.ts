import { encodePng } from '../../src/image/png-encode.js';
import type { RgbaImage } from '../../src/image/types.js';

/** A solid RGBA image. */
export function solid(
  width: number,
  height: number,
  rgba: [number, number, number, number] = [40, 90, 200, 255],
): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set(rgba, i);
  return { width, height, data };
}

/** A copy of `image` with the pixels in the rectangle set to `rgba`. */
export function withPatch(
  image: RgbaImage,
  rect: { x: number; y: number; width: number; height: number },
  rgba: [number, number, number, number] = [255, 0, 0, 255],
): RgbaImage {
  const data = new Uint8Array(image.data);
  for (let y = rect.y; y < rect.y + rect.height; y++) {
    for (let x = rect.x; x < rect.x + rect.width; x++) data.set(rgba, (y * image.width + x) * 4);
  }
  return { width: image.width, height: image.height, data };
}

export function png(image: RgbaImage): Uint8Array {
  return encodePng(image, 4);
}
