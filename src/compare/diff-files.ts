/**
 * A one-off comparison of two image files, outside any suite: the same
 * comparator, metrics and gates as a run, under the default tolerance unless
 * gates are given. Bad input (a missing file, bytes that are not an image, a
 * bad gate) is a SeedsnapError with exit code 2; "they differ" is not an error.
 */
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { readImageHeader } from '../image/sniff.js';
import { SeedsnapError } from '../types/errors.js';
import type { IgnoreRegion, ImageFormat, Tolerance, TolerancePatch } from '../types/index.js';
import { writeFileAtomic } from '../util/atomic.js';
import { CompareInputError, type Comparison } from './compare.js';
import { ComparePool } from './compare-pool.js';
import { resolveTolerance } from './tolerance.js';

export interface DiffFilesOptions {
  /** The reference image (baseline side). */
  expected: string;
  actual: string;
  /** Tolerance keys as a suite writes them; with no gate among them, the default gates apply. */
  tolerance?: TolerancePatch;
  ignore?: IgnoreRegion[];
  /** Where to write the diff PNG (written whenever the sizes match, pass or fail). */
  out?: string;
  /** A comparator to compare on (default: one of its own, closed when done). */
  comparator?: ComparePool;
}

export interface DiffFileInfo {
  path: string;
  format: ImageFormat;
  width: number;
  height: number;
  bytes: number;
}

export interface DiffFilesOutcome {
  comparison: Comparison;
  tolerance: Tolerance;
  /** No gate was given: the defaults judged. */
  defaultGates: boolean;
  files: [DiffFileInfo, DiffFileInfo];
  /** The diff PNG's path, when one was written. */
  wrote?: string;
}

export async function diffImageFiles(options: DiffFilesOptions): Promise<DiffFilesOutcome> {
  // The schemas (zod) are loaded only to check something given: a bare `seedsnap diff a b` starts faster.
  const given = options.tolerance !== undefined && Object.keys(options.tolerance).length > 0;
  const schema = given || options.ignore ? await import('../suite/schema.js') : undefined;
  const patch = schema && given ? validate(schema.ToleranceSchema, options.tolerance ?? {}, 'tolerance') : {};
  const ignore = schema && options.ignore ? validate(schema.IgnoreSchema, options.ignore, 'ignore region') : undefined;
  const [expected, actual] = await Promise.all([readImageFile(options.expected), readImageFile(options.actual)]);
  const tolerance = resolveTolerance(patch);
  const comparator = options.comparator ?? new ComparePool();
  let comparison: Comparison;
  try {
    comparison = await comparator.compare({
      expected: expected.bytes,
      actual: actual.bytes,
      tolerance,
      ...(ignore ? { ignore } : {}),
      diffImage: options.out ? 'always' : 'never',
    });
  } catch (error) {
    if (!(error instanceof CompareInputError)) throw error;
    const file = error.side === 'expected' ? options.expected : options.actual;
    throw new SeedsnapError(
      'DIFF_INPUT',
      `${file}: ${error.cause instanceof Error ? error.cause.message : error.message}`,
      {
        hint: 'both files must be PNG or JPEG images',
      },
    );
  } finally {
    if (!options.comparator) await comparator.close();
  }
  const outcome: DiffFilesOutcome = {
    comparison,
    tolerance,
    defaultGates: tolerance.name === 'default',
    files: [expected.info, actual.info],
  };
  if (options.out && comparison.diff) {
    await writeFileAtomic(options.out, comparison.diff);
    outcome.wrote = options.out;
  }
  return outcome;
}

async function readImageFile(file: string): Promise<{ bytes: Uint8Array; info: DiffFileInfo }> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SeedsnapError('DIFF_INPUT', `cannot read ${file}${code ? ` (${code})` : ''}`, {
      hint: code === 'ENOENT' ? 'check the path' : 'pass a readable PNG or JPEG file',
    });
  }
  const header = readImageHeader(bytes);
  if (!header) {
    throw new SeedsnapError('DIFF_INPUT', `${file} is not a PNG or JPEG image (${bytes.byteLength} bytes)`, {
      hint: 'seedsnap diff compares PNG and JPEG files',
    });
  }
  return {
    bytes,
    info: { path: file, format: header.format, width: header.width, height: header.height, bytes: bytes.byteLength },
  };
}

function validate<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.map(String).join('.')}: ` : '';
  throw new SeedsnapError('DIFF_USAGE', `bad ${what}: ${where}${issue?.message ?? 'invalid'}`, {
    hint: 'see `seedsnap diff --help`',
  });
}
