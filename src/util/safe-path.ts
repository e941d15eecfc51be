/**
 * Case ids become file paths. Ids come from suites (and so from users), so
 * every segment is encoded to a safe character set and the result is checked
 * to stay inside its root: no `..`, no absolute paths, no odd bytes.
 */
import { lstat, mkdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { SeedsnapError } from '../types/errors.js';

const SAFE = /^[A-Za-z0-9._=,+@-]$/;

/** Percent-encode everything outside a conservative set; `.` and `..` segments are encoded too. */
export function encodeSegment(segment: string): string {
  if (segment === '') return '%';
  let out = '';
  for (const char of segment) {
    out += SAFE.test(char)
      ? char
      : [...Buffer.from(char, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  if (/^\.+$/.test(out)) out = out.replace(/\./g, '%2E');
  return out;
}

/** Relative path (with `/`) for an id like `suite/case/model/seed=1`. */
export function idToRelativePath(id: string): string {
  return id.split('/').map(encodeSegment).join('/');
}

/** Join `relative` under `root`, refusing anything that would land outside it. */
export function resolveInside(root: string, relative: string): string {
  const base = path.resolve(root);
  const full = path.resolve(base, relative);
  if (full !== base && !full.startsWith(base + path.sep)) {
    throw new SeedsnapError('UNSAFE_PATH', `refusing a path that leads outside ${base}: ${relative}`, {
      hint: 'a case id or a path in results.json points out of its folder; run the suite again rather than trust this run folder',
    });
  }
  return full;
}

/**
 * `relative` under `root`, resolved through every symlink, refused when the real file is outside the
 * real root. A run folder can come from anywhere (a CI artifact someone uploaded), and baselines/ is
 * a folder in a repository: a symlink planted there must not make seedsnap serve, copy or approve a
 * file from elsewhere on the disk (~/.ssh, another project). The root itself may be a symlink
 * (baselines/ on another disk); links that stay inside are followed.
 */
export async function realPathInside(root: string, relative: string): Promise<string> {
  return realPathsInside(root)(relative);
}

/**
 * realPathInside for many files under one root (the images of a run): the root's real path is resolved
 * once, at the first file, instead of once per file. As strict: a root swapped for a link after that is
 * not followed, since every file must still lead inside the root as it was first found.
 */
export function realPathsInside(root: string): (relative: string) => Promise<string> {
  let realRoot: Promise<string> | undefined;
  return async (relative) => {
    const full = resolveInside(root, relative);
    realRoot ??= realpath(path.resolve(root));
    const [rootReal, real] = await Promise.all([realRoot, realpath(full)]);
    if (real !== rootReal && !real.startsWith(rootReal + path.sep)) {
      throw new SeedsnapError('UNSAFE_PATH', `refusing to follow a symlink out of ${path.resolve(root)}: ${relative}`, {
        hint: `${full} leads to ${real}; replace the link with the file itself`,
      });
    }
    return real;
  };
}

/** Read `relative` under `root` without following a symlink out of it (see realPathInside). */
export async function readFileInside(root: string, relative: string): Promise<Uint8Array> {
  return bytesOf(await readFile(await realPathInside(root, relative)));
}

/**
 * A file's bytes as a plain Uint8Array over the Buffer readFile made (not a copy: an image pair is copied
 * once more anyway, when it is sent to a compare worker).
 */
export function bytesOf(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/**
 * Create the folder `dir` under `root` (as mkdir -p) without going through a symlink that leads out of
 * it: each existing step is checked before the next is made, so nothing is created outside either.
 */
export async function mkdirInside(root: string, dir: string): Promise<void> {
  const base = path.resolve(root);
  const target = resolveInside(base, path.relative(base, path.resolve(dir)));
  await mkdir(base, { recursive: true });
  let current = base;
  for (const segment of path.relative(base, target).split(path.sep).filter(Boolean)) {
    current = path.join(current, segment);
    const info = await lstat(current).catch(() => undefined);
    if (!info) {
      await mkdir(current).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
    }
    // Checks a folder made just now too: another process may have put a link there first.
    await realPathInside(base, path.relative(base, current));
  }
}
