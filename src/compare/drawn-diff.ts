/**
 * pixelmatch's diff image as a pixel pass draws it. The JavaScript pass (images with transparent pixels)
 * draws RGBA, as pixelmatch does. The kernel's pass (opaque images: every model output) draws indices into
 * DIFF_PALETTE, already laid out as a PNG's rows: a diff of opaque pixels has only these colours, and
 * drawing indices saves writing four bytes a pixel and finding the palette again before encoding it
 * (~3 ms of a 1024×1024 pair's ~50, measured on a pool of 2). Either way the PNG decodes to the same pixels.
 */
import { encodePalettePng, encodePngQuick } from '../image/png-encode.js';
import type { IgnoreRegion } from '../types/index.js';
import { hatchedPixels } from './regions.js';

export type DrawnDiff =
  /** RGBA pixels, row after row. */
  | { kind: 'rgba'; data: Uint8Array }
  /** A PNG's rows over DIFF_PALETTE: per row a filter byte (0), then one index per pixel. */
  | { kind: 'indexed'; rows: Uint8Array };

// What wasm/pass.ts draws: the faded greys of opaque pixels (229 to 255), red, yellow; and the ignore
// regions' hatch, drawn here.
const HATCH_RGB = [0, 110, 255];
const GREY_FIRST = 229;
const GREYS = 256 - GREY_FIRST;
const RED = GREYS;
const YELLOW = GREYS + 1;
const HATCH = GREYS + 2;

/** The palette's RGB triples, by index. */
export const DIFF_PALETTE: Uint8Array = (() => {
  const palette = new Uint8Array((GREYS + 3) * 3);
  for (let i = 0; i < GREYS; i++) palette.fill(GREY_FIRST + i, i * 3, i * 3 + 3);
  palette.set([255, 0, 0], RED * 3);
  palette.set([255, 255, 0], YELLOW * 3);
  palette.set(HATCH_RGB, HATCH * 3);
  return palette;
})();

/** The diff's RGBA pixels, whichever way it was drawn (what pixelmatch's output buffer would hold). */
export function diffRgba(diff: DrawnDiff, width: number, height: number): Uint8Array {
  if (diff.kind === 'rgba') return diff.data;
  const out = new Uint8Array(width * height * 4);
  for (let y = 0, p = 0; y < height; y++) {
    for (let x = 0, i = y * (width + 1) + 1; x < width; x++, i++, p += 4) {
      const entry = (diff.rows[i] as number) * 3;
      out[p] = DIFF_PALETTE[entry] as number;
      out[p + 1] = DIFF_PALETTE[entry + 1] as number;
      out[p + 2] = DIFF_PALETTE[entry + 2] as number;
      out[p + 3] = 255;
    }
  }
  return out;
}

/** The ignore regions hatched on the diff, in place. */
export function hatchDiff(diff: DrawnDiff, width: number, regions: readonly IgnoreRegion[]): void {
  for (const p of hatchedPixels(regions, width)) {
    if (diff.kind === 'indexed') {
      diff.rows[p + Math.floor(p / width) + 1] = HATCH;
    } else {
      diff.data.set(HATCH_RGB, p * 4);
      diff.data[p * 4 + 3] = 255;
    }
  }
}

/** The diff's PNG: a throwaway review aid, encoded as fast as it can be (png-encode.ts's quick path). */
export function encodeDrawnDiff(diff: DrawnDiff, width: number, height: number): Uint8Array {
  if (diff.kind === 'indexed') return encodePalettePng(width, height, diff.rows, DIFF_PALETTE);
  return encodePngQuick({ width, height, data: diff.data });
}
