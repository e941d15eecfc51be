/**
 * Running ffmpeg as a child process: bytes in on stdin, stdout to a callback, stderr kept (its tail)
 * for the message, no shell, a timeout, the caller's abort signal, and the process killed whatever
 * way the call ends early — a hung or hostile decode never outlives the case that started it.
 */
import { spawn } from 'node:child_process';
import { VideoError } from './errors.js';

export interface RunFfmpegOptions {
  binary: string;
  args: readonly string[];
  /** Written to stdin in order, honouring backpressure; stdin is closed after the last one. */
  input?: Iterable<Uint8Array>;
  /** Each chunk of stdout as it arrives; throwing stops ffmpeg and rejects with that error. */
  onStdout?: (chunk: Buffer) => void;
  signal?: AbortSignal;
  /** Default 120 s: a clip that takes longer to encode or decode is broken or absurd. */
  timeoutMs?: number;
  /** What the run is doing, for messages ("decoding the mp4"). */
  label: string;
}

export interface FfmpegResult {
  code: number | null;
  /** The last STDERR_KEEP characters ffmpeg printed. */
  stderr: string;
}

const STDERR_KEEP = 16_384;
const DEFAULT_TIMEOUT_MS = 120_000;

export function runFfmpeg(options: RunFfmpegOptions): Promise<FfmpegResult> {
  return new Promise((resolve, reject) => {
    options.signal?.throwIfAborted();
    const child = spawn(options.binary, [...options.args], { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    let stderr = '';
    let failure: unknown;
    let settled = false;
    const stop = (error: unknown) => {
      failure ??= error;
      child.kill('SIGKILL');
      // 'close' waits for the pipes too, and a grandchild (a wrapper script's) may still hold them open.
      child.stdout.destroy();
      child.stderr.destroy();
      child.stdin.destroy();
    };
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timer = setTimeout(
      () => stop(new VideoError(`ffmpeg took more than ${Math.round(timeoutMs / 1000)} s ${options.label}`)),
      timeoutMs,
    );
    const onAbort = () => stop(options.signal?.reason ?? new Error('aborted'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (error: unknown, result?: FfmpegResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (error !== undefined) reject(error);
      else if (result) resolve(result);
    };

    child.on('error', (error: NodeJS.ErrnoException) => {
      finish(new VideoError(`cannot run ffmpeg (${options.binary}): ${error.code ?? error.message}`, { cause: error }));
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderr = (stderr + text).slice(-STDERR_KEEP);
    });
    child.stdout.on('data', (chunk: Buffer) => {
      if (failure !== undefined || !options.onStdout) return;
      try {
        options.onStdout(chunk);
      } catch (error) {
        stop(error);
      }
    });
    // ffmpeg closing its stdin early (it found an error) is reported by its exit code, not as EPIPE.
    child.stdin.on('error', () => {});
    child.on('close', (code) => finish(failure, failure === undefined ? { code, stderr } : undefined));
    void feed(child.stdin, options.input);
  });
}

async function feed(stdin: NodeJS.WritableStream, input: Iterable<Uint8Array> | undefined): Promise<void> {
  try {
    for (const chunk of input ?? []) {
      if (!stdin.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            stdin.off('drain', done);
            stdin.off('close', done);
            resolve();
          };
          stdin.once('drain', done);
          stdin.once('close', done);
        });
      }
      if ((stdin as NodeJS.WritableStream & { destroyed?: boolean }).destroyed) return;
    }
  } finally {
    stdin.end();
  }
}

/** ffmpeg's own complaint, in one or two lines: the last lines of stderr that say something. */
export function ffmpegComplaint(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('Press [q]'));
  const tail = lines.slice(-2).join(' / ');
  return tail.length > 300 ? `${tail.slice(0, 300)}…` : tail || 'no message';
}
