/**
 * A lock file per baseline, so two processes approving the same case cannot
 * interleave its image and sidecar (A's image with B's sidecar). The lock is
 * written beside its place with the owner's pid, then hard-linked into place
 * (which fails if a lock exists), so a lock is never seen without its pid —
 * a process killed between creating an empty lock and writing its pid would
 * otherwise leave a lock nobody could tell was dead. A lock left by a dead
 * process (or older than a minute) is broken, so a crash never blocks later runs.
 */
import { randomBytes } from 'node:crypto';
import { link, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SeedsnapError } from '../errors.js';
import { sleep } from '../runner/retry.js';
import { TEMP_MARKER } from '../util/atomic.js';

const STALE_MS = 60_000;
const PIDLESS_STALE_MS = 5_000;

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
    const age = Date.now() - info.mtimeMs;
    // No pid: its owner died between creating it and writing the pid (only possible without hard links,
    // or from an older seedsnap); an owner still alive writes it within moments.
    if (!(Number.isInteger(pid) && pid > 0)) return age > PIDLESS_STALE_MS;
    return age > STALE_MS || !alive(pid);
  } catch {
    // Gone already, or half-written by its owner: try again rather than break it.
    return false;
  }
}

/**
 * Create `lockPath` holding `content`; false if a lock is there. Where the file system has no hard
 * links, an exclusive create followed by the write (the pid-less window comes back there).
 */
async function createLock(lockPath: string, content: string): Promise<boolean> {
  const temp = path.join(
    path.dirname(lockPath),
    `${TEMP_MARKER}${path.basename(lockPath)}.${process.pid}.${randomBytes(4).toString('hex')}`,
  );
  await writeFile(temp, content);
  try {
    await link(temp, lockPath);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EXDEV') throw error;
    try {
      await writeFile(lockPath, content, { flag: 'wx' });
      return true;
    } catch (fallbackError) {
      if ((fallbackError as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw fallbackError;
    }
  } finally {
    await rm(temp, { force: true });
  }
}

/** Run `fn` holding the lock at `lockPath`. */
export async function withLock<T>(lockPath: string, fn: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  const never = new AbortController().signal;
  for (let attempt = 0; ; attempt++) {
    if (await createLock(lockPath, `${process.pid} ${new Date().toISOString()}`)) break;
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
  try {
    return await fn();
  } finally {
    await rm(lockPath, { force: true });
  }
}
