import pixelmatch from 'pixelmatch';
import { describe, expect, it } from 'vitest';
import {
  cellsTouching,
  changedRegions,
  localRegions,
  MAX_REGIONS,
  solidRegions,
} from '../../../src/compare/findings/regions.js';
import { solid, withPatch } from '../../helpers/images.js';
import { maskFromDiffImage } from '../../helpers/reference-findings.js';

/** A mask with the given rectangles set. */
function mask(width: number, height: number, rects: { x: number; y: number; width: number; height: number }[]) {
  const out = new Uint8Array(width * height);
  for (const r of rects) {
    for (let y = r.y; y < r.y + r.height; y++) out.fill(1, y * width + r.x, y * width + r.x + r.width);
  }
  return out;
}

describe('changed regions', () => {
  it('boxes each connected group of differing pixels, largest first, with its pixel count', () => {
    const m = mask(200, 100, [
      { x: 10, y: 10, width: 5, height: 5 },
      { x: 100, y: 40, width: 40, height: 30 },
      { x: 180, y: 90, width: 1, height: 1 },
    ]);
    expect(changedRegions({ mask: m, width: 200, height: 100 })).toEqual({
      regions: [
        { x: 100, y: 40, width: 40, height: 30, pixels: 1200 },
        { x: 10, y: 10, width: 5, height: 5, pixels: 25 },
        { x: 180, y: 90, width: 1, height: 1, pixels: 1 },
      ],
      count: 3,
    });
  });

  it('joins pixels a few apart into one region (an object pixelmatch flags only in part)', () => {
    const m = mask(100, 100, [
      { x: 20, y: 20, width: 6, height: 20 },
      { x: 30, y: 20, width: 6, height: 20 },
    ]);
    expect(changedRegions({ mask: m, width: 100, height: 100 }).regions).toEqual([
      { x: 20, y: 20, width: 16, height: 20, pixels: 240 },
    ]);
  });

  it('keeps groups far apart separate', () => {
    const m = mask(100, 100, [
      { x: 0, y: 0, width: 4, height: 4 },
      { x: 60, y: 60, width: 4, height: 4 },
    ]);
    expect(changedRegions({ mask: m, width: 100, height: 100 }).count).toBe(2);
  });

  it(`lists at most ${MAX_REGIONS} regions but counts them all`, () => {
    const rects = Array.from({ length: 20 }, (_, k) => ({
      x: (k % 5) * 40,
      y: Math.floor(k / 5) * 40,
      width: 2,
      height: 2,
    }));
    const found = changedRegions({ mask: mask(200, 160, rects), width: 200, height: 160 });
    expect(found.regions).toHaveLength(MAX_REGIONS);
    expect(found.count).toBe(20);
  });

  it('an empty mask has no regions', () => {
    expect(changedRegions({ mask: new Uint8Array(64), width: 8, height: 8 })).toEqual({ regions: [], count: 0 });
  });

  it("reads pixelmatch's diff image: red pixels are the differing ones, not the faded grey or the yellow anti-aliasing", () => {
    const base = solid(40, 30, [255, 0, 0, 255]);
    const changed = withPatch(base, { x: 5, y: 6, width: 7, height: 3 }, [0, 0, 255, 255]);
    const diff = new Uint8Array(40 * 30 * 4);
    pixelmatch(base.data, changed.data, diff, 40, 30, { threshold: 0.1 });
    const m = maskFromDiffImage({ width: 40, height: 30, data: diff });
    expect(changedRegions({ mask: m, width: 40, height: 30 }).regions).toEqual([
      { x: 5, y: 6, width: 7, height: 3, pixels: 21 },
    ]);
  });
});

describe('solid and local regions', () => {
  const patch = { x: 0, y: 0, width: 40, height: 40, pixels: 1500 };
  const edges = { x: 0, y: 0, width: 300, height: 200, pixels: 4000 };

  it('a replaced object fills its box; the edge pixels of a blur or a shift do not', () => {
    expect(solidRegions([patch, edges, { x: 0, y: 0, width: 3, height: 3, pixels: 9 }])).toEqual([patch]);
  });

  it('solid regions are local when together they cover at most half the picture', () => {
    expect(localRegions({ regions: [patch], width: 384, height: 384 })).toEqual([patch]);
    const whole = { x: 0, y: 0, width: 384, height: 384, pixels: 140000 };
    expect(localRegions({ regions: [whole], width: 384, height: 384 })).toEqual([]);
  });

  it('marks the blocks a region and the pixel around it touch', () => {
    const touched = cellsTouching({
      regions: [{ x: 16, y: 16, width: 16, height: 16, pixels: 1 }],
      width: 64,
      height: 64,
      cell: 16,
    });
    // Rows and columns 0..2 of the 4×4 blocks: the box is block (1, 1), its border pixels reach blocks 0 and 2.
    const expected = new Uint8Array(16);
    for (const y of [0, 1, 2]) for (const x of [0, 1, 2]) expected[y * 4 + x] = 1;
    expect(touched).toEqual(expected);
  });
});
