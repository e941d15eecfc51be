/**
 * Atomic file replacement: write a temporary file beside the target, flush it,
 * then rename over the target. A reader sees the old file or the new one,
 * never half of either; a crash leaves at most a stray temporary file.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export const TEMP_MARKER = '.seedsnap-tmp-';

export interface AtomicWriteOptions {
  /**
   * Flush to disk before the rename (default true). Without it a reader still never sees half a file,
   * but a power cut may lose the new one: fine for what can be made again, as a run folder's images.
   */
  durable?: boolean;
}

/** What writeFileAtomic writes: bytes, a string, or a string in pieces (a large file, never whole in memory). */
export type AtomicData = Uint8Array | string | { pieces: Iterable<string> };

export async function writeFileAtomic(
  target: string,
  data: AtomicData,
  options: AtomicWriteOptions = {},
): Promise<void> {
  await withFolder(target, () => writeIn(target, data, options));
}

/**
 * `write` (which puts a file at `target`), and if it fails because `target`'s folder does not exist, that
 * folder made and `write` once more: no mkdir call for every file of a folder that is already there.
 */
export async function withFolder<T>(target: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(path.dirname(target), { recursive: true });
    return write();
  }
}

async function writeIn(target: string, data: AtomicData, options: AtomicWriteOptions): Promise<void> {
  const temp = path.join(
    path.dirname(target),
    `${TEMP_MARKER}${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}`,
  );
  try {
    const handle = await open(temp, 'w');
    try {
      if (typeof data === 'string' || data instanceof Uint8Array) await handle.writeFile(data);
      // writeFile on a handle writes all of it, from where the last write ended.
      else for (const piece of data.pieces) await handle.writeFile(piece);
      if (options.durable !== false) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export async function writeJsonAtomic(target: string, value: unknown): Promise<void> {
  await writeFileAtomic(target, `${JSON.stringify(value, null, 2)}\n`);
}
