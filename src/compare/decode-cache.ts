/**
 * The last few images a thread decoded, by their bytes: `--repeat k` compares the first output with each
 * other one, and a sweep compares its reference cell with every other cell, so the same image comes back
 * again and again. Each worker (and the calling thread, for small pairs) decodes it once and keeps the
 * pixels while it keeps coming.
 *
 * - Keyed by a hash of the bytes and by the megapixel limit they were decoded under: an image decoded
 *   under a higher limit is never handed to a caller with a lower one.
 * - Hashing costs well under a millisecond per image; decoding a 1024×1024 image costs 15–200.
 * - A few entries only (4 MB each at 1024×1024): the pool already bounds the pairs in flight.
 * - The pixels are shared: the comparator only reads them (ignore regions work on a copy, regions.ts).
 */
import { createHash } from 'node:crypto';
import { decodeImageAsync } from '../image/decode.js';
import type { RgbaImage } from '../image/types.js';

const ENTRIES = 4;

export interface DecodeCacheStats {
  /** Images decoded. */
  decoded: number;
  /** Images served from the cache instead. */
  reused: number;
}

const cache = new Map<string, Promise<RgbaImage>>();
const stats: DecodeCacheStats = { decoded: 0, reused: 0 };

/** decodeImageAsync, remembering the last few images this thread decoded. Rejects as decodeImageAsync does. */
export function decodeCached(bytes: Uint8Array, options: { maxMegapixels?: number }): Promise<RgbaImage> {
  const key = `${options.maxMegapixels ?? ''}:${bytes.byteLength}:${createHash('sha1').update(bytes).digest('base64')}`;
  const hit = cache.get(key);
  if (hit) {
    // Most recently used goes last: the Map's order is the eviction order.
    cache.delete(key);
    cache.set(key, hit);
    stats.reused++;
    return hit;
  }
  stats.decoded++;
  const decoding = decodeImageAsync(bytes, options);
  cache.set(key, decoding);
  // A failed decode is not remembered: its error is told once per comparison, freshly.
  decoding.catch(() => cache.delete(key));
  while (cache.size > ENTRIES) cache.delete(cache.keys().next().value as string);
  return decoding;
}

/** How often this thread decoded and reused images (for tests and the bench). */
export function decodeCacheStats(): DecodeCacheStats {
  return { ...stats };
}
