/**
 * The comparator: every comparison seedsnap makes — a run's images, the
 * repetitions of --repeat, sweep cells, A/B pairs, `seedsnap diff`, the vitest
 * matcher, calibration — goes through a ComparePool. It runs compareImagesAsync
 * (one decode path, JPEG through libjpeg-turbo, else libvips; one pass for
 * pixelmatch's count, the metrics and the diff; one judge) on a small pool of worker threads
 * (compare-worker.ts), so a result from the pool equals, byte for byte, the one
 * computed in place.
 *
 * - Identical bytes never leave the calling thread: the byte check is far
 *   cheaper than a message to a worker. Nor do small pairs (IN_THREAD_PIXELS).
 * - A worker takes one pair at a time; the others wait in a queue holding the
 *   callers' own bytes. Each pair is copied once, when it is sent, so the
 *   memory in flight is at most `threads` pairs plus what the callers hold —
 *   and the run's concurrency bounds the callers.
 * - Workers start on first use, are unreferenced while idle (a forgotten pool
 *   does not keep the process alive) and are replaced when one dies.
 * - The worker is compiled JavaScript beside this file. Running from the
 *   TypeScript sources (vitest), or when a worker cannot start at all (a
 *   bundler left it behind), the pool compares in the calling thread instead.
 *
 * Trap: call close() when done, or idle workers linger until the process exits.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ImageDecodeError } from '../image/decode-error.js';
import { readImageHeader } from '../image/sniff.js';
import { kernelsModule } from '../util/wasm-kernels.js';
import type { CompareInput, Comparison } from './compare.js';
import { CompareInputError } from './compare-error.js';
import type { CompareReply, CompareRequest, WireError } from './compare-worker.js';

export interface ComparePoolOptions {
  /** Worker threads; 0 compares in the calling thread. Default: one per core, at most 8. */
  threads?: number;
  /** The worker module. Default: compare-worker.js beside this file, when this file is JavaScript. */
  workerUrl?: URL;
  /** Pairs of at most this many pixels a side are compared in the calling thread. Default IN_THREAD_PIXELS. */
  inThreadPixels?: number;
}

export interface ComparePoolStats {
  /** Pairs being compared in workers now. */
  busy: number;
  /** Pairs waiting for a worker. */
  queued: number;
  /** The most pairs ever in workers at once. */
  maxBusy: number;
  /** Pairs compared in workers so far. */
  compared: number;
  workersStarted: number;
}

interface Task {
  input: CompareInput;
  resolve: (comparison: Comparison) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  worker: Worker;
  task?: Task;
  /** Has answered at least once: a failure after that is a crash, not a worker that cannot start. */
  proven: boolean;
}

export function defaultWorkerUrl(): URL | undefined {
  const here = import.meta.url;
  return here.endsWith('.js') ? new URL('./compare-worker.js', here) : undefined;
}

export class ComparePool {
  readonly threads: number;
  private readonly workerUrl: URL | undefined;
  private readonly inThreadPixels: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 0;
  private closed = false;
  /** Why the pool gave up on workers, if it did. */
  fallbackReason: string | undefined;
  private readonly counters = { maxBusy: 0, compared: 0, workersStarted: 0 };

  constructor(options: ComparePoolOptions = {}) {
    const threads = options.threads ?? Math.min(8, availableParallelism());
    if (!Number.isInteger(threads) || threads < 0) {
      throw new TypeError(`Expected \`threads\` to be a whole number from 0 up, got ${threads}`);
    }
    this.workerUrl = options.workerUrl ?? defaultWorkerUrl();
    this.inThreadPixels = options.inThreadPixels ?? IN_THREAD_PIXELS;
    this.threads = this.workerUrl ? threads : 0;
  }

  /** Where pairs are compared: in worker threads, or in the calling thread. */
  get mode(): 'workers' | 'in-thread' {
    return this.threads > 0 && this.fallbackReason === undefined ? 'workers' : 'in-thread';
  }

  get stats(): ComparePoolStats {
    return { busy: this.busyCount(), queued: this.queue.length, ...this.counters };
  }

  compare(input: CompareInput): Promise<Comparison> {
    if (this.closed) return Promise.reject(new Error('ComparePool.compare called after close()'));
    const identical =
      input.diffImage !== 'always' &&
      input.expected.byteLength === input.actual.byteLength &&
      Buffer.compare(input.expected, input.actual) === 0;
    if (identical || this.mode === 'in-thread' || small(input, this.inThreadPixels)) return inThread(input);
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.dispatch();
    });
  }

  /**
   * Start every worker now rather than at the first pair, so that they load their code while the caller
   * does its own first steps (the CLI's `compare` reads both runs meanwhile). Idle workers do not keep the
   * process alive.
   */
  start(): void {
    if (this.closed || this.mode === 'in-thread') return;
    while (this.slots.length < this.threads) this.spawn();
  }

  async close(): Promise<void> {
    this.closed = true;
    const error = new Error('the compare pool was closed');
    for (const task of this.queue.splice(0)) task.reject(error);
    const slots = this.slots.splice(0);
    for (const slot of slots) slot.task?.reject(error);
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private busyCount(): number {
    return this.slots.filter((s) => s.task).length;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      if (this.mode === 'in-thread') {
        for (const task of this.queue.splice(0)) inThread(task.input).then(task.resolve, task.reject);
        return;
      }
      let slot = this.slots.find((s) => !s.task);
      if (!slot && this.slots.length < this.threads) slot = this.spawn();
      if (!slot) return;
      const task = this.queue.shift() as Task;
      this.send(slot, task);
    }
  }

  private spawn(): Slot {
    // The kernels compiled once for every worker (wasm-kernels.ts says why).
    const kernels = kernelsModule();
    const worker = new Worker(this.workerUrl as URL, kernels ? { workerData: { kernels } } : {});
    this.counters.workersStarted++;
    const slot: Slot = { worker, proven: false };
    worker.unref();
    worker.on('message', (reply: CompareReply) => this.settle(slot, reply));
    worker.on('error', (error) => this.lose(slot, error));
    worker.on('exit', (code) => this.lose(slot, new Error(`compare worker exited with code ${code}`)));
    this.slots.push(slot);
    return slot;
  }

  private send(slot: Slot, task: Task): void {
    slot.task = task;
    slot.worker.ref();
    this.counters.maxBusy = Math.max(this.counters.maxBusy, this.busyCount());
    // Fresh copies, transferred: cloning a view would copy its whole underlying buffer, which may be far
    // larger. Not .slice(): on a Node Buffer that is a view, and transferring it would detach the caller's.
    const expected = new Uint8Array(task.input.expected);
    const actual = new Uint8Array(task.input.actual);
    const request: CompareRequest = { id: this.nextId++, input: { ...task.input, expected, actual } };
    slot.worker.postMessage(request, [expected.buffer as ArrayBuffer, actual.buffer as ArrayBuffer]);
  }

  private settle(slot: Slot, reply: CompareReply): void {
    const task = slot.task;
    slot.task = undefined;
    slot.proven = true;
    slot.worker.unref();
    if (task) {
      this.counters.compared++;
      if ('comparison' in reply) task.resolve(reply.comparison);
      else task.reject(fromWire(reply.error));
    }
    this.dispatch();
  }

  /** A worker died (or never started): its pair fails — or, if no worker ever worked, runs in this thread. */
  private lose(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index === -1) return;
    this.slots.splice(index, 1);
    void slot.worker.terminate();
    const task = slot.task;
    slot.task = undefined;
    if (!slot.proven && this.counters.compared === 0 && !this.closed) {
      this.fallbackReason = `compare workers cannot start (${error.message}); comparing in the main thread`;
      if (task) this.queue.unshift(task);
    } else if (task) {
      task.reject(new Error(`the compare worker stopped while comparing: ${error.message}`, { cause: error }));
    }
    if (!this.closed) this.dispatch();
  }
}

async function inThread(input: CompareInput): Promise<Comparison> {
  // Loaded when a comparison first runs on this thread: `seedsnap compare`'s main thread leaves it to its workers.
  const { compareImagesAsync } = await import('./compare.js');
  return compareImagesAsync(input);
}

/**
 * Pairs this small are compared in the calling thread: a message to a worker (and, the first time, starting
 * one: ~50–100 ms) costs more than the comparison. `seedsnap diff` of two thumbnails starts no thread.
 */
export const IN_THREAD_PIXELS = 256 * 256;

function small(input: CompareInput, limit: number): boolean {
  const a = input.raw ? input.raw.expected : readImageHeader(input.expected);
  const b = input.raw ? input.raw.actual : readImageHeader(input.actual);
  return a !== undefined && b !== undefined && a.width * a.height <= limit && b.width * b.height <= limit;
}

function fromWire(error: WireError): Error {
  if (error.kind === 'input') return new CompareInputError(error.side, new ImageDecodeError(error.cause));
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  if (error.stack) rebuilt.stack = error.stack;
  return rebuilt;
}
