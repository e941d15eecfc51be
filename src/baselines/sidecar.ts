/**
 * A baseline's sidecar, and reading its text without trusting it. baselines/ is a folder in the user's
 * repository: anything can end up there (a `null`, an array, a file cut short by a crash or a bad merge, some
 * tool's own .json), so every reader checks the shape against the schema and says what is wrong instead of
 * throwing a TypeError. One store keeps two kinds: a suite case's baselines (with the request they were made
 * from) and a test's (the vitest matcher's, with the test's name).
 */
import { z } from 'zod';
import type { ImageRequest, MediaFormat } from '../types/index.js';

export const SIDECAR_SCHEMA_VERSION = 1;

interface SidecarBase {
  schemaVersion: number;
  /** The image key: case id, plus `#i` for image i > 0 of a request with n > 1 (for a test: file/name). */
  id: string;
  /** Image file name, beside the sidecar. */
  image: string;
  sha256: string;
  width: number;
  height: number;
  format: MediaFormat;
  bytes: number;
  /** Video baselines: the clip's frame rate, frame count and length in seconds. */
  video?: { fps: number; frameCount: number; duration?: number | undefined };
  approvedAt: string;
  /** Run the image was approved from. */
  approvedFrom?: string;
  /** Named variant (see BaselineStoreOptions.variant). */
  variant?: string;
}

/** A suite case's baseline: the request it was made from and its fingerprint (another fingerprint is `stale`). */
export interface CaseSidecar extends SidecarBase {
  request: ImageRequest;
  fingerprint: string;
  provider: string;
  model: string;
  /** Which revision answered; information only, never part of the key. */
  modelRevision?: string;
}

/** A test's baseline (`toMatchImageBaseline`): the full name of the test that wrote it. */
export interface TestSidecar extends SidecarBase {
  test: string;
}

export type BaselineSidecar = CaseSidecar | TestSidecar;

export function isCaseSidecar(sidecar: BaselineSidecar): sidecar is CaseSidecar {
  return 'fingerprint' in sidecar;
}

const text = (what: string) => z.string({ error: `no string "${what}"` });
const count = z.number().int().min(0);

const base = {
  schemaVersion: z.number().int().default(SIDECAR_SCHEMA_VERSION),
  image: text('image').refine((name) => name !== '' && name !== '.' && name !== '..' && !/[/\\]/.test(name), {
    // The image must sit beside its sidecar: a path would let a sidecar point anywhere on the disk.
    error: (issue) => `"image" must be a file name beside it, got "${String(issue.input)}"`,
  }),
  sha256: text('sha256'),
  width: count.default(0),
  height: count.default(0),
  format: z.enum(['png', 'jpeg', 'mp4', 'webm'], { error: '"format" must be "png", "jpeg", "mp4" or "webm"' }),
  video: z
    .looseObject({ fps: z.number().positive(), frameCount: count, duration: z.number().min(0).optional() })
    .optional(),
  bytes: count.optional(),
  approvedAt: z.string().default(''),
  approvedFrom: z.string().optional(),
  variant: z.string().optional(),
};

const CaseSidecarSchema = z.looseObject({
  ...base,
  id: text('id'),
  request: z.looseObject({}, { error: 'no "request" object' }),
  fingerprint: text('fingerprint'),
  provider: z.string().default(''),
  model: z.string().default(''),
  modelRevision: z.string().optional(),
});

// seedsnap 0.1's matcher wrote test sidecars without an id, a schema version or a byte count: they are read
// as the store knows them (the id is the key it was read by).
const TestSidecarSchema = z.looseObject({ ...base, id: z.string().optional(), test: text('test') });

export type SidecarParse = { sidecar: BaselineSidecar; problem?: undefined } | { sidecar?: undefined; problem: string };

function kind(value: unknown): string {
  if (value === null) return 'JSON null';
  if (Array.isArray(value)) return 'a JSON array';
  return `a JSON ${typeof value}`;
}

/** Every field a zod issue set names, once: `no string "id", "fingerprint"`. */
function describe(error: z.ZodError): string {
  const missing = error.issues.flatMap((i) => (i.message.startsWith('no string') ? [i.message.slice(10)] : []));
  if (missing.length > 0) return `no string ${missing.join(', ')}`;
  return error.issues[0]?.message ?? 'not the expected shape';
}

/**
 * Parse a sidecar file's text: the sidecar, or a problem phrased to follow the file's name. `key` is the key
 * the file is read by, given to a test sidecar that does not record its own.
 */
export function parseSidecar(source: string, key?: string): SidecarParse {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    return { problem: `is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { problem: `is not a baseline sidecar (${kind(value)})` };
  }
  if ('test' in value && !('fingerprint' in value)) {
    const parsed = TestSidecarSchema.safeParse(value);
    if (!parsed.success) return { problem: `is not a baseline sidecar (${describe(parsed.error)})` };
    const { id, bytes, ...rest } = parsed.data;
    return { sidecar: { ...rest, id: id ?? key ?? '', bytes: bytes ?? 0 } };
  }
  const parsed = CaseSidecarSchema.safeParse(value);
  if (!parsed.success) return { problem: `is not a baseline sidecar (${describe(parsed.error)})` };
  const { bytes, request, ...rest } = parsed.data;
  // The request is kept as written: its fingerprint is checked against the suite's, not its shape.
  return { sidecar: { ...rest, request: request as unknown as ImageRequest, bytes: bytes ?? 0 } };
}
