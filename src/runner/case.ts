/**
 * One case, start to finish: generate (with retries), save the actual images,
 * judge each against its baseline, write the baseline when the run may, and
 * return a CaseResult. Nothing here throws for a bad case: it becomes a verdict.
 */

import path from 'node:path';
import { BaselineError, type BaselineStore } from '../baselines/store.js';
import { CompareInputError } from '../compare/compare.js';
import type { ComparePool } from '../compare/compare-pool.js';
import { measureSpread } from '../compare/repeat.js';
import { resolveTolerance } from '../compare/tolerance.js';
import { isFailing, mayWriteBaseline, type VerdictPolicy, worstVerdict } from '../compare/verdict.js';
import { checkImage, ImageDecodeError } from '../image/decode.js';
import { readImageHeader } from '../image/sniff.js';
import { describeChanges, requestChanges } from '../suite/fingerprint.js';
import { resolveKeyframes } from '../suite/keyframes.js';
import { ProviderError, type SourceLocation } from '../types/errors.js';
import {
  type CaseLocation,
  type CaseResult,
  type CaseSpec,
  type GeneratedImage,
  type Generation,
  type ImageProvider,
  type ImageResult,
  isVideoFormat,
  type RunWait,
} from '../types/index.js';
import { sha256 } from '../util/hash.js';
import { imageKey } from '../util/ids.js';
import type { Redactor } from '../util/redact.js';
import { sniffVideo } from '../video/sniff.js';
import { writingTo } from './disk.js';
import type { ImageRateLimiter } from './rate-limit.js';
import { type RetryPolicy, withRetries } from './retry.js';
import type { RunFolder } from './run-folder.js';
import { judgeVideoInto, probeVideo } from './video-image.js';

export interface CaseContext {
  provider: ImageProvider;
  store: BaselineStore;
  folder: RunFolder;
  policy: VerdictPolicy;
  retry: RetryPolicy;
  signal: AbortSignal;
  timeoutMs: number;
  /** Called when the provider refuses the credentials: the whole run must stop. */
  onAuthFailure: (error: ProviderError) => void;
  /** Images-per-minute limiter shared by every suite using the same endpoint. */
  limiter?: ImageRateLimiter;
  /** Removes API keys from anything recorded. */
  redactor: Redactor;
  /** Generate each case this many times and check the outputs agree (`--repeat`). */
  repeat?: number;
  /** Images claiming more megapixels than this are refused before decoding. */
  maxMegapixels?: number;
  /** The run's comparator: every image, and every repetition of --repeat, is compared on its workers. */
  comparator: ComparePool;
  /** The suite's request slots (its concurrency): only the request holds one, not the judging after it. */
  requestSlots?: <T>(work: () => Promise<T>) => Promise<T>;
  /** Told of every pause before a retry, so a long one can be shown. */
  onWait?: (wait: RunWait) => void;
  /** Asked when a case gets its first request slot; false (--max-failures reached) and the case does not run. */
  mayStart?: () => boolean;
}

/** A case that got no further than waiting for its first request: it did not run, it did not fail. */
class NotStarted extends Error {}

/**
 * Returns undefined when the run was interrupted before the case finished: an aborted case is not
 * a verdict, and `--resume` generates it again.
 */
export async function processCase(spec: CaseSpec, ctx: CaseContext): Promise<CaseResult | undefined> {
  const started = performance.now();
  const generations: Generation[] = [];
  let attempts = 0;
  for (let run = 0; run < Math.max(1, ctx.repeat ?? 1); run++) {
    const first = run === 0;
    const outcome = await withRetries((attempt) => generateOnce(spec, ctx, attempt, first && attempt === 1, run), {
      policy: ctx.retry,
      signal: ctx.signal,
      onRetry: (error, ms, attempt, askedMs) =>
        ctx.onWait?.({
          id: spec.id,
          ms,
          attempt,
          reason: ctx.redactor.message(describeError(error)),
          ...(askedMs === undefined ? {} : { askedMs }),
        }),
    });
    if (outcome.error instanceof NotStarted) return undefined;
    attempts += outcome.attempts;
    if (outcome.error === undefined && outcome.value) {
      generations.push(outcome.value);
      continue;
    }
    if (ctx.signal.aborted && !(outcome.error instanceof ProviderError && outcome.error.kind === 'auth'))
      return undefined;
    const error = outcome.error;
    if (error instanceof ProviderError && error.kind === 'auth') ctx.onAuthFailure(error);
    const blocked = error instanceof ProviderError && error.kind === 'blocked';
    const verdict = blocked ? 'blocked' : 'error';
    return finish(baseResult(spec, attempts, Math.round(performance.now() - started)), started, {
      verdict,
      failing: isFailing(verdict, [], spec.expect),
      reason: ctx.redactor.message(describeError(error)),
      images: [],
      // Not the case's verdict: the key was refused, and --resume sends it again once the key is fixed.
      ...(error instanceof ProviderError && error.kind === 'auth' ? { stopped: 'credentials' as const } : {}),
    });
  }
  const base = baseResult(spec, attempts, Math.round(performance.now() - started));
  const [first] = generations;
  if (!first) return undefined;
  // The revision is the server's own string and goes into results and sidecars: it is treated as a server message.
  const revision = serverLabel(first.modelRevision, ctx.redactor);
  const generation: Generation = { images: first.images, ...(revision ? { modelRevision: revision } : {}) };
  if (revision) base.modelRevision = revision;
  if (ctx.store.variant) base.baselineVariant = ctx.store.variant;
  const spread =
    generations.length > 1
      ? await measureSpread(generations, {
          tolerance: resolveTolerance(spec.tolerance),
          comparator: ctx.comparator,
          ...(ctx.maxMegapixels === undefined ? {} : { maxMegapixels: ctx.maxMegapixels }),
        })
      : undefined;
  if (spread) base.repeat = spread;
  // Outputs that disagree among themselves are no baseline to keep.
  const judging = spread && !spread.stable ? { ...ctx, policy: { ci: true, update: 'none' as const } } : ctx;
  const images: ImageResult[] = [];
  for (const [index, image] of generation.images.entries()) {
    images.push(await judgeImage(spec, judging, index, image, generation));
  }
  if (spread && !spread.stable) {
    return finish(base, started, {
      verdict: 'flaky',
      failing: true,
      reason: `the ${spread.count} outputs differ among themselves: up to ${spread.maxDiffPixels} px (${(spread.maxDiffRatio * 100).toFixed(3)}%), ${spread.distinct} distinct`,
      images,
    });
  }
  if (spec.expect === 'blocked') {
    return finish(base, started, {
      verdict: 'fail',
      failing: true,
      reason: `expected the API to refuse this prompt; it returned ${images.length} image(s)`,
      images,
    });
  }
  if (images.length === 0) {
    return finish(base, started, {
      verdict: 'error',
      failing: true,
      reason: 'the provider returned no images',
      images,
    });
  }
  const verdict = worstVerdict(images.map((i) => i.verdict));
  const reasons = images
    .filter((i) => i.reason)
    .map((i) => (images.length > 1 ? `image ${i.index}: ${i.reason}` : i.reason));
  return finish(base, started, {
    verdict,
    failing: isFailing(verdict, images, spec.expect),
    ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
    images,
  });
}

function generateOnce(
  spec: CaseSpec,
  ctx: CaseContext,
  attempt: number,
  first: boolean,
  run: number,
): Promise<Generation> {
  const start = async () => {
    if (first && ctx.mayStart) {
      // The slot may have just been freed by a case whose failure is still being counted (a few microtasks
      // on): let those run first, so the case after the N-th failure does not start.
      await new Promise((resolve) => setImmediate(resolve));
      if (!ctx.mayStart()) throw new NotStarted();
    }
    return requestOnce(spec, ctx, attempt, run);
  };
  if (!ctx.requestSlots) return start();
  // A case still waiting for a slot when the run stops (interrupt, refused key) sends nothing.
  return ctx.requestSlots(() => (ctx.signal.aborted ? Promise.reject(new Error('the run was stopped')) : start()));
}

async function requestOnce(spec: CaseSpec, ctx: CaseContext, attempt: number, run: number): Promise<Generation> {
  await ctx.limiter?.acquire(spec.request.n ?? 1, ctx.signal);
  const timeout = AbortSignal.timeout(ctx.timeoutMs);
  const signal = AbortSignal.any([ctx.signal, timeout]);
  try {
    // Keyframe files are sent as data: URLs; the request the suite fingerprinted keeps their paths.
    const frames = spec.request.frame_images;
    const request = frames
      ? { ...spec.request, frame_images: await resolveKeyframes(frames, spec.suiteFile) }
      : spec.request;
    return await ctx.provider.generate(request, { signal, attempt, key: `${spec.id}#${run}` });
  } catch (error) {
    if (timeout.aborted && !ctx.signal.aborted) {
      throw new ProviderError('transient', `no answer within ${ctx.timeoutMs} ms`, { cause: error });
    }
    // Stop the run now, before this request's slot goes to a case that would send the same key again.
    if (error instanceof ProviderError && error.kind === 'auth') ctx.onAuthFailure(error);
    throw error;
  }
}

async function judgeImage(
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

  result.expected = await ctx.folder.writeImage('expected', key, baseline.sidecar.format, baseline.bytes);
  const stale = baseline.sidecar.fingerprint !== spec.fingerprint;
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
      }
    } catch (error) {
      if (!(error instanceof CompareInputError)) throw error;
      result.verdict = 'error';
      result.reason = error.message;
      if (error.side === 'expected' && mayWriteBaseline('error', ctx.policy)) await approve();
      return result;
    }
  if (stale) {
    result.changes = requestChanges(baseline.sidecar.request, spec.request);
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

export function baseResult(spec: CaseSpec, attempts: number, generateMs?: number): CaseResult {
  return {
    id: spec.id,
    suite: spec.suite,
    case: spec.caseId,
    model: spec.model,
    modelLabel: spec.modelLabel,
    seed: spec.seed,
    ...(spec.sweep ? { sweep: spec.sweep } : {}),
    provider: spec.provider.name,
    request: spec.request,
    fingerprint: spec.fingerprint,
    expect: spec.expect,
    verdict: 'pass',
    failing: false,
    images: [],
    attempts,
    durationMs: 0,
    ...(generateMs === undefined ? {} : { generateMs }),
    ...(spec.location ? { location: caseLocation(spec.location) } : {}),
  };
}

/** The suite file as results.json names suites: relative to the working folder, with forward slashes. */
function caseLocation(location: SourceLocation): CaseLocation {
  const file = path.relative(process.cwd(), path.resolve(location.file)).split(path.sep).join('/');
  return { file, line: location.line, col: location.col };
}

function finish(
  base: CaseResult,
  started: number,
  outcome: Pick<CaseResult, 'verdict' | 'failing' | 'images' | 'stopped'> & { reason?: string },
): CaseResult {
  return { ...base, ...outcome, durationMs: Math.round(performance.now() - started) };
}

/** Longest server-chosen label (a model revision) kept: it is a name, not a place to park kilobytes in every sidecar. */
export const MAX_SERVER_LABEL = 200;

function serverLabel(value: string | undefined, redactor: Redactor): string | undefined {
  if (value === undefined || value === '') return undefined;
  const text = redactor.message(value);
  return text.length > MAX_SERVER_LABEL ? `${text.slice(0, MAX_SERVER_LABEL - 1)}…` : text;
}

export function describeError(error: unknown): string {
  if (error instanceof ProviderError) {
    return error.status ? `${error.message} (HTTP ${error.status})` : error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
