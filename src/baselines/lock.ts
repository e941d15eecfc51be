/**
 * Lock files: one per baseline, so two processes approving the same case cannot
 * interleave its image and sidecar (A's image with B's sidecar), and one per run
 * folder, so `approve` and `review` never lose each other's writes to
 * results.json. The lock is written beside its place with the owner's pid, then
 * hard-linked into place (which fails if a lock exists), so a lock is never seen
 * without its pid — a process killed between creating an empty lock and writing
 * its pid would otherwise leave a lock nobody could tell was dead. The owner
 * touches its lock while it holds it, so a lock whose pid is gone, or that has
 * not been touched for longer than STALE_MS, is broken: a crash never blocks
 * later runs, and a long approval is never mistaken for a dead one.
 */
import { randomBytes } from 'node:crypto';
import { link, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SeedsnapError } from '../types/errors.js';
import { TEMP_MARKER } from '../util/atomic.js';
import { sleep } from '../util/sleep.js';

/** A lock not touched for this long is broken, whoever holds it; its owner touches it every STALE_MS / 4. */
export const STALE_MS = 60_000;
const PIDLESS_STALE_MS = 5_000;

/**
 * Written into every lock this process takes, after the pid and time. A lock with our pid but not our
 * nonce was left by an earlier process that had our pid: containers reuse pids run after run.
 */
const NONCE = randomBytes(6).toString('hex');

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the lock at `lockPath` was left by a dead process (or a hung one); false when it is gone. */
export async function isStale(lockPath: string): Promise<boolean> {
  try {
    const [text, info] = await Promise.all([readFile(lockPath, 'utf8'), stat(lockPath)]);
    const [pidText, , nonce] = text.split(' ');
    const pid = Number(pidText);
    const age = Date.now() - info.mtimeMs;
    // No pid: its owner died between creating it and writing the pid (only possible without hard links,
    // or from an older seedsnap); an owner still alive writes it within moments.
    if (!(Number.isInteger(pid) && pid > 0)) return age > PIDLESS_STALE_MS;
    if (pid === process.pid) return nonce !== NONCE;
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

export interface LockOptions {
  /** How long to wait for a live owner before giving up (default 30 s). */
  timeoutMs?: number;
  /** What the lock guards, for the error: "baseline" (default) or e.g. "run folder". */
  what?: string;
  /** The error's fix. */
  hint?: string;
}

/** Run `fn` holding the lock at `lockPath`. */
export async function withLock<T>(lockPath: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const started = Date.now();
  const never = new AbortController().signal;
  for (let attempt = 0; ; attempt++) {
    if (await createLock(lockPath, `${process.pid} ${new Date().toISOString()} ${NONCE}`)) break;
    if (await isStale(lockPath)) {
      await rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() - started > timeoutMs) {
      const what = options.what ?? 'baseline';
      throw new SeedsnapError(
        what === 'baseline' ? 'BASELINE_LOCKED' : 'LOCKED',
        `${what} is locked by another process: ${lockPath}`,
        {
          hint:
            options.hint ??
            'another seedsnap is approving the same case; wait for it, or delete the lock file if no seedsnap is running',
        },
      );
    }
    await sleep(Math.min(50, 2 * 2 ** Math.min(attempt, 5)) + Math.floor(Math.random() * 5), never);
  }
  // Touch the lock while holding it, so others can tell a long hold from an owner that hung or died.
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(lockPath, now, now).catch(() => undefined);
  }, STALE_MS / 4);
  heartbeat.unref();
  try {
    return await fn();
  } finally {
    clearInterval(heartbeat);
    await rm(lockPath, { force: true });
  }
}
