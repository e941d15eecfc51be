/**
 * A lock file per baseline, so two processes approving the same case cannot
 * interleave its image and sidecar (A's image with B's sidecar). The lock is
 * created with O_EXCL; a lock left by a dead process (or older than a minute)
 * is broken, so a crash never blocks later runs.
 */
import { randomBytes } from 'node:crypto';
import { link, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { SeedsnapError } from '../errors.js';
import { sleep } from '../runner/retry.js';

const STALE_MS = 60_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function isStale(lockPath: string): Promise<boolean> {
  try {
    const [text, info] = await Promise.all([readFile(lockPath, 'utf8'), stat(lockPath)]);
    const pid = Number(text.split(' ')[0]);
    // A lock without a pid comes from an older seedsnap that could die between create and write.
    if (!(Number.isInteger(pid) && pid > 0)) return Date.now() - info.mtimeMs > 2_000;
    return Date.now() - info.mtimeMs > STALE_MS || !alive(pid);
  } catch {
    // Gone already, or half-written by its owner: try again rather than break it.
    return false;
  }
}

/**
 * Create `file` holding `content`, failing with EEXIST if it exists, in one step: the content is
 * written to a private file first and hard-linked into place, so a lock is never seen empty (a
 * process killed between creating and writing would otherwise leave a lock nobody can judge).
 */
async function createWithContent(file: string, content: string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(temp, content, { flag: 'wx' });
  try {
    await link(temp, file);
  } finally {
    await rm(temp, { force: true });
  }
}

/** Run `fn` holding the lock at `lockPath`. */
export async function withLock<T>(lockPath: string, fn: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  const never = new AbortController().signal;
  for (let attempt = 0; ; attempt++) {
    try {
      await createWithContent(lockPath, `${process.pid} ${new Date().toISOString()}`);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await isStale(lockPath)) {
        await rm(lockPath, { force: true });
        continue;
      }
      if (Date.now() - started > timeoutMs) {
        throw new SeedsnapError('BASELINE_LOCKED', `baseline is locked by another process: ${lockPath}`, {
          hint: 'another seedsnap is approving the same case; wait for it, or delete the lock file if no seedsnap is running',
        });
      }
      await sleep(Math.min(50, 2 * 2 ** Math.min(attempt, 5)) + Math.floor(Math.random() * 5), never);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lockPath, { force: true });
  }
}
