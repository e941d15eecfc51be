/** What the CLI touches of the outside world, so tests can run it in process too. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  setExitCode(code: number): void;
}

/** Errors a write to an output whose reader went away (`seedsnap … | head -1`) ends with. */
const CLOSED_OUTPUT = new Set(['EPIPE', 'ERR_STREAM_DESTROYED', 'ECONNRESET']);

/**
 * A reader that stops early closes the pipe, and every later write fails with EPIPE. Unhandled,
 * that error kills the process — in the middle of a run, before its report is written. Output is
 * only a view of the run, so a closed pipe silences it and nothing else: the run finishes, writes
 * results.json and sets its exit code; listing commands end quietly, as git does. Any other
 * error on the stream is still fatal.
 */
export function ignoreClosedPipe(stream: NodeJS.EventEmitter): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== undefined && CLOSED_OUTPUT.has(error.code)) return;
    throw error;
  });
}
