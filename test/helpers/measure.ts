/** Image statistics the built-in model's tests measure: each parameter must move one of these. */
import { decodeImage } from '../../src/image/decode.js';
import type { RgbaImage } from '../../src/image/types.js';

export function decode(bytes: Uint8Array): RgbaImage {
  return decodeImage(bytes);
}

function forEachPixel(image: RgbaImage, visit: (r: number, g: number, b: number) => void): number {
  const d = image.data;
  for (let i = 0; i < d.length; i += 4) visit(d[i] ?? 0, d[i + 1] ?? 0, d[i + 2] ?? 0);
  return d.length / 4;
}

export interface Stats {
  /** Mean of each channel, 0..255. */
  r: number;
  g: number;
  b: number;
  /** Mean Rec. 601 luma, 0..255. */
  luma: number;
  /** Standard deviation of luma: contrast. */
  contrast: number;
  /** Mean HSV saturation, 0..1. */
  saturation: number;
  /** Share of channel values at 0 or 255: clipping, "burned". */
  clipped: number;
  /** Share of pixels that are clearly red (R well above G and B). */
  red: number;
  /** Share of pixels that are clearly green. */
  green: number;
  /** Share of pixels brighter than luma 190 (lights, highlights). */
  bright: number;
}

export function stats(image: RgbaImage): Stats {
  let r = 0;
  let g = 0;
  let b = 0;
  let luma = 0;
  let luma2 = 0;
  let saturation = 0;
  let clipped = 0;
  let red = 0;
  let green = 0;
  let bright = 0;
  const n = forEachPixel(image, (pr, pg, pb) => {
    r += pr;
    g += pg;
    b += pb;
    const y = 0.299 * pr + 0.587 * pg + 0.114 * pb;
    luma += y;
    luma2 += y * y;
    const max = Math.max(pr, pg, pb);
    const min = Math.min(pr, pg, pb);
    saturation += max === 0 ? 0 : (max - min) / max;
    for (const v of [pr, pg, pb]) if (v === 0 || v === 255) clipped++;
    if (pr > pg + 60 && pr > pb + 60) red++;
    if (pg > pr + 25 && pg > pb + 15) green++;
    if (y > 190) bright++;
  });
  const meanLuma = luma / n;
  return {
    r: r / n,
    g: g / n,
    b: b / n,
    luma: meanLuma,
    contrast: Math.sqrt(Math.max(0, luma2 / n - meanLuma * meanLuma)),
    saturation: saturation / n,
    clipped: clipped / (3 * n),
    red: red / n,
    green: green / n,
    bright: bright / n,
  };
}

/** Root mean square difference of two same-size images, in 8-bit levels. */
export function rmsDiff(a: RgbaImage, b: RgbaImage): number {
  if (a.width !== b.width || a.height !== b.height) throw new Error('rmsDiff: sizes differ');
  let sum = 0;
  let n = 0;
  for (let i = 0; i < a.data.length; i++) {
    if (i % 4 === 3) continue;
    const d = (a.data[i] ?? 0) - (b.data[i] ?? 0);
    sum += d * d;
    n++;
  }
  return Math.sqrt(sum / n);
}

/** Largest absolute channel difference of two same-size images. */
export function maxDiff(a: RgbaImage, b: RgbaImage): number {
  let max = 0;
  for (let i = 0; i < a.data.length; i++) max = Math.max(max, Math.abs((a.data[i] ?? 0) - (b.data[i] ?? 0)));
  return max;
}

/** Mean absolute difference between horizontal neighbours: how much fine detail and edge there is. */
export function edgeEnergy(image: RgbaImage): number {
  const { width: w, height: h, data } = image;
  let sum = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 1; x < w; x++) {
      const i = (y * w + x) * 4;
      for (let c = 0; c < 3; c++) sum += Math.abs((data[i + c] ?? 0) - (data[i + c - 4] ?? 0));
    }
  }
  return sum / (h * (w - 1) * 3);
}
