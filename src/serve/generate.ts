/**
 * `POST /v1/images/generations`: parse, inject the fault planned for this
 * request, render with the built-in model, answer in Together's shape
 * `{id, model, object: "list", data: [{index, b64_json, type: "b64_json"} | {index, url, type: "url"}]}`.
 */

import { SIM_MODELS } from '../providers/local/models.js';
import type { LocalModel } from '../providers/local/provider.js';
import { ProviderError } from '../types/errors.js';
import { type GeneratedImage, type ImageFormat, type ImageRequest, isVideoFormat } from '../types/index.js';
import { breakBase64, type FaultKind, type FaultPlan, NOT_AN_IMAGE } from './faults.js';
import type { FileStore } from './files.js';
import { ApiError, fromProviderError, parseGenerationRequest } from './request.js';

/** What the HTTP layer does with a generation: send a JSON body (maybe cut short), or drop the connection. */
export type GenerationOutcome =
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string>; truncate?: boolean }
  | { kind: 'html'; status: number; body: string }
  | { kind: 'drop' };

export interface GenerationContext {
  model: LocalModel;
  faults: FaultPlan;
  files: FileStore;
  /** `http://host:port` as the client reached the server, for url answers. */
  origin: string;
  requestId: string;
  /** Resolves after `ms`, or rejects when the client goes away or the server shuts down. */
  sleep(ms: number): Promise<void>;
  /** For the log line. */
  note(text: string): void;
}

export async function handleGeneration(body: string, ctx: GenerationContext): Promise<GenerationOutcome> {
  const { fault, hash } = ctx.faults.next(body);
  if (fault) ctx.note(`fault ${fault}`);
  // A rate limiter sits in front of the model and answers at once.
  if (fault === 'rate_limit') {
    const retryAfter = ctx.faults.options.retryAfterS ?? 1;
    const error = new ApiError(429, 'rate_limit_error', 'rate limit exceeded, retry later', undefined, 'rate_limit');
    return { kind: 'json', status: 429, body: error.body(), headers: { 'retry-after': String(retryAfter) } };
  }

  let parsed: ReturnType<typeof parseGenerationRequest>;
  try {
    parsed = parseGenerationRequest(body);
  } catch (error) {
    if (error instanceof ApiError) return { kind: 'json', status: error.status, body: error.body() };
    throw error;
  }
  const { request, responseFormat } = parsed;
  const steps = request.steps ?? SIM_MODELS[request.model]?.capabilities.steps.default ?? 0;
  ctx.note(`${request.model} steps=${steps} n=${request.n ?? 1} ${responseFormat}`);
  await ctx.sleep(ctx.faults.latencyMs(steps));

  if (fault === 'drop') return { kind: 'drop' };
  if (fault === 'server_error') return serverError(hash);

  let images: GeneratedImage[];
  try {
    images = ctx.model.generate(fault === 'wrong_size' ? resized(request) : request);
  } catch (error) {
    if (error instanceof ProviderError) {
      const api = fromProviderError(error);
      return { kind: 'json', status: api.status, body: api.body() };
    }
    throw error;
  }
  const data = images.map((image, index) => item(image, index, responseFormat, fault, ctx));
  return {
    kind: 'json',
    status: 200,
    body: { id: ctx.requestId, model: request.model, object: 'list', data },
    truncate: fault === 'truncate',
  };
}

function item(
  image: GeneratedImage,
  index: number,
  responseFormat: 'base64' | 'url',
  fault: FaultKind | undefined,
  ctx: GenerationContext,
) {
  const bytes = fault === 'not_image' ? NOT_AN_IMAGE : image.bytes;
  if (responseFormat === 'url') {
    // The image models make images; clips go through the video routes (videos.ts).
    const format: ImageFormat = isVideoFormat(image.format) ? 'png' : image.format;
    const path = fault === 'bad_base64' ? ctx.files.missingPath(format) : ctx.files.put(bytes, format);
    return { index, url: `${ctx.origin}${path}`, type: 'url' as const };
  }
  const b64 = Buffer.from(bytes).toString('base64');
  return { index, b64_json: fault === 'bad_base64' ? breakBase64(b64) : b64, type: 'b64_json' as const };
}

/** 500 and 503 as JSON errors; 502 as the HTML page a gateway in front of the API sends. */
function serverError(hash: number): GenerationOutcome {
  const status = [500, 502, 503][hash % 3] ?? 500;
  if (status === 502) {
    return { kind: 'html', status, body: new TextDecoder().decode(NOT_AN_IMAGE) };
  }
  const message = status === 503 ? 'the service is temporarily overloaded' : 'internal server error';
  return { kind: 'json', status, body: new ApiError(status, 'server_error', message).body() };
}

/** The wrong-size fault: the model renders another size than the one asked for. */
function resized(request: ImageRequest): ImageRequest {
  const caps = SIM_MODELS[request.model]?.capabilities;
  if (caps?.sizeMode === 'aspect_ratio') {
    return { ...request, aspect_ratio: request.aspect_ratio === '16:9' ? '1:1' : '16:9' };
  }
  // Half the size, or double it when half would be under the 64-pixel minimum.
  const other = (side = 1024) => (side >= 128 ? Math.round(side / 16) * 8 : side * 2);
  return { ...request, width: other(request.width), height: other(request.height) };
}
