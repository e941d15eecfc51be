/**
 * When the machine, not the case, fails: a full disk, a read-only or vanished folder, an I/O error.
 * Such a failure while a case is written or recorded becomes that case's `error` (marked `stopped`,
 * so `--resume` makes it again once the cause is gone); while the run itself starts or writes
 * results.json it becomes one line that says what to free, exit 2. Never a stack trace.
 */
import { statfs } from 'node:fs/promises';
import path from 'node:path';
import { SeedsnapError } from '../types/errors.js';

/** An error the operating system raised for a file operation (it carries an errno code and the call). */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  const e = error as NodeJS.ErrnoException | undefined;
  return error instanceof Error && typeof e?.code === 'string' && typeof e.syscall === 'string';
}

/** A file seedsnap could not write, named as the user knows it (not the temporary file it was writing). */
export class WriteFailure extends Error {
  constructor(
    readonly target: string,
    readonly systemError: NodeJS.ErrnoException & { code: string },
  ) {
    super(`could not write ${target}: ${systemError.message}`, { cause: systemError });
    this.name = 'WriteFailure';
  }
}

/** Run `work`, which writes `target`; a system error comes out as a WriteFailure naming `target`. */
export async function writingTo<T>(target: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw isSystemError(error) ? new WriteFailure(target, error) : error;
  }
}

export function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

const FULL_CODES = new Set(['ENOSPC', 'EDQUOT']);

interface Space {
  bytes: number;
  inodes: number;
}

/** Free space on the file system holding `file` (its nearest existing folder); undefined when it cannot tell. */
async function freeSpace(file: string): Promise<Space | undefined> {
  for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
    try {
      const stats = await statfs(dir);
      return { bytes: stats.bavail * stats.bsize, inodes: stats.ffree };
    } catch {
      if (path.dirname(dir) === dir) return undefined;
    }
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.round(bytes / 1e3)} kB`;
}

export interface SystemCause {
  /** "no space left on device (ENOSPC)" */
  text: string;
  /** The file system is out of space or inodes. */
  full: boolean;
  /** "1.2 MB free, no free inodes", when known. */
  free?: string;
}

/** What went wrong, in the operating system's words, and whether the disk is full. */
export async function systemCause(error: NodeJS.ErrnoException & { code: string }, file: string): Promise<SystemCause> {
  const space = await freeSpace(file);
  // A recursive mkdir on a file system out of inodes reports ENOENT: the free space tells the truth.
  const out = space !== undefined && (space.inodes === 0 || space.bytes === 0);
  const code =
    FULL_CODES.has(error.code) || (out && error.code === 'ENOENT')
      ? error.code === 'EDQUOT'
        ? 'EDQUOT'
        : 'ENOSPC'
      : error.code;
  const words =
    code === 'ENOSPC'
      ? 'no space left on device'
      : code === 'EDQUOT'
        ? 'disk quota exceeded'
        : (/^[A-Z0-9]+: (.*?)(?:, \w+(?: '.*')?)?$/.exec(error.message)?.[1] ?? error.message);
  const free =
    space === undefined
      ? undefined
      : `${formatBytes(space.bytes)} free${space.inodes === 0 ? ', no inodes left for new files' : ''}`;
  return { text: `${words} (${code})`, full: FULL_CODES.has(code) || out, ...(free ? { free } : {}) };
}

const RESUME_HINT = 'free space (or fix the folder), then finish the run with  seedsnap run --resume';

/** The reason a case gets when writing or recording it failed for a system error. */
export async function systemFailureReason(
  error: unknown,
  fallbackVerb: 'record the result in' | 'write',
): Promise<string | undefined> {
  const failure = error instanceof WriteFailure ? error : undefined;
  const system = failure?.systemError ?? (isSystemError(error) ? error : undefined);
  if (!system) return undefined;
  const target = failure?.target ?? system.path ?? '';
  const cause = await systemCause(system, target || process.cwd());
  const verb = failure ? fallbackVerb : 'access';
  return `could not ${verb} ${target ? shown(target) : 'a file'}: ${cause.text}; ${RESUME_HINT}`;
}

/**
 * The one line for a run that cannot write what it must (its journal at the start, results.json at the end):
 * what failed, what to free and where, and how to go on. Exit 2.
 */
export async function runFolderError(
  error: unknown,
  context: { runDir: string; next: string },
): Promise<SeedsnapError | undefined> {
  const failure = error instanceof WriteFailure ? error : undefined;
  const system = failure?.systemError ?? (isSystemError(error) ? error : undefined);
  if (!system) return undefined;
  const target = failure?.target ?? system.path ?? context.runDir;
  const cause = await systemCause(system, target);
  const where = `the disk holding ${shown(context.runDir)}${cause.free ? ` (${cause.free})` : ''}`;
  const message = cause.full
    ? `no space left on device for ${shown(target)}: free space on ${where}, then ${context.next}`
    : `could not write ${shown(target)}: ${cause.text}; fix ${where}, then ${context.next}`;
  return new SeedsnapError(cause.full ? 'DISK_FULL' : 'WRITE_FAILED', message, { cause: error });
}
