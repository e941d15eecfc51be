/**
 * One case, start to finish: generate (with retries, and k times with --repeat),
 * judge each image against its baseline (judge-image.ts), and return a
 * CaseResult. Nothing here throws for a bad case: it becomes a verdict.
 */

import path from 'node:path';
import { measureSpread } from '../compare/repeat.js';
import { resolveTolerance } from '../compare/tolerance.js';
import { isFailing, worstVerdict } from '../compare/verdict.js';
import { resolveKeyframes } from '../suite/keyframes.js';
import { ProviderError, type SourceLocation } from '../types/errors.js';
import type { CaseLocation, CaseResult, CaseSpec, Generation, ImageResult } from '../types/index.js';
import type { Redactor } from '../util/redact.js';
import type { CaseContext } from './case-context.js';
import { judgeImage } from './judge-image.js';
import { withRetries } from './retry.js';

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
  const { signal, timedOut, done } = requestSignal(ctx.signal, ctx.timeoutMs);
  try {
    // Keyframe files are sent as data: URLs; the request the suite fingerprinted keeps their paths.
    const frames = spec.request.frame_images;
    const request = frames
      ? { ...spec.request, frame_images: await resolveKeyframes(frames, spec.suiteFile) }
      : spec.request;
    return await ctx.provider.generate(request, { signal, attempt, key: `${spec.id}#${run}` });
  } catch (error) {
    if (timedOut() && !ctx.signal.aborted) {
      throw new ProviderError('transient', `no answer within ${ctx.timeoutMs} ms`, { cause: error });
    }
    // Stop the run now, before this request's slot goes to a case that would send the same key again.
    if (error instanceof ProviderError && error.kind === 'auth') ctx.onAuthFailure(error);
    throw error;
  } finally {
    done();
  }
}

/**
 * A request's signal: aborted when the run stops, or after `ms` (with the reason AbortSignal.timeout gives).
 * Made by hand, not with AbortSignal.any and AbortSignal.timeout: on Node 20 each AbortSignal.any leaves a
 * WeakRef in the run's signal for the rest of the run, and each AbortSignal.timeout a timer for `ms` — one
 * per request, 10,000 of each in a 10,000-case run. Here both are let go when the request ends (`done`).
 */
export function requestSignal(
  run: AbortSignal,
  ms: number,
): { signal: AbortSignal; timedOut: () => boolean; done: () => void } {
  const controller = new AbortController();
  let timedOut = false;
  const stop = () => controller.abort(run.reason);
  if (run.aborted) stop();
  else run.addEventListener('abort', stop, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
  }, ms);
  // As AbortSignal.timeout's timer: it alone does not keep the process running.
  timer.unref();
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    done: () => {
      clearTimeout(timer);
      run.removeEventListener('abort', stop);
    },
  };
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
