/**
 * Putting an existing file at a second place without copying its bytes: a
 * hard link (same inode, no data written), replacing the target atomically.
 * Across devices, or where links are not allowed, the bytes are copied
 * instead. A hard link, not a symbolic one: the copy stays whole when the
 * original is deleted or replaced (baselines and runs are replaced by
 * rename, never written in place), and a run folder stays self-contained.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, link, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { TEMP_MARKER, withFolder } from './atomic.js';

/** Errors that mean "no link here", not "no file": the bytes are copied instead. */
const NO_LINK = new Set(['EXDEV', 'EPERM', 'EMLINK', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EACCES']);

export interface LinkOptions {
  source: string;
  target: string;
  /** The link call (a test stands in for a file system without links). */
  linkFile?: (source: string, target: string) => Promise<void>;
}

/** Hard-link `source` at `target` (replacing it), or copy it where a link cannot be made. */
export async function linkOrCopy(options: LinkOptions): Promise<'linked' | 'copied'> {
  // Nearly always the folder is there already (a run links many files into a few folders): it is made
  // only when the first attempt finds it missing.
  return withFolder(options.target, () => linkOrCopyIn(options));
}

async function linkOrCopyIn(options: LinkOptions): Promise<'linked' | 'copied'> {
  const { source, target } = options;
  const temp = path.join(
    path.dirname(target),
    `${TEMP_MARKER}${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}`,
  );
  try {
    try {
      await (options.linkFile ?? link)(source, temp);
      await rename(temp, target);
      return 'linked';
    } catch (error) {
      if (!NO_LINK.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
    await copyFile(source, temp);
    await rename(temp, target);
    return 'copied';
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
