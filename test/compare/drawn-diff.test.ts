/**
 * The diff as the kernel draws it, palette indices over DIFF_PALETTE, against pixelmatch's RGBA: the palette
 * holds every colour the kernel can draw (the grey of every opaque colour, red, yellow), the ignore regions'
 * hatch lands on the same pixels either way, and the PNG decodes to pixelmatch's pixels.
 */
import pixelmatch from 'pixelmatch';
import { describe, expect, it } from 'vitest';
import { encodeDiff } from '../../src/compare/compare.js';
import { DIFF_PALETTE, type DrawnDiff, diffRgba, encodeDrawnDiff, hatchDiff } from '../../src/compare/drawn-diff.js';
import { pixelPass } from '../../src/compare/pixel-pass.js';
import { decodeImage } from '../../src/image/decode.js';
import type { RgbaImage } from '../../src/image/types.js';
import { solid, withPatch } from '../helpers/images.js';

function drawn(expected: RgbaImage, actual: RgbaImage): DrawnDiff {
  const pass = pixelPass(expected, actual, { threshold: 0.1, draw: true });
  if (!pass.diff) throw new Error('the pass should draw');
  return pass.diff;
}

function pixelmatchDiff(expected: RgbaImage, actual: RgbaImage): Uint8Array {
  const out = new Uint8Array(expected.data.length);
  pixelmatch(expected.data, actual.data, out, expected.width, expected.height, { threshold: 0.1 });
  return out;
}

describe('the drawn diff', () => {
  it('is drawn as palette indices by the kernel, black and white at the ends of the greys', () => {
    for (const level of [0, 255]) {
      const image = solid(9, 5, [level, level, level, 255]);
      const diff = drawn(image, image);
      expect(diff.kind).toBe('indexed');
      if (diff.kind !== 'indexed') return;
      expect(diff.rows.length).toBe(10 * 5);
      // Every row starts with filter byte 0; every pixel is the one grey: first (229) or last (255).
      const index = level === 0 ? 0 : 26;
      for (let y = 0; y < 5; y++) {
        expect(diff.rows[y * 10]).toBe(0);
        expect([...diff.rows.subarray(y * 10 + 1, y * 10 + 10)]).toEqual(Array(9).fill(index));
      }
      expect(DIFF_PALETTE[index * 3]).toBe(level === 0 ? 229 : 255);
      expect(diffRgba(diff, 9, 5)).toEqual(pixelmatchDiff(image, image));
    }
  });

  it("draws pixelmatch's faded grey for every one of the 2^24 opaque colours", () => {
    // 16 images of 1024 × 1024, each colour once; the same on both sides, so every pixel is drawn grey.
    const side = 1024;
    const image = { width: side, height: side, data: new Uint8Array(side * side * 4) };
    for (let red = 0; red < 256; red += 16) {
      for (let p = 0; p < side * side; p++) {
        image.data[p * 4] = red + (p >> 16);
        image.data[p * 4 + 1] = (p >> 8) & 255;
        image.data[p * 4 + 2] = p & 255;
        image.data[p * 4 + 3] = 255;
      }
      const diff = drawn(image, image);
      expect(diff.kind).toBe('indexed');
      expect(Buffer.from(diffRgba(diff, side, side)).equals(pixelmatchDiff(image, image))).toBe(true);
    }
  });

  it('gives pixelmatch pixels and a PNG of them, red differences on the faded image', () => {
    const base = solid(40, 30, [90, 140, 200, 255]);
    const changed = withPatch(base, { x: 5, y: 4, width: 10, height: 6 }, [250, 20, 20, 255]);
    const diff = drawn(base, changed);
    const pixels = pixelmatchDiff(base, changed);
    expect(diffRgba(diff, 40, 30)).toEqual(pixels);
    expect([...pixels.subarray((4 * 40 + 5) * 4, (4 * 40 + 5) * 4 + 4)]).toEqual([255, 0, 0, 255]);
    const png = encodeDrawnDiff(diff, 40, 30);
    expect(decodeImage(png).data).toEqual(pixels);
    const rgba = encodeDrawnDiff({ kind: 'rgba', data: pixels }, 40, 30);
    expect(decodeImage(rgba).data).toEqual(pixels);
  });

  it('hatches ignore regions on the same pixels whether drawn as indices or as RGBA', () => {
    const base = solid(32, 24, [30, 60, 90, 255]);
    const changed = withPatch(base, { x: 20, y: 2, width: 6, height: 6 }, [200, 200, 20, 255]);
    const regions = [
      { x: 2, y: 3, width: 12, height: 10 },
      { x: 10, y: 8, width: 8, height: 14 },
    ];
    const indexed = drawn(base, changed);
    const rgba: DrawnDiff = { kind: 'rgba', data: pixelmatchDiff(base, changed) };
    hatchDiff(indexed, 32, regions);
    hatchDiff(rgba, 32, regions);
    expect(diffRgba(indexed, 32, 24)).toEqual(rgba.data);
    // The hatch's blue on a region's corner, the faded image beside it.
    expect([...rgba.data.subarray((3 * 32 + 2) * 4, (3 * 32 + 2) * 4 + 4)]).toEqual([0, 110, 255, 255]);
    expect(rgba.data[(3 * 32 + 1) * 4 + 2]).not.toBe(255);
    const passed = { expected: base.data, actual: changed.data, ignored: undefined };
    const png = encodeDiff(drawn(base, changed), { width: 32, height: 24 }, passed, regions);
    expect(decodeImage(png).data).toEqual(rgba.data);
  });
});
