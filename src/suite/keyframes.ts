/**
 * Keyframe images in a suite: `input_image` is a URL (sent as it is), base64 (a `data:image/…` URL or bare
 * base64, sent as it is), or a path relative to the suite file. A path is read when the suite is read —
 * a missing or non-image file is a problem at its line — and its bytes' hash joins the request, so a
 * changed keyframe makes the baseline stale; the file is sent as a data: URL only when the case runs,
 * so results.json and sidecars keep the short path.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sniffFormat } from '../image/sniff.js';
import type { FrameImage } from '../video/request.js';

/** Largest keyframe file read from disk. */
export const MAX_KEYFRAME_BYTES = 20 * 1024 * 1024;

export type ImageInputKind = 'url' | 'data' | 'base64' | 'path';

export function imageInputKind(value: string): ImageInputKind {
  if (/^https?:\/\//i.test(value)) return 'url';
  if (/^data:/i.test(value)) return 'data';
  // Bare base64 of a PNG ("iVBORw0KGgo") or a JPEG ("/9j/"), long enough not to be a file name.
  if (value.length > 64 && /^(iVBORw0KGgo|\/9j\/)[A-Za-z0-9+/=\s]+$/.test(value)) return 'base64';
  return 'path';
}

export class KeyframeFileError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'KeyframeFileError';
  }
}

/** A keyframe file's path on disk, from the suite file's folder. */
export function keyframePath(value: string, suiteFile: string): string {
  return path.resolve(path.dirname(suiteFile), value);
}

function checkedBytes(bytes: Uint8Array, value: string): Uint8Array {
  if (!sniffFormat(bytes)) {
    throw new KeyframeFileError(
      `keyframe "${value}" is not a PNG or JPEG image`,
      'give a .png or .jpg file, a URL, or a data:image/png;base64,… value',
    );
  }
  return bytes;
}

/** Read a keyframe file when the suite is read; throws KeyframeFileError with a message and a hint. */
export function readKeyframeFile(value: string, suiteFile: string): { bytes: Uint8Array; sha256: string } {
  const file = keyframePath(value, suiteFile);
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    throw new KeyframeFileError(
      `keyframe file "${value}" does not exist (looked for ${file})`,
      'input_image paths are relative to the suite file; or give a URL or base64',
    );
  }
  if (size > MAX_KEYFRAME_BYTES) {
    throw new KeyframeFileError(
      `keyframe file "${value}" is ${size} bytes, over the ${MAX_KEYFRAME_BYTES}-byte limit`,
      'make the image smaller: video models resize keyframes to the clip anyway',
    );
  }
  const bytes = checkedBytes(new Uint8Array(readFileSync(file)), value);
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

export function dataUrl(bytes: Uint8Array): string {
  const mime = sniffFormat(bytes) === 'png' ? 'image/png' : 'image/jpeg';
  return `data:${mime};base64,${Buffer.from(bytes).toString('base64')}`;
}

/** The suite's keyframes with each file's hash added (at suite time). Throws KeyframeFileError. */
export function hashKeyframes(frames: readonly FrameImage[], suiteFile: string): FrameImage[] {
  return frames.map((frame) => {
    if (imageInputKind(frame.input_image) !== 'path') return { ...frame };
    return { ...frame, sha256: readKeyframeFile(frame.input_image, suiteFile).sha256 };
  });
}

/**
 * The keyframes as they are sent (at run time): files become data: URLs. A file edited since the suite
 * was read is refused, since the request's fingerprint no longer describes it.
 */
export async function resolveKeyframes(frames: readonly FrameImage[], suiteFile: string): Promise<FrameImage[]> {
  return Promise.all(
    frames.map(async ({ input_image, frame, sha256 }) => {
      const sent = { ...(frame === undefined ? {} : { frame }) };
      if (imageInputKind(input_image) !== 'path') return { input_image, ...sent };
      const bytes = checkedBytes(new Uint8Array(await readFile(keyframePath(input_image, suiteFile))), input_image);
      const now = createHash('sha256').update(bytes).digest('hex');
      if (sha256 !== undefined && now !== sha256) {
        throw new KeyframeFileError(
          `keyframe file "${input_image}" changed while the run was going`,
          'run again: the request is fingerprinted with the file as it was when the suite was read',
        );
      }
      return { input_image: dataUrl(bytes), ...sent };
    }),
  );
}
