/**
 * One generated image, judged: saved under actual/, compared on the run's comparator with its baseline (under
 * the case's tolerance, the defaults filled in), and written as the new baseline when the run may (`new`
 * locally, --update). A bomb, a damaged image or one holding the API key is an `error` and is kept nowhere.
 */
import { isCaseSidecar } from '../baselines/sidecar.js';
import { BaselineError, type BaselineStore } from '../baselines/store.js';
import { CompareInputError } from '../compare/compare.js';
import { resolveTolerance } from '../compare/tolerance.js';
import { mayWriteBaseline } from '../compare/verdict.js';
import { checkImage, ImageDecodeError } from '../image/decode.js';
import { readImageHeader } from '../image/sniff.js';
import { describeChanges, requestChanges } from '../suite/fingerprint.js';
import {
  type CaseSpec,
  type GeneratedImage,
  type Generation,
  type ImageResult,
  isVideoFormat,
} from '../types/index.js';
import { sha256 } from '../util/hash.js';
import { imageKey } from '../util/ids.js';
import { sniffVideo } from '../video/sniff.js';
import type { CaseContext } from './case-context.js';
import { writingTo } from './disk.js';
import { judgeVideoInto, probeVideo } from './video-image.js';

export async function judgeImage(
  spec: CaseSpec,
  ctx: CaseContext,
  index: number,
  image: GeneratedImage,
  generation: Generation,
): Promise<ImageResult> {
  const key = imageKey(spec.id, index);
  const isVideo = isVideoFormat(image.format) || sniffVideo(image.bytes) !== undefined;
  const probed = isVideo ? await probeVideo(image.bytes, ctx.maxMegapixels) : undefined;
  const header = isVideo ? probed?.header : readImageHeader(image.bytes);
  const format = header?.format ?? image.format;
  const result: ImageResult = { index, verdict: 'pass', format, sha256: sha256(image.bytes) };
  if (header) {
    result.width = header.width;
    result.height = header.height;
  }
  if (ctx.redactor.holdsSecret(image.bytes)) {
    // Bytes cannot be redacted without changing the image; an image carrying the key is kept nowhere.
    result.verdict = 'error';
    result.reason = 'the image the server sent holds the API key in its bytes (in its metadata?); it was not saved';
    return result;
  }
  result.actual = await ctx.folder.writeImage('actual', key, format, image.bytes);

  const approve = async () => {
    // A sidecar keeps the request exactly as the suite wrote it; one that holds a key is not kept at all.
    if (ctx.redactor.holdsSecret(spec.request)) {
      result.verdict = 'error';
      result.reason =
        'not written to baselines/: the request holds the value of the API key; take the key out of the suite';
      return;
    }
    const baseline = {
      key,
      bytes: image.bytes,
      format,
      request: spec.request,
      fingerprint: spec.fingerprint,
      provider: spec.provider.name,
      ...(generation.modelRevision ? { modelRevision: generation.modelRevision } : {}),
      approvedFrom: ctx.folder.runId,
    };
    await writingTo(ctx.store.imagePath(key, format), () => ctx.store.write(baseline));
    result.updated = true;
  };

  if (!header) {
    result.verdict = 'error';
    result.reason = probed?.problem ?? `generated image: not a PNG or JPEG (${image.bytes.byteLength} bytes)`;
    return result;
  }

  let baseline: Awaited<ReturnType<BaselineStore['read']>>;
  try {
    baseline = await ctx.store.read(key);
  } catch (error) {
    if (!(error instanceof BaselineError)) throw error;
    result.verdict = 'error';
    result.reason = error.message;
    if (mayWriteBaseline('error', ctx.policy) && (isVideo || !refusal(image.bytes, ctx))) await approve();
    return result;
  }

  if (!baseline) {
    // Kept without being compared: a decompression bomb must not become a baseline.
    // A clip's header was checked by probeVideo already.
    const refused = isVideo ? undefined : refusal(image.bytes, ctx);
    if (refused) {
      result.verdict = 'error';
      result.reason = `generated image: ${refused}`;
      return result;
    }
    result.verdict = 'new';
    result.reason = 'no baseline yet';
    if (mayWriteBaseline('new', ctx.policy)) await approve();
    return result;
  }

  // No copy of the baseline: byte-identical, the actual image (same bytes, in the run folder) stands for it;
  // otherwise it is hard-linked into expected/ (copied only across devices).
  result.expected = sameBytes(baseline.bytes, image.bytes)
    ? result.actual
    : await ctx.folder.linkImage('expected', key, baseline.sidecar.format, {
        source: baseline.imagePath,
        bytes: baseline.bytes,
      });
  const { sidecar } = baseline;
  // A baseline a test wrote (no request, no fingerprint) is no baseline of this case's request either.
  const stale = !isCaseSidecar(sidecar) || sidecar.fingerprint !== spec.fingerprint;
  if (isVideo) {
    // A clip that cannot be judged (undecodable, cut short) is an error with its reason, like an image.
    if (!(await judgeVideoInto(result, { spec, key, expected: baseline.bytes, actual: image.bytes, stale, ...ctx }))) {
      return result;
    }
  } else
    try {
      const input = {
        expected: baseline.bytes,
        actual: image.bytes,
        tolerance: resolveTolerance(spec.tolerance),
        ...(ctx.maxMegapixels === undefined ? {} : { maxMegapixels: ctx.maxMegapixels }),
        ignore: spec.ignore,
      };
      const comparison = await ctx.comparator.compare(input);
      result.metrics = comparison.metrics;
      result.tolerance = comparison.tolerance;
      result.gates = comparison.gates;
      if (comparison.diff) result.diff = await ctx.folder.writeImage('diff', key, 'png', comparison.diff);
      if (!stale && !comparison.match) {
        result.verdict = 'fail';
        result.reason = comparison.reason ?? 'differs from its baseline';
        if (comparison.findings) result.findings = comparison.findings;
      }
    } catch (error) {
      if (!(error instanceof CompareInputError)) throw error;
      result.verdict = 'error';
      result.reason = error.message;
      if (error.side === 'expected' && mayWriteBaseline('error', ctx.policy)) await approve();
      return result;
    }
  if (stale) {
    result.changes = isCaseSidecar(sidecar) ? requestChanges(sidecar.request, spec.request) : [];
    result.verdict = 'stale';
    result.reason = `baseline was made from a different request (${describeChanges(result.changes) || 'fingerprint changed'})`;
  }
  if (result.verdict !== 'pass' && mayWriteBaseline(result.verdict, ctx.policy)) await approve();
  return result;
}

/** Why an image must not be kept (a bomb, damaged data, too large), or undefined: decodeImage's checks, no pixels. */
function refusal(bytes: Uint8Array, ctx: CaseContext): string | undefined {
  try {
    checkImage(bytes, ctx.maxMegapixels === undefined ? {} : { maxMegapixels: ctx.maxMegapixels });
    return undefined;
  } catch (error) {
    if (error instanceof ImageDecodeError) return error.message;
    throw error;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.compare(a, b) === 0;
}
