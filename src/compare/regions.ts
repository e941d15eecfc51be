/**
 * Ignore regions: rectangles (a watermark, a timestamp) left out of every
 * metric, and drawn hatched on the diff image so a reviewer sees what was not
 * compared. Regions may overlap and may reach past the image; they are clipped.
 */
import type { IgnoreRegion } from '../types/index.js';

/** The part of a region inside a width × height image, or undefined when none is. */
export function clipRegion(region: IgnoreRegion, width: number, height: number): IgnoreRegion | undefined {
  const x0 = Math.max(0, region.x);
  const y0 = Math.max(0, region.y);
  const x1 = Math.min(width, region.x + region.width);
  const y1 = Math.min(height, region.y + region.height);
  if (x1 <= x0 || y1 <= y0) return undefined;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

export interface IgnoreMask {
  /** One entry per pixel, 1 where the pixel is ignored. */
  mask: Uint8Array;
  /** Ignored pixels (overlaps counted once). */
  count: number;
  /** The regions clipped to the image. */
  regions: IgnoreRegion[];
}

/** The pixel mask of the regions, or undefined when none of them covers a pixel of the image. */
export function ignoreMask(regions: readonly IgnoreRegion[], width: number, height: number): IgnoreMask | undefined {
  const clipped = regions.map((r) => clipRegion(r, width, height)).filter((r) => r !== undefined);
  if (clipped.length === 0) return undefined;
  const mask = new Uint8Array(width * height);
  for (const r of clipped) {
    for (let y = r.y; y < r.y + r.height; y++) mask.fill(1, y * width + r.x, y * width + r.x + r.width);
  }
  let count = 0;
  for (let p = 0; p < mask.length; p++) count += mask[p] as number;
  return { mask, count, regions: clipped };
}

/** How many pixels of a width × height image the regions cover, without building a mask when they do not overlap. */
export function ignoredPixelCount(regions: readonly IgnoreRegion[], width: number, height: number): number {
  const clipped = regions.map((r) => clipRegion(r, width, height)).filter((r) => r !== undefined);
  if (clipped.length === 0) return 0;
  if (clipped.length === 1) return (clipped[0] as IgnoreRegion).width * (clipped[0] as IgnoreRegion).height;
  return ignoreMask(clipped, width, height)?.count ?? 0;
}

/** A copy of `actual` holding `expected`'s pixels where the mask is set, so pixelmatch finds no difference there. */
export function maskedCopy(expected: Uint8Array, actual: Uint8Array, ignore: IgnoreMask, width: number): Uint8Array {
  const copy = new Uint8Array(actual);
  for (const r of ignore.regions) {
    for (let y = r.y; y < r.y + r.height; y++) {
      const start = (y * width + r.x) * 4;
      copy.set(expected.subarray(start, start + r.width * 4), start);
    }
  }
  return copy;
}

const HATCH_PERIOD = 8;

/** The pixels (y · width + x) a hatch of each region covers: a solid border and diagonal stripes. */
export function* hatchedPixels(regions: readonly IgnoreRegion[], width: number): Generator<number> {
  for (const r of regions) {
    for (let y = r.y; y < r.y + r.height; y++) {
      const edgeY = y === r.y || y === r.y + r.height - 1;
      for (let x = r.x; x < r.x + r.width; x++) {
        const edge = edgeY || x === r.x || x === r.x + r.width - 1;
        if (edge || (x + y) % HATCH_PERIOD <= 1) yield y * width + x;
      }
    }
  }
}
