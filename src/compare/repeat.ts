/**
 * `--repeat k`: the same request k times. Diffusion outputs are not always
 * bit-stable (GPU kernels, batch sizes), so "same seed, same image" is
 * measured: each repetition is compared with the first under the case's
 * tolerance, on the comparator's workers, and a case whose outputs disagree is
 * `flaky`.
 */
import type { Generation, RepeatSpread, Tolerance } from '../types/index.js';
import { sha256 } from '../util/hash.js';
import type { ComparePool } from './compare-pool.js';

export interface SpreadOptions {
  tolerance: Tolerance;
  comparator: ComparePool;
  maxMegapixels?: number;
}

export async function measureSpread(generations: readonly Generation[], options: SpreadOptions): Promise<RepeatSpread> {
  const first = generations[0];
  const spread: RepeatSpread = {
    count: generations.length,
    distinct: 1,
    maxDiffPixels: 0,
    maxDiffRatio: 0,
    stable: true,
  };
  if (!first) return spread;
  // Distinct outputs per image position (n > 1 gives several positions); the largest count is reported.
  const hashes = first.images.map(() => new Set<string>());
  for (const generation of generations) {
    for (const [index, image] of generation.images.entries()) hashes[index]?.add(sha256(image.bytes));
    if (generation.images.length !== first.images.length) spread.stable = false;
  }
  spread.distinct = Math.max(1, ...hashes.map((set) => set.size));
  const pairs = generations.slice(1).flatMap((generation) =>
    first.images.flatMap((image, index) => {
      const other = generation.images[index];
      return other ? [{ expected: image.bytes, actual: other.bytes }] : [];
    }),
  );
  await Promise.all(
    pairs.map(async (pair) => {
      try {
        const comparison = await options.comparator.compare({
          ...pair,
          tolerance: options.tolerance,
          diffImage: 'never',
          ...(options.maxMegapixels === undefined ? {} : { maxMegapixels: options.maxMegapixels }),
        });
        spread.maxDiffPixels = Math.max(spread.maxDiffPixels, comparison.metrics.diffPixels);
        spread.maxDiffRatio = Math.max(spread.maxDiffRatio, comparison.metrics.diffRatio);
        if (!comparison.match) spread.stable = false;
      } catch {
        spread.stable = false;
      }
    }),
  );
  return spread;
}
