/**
 * `seedsnap compare`'s first pairs, sent to the compare workers before the two results.json are checked
 * against their schema. Loading the schema library and its first check keep the main thread ~70 ms, and the
 * workers, started first, would wait for them with nothing to do.
 *
 * The pairs are the ones pairCases makes of the unchecked files (when it can: else no head start), their
 * images found as any other (realPathsInside: no symlink out of a run folder) and only read; nothing is
 * written or shown from an unchecked file. A comparison started here is used only by the pair the checked
 * files make of the very same two image files (take), with the very same comparison (the caller's compare).
 */
import { readFile } from 'node:fs/promises';
import type { Comparison } from '../compare/compare.js';
import type { CaseResult } from '../types/index.js';
import { bytesOf } from '../util/safe-path.js';
import { pairCases } from './pairing.js';

export interface HeadStartOptions {
  /** Both results.json values, parsed as JSON only. */
  a: unknown;
  b: unknown;
  /** How many pairs to start: enough to keep every worker busy. */
  count: number;
  /** Each side's real path of an image (realPathsInside of its run folder). */
  realPath: Record<'a' | 'b', (relative: string) => Promise<string>>;
  compare: (expected: Uint8Array, actual: Uint8Array) => Promise<Comparison>;
}

export interface HeadStart {
  /** The comparison started for these two image files, if any; each is taken once. */
  take(realA: string, realB: string): Promise<Comparison> | undefined;
}

const key = (realA: string, realB: string) => `${realA}\0${realB}`;

/** The first image of each side of the first `count` pairs, as the unchecked files pair them. */
function guess(options: HeadStartOptions): [string, string][] {
  try {
    const cases = (value: unknown) => (value as { cases: CaseResult[] }).cases;
    const first = (c: CaseResult | undefined) => c?.images.find((i) => i.index === 0)?.actual;
    return pairCases(cases(options.a), cases(options.b))
      .map(([a, b]): [unknown, unknown] => [first(a), first(b)])
      .filter((files): files is [string, string] => files.every((f) => typeof f === 'string'))
      .slice(0, options.count);
  } catch {
    // A file the schema will refuse: it gets no head start, and the check says what is wrong with it.
    return [];
  }
}

/** Start comparing; settles once the started pairs are sent (their bytes read). */
export async function headStart(options: HeadStartOptions): Promise<HeadStart> {
  const started = new Map<string, Promise<Comparison>>();
  await Promise.all(
    guess(options).map(async ([a, b]) => {
      try {
        const [realA, realB] = await Promise.all([options.realPath.a(a), options.realPath.b(b)]);
        const [expected, actual] = await Promise.all([readFile(realA), readFile(realB)]);
        const comparison = options.compare(bytesOf(expected), bytesOf(actual));
        // Not awaited here: a failure is reported by the pair that takes it, or by nobody for a wrong guess.
        comparison.catch(() => undefined);
        started.set(key(realA, realB), comparison);
      } catch {
        // An image that cannot be found or read is the checked pair's to report.
      }
    }),
  );
  return {
    take(realA, realB) {
      const comparison = started.get(key(realA, realB));
      started.delete(key(realA, realB));
      return comparison;
    },
  };
}
