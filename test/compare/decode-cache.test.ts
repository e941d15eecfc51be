/**
 * Issue 15 goal 7: --repeat and sweeps compare one image with many; the comparator decodes it once per
 * thread, not once per pair, and the figures are the same as decoding afresh.
 */
import { describe, expect, it } from 'vitest';
import { CompareInputError, compareImages } from '../../src/compare/compare.js';
import { ComparePool } from '../../src/compare/compare-pool.js';
import { CACHE_BYTES, decodeCached, decodeCacheStats } from '../../src/compare/decode-cache.js';
import { measureSpread } from '../../src/compare/repeat.js';
import { encodePng } from '../../src/image/png-encode.js';
import { LocalModel } from '../../src/providers/local/provider.js';
import type { Generation } from '../../src/types/index.js';

const tolerance = { threshold: 0, include_aa: true, max_diff_pixels: 0 };

/** One output of the built-in model; `jitterSeed` draws a different ±3-level jitter, as a GPU's nondeterminism would. */
function generation(revision: number, seed: number, jitterSeed?: number): Generation {
  const model = jitterSeed === undefined ? { revision, jitter: 0 } : { revision, jitter: 3, jitterSeed };
  const images = new LocalModel(model).generate({
    model: 'sim-dev',
    prompt: 'a harbour at dawn, fishing boats',
    seed,
    width: 96,
    height: 96,
    steps: 28,
    output_format: 'png',
  });
  return { images: images.map((i) => ({ bytes: i.bytes, format: 'png' as const })) } as unknown as Generation;
}

describe('decoding once per thread', () => {
  it('--repeat decodes the first output once to keep for all its comparisons, with the figures of a fresh decode', async () => {
    const pool = new ComparePool({ threads: 0 });
    try {
      const first = generation(1, 5);
      const others = [11, 12, 13, 14].map((jitterSeed) => generation(1, 5, jitterSeed));
      const before = decodeCacheStats();
      const spread = await measureSpread([first, ...others], { tolerance, comparator: pool });
      const after = decodeCacheStats();
      // Four pairs: the first image twice (into the kernels' memory for the first pair, as a run's images
      // are, and then to be kept), each other image once — not eight decodes.
      expect(after.decoded - before.decoded).toBe(6);
      expect(after.reused - before.reused).toBe(2);
      const fresh = others.map((g) =>
        compareImages({
          expected: first.images[0]?.bytes ?? new Uint8Array(),
          actual: g.images[0]?.bytes ?? new Uint8Array(),
          tolerance,
        }),
      );
      expect(spread.maxDiffPixels).toBe(Math.max(...fresh.map((c) => c.metrics.diffPixels)));
      expect(spread.maxDiffPixels).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
  });

  it('never hands an image decoded under a higher megapixel limit to a caller with a lower one', async () => {
    const pool = new ComparePool({ threads: 0 });
    try {
      const [a, b] = [generation(1, 9), generation(2, 9)].map((g) => g.images[0]?.bytes ?? new Uint8Array());
      expect((await pool.compare({ expected: a as Uint8Array, actual: b as Uint8Array, tolerance })).match).toBe(false);
      const refused = await pool
        .compare({ expected: a as Uint8Array, actual: b as Uint8Array, tolerance, maxMegapixels: 0.001 })
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(CompareInputError);
      expect(String(refused)).toMatch(/over the 0.001 MP limit/);
    } finally {
      await pool.close();
    }
  });

  it('keeps no image larger than its bound: a 64-megapixel image would be 256 MB in every worker', async () => {
    const side = Math.ceil(Math.sqrt(CACHE_BYTES / 4)) + 8;
    const big = encodePng({ width: side, height: side, data: new Uint8Array(side * side * 3).fill(90) }, 3);
    const small = generation(1, 3).images[0]?.bytes ?? new Uint8Array();
    const before = decodeCacheStats();
    await decodeCached(small, {});
    for (let i = 0; i < 2; i++) expect((await decodeCached(big, {})).width).toBe(side);
    await decodeCached(small, {});
    const after = decodeCacheStats();
    // The large image twice (not kept), the small one once (kept, not pushed out by the large one).
    expect(after.decoded - before.decoded).toBe(3);
    expect(after.reused - before.reused).toBe(1);
  });
});
