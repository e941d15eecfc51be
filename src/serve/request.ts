/**
 * Reading a Together `POST /v1/images/generations` body into the built-in
 * model's request, and the API's error shape
 * `{error: {message, type, param?, code?}}`. Types are checked here (a wrong
 * type is a 400 naming the field); ranges and what each model accepts are
 * checked by the model itself, which answers with the same statuses.
 */

import { hashString } from '../providers/local/random.js';
import { ParamError } from '../providers/local/request.js';
import type { ProviderError } from '../types/errors.js';
import type { ImageLora, ImageRequest } from '../types/index.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly param?: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  body(): { error: { message: string; type: string; param?: string; code?: string } } {
    return {
      error: {
        message: this.message,
        type: this.type,
        ...(this.param ? { param: this.param } : {}),
        ...(this.code ? { code: this.code } : {}),
      },
    };
  }
}

export function badRequest(message: string, param?: string, code?: string): ApiError {
  return new ApiError(400, 'invalid_request_error', message, param, code);
}

/** The model's refusals as the API answers them. */
export function fromProviderError(error: ProviderError): ApiError {
  const param = error instanceof ParamError ? error.param : undefined;
  if (error.kind === 'blocked') {
    return new ApiError(422, 'invalid_request_error', error.message, 'prompt', 'content_policy_violation');
  }
  if (error.status === 404)
    return new ApiError(404, 'invalid_request_error', error.message, 'model', 'model_not_found');
  return new ApiError(error.status ?? 400, 'invalid_request_error', error.message, param, 'invalid_parameter');
}

export interface GenerationRequest {
  request: ImageRequest;
  responseFormat: 'base64' | 'url';
}

type Json = Record<string, unknown>;

function optional<T>(body: Json, key: string, check: (v: unknown) => v is T, expected: string): T | undefined {
  const value = body[key];
  // Together's clients send null for unset fields; treat it as absent.
  if (value === undefined || value === null) return undefined;
  if (!check(value)) throw badRequest(`${key} must be ${expected}, got ${JSON.stringify(value)}`, key);
  return value;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInteger = (v: unknown): v is number => Number.isInteger(v);
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isLoras = (v: unknown): v is ImageLora[] =>
  Array.isArray(v) &&
  v.every((l) => typeof l === 'object' && l !== null && isString((l as Json).path) && isNumber((l as Json).scale));
const oneOf =
  <T extends string>(...values: T[]) =>
  (v: unknown): v is T =>
    values.includes(v as T);

/**
 * The request the model renders. Fields Together documents and the model does not know are ignored,
 * as the API ignores fields it does not know; a request without a seed gets one from its prompt, so
 * the server stays repeatable.
 */
export function parseGenerationRequest(text: string): GenerationRequest {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw badRequest(`the body is not valid JSON: ${(error as Error).message}`, undefined, 'invalid_json');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('the body must be a JSON object', undefined, 'invalid_json');
  }
  const json = body as Json;
  const model = optional(json, 'model', isString, 'a model name');
  if (!model) throw badRequest('model is required', 'model', 'missing_required_parameter');
  const prompt = optional(json, 'prompt', isString, 'a string');
  if (prompt === undefined) throw badRequest('prompt is required', 'prompt', 'missing_required_parameter');
  const seed = optional(json, 'seed', isInteger, 'an integer') ?? hashString(prompt);
  const fields: Partial<ImageRequest> = {
    negative_prompt: optional(json, 'negative_prompt', isString, 'a string'),
    width: optional(json, 'width', isInteger, 'an integer'),
    height: optional(json, 'height', isInteger, 'an integer'),
    aspect_ratio: optional(json, 'aspect_ratio', isString, 'a string like "16:9"'),
    steps: optional(json, 'steps', isInteger, 'an integer'),
    guidance_scale: optional(json, 'guidance_scale', isNumber, 'a number'),
    n: optional(json, 'n', isInteger, 'an integer'),
    output_format: optional(json, 'output_format', oneOf('jpeg', 'png'), '"jpeg" or "png"'),
    disable_safety_checker: optional(json, 'disable_safety_checker', isBoolean, 'true or false'),
    image_url: optional(json, 'image_url', isString, 'a URL'),
    reference_images: optional(json, 'reference_images', isStringArray, 'an array of URLs'),
    image_loras: optional(json, 'image_loras', isLoras, 'an array of {path, scale}'),
  };
  // Together answers with URLs unless asked for base64.
  const responseFormat = optional(json, 'response_format', oneOf('base64', 'url'), '"base64" or "url"') ?? 'url';
  const request: ImageRequest = { model, prompt, seed };
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) (request as unknown as Json)[key] = value;
  }
  return { request, responseFormat };
}
