/**
 * Comparing an image with its baseline: identical bytes pass without decoding;
 * otherwise both are decoded, pixelmatch counts differing pixels, the
 * tolerance gates decide, and a failure gets a diff image.
 */
import { createHash } from 'node:crypto';
import pixelmatch from 'pixelmatch';
import { decodeImage, ImageDecodeError } from '../image/decode.js';
import { encodePng } from '../image/png-encode.js';
import type { RgbaImage } from '../image/types.js';
import type { CompareMetrics, Tolerance } from '../types.js';
import { checkGates, type GateFailure } from './gates.js';

export interface CompareInput {
  expected: Uint8Array;
  actual: Uint8Array;
  tolerance: Tolerance;
  /** Encode a diff PNG when the images do not match (default true). */
  diffImage?: boolean;
  maxMegapixels?: number;
}

export interface Comparison {
  match: boolean;
  /** Byte-identical: nothing was decoded. */
  identical: boolean;
  width: number;
  height: number;
  metrics: CompareMetrics;
  failures: GateFailure[];
  /** Why it does not match, in one line with the figures. */
  reason?: string;
  /** PNG bytes of the diff, for non-matching images of equal size. */
  diff?: Uint8Array;
}

/** Which image could not be decoded. */
export class CompareInputError extends ImageDecodeError {
  constructor(
    readonly side: 'expected' | 'actual',
    cause: ImageDecodeError,
  ) {
    super(`${side === 'expected' ? 'baseline' : 'generated'} image: ${cause.message}`, cause);
    this.name = 'CompareInputError';
  }
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.compare(a, b) === 0;
}

function decodeSide(bytes: Uint8Array, side: 'expected' | 'actual', maxMegapixels: number | undefined): RgbaImage {
  try {
    return decodeImage(bytes, maxMegapixels === undefined ? {} : { maxMegapixels });
  } catch (error) {
    if (error instanceof ImageDecodeError) throw new CompareInputError(side, error);
    throw error;
  }
}

export function compareImages(input: CompareInput): Comparison {
  if (bytesEqual(input.expected, input.actual)) {
    return {
      match: true,
      identical: true,
      width: 0,
      height: 0,
      metrics: { diffPixels: 0, diffRatio: 0 },
      failures: [],
    };
  }
  const expected = decodeSide(input.expected, 'expected', input.maxMegapixels);
  const actual = decodeSide(input.actual, 'actual', input.maxMegapixels);
  return comparePixels(expected, actual, input.tolerance, input.diffImage ?? true);
}

export function comparePixels(
  expected: RgbaImage,
  actual: RgbaImage,
  tolerance: Tolerance,
  wantDiff = true,
): Comparison {
  if (expected.width !== actual.width || expected.height !== actual.height) {
    const total = Math.max(expected.width * expected.height, actual.width * actual.height);
    return {
      match: false,
      identical: false,
      width: actual.width,
      height: actual.height,
      metrics: { diffPixels: total, diffRatio: 1 },
      failures: [],
      reason: `image size differs: baseline ${expected.width}×${expected.height}, actual ${actual.width}×${actual.height}`,
    };
  }
  const { width, height } = actual;
  const output = wantDiff ? new Uint8Array(width * height * 4) : undefined;
  const diffPixels = pixelmatch(expected.data, actual.data, output, width, height, {
    threshold: tolerance.threshold,
    includeAA: tolerance.include_aa,
  });
  const metrics: CompareMetrics = { diffPixels, diffRatio: diffPixels / (width * height) };
  const failures = checkGates(metrics, tolerance);
  const match = failures.length === 0;
  const comparison: Comparison = { match, identical: false, width, height, metrics, failures };
  if (!match) {
    comparison.reason = failures.map((f) => f.message).join('; ');
    // A low deflate level: the diff is a throwaway review aid, and level 6 costs several times more.
    if (output) comparison.diff = encodePng({ width, height, data: output }, 4, { level: 1 });
  }
  return comparison;
}
