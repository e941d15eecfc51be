/**
 * Comparing an image with its baseline: identical bytes pass without decoding;
 * otherwise both are decoded, one pass over the pixels (pixel-pass.ts) counts
 * the differing pixels as pixelmatch does, gathers the other metrics' sums
 * (metrics.ts) and draws the diff, the one judge (judge.ts) decides under the
 * tolerance, and a diff image is encoded when asked for. Ignore regions are
 * left out of all of it.
 *
 * compareImagesAsync is what the ComparePool runs, in each worker: its JPEG
 * decoders are libjpeg-turbo, else libvips (decodeImageAsync). compareImages is the same comparison,
 * synchronous, on the JavaScript decoders: identical figures for PNG, a level
 * here and there for JPEG.
 */
import { decodeImage, ImageDecodeError } from '../image/decode.js';
import { readImageHeader } from '../image/sniff.js';
import type { RgbaImage } from '../image/types.js';
import type { Change, CompareMetrics, GateOutcome, IgnoreRegion, Tolerance } from '../types/index.js';
import { wasmKernels } from '../util/wasm-kernels.js';
import { CompareInputError } from './compare-error.js';
import { decodeInPlace, decodeJpegPair, decodePairKept } from './decode-cache.js';
import { type DrawnDiff, encodeDrawnDiff, hatchDiff } from './drawn-diff.js';
import { findingsOf, unchangedFigures } from './findings/comparator.js';
import { measureFindings } from './findings/figures.js';
import { judge } from './judge.js';
import { metricsOf, PSNR_CAP } from './metrics.js';
import { hammingDistance, phash } from './phash.js';
import { pixelPass } from './pixel-pass.js';
import { placeSamples } from './placed-pair.js';
import { ignoredPixelCount, ignoreMask, maskedCopy } from './regions.js';
import { residentPair } from './resident-pair.js';

/**
 * When to encode a diff PNG: when the images do not match (`on-fail`, the default), whenever a pixel differs
 * even within tolerance (`on-difference`: A/B reports and sweep grids show every change), `always` (even for
 * identical bytes, which are then decoded), or `never`.
 */
export type DiffImage = 'on-fail' | 'on-difference' | 'always' | 'never';

export interface CompareInput {
  expected: Uint8Array;
  actual: Uint8Array;
  tolerance: Tolerance;
  /** Rectangles left out of every metric, drawn hatched on the diff. */
  ignore?: readonly IgnoreRegion[];
  diffImage?: DiffImage;
  maxMegapixels?: number;
  /**
   * Set when `expected` and `actual` are already decoded RGBA pixels of these sizes (a video's frames,
   * decoded once per clip) rather than PNG/JPEG bytes: the same metrics and judge, no decode.
   */
  raw?: { expected: { width: number; height: number }; actual: { width: number; height: number } };
}

export interface PixelCompareOptions {
  ignore?: readonly IgnoreRegion[];
  diffImage?: DiffImage;
}

export interface Comparison {
  match: boolean;
  /** Byte-identical: nothing was decoded (the size comes from the header). */
  identical: boolean;
  /** False when the sizes differ: then only a few figures exist, and the reason says the sizes. */
  sameSize: boolean;
  width: number;
  height: number;
  metrics: CompareMetrics;
  /** The tolerance it was judged by. */
  tolerance: Tolerance;
  /** Every gate of the tolerance, judged. */
  gates: GateOutcome[];
  /** Why it does not match, in one line with the figures. */
  reason?: string;
  /** PNG bytes of the diff, for images of equal size when `diffImage` asks for one. */
  diff?: Uint8Array;
  /** What changed, principal finding first (docs/findings.md): for images of equal size that do not match. */
  findings?: Change[];
}

export { CompareInputError } from './compare-error.js';

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

function rethrowSide(side: 'expected' | 'actual', error: unknown): never {
  if (error instanceof ImageDecodeError) throw new CompareInputError(side, error);
  throw error;
}

/** compareImages with the comparator's decoders (decodeImageAsync's JPEG decoders): what every worker runs. */
export async function compareImagesAsync(input: CompareInput): Promise<Comparison> {
  const same = identicalComparison(input);
  if (same) return same;
  // Raw pixels need no decoder: the synchronous path compares them as they are.
  if (input.raw) return compareImages(input);
  const options = input.maxMegapixels === undefined ? {} : { maxMegapixels: input.maxMegapixels };
  // Both decoded before either error is told, so the baseline's is the one told first, as in compareImages.
  // An image that comes back (the first of --repeat, a sweep's reference cell) is decoded once per thread
  // to be kept (decode-cache.ts). A run's images are decoded where the kernel's pass reads them
  // (placed-pair.ts) and compared with no await in between, before another comparison on this thread can
  // take the same places: same-size PNGs and JPEGs libjpeg-turbo decodes, synchronously; without
  // libjpeg-turbo, JPEGs once libvips has given their samples.
  const placedPngs = decodeInPlace(input, options);
  if (placedPngs) return compareSettled(placedPngs, input);
  const samples = await decodeJpegPair(input, options);
  if (samples) {
    const [expected, actual] = samples;
    if (expected.status === 'rejected') rethrowSide('expected', expected.reason);
    if (actual.status === 'rejected') rethrowSide('actual', actual.reason);
    if (expected.value && actual.value) {
      const [e, a] = placeSamples([expected.value, actual.value]);
      return comparePixels(e, a, input.tolerance, pixelOptions(input));
    }
  }
  return compareSettled(await Promise.allSettled(decodePairKept(input, options)), input);
}

/** The comparison of two decoded images, or the first decoding error, the baseline's before the other's. */
function compareSettled(
  [expected, actual]: [PromiseSettledResult<RgbaImage>, PromiseSettledResult<RgbaImage>],
  input: CompareInput,
): Comparison {
  if (expected.status === 'rejected') rethrowSide('expected', expected.reason);
  if (actual.status === 'rejected') rethrowSide('actual', actual.reason);
  return comparePixels(expected.value, actual.value, input.tolerance, pixelOptions(input));
}

function pixelOptions(input: CompareInput): PixelCompareOptions {
  return {
    ...(input.ignore ? { ignore: input.ignore } : {}),
    ...(input.diffImage === undefined ? {} : { diffImage: input.diffImage }),
  };
}

export function compareImages(input: CompareInput): Comparison {
  const same = identicalComparison(input);
  if (same) return same;
  const { raw } = input;
  // Raw RGBA pixels (a video's frames, decoded once per clip) are compared as they are.
  const expected = raw
    ? { ...raw.expected, data: input.expected }
    : decodeSide(input.expected, 'expected', input.maxMegapixels);
  const actual = raw ? { ...raw.actual, data: input.actual } : decodeSide(input.actual, 'actual', input.maxMegapixels);
  return comparePixels(expected, actual, input.tolerance, pixelOptions(input));
}

/** Byte-identical images pass without decoding (the size comes from the header); undefined otherwise. */
function identicalComparison(input: CompareInput): Comparison | undefined {
  const { raw } = input;
  const sameRawSize = !raw || (raw.expected.width === raw.actual.width && raw.expected.height === raw.actual.height);
  if (input.diffImage !== 'always' && sameRawSize && bytesEqual(input.expected, input.actual)) {
    const header = raw ? raw.actual : readImageHeader(input.actual);
    const width = header?.width ?? 0;
    const height = header?.height ?? 0;
    const ignored = input.ignore ? ignoredPixelCount(input.ignore, width, height) : 0;
    const metrics = { ...IDENTICAL, ...unchangedFigures(), ...(ignored > 0 ? { ignoredPixels: ignored } : {}) };
    const { match, gates, reason } = judge(metrics, input.tolerance);
    return {
      match,
      identical: true,
      sameSize: true,
      width,
      height,
      metrics,
      tolerance: input.tolerance,
      gates,
      ...(reason ? { reason } : {}),
    };
  }
  return undefined;
}

const IDENTICAL: CompareMetrics = {
  diffPixels: 0,
  diffRatio: 0,
  maxChannelDiff: 0,
  meanAbsError: 0,
  psnr: PSNR_CAP,
  ssim: 1,
  phashDistance: 0,
};

export function comparePixels(
  expected: RgbaImage,
  actual: RgbaImage,
  tolerance: Tolerance,
  options: PixelCompareOptions = {},
): Comparison {
  if (expected.width !== actual.width || expected.height !== actual.height) {
    const total = Math.max(expected.width * expected.height, actual.width * actual.height);
    // The hash does not care about size: it still tells a resized image from another picture.
    const metrics = { diffPixels: total, diffRatio: 1, phashDistance: hammingDistance(phash(expected), phash(actual)) };
    const mismatch = `image size differs: baseline ${expected.width}×${expected.height}, actual ${actual.width}×${actual.height}`;
    const { match, gates, reason } = judge(metrics, tolerance, mismatch);
    return {
      match,
      identical: false,
      sameSize: false,
      width: actual.width,
      height: actual.height,
      metrics,
      tolerance,
      gates,
      ...(reason ? { reason } : {}),
    };
  }
  const { width, height } = actual;
  const ignore = options.ignore ? ignoreMask(options.ignore, width, height) : undefined;
  // pixelmatch takes no mask: the ignored pixels of `actual` are made equal to the baseline's instead.
  const matchable = ignore ? maskedCopy(expected.data, actual.data, ignore, width) : actual.data;
  const when = options.diffImage ?? 'on-fail';
  // One pass for the count, the metrics' and the findings' sums, the mask of differing pixels and the diff
  // image. The diff is drawn always (whether the pair fails is known only after all the figures are in, and
  // drawing as the pixels go by costs far less than the second pixelmatch run it replaces) and encoded only
  // when one is wanted.
  const pass = pixelPass(
    expected,
    { width, height, data: matchable },
    {
      threshold: tolerance.threshold,
      includeAA: tolerance.include_aa,
      ...(ignore ? { ignored: ignore.mask } : {}),
      draw: true,
      // The mask read by the findings and the diff encoded, if at all, straight from the kernels' memory:
      // nothing below reserves it before that.
      inPlace: true,
      findings: true,
    },
  );
  const { diffPixels, findingSums } = pass;
  const marks = pass.diff;
  if (!findingSums) throw new Error('comparePixels: the pixel pass gathered no findings');
  const measured = metricsOf(pass.sums);
  const compared = measured.comparedPixels;
  const metrics: CompareMetrics = {
    diffPixels,
    diffRatio: compared > 0 ? diffPixels / compared : 0,
    maxChannelDiff: round(measured.maxChannelDiff, 2),
    meanAbsError: round(measured.meanAbsError, 4),
    psnr: round(measured.psnr, 2),
    ssim: round(measured.ssim, 6),
    phashDistance: measured.phashDistance,
    ...(ignore ? { ignoredPixels: ignore.count } : {}),
    ...measureFindings({
      expected,
      actual,
      sums: findingSums,
      ...(ignore ? { ignored: ignore.mask } : {}),
      ...(diffPixels > 0 && pass.mask ? { diffMask: pass.mask } : {}),
    }),
  };
  const { match, gates, reason } = judge(metrics, tolerance);
  const comparison: Comparison = { match, identical: false, sameSize: true, width, height, metrics, tolerance, gates };
  if (reason) comparison.reason = reason;
  const findings = match ? undefined : findingsOf({ metrics, width, height });
  if (findings) comparison.findings = findings;
  if (marks && wantsDiff(when, match, diffPixels)) {
    const passed = { expected: expected.data, actual: matchable, ignored: ignore?.mask };
    comparison.diff = encodeDiff(marks, { width, height }, passed, ignore?.regions);
  }
  return comparison;
}

/**
 * The diff's PNG, ignore regions hatched. A diff the kernel's pass left in the kernels' memory (inPlace)
 * is encoded from there: the pass's pair must still be resident (nothing reserved that memory since), or
 * it may hold anything, and that is a bug that throws rather than encode whatever is there.
 */
export function encodeDiff(
  diff: DrawnDiff,
  size: { width: number; height: number },
  passed: { expected: Uint8Array; actual: Uint8Array; ignored: Uint8Array | undefined },
  ignore: readonly IgnoreRegion[] | undefined,
): Uint8Array {
  const bytes = diff.kind === 'indexed' ? diff.rows : diff.data;
  const inKernel = bytes.buffer === wasmKernels()?.memory.buffer;
  if (inKernel && !residentPair(passed.expected, passed.actual, passed.ignored)) {
    throw new Error("the diff left in the kernels' memory was overwritten before it was encoded");
  }
  if (ignore) hatchDiff(diff, size.width, ignore);
  return encodeDrawnDiff(diff, size.width, size.height);
}

function wantsDiff(when: DiffImage, match: boolean, diffPixels: number): boolean {
  if (when === 'always') return true;
  if (when === 'never') return false;
  return !match || (when === 'on-difference' && diffPixels > 0);
}

/** Figures are recorded, shown and gated at a fixed precision, so a message quotes what results.json holds. */
function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
