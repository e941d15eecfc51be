import jpeg from 'jpeg-js';
import type { RgbImage } from './types.js';

/** Encode RGB pixels as baseline JPEG (pure JavaScript, so the same bytes on any machine). */
export function encodeJpeg(image: RgbImage, quality = 90): Uint8Array {
  const { width, height, data } = image;
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < data.length; i += 3, j += 4) {
    rgba[j] = data[i] ?? 0;
    rgba[j + 1] = data[i + 1] ?? 0;
    rgba[j + 2] = data[i + 2] ?? 0;
    rgba[j + 3] = 255;
  }
  const encoded = jpeg.encode({ width, height, data: rgba }, quality);
  return new Uint8Array(encoded.data.buffer, encoded.data.byteOffset, encoded.data.byteLength);
}
