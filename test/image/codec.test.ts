import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { decodeImage, ImageDecodeError } from '../../src/image/decode.js';
import { encodeJpeg } from '../../src/image/jpeg-encode.js';
import { encodePng } from '../../src/image/png-encode.js';
import { readImageHeader } from '../../src/image/sniff.js';

function gradient(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set([x * 7, y * 5, (x * y) & 255], (y * width + x) * 3);
  }
  return data;
}

describe('image codecs', () => {
  it('encodes PNG that pngjs decodes to the same pixels', () => {
    const rgb = gradient(37, 21);
    const bytes = encodePng({ width: 37, height: 21, data: rgb }, 3);
    const decoded = PNG.sync.read(Buffer.from(bytes));
    expect([decoded.width, decoded.height]).toEqual([37, 21]);
    for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
      expect([decoded.data[j], decoded.data[j + 1], decoded.data[j + 2], decoded.data[j + 3]]).toEqual([
        rgb[i],
        rgb[i + 1],
        rgb[i + 2],
        255,
      ]);
    }
  });

  it('encodes the same bytes every time (no clock, no platform zlib)', () => {
    const image = { width: 64, height: 64, data: gradient(64, 64) };
    expect(Buffer.from(encodePng(image, 3)).equals(Buffer.from(encodePng(image, 3)))).toBe(true);
    expect(Buffer.from(encodeJpeg(image)).equals(Buffer.from(encodeJpeg(image)))).toBe(true);
  });

  it('reads sizes from PNG and JPEG headers', () => {
    const rgb = { width: 40, height: 24, data: gradient(40, 24) };
    expect(readImageHeader(encodePng(rgb, 3))).toEqual({ format: 'png', width: 40, height: 24 });
    expect(readImageHeader(encodeJpeg(rgb))).toEqual({ format: 'jpeg', width: 40, height: 24 });
  });

  it('decodes JPEG to RGBA close to the source', () => {
    const rgb = { width: 16, height: 16, data: new Uint8Array(16 * 16 * 3).fill(120) };
    const decoded = decodeImage(encodeJpeg(rgb, 95));
    expect(decoded.data.length).toBe(16 * 16 * 4);
    expect(Math.abs((decoded.data[0] ?? 0) - 120)).toBeLessThanOrEqual(2);
  });

  it('refuses an image whose header claims too many pixels, before decoding', () => {
    const header = encodePng({ width: 8, height: 8, data: new Uint8Array(8 * 8 * 3) }, 3);
    const forged = new Uint8Array(header);
    new DataView(forged.buffer).setUint32(16, 100_000);
    new DataView(forged.buffer).setUint32(20, 100_000);
    expect(() => decodeImage(forged)).toThrow(/100000×100000 .* over the 64 MP limit/);
    const bigJpeg = jpeg.encode({ width: 64, height: 64, data: new Uint8Array(64 * 64 * 4) }, 50).data;
    expect(() => decodeImage(bigJpeg, { maxMegapixels: 0.001 })).toThrow(ImageDecodeError);
  });

  it('explains bytes that are not an image', () => {
    expect(() => decodeImage(new TextEncoder().encode('{"error":"x"}'))).toThrow(
      /not a PNG or JPEG image \(13 bytes, starting 7b226572726f7222\)/,
    );
    const truncated = encodePng({ width: 32, height: 32, data: gradient(32, 32) }, 3).subarray(0, 60);
    expect(() => decodeImage(truncated)).toThrow(/png image data is cut short: the file is truncated/);
  });
});
