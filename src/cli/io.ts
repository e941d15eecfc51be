import { terminalText } from '../util/terminal-text.js';

/** What the CLI touches of the outside world, so tests can run it in process too. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  setExitCode(code: number): void;
}

type Stream = CliIo['stdout'];

const wrapped = new WeakSet<object>();

/**
 * The print boundary: every string the CLI writes goes through `terminalText()`, so nothing from a
 * suite, a run folder or a server can drive the terminal, and seedsnap's own colours still show.
 * Everything but `write` is the stream's own (isTTY, events, end).
 */
export function terminalStream(stream: Stream): Stream {
  if (wrapped.has(stream)) return stream;
  const write = (chunk: unknown, ...rest: unknown[]): boolean => {
    const text = typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString() : '';
    // An encoding argument no longer applies to the string handed on; a callback still does.
    const callback = rest.find((arg): arg is (error?: Error | null) => void => typeof arg === 'function');
    return callback ? stream.write(terminalText(text), callback) : stream.write(terminalText(text));
  };
  const proxy = new Proxy(stream, {
    get(target, property) {
      if (property === 'write') return write;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  wrapped.add(proxy);
  return proxy;
}

/** `io` with both streams behind the print boundary. */
export function terminalIo(io: CliIo): CliIo {
  return { ...io, stdout: terminalStream(io.stdout), stderr: terminalStream(io.stderr) };
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
