/**
 * Reading a sidecar's text without trusting it. baselines/ is a folder in the
 * user's repository: anything can end up there (a `null`, an array, a file cut
 * short by a crash or a bad merge, some tool's own .json), so every reader
 * checks the shape and says what is wrong instead of throwing a TypeError.
 */
import type { ImageRequest, MediaFormat } from '../types/index.js';

export const SIDECAR_SCHEMA_VERSION = 1;

export interface BaselineSidecar {
  schemaVersion: number;
  /** The image key: case id, plus `#i` for image i > 0 of a request with n > 1. */
  id: string;
  /** Image file name, beside the sidecar. */
  image: string;
  request: ImageRequest;
  fingerprint: string;
  provider: string;
  model: string;
  /** Which revision answered; information only, never part of the key. */
  modelRevision?: string;
  sha256: string;
  width: number;
  height: number;
  format: MediaFormat;
  bytes: number;
  /** Video baselines: the clip's frame rate, frame count and length in seconds. */
  video?: { fps: number; frameCount: number; duration: number | undefined };
  approvedAt: string;
  /** Run the image was approved from. */
  approvedFrom?: string;
  /** Named variant (see BaselineStoreOptions.variant). */
  variant?: string;
}

export type SidecarParse = { sidecar: BaselineSidecar; problem?: undefined } | { sidecar?: undefined; problem: string };

function kind(value: unknown): string {
  if (value === null) return 'JSON null';
  if (Array.isArray(value)) return 'a JSON array';
  return `a JSON ${typeof value}`;
}

/** What is wrong with `value` as a sidecar, or undefined when it is one. */
function shapeProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return `is not a baseline sidecar (${kind(value)})`;
  }
  const record = value as Record<string, unknown>;
  const missing = ['id', 'image', 'sha256', 'fingerprint'].filter((field) => typeof record[field] !== 'string');
  if (missing.length > 0) {
    return `is not a baseline sidecar (no string ${missing.map((f) => `"${f}"`).join(', ')})`;
  }
  const image = record.image as string;
  // The image must sit beside its sidecar: a path would let a sidecar point anywhere on the disk.
  if (image === '' || image === '.' || image === '..' || /[/\\]/.test(image)) {
    return `is not a baseline sidecar ("image" must be a file name beside it, got "${image}")`;
  }
  if (!['png', 'jpeg', 'mp4', 'webm'].includes(record.format as string)) {
    return 'is not a baseline sidecar ("format" must be "png", "jpeg", "mp4" or "webm")';
  }
  if (record.request === null || typeof record.request !== 'object' || Array.isArray(record.request)) {
    return 'is not a baseline sidecar (no "request" object)';
  }
  return undefined;
}

/** Parse a sidecar file's text: the sidecar, or a problem phrased to follow the file's name. */
export function parseSidecar(text: string): SidecarParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const problem = shapeProblem(value);
  return problem ? { problem } : { sidecar: value as BaselineSidecar };
}
