import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { encodeJpeg } from '../../src/image/jpeg-encode.js';
import type { RgbImage } from '../../src/image/types.js';

/** jpeg-js's own encoder, the reference our fast one must match byte for byte. */
function reference(image: RgbImage, quality: number): Uint8Array {
  const rgba = new Uint8Array(image.width * image.height * 4);
  for (let i = 0, j = 0; i < image.data.length; i += 3, j += 4) {
    rgba.set(image.data.subarray(i, i + 3), j);
    rgba[j + 3] = 255;
  }
  return new Uint8Array(jpeg.encode({ width: image.width, height: image.height, data: rgba }, quality).data);
}

function images(): RgbImage[] {
  let state = 12345;
  const random = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state >>> 24;
  };
  const out: RgbImage[] = [];
  for (const [width, height] of [
    [1, 1],
    [7, 5],
    [8, 8],
    [17, 33],
    [64, 40],
    [100, 3],
  ] as const) {
    const size = width * height * 3;
    out.push({ width, height, data: Uint8Array.from({ length: size }, random) });
    out.push({ width, height, data: Uint8Array.from({ length: size }, (_, i) => (i * 7) % 256) });
    out.push({ width, height, data: new Uint8Array(size).fill(255) });
    out.push({ width, height, data: new Uint8Array(size) });
  }
  return out;
}

describe('encodeJpeg', () => {
  it('writes the very bytes jpeg-js writes, at every quality, for odd sizes, noise, flats and extremes', () => {
    let compared = 0;
    for (const quality of [1, 10, 50, 75, 90, 100]) {
      for (const image of images()) {
        const label = `${image.width}×${image.height} q${quality}`;
        expect(Buffer.from(encodeJpeg(image, quality)).equals(Buffer.from(reference(image, quality))), label).toBe(
          true,
        );
        compared++;
      }
    }
    expect(compared).toBe(144);
  });
});
