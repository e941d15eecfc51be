/**
 * pixelmatch's per-pixel parts, ported from pixelmatch 7's index.js (ISC, © Mapbox) with its arithmetic
 * kept operation for operation, so that every floating-point result is the same: the YIQ colour distance
 * of two pixels, and the anti-aliasing detector (V. Vysniauskas, 2009) with its brightness distance. The
 * pass that calls them for every pixel is pixel-pass.ts; the detector reads neighbours as 32-bit words,
 * with the channel positions below.
 */
export const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
// Where each channel sits in a pixel read as one 32-bit word, on this machine.
export const R = LITTLE_ENDIAN ? 0 : 24;
export const G = LITTLE_ENDIAN ? 8 : 16;
export const B = LITTLE_ENDIAN ? 16 : 8;
export const A = LITTLE_ENDIAN ? 24 : 0;

/** pixelmatch's colorDelta for the pixel at byte k of both images (the caller knows they differ). */
export function colorDelta(img1: Uint8Array, img2: Uint8Array, k: number): number {
  const r1 = img1[k] as number;
  const g1 = img1[k + 1] as number;
  const b1 = img1[k + 2] as number;
  const a1 = img1[k + 3] as number;
  const r2 = img2[k] as number;
  const g2 = img2[k + 1] as number;
  const b2 = img2[k + 2] as number;
  const a2 = img2[k + 3] as number;
  let dr = r1 - r2;
  let dg = g1 - g2;
  let db = b1 - b2;
  const da = a1 - a2;
  if (a1 < 255 || a2 < 255) {
    // Blended over pixelmatch's checkerboard background.
    const rb = checker(k, 1);
    const gb = checker(k, 1.618033988749895);
    const bb = checker(k, 2.618033988749895);
    dr = (r1 * a1 - r2 * a2 - rb * da) / 255;
    dg = (g1 * a1 - g2 * a2 - gb * da) / 255;
    db = (b1 * a1 - b2 * a2 - bb * da) / 255;
  }
  const y = dr * 0.29889531 + dg * 0.58662247 + db * 0.11448223;
  const i = dr * 0.59597799 - dg * 0.2741761 - db * 0.32180189;
  const q = dr * 0.21147017 - dg * 0.52261711 + db * 0.31114694;
  const delta = 0.5053 * y * y + 0.299 * i * i + 0.1957 * q * q;
  return y > 0 ? -delta : delta;
}

/** pixelmatch's anti-aliasing detector (V. Vysniauskas, 2009) for the pixel (x1, y1) of img. */
export function antialiased(
  img: Uint8Array,
  x1: number,
  y1: number,
  width: number,
  height: number,
  a32: Uint32Array,
  b32: Uint32Array,
): boolean {
  const x0 = Math.max(x1 - 1, 0);
  const y0 = Math.max(y1 - 1, 0);
  const x2 = Math.min(x1 + 1, width - 1);
  const y2 = Math.min(y1 + 1, height - 1);
  const pos4 = (y1 * width + x1) * 4;
  const centre = a32[y1 * width + x1] as number;
  const cr = (centre >>> R) & 255;
  const cg = (centre >>> G) & 255;
  const cb = (centre >>> B) & 255;
  const ca = (centre >>> A) & 255;
  let zeroes = x1 === x0 || x1 === x2 || y1 === y0 || y1 === y2 ? 1 : 0;
  let min = 0;
  let max = 0;
  let minX = 0;
  let minY = 0;
  let maxX = 0;
  let maxY = 0;
  for (let x = x0; x <= x2; x++) {
    for (let y = y0; y <= y2; y++) {
      if (x === x1 && y === y1) continue;
      // brightnessDelta on one 32-bit load: equal words are 0 as it finds, opaque pairs its formula inline.
      const neighbour = a32[y * width + x] as number;
      let delta = 0;
      if (neighbour === centre) {
        // delta stays 0
      } else if (ca === 255 && ((neighbour >>> A) & 255) === 255) {
        const dr = cr - ((neighbour >>> R) & 255);
        const dg = cg - ((neighbour >>> G) & 255);
        const db = cb - ((neighbour >>> B) & 255);
        delta = dr * 0.29889531 + dg * 0.58662247 + db * 0.11448223;
      } else {
        delta = brightnessDelta(img, pos4, (y * width + x) * 4, cr, cg, cb, ca);
      }
      if (delta === 0) {
        zeroes++;
        if (zeroes > 2) return false;
      } else if (delta < min) {
        min = delta;
        minX = x;
        minY = y;
      } else if (delta > max) {
        max = delta;
        maxX = x;
        maxY = y;
      }
    }
  }
  if (min === 0 || max === 0) return false;
  return (
    (hasManySiblings(a32, minX, minY, width, height) && hasManySiblings(b32, minX, minY, width, height)) ||
    (hasManySiblings(a32, maxX, maxY, width, height) && hasManySiblings(b32, maxX, maxY, width, height))
  );
}

export function hasManySiblings(img: Uint32Array, x1: number, y1: number, width: number, height: number): boolean {
  const x0 = Math.max(x1 - 1, 0);
  const y0 = Math.max(y1 - 1, 0);
  const x2 = Math.min(x1 + 1, width - 1);
  const y2 = Math.min(y1 + 1, height - 1);
  const val = img[y1 * width + x1];
  let zeroes = x1 === x0 || x1 === x2 || y1 === y0 || y1 === y2 ? 1 : 0;
  for (let x = x0; x <= x2; x++) {
    for (let y = y0; y <= y2; y++) {
      if (x === x1 && y === y1) continue;
      zeroes += +(val === img[y * width + x]);
      if (zeroes > 2) return true;
    }
  }
  return false;
}

export function brightnessDelta(
  img: Uint8Array,
  k: number,
  m: number,
  r1: number,
  g1: number,
  b1: number,
  a1: number,
): number {
  const r2 = img[m] as number;
  const g2 = img[m + 1] as number;
  const b2 = img[m + 2] as number;
  const a2 = img[m + 3] as number;
  let dr = r1 - r2;
  let dg = g1 - g2;
  let db = b1 - b2;
  const da = a1 - a2;
  if (!dr && !dg && !db && !da) return 0;
  if (a1 < 255 || a2 < 255) {
    // Blended over pixelmatch's checkerboard background.
    const rb = checker(k, 1);
    const gb = checker(k, 1.618033988749895);
    const bb = checker(k, 2.618033988749895);
    dr = (r1 * a1 - r2 * a2 - rb * da) / 255;
    dg = (g1 * a1 - g2 * a2 - gb * da) / 255;
    db = (b1 * a1 - b2 * a2 - bb * da) / 255;
  }
  return dr * 0.29889531 + dg * 0.58662247 + db * 0.11448223;
}

/**
 * One channel of pixelmatch's checkerboard background at byte k, 48 or 207: each channel alternates with
 * its own period (1 for red, where (k / 1) | 0 is k itself, as pixelmatch's k % 2 reads it).
 */
function checker(k: number, period: number): number {
  return 48 + 159 * (((k / period) | 0) % 2);
}
