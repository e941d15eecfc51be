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
 * - An image decoded into the kernels' memory (placed-pair.ts) cannot be kept: its pixels are gone with
 *   the next pair. Its key is remembered instead, and the second time it comes it is decoded to be kept.
 *   A run's images come once each, and then nothing is copied out of the kernels' memory or kept at all;
 *   `--repeat` decodes its first output twice per thread instead of once.
 */
import { createHash } from 'node:crypto';
import { decodeImage, decodeImageAsync, decodeJpegInto, decodeJpegSamples } from '../image/decode.js';
import type { DecodedSamples } from '../image/native-decode.js';
import { readImageHeader } from '../image/sniff.js';
import type { PixelPlace, RgbaImage } from '../image/types.js';
import { wasmKernels } from '../util/wasm-kernels.js';
import { placesForPair } from './placed-pair.js';

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
/** Keys of the last images decoded in place (most recent last). */
const placed = new Set<string>();
const PLACED_KEYS = 16;
const stats: DecodeCacheStats = { decoded: 0, reused: 0 };

/**
 * Both images of a pair decoded into the kernels' memory (placed-pair.ts), synchronously, when this thread
 * has not seen either lately and there are places for them; undefined otherwise. Nothing is kept, but the
 * keys are remembered: when an image comes back, its pair is decoded to be kept (decodePairKept). Either
 * both images go into their places or neither: an image decoded to be kept passes through that memory, and
 * a JPEG libjpeg-turbo refuses leaves its pair to decodePairKept (libvips decodes that file, as it would
 * anywhere else). The caller must run the pass before anything else reserves the memory: no await in between.
 */
export function decodeInPlace(
  pair: { expected: Uint8Array; actual: Uint8Array; ignore?: readonly unknown[] },
  options: { maxMegapixels?: number },
): [PromiseSettledResult<RgbaImage>, PromiseSettledResult<RgbaImage>] | undefined {
  const places = placesForPair({ ...pair, ...options });
  const keys = places && unseenKeys(pair, options);
  if (!places || !keys) return undefined;
  const expected = settle(() => decodeIntoPlace(pair.expected, places.expected, options));
  const actual = settle(() => decodeIntoPlace(pair.actual, places.actual, options));
  const refused = (side: PromiseSettledResult<RgbaImage | undefined>) => side.status === 'fulfilled' && !side.value;
  if (refused(expected) || refused(actual)) return undefined;
  remember(keys);
  return [expected, actual] as [PromiseSettledResult<RgbaImage>, PromiseSettledResult<RgbaImage>];
}

/** An image into its place: a PNG as decodeImage decodes it, a JPEG by libjpeg-turbo (undefined if refused). */
function decodeIntoPlace(bytes: Uint8Array, place: PixelPlace, options: { maxMegapixels?: number }) {
  if (readImageHeader(bytes)?.format === 'jpeg') return decodeJpegInto(bytes, place, options);
  return decodeImage(bytes, { ...options, place });
}

/**
 * Both JPEGs of a pair as libvips's RGB samples, for placeSamples (placed-pair.ts), when this thread has not
 * seen either lately, nothing is ignored and the kernels are here; undefined otherwise. Like decodeInPlace,
 * nothing is kept and the keys are remembered. A sample that comes back undefined (libvips gives other
 * than RGB, or is not here) leaves the pair to decodePairKept.
 */
export async function decodeJpegPair(
  pair: { expected: Uint8Array; actual: Uint8Array; ignore?: readonly unknown[] },
  options: { maxMegapixels?: number },
): Promise<
  [PromiseSettledResult<DecodedSamples | undefined>, PromiseSettledResult<DecodedSamples | undefined>] | undefined
> {
  if ((pair.ignore && pair.ignore.length > 0) || !wasmKernels()) return undefined;
  const headers = [readImageHeader(pair.expected), readImageHeader(pair.actual)];
  if (headers.some((header) => header?.format !== 'jpeg')) return undefined;
  const keys = unseenKeys(pair, options);
  if (!keys) return undefined;
  remember(keys);
  return Promise.allSettled([decodeJpegSamples(pair.expected, options), decodeJpegSamples(pair.actual, options)]);
}

/** Both images' keys when this thread has seen neither lately (neither kept nor decoded in place). */
function unseenKeys(pair: { expected: Uint8Array; actual: Uint8Array }, options: { maxMegapixels?: number }) {
  const keys = [keyOf(pair.expected, options), keyOf(pair.actual, options)];
  return keys.some((key) => cache.has(key) || placed.has(key)) ? undefined : keys;
}

/**
 * Both images count as decoded now without being kept, and their keys are remembered: the next time one
 * comes, its pair is decoded to be kept.
 */
function remember(keys: string[]): void {
  for (const key of keys) placed.add(key);
  for (const key of placed) if (placed.size > PLACED_KEYS) placed.delete(key);
  stats.decoded += 2;
}

/** Both images of a pair, as decodeCached gives them. */
export function decodePairKept(
  pair: { expected: Uint8Array; actual: Uint8Array },
  options: { maxMegapixels?: number },
): [Promise<RgbaImage>, Promise<RgbaImage>] {
  const keys = [keyOf(pair.expected, options), keyOf(pair.actual, options)] as const;
  for (const key of keys) placed.delete(key);
  return [decodeKept(pair.expected, options, keys[0]), decodeKept(pair.actual, options, keys[1])];
}

function settle<T>(decode: () => T): PromiseSettledResult<T> {
  try {
    return { status: 'fulfilled', value: decode() };
  } catch (reason) {
    return { status: 'rejected', reason };
  }
}

function keyOf(bytes: Uint8Array, options: { maxMegapixels?: number }): string {
  return `${options.maxMegapixels ?? ''}:${bytes.byteLength}:${createHash('sha1').update(bytes).digest('base64')}`;
}

/** decodeImageAsync, remembering the last few images this thread decoded. Rejects as decodeImageAsync does. */
export function decodeCached(bytes: Uint8Array, options: { maxMegapixels?: number }): Promise<RgbaImage> {
  return decodeKept(bytes, options, keyOf(bytes, options));
}

function decodeKept(bytes: Uint8Array, options: { maxMegapixels?: number }, key: string): Promise<RgbaImage> {
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
