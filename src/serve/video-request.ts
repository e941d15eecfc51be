/**
 * Reading a `POST /v2/videos` body into the built-in video model's request. Types are checked here (a
 * wrong type is a 400 naming the field); what each model accepts is checked by the model, which answers
 * with the same statuses. Keyframes come at the top level or under `media` — both are read, as the API
 * reads both; giving both at once is refused, since one would be silently dropped.
 */
import { hashString } from '../providers/local/random.js';
import type { FrameImage, VideoRequest } from '../video/request.js';
import { badRequest } from './request.js';

type Json = Record<string, unknown>;

function field<T>(
  body: Json,
  key: string,
  check: (v: unknown) => v is T,
  expected: string,
  prefix = '',
): T | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!check(value)) throw badRequest(`${prefix}${key} must be ${expected}, got ${JSON.stringify(value)}`, key);
  return value;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInteger = (v: unknown): v is number => Number.isInteger(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isSeconds = (v: unknown): v is string | number =>
  (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v)) || (typeof v === 'number' && Number.isFinite(v));
const isFormat = (v: unknown): v is string => typeof v === 'string' && /^(mp4|webm)$/i.test(v);
const isFrames = (v: unknown): v is FrameImage[] =>
  Array.isArray(v) &&
  v.every((f) => {
    if (typeof f !== 'object' || f === null) return false;
    const { input_image: image, frame } = f as Json;
    const position = frame === undefined || frame === 'first' || frame === 'last' || Number.isInteger(frame);
    return typeof image === 'string' && position;
  });

export function parseVideoRequest(text: string): VideoRequest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw badRequest(`the body is not valid JSON: ${(error as Error).message}`, undefined, 'invalid_json');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badRequest('the body must be a JSON object', undefined, 'invalid_json');
  }
  const body = parsed as Json;
  const model = field(body, 'model', isString, 'a model name');
  if (!model) throw badRequest('model is required', 'model', 'missing_required_parameter');
  const media = field(body, 'media', (v): v is Json => typeof v === 'object' && !Array.isArray(v), 'an object') ?? {};
  const framesExpected = 'an array of {input_image, frame?: number | "first" | "last"}';
  const topFrames = field(body, 'frame_images', isFrames, framesExpected);
  const mediaFrames = field(media, 'frame_images', isFrames, framesExpected, 'media.');
  const topRefs = field(body, 'reference_images', isStrings, 'an array of URLs');
  const mediaRefs = field(media, 'reference_images', isStrings, 'an array of URLs', 'media.');
  if (topFrames && mediaFrames) throw badRequest('give frame_images or media.frame_images, not both', 'frame_images');
  if (topRefs && mediaRefs)
    throw badRequest('give reference_images or media.reference_images, not both', 'reference_images');
  const prompt = field(body, 'prompt', isString, 'a string');
  const seconds = field(body, 'seconds', isSeconds, 'a number of seconds as a string, e.g. "5"');
  const format = field(body, 'output_format', isFormat, '"MP4" or "WEBM"');
  const request: VideoRequest = {
    model,
    // A request without a seed gets one from its body, so the server stays repeatable.
    seed: field(body, 'seed', isInteger, 'an integer') ?? hashString(text),
  };
  const fields: Partial<VideoRequest> = {
    prompt,
    negative_prompt: field(body, 'negative_prompt', isString, 'a string'),
    width: field(body, 'width', isInteger, 'an integer'),
    height: field(body, 'height', isInteger, 'an integer'),
    seconds: seconds === undefined ? undefined : Number(seconds),
    fps: field(body, 'fps', isInteger, 'an integer'),
    steps: field(body, 'steps', isInteger, 'an integer'),
    guidance_scale: field(body, 'guidance_scale', isNumber, 'a number'),
    output_format: format === undefined ? undefined : (format.toLowerCase() as 'mp4' | 'webm'),
    output_quality: field(body, 'output_quality', isInteger, 'an integer'),
    frame_images: topFrames ?? mediaFrames,
    reference_images: topRefs ?? mediaRefs,
  };
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) (request as unknown as Json)[key] = value;
  }
  return request;
}
