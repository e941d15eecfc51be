/**
 * The last few images a thread decoded, by their bytes: `--repeat k` compares the first output with each
 * other one, and a sweep compares its reference cell with every other cell, so the same image comes back
 * again and again. Each worker (and the calling thread, for small pairs) decodes it once and keeps the
 * pixels while it keeps coming.
 *
 * - Keyed by a hash of the bytes and by the megapixel limit they were decoded under: an image decoded
 *   under a higher limit is never handed to a caller with a lower one.
 * - Hashing costs well under a millisecond per image; decoding a 1024×1024 image costs 15–200.
 * - A few entries, and at most CACHE_BYTES of pixels per thread (an image larger than that is not kept):
 *   a 64-megapixel image is 256 MB of RGBA, and every worker has its own cache.
 * - The pixels are shared: the comparator only reads them (ignore regions work on a copy, regions.ts).
 */
import { createHash } from 'node:crypto';
import { decodeImageAsync } from '../image/decode.js';
import type { RgbaImage } from '../image/types.js';

const ENTRIES = 4;
/** Pixels kept per thread, at most: four 1024×1024 images fit, with room. */
export const CACHE_BYTES = 64 * 1024 * 1024;

export interface DecodeCacheStats {
  /** Images decoded. */
  decoded: number;
  /** Images served from the cache instead. */
  reused: number;
}

interface Entry {
  image: Promise<RgbaImage>;
  /** Bytes of RGBA once decoded; 0 while decoding. */
  bytes: number;
}

const cache = new Map<string, Entry>();
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
    return hit.image;
  }
  stats.decoded++;
  const entry: Entry = { image: decodeImageAsync(bytes, options), bytes: 0 };
  cache.set(key, entry);
  entry.image.then(
    (image) => {
      entry.bytes = image.data.byteLength;
      // Too large to keep at all: dropped alone, rather than pushing out every smaller image.
      if (entry.bytes > CACHE_BYTES) forget(key, entry);
      else evict();
    },
    // A failed decode is not remembered: its error is told once per comparison, freshly.
    () => forget(key, entry),
  );
  evict();
  return entry.image;
}

function forget(key: string, entry: Entry): void {
  if (cache.get(key) === entry) cache.delete(key);
}

/** Oldest first, until at most ENTRIES entries and CACHE_BYTES of pixels remain. */
function evict(): void {
  let total = 0;
  for (const entry of cache.values()) total += entry.bytes;
  for (const [key, entry] of cache) {
    if (cache.size <= ENTRIES && total <= CACHE_BYTES) break;
    cache.delete(key);
    total -= entry.bytes;
  }
}

/** How often this thread decoded and reused images (for tests and the bench). */
export function decodeCacheStats(): DecodeCacheStats {
  return { ...stats };
}
