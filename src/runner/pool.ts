/**
 * Running many tasks with at most `concurrency` in flight (p-limit). A task
 * that throws becomes its own failure; it never stops the others.
 *
 * Trap (as p-limit documents): a task must not call the same limiter it runs
 * under, or it waits for a slot that it holds itself.
 */
import pLimit from 'p-limit';

export interface PoolOptions<T, R> {
  concurrency: number;
  /** Turns a thrown error into a result, so one bad item never stops the rest. */
  onError: (item: T, error: unknown) => R | Promise<R>;
  onResult?: (result: R, item: T) => void | Promise<void>;
}

export async function runPool<T, R>(
  items: readonly T[],
  task: (item: T) => Promise<R>,
  options: PoolOptions<T, R>,
): Promise<R[]> {
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new TypeError(`Expected \`concurrency\` to be a whole number from 1 up, got ${options.concurrency}`);
  }
  const limit = pLimit(options.concurrency);
  return Promise.all(
    items.map((item) =>
      limit(async () => {
        let result: R;
        try {
          result = await task(item);
        } catch (error) {
          result = await options.onError(item, error);
        }
        await options.onResult?.(result, item);
        return result;
      }),
    ),
  );
}

/**
 * Each item through `task`, at most `concurrency` at once, started in order; each result goes to `onResult`
 * and is kept nowhere. Nothing is made for an item before its turn: runPool (p-limit) queues a closure and a
 * promise per item at once and holds every result until the last one ends — for a 10,000-case run, every
 * case result in memory until the reports, whatever else let go of them.
 */
export async function eachInPool<T, R>(
  items: readonly T[],
  task: (item: T) => Promise<R>,
  options: PoolOptions<T, R>,
): Promise<void> {
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new TypeError(`Expected \`concurrency\` to be a whole number from 1 up, got ${options.concurrency}`);
  }
  let next = 0;
  // A lane takes the next item as soon as its last one is recorded, as a p-limit slot would.
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      let result: R;
      try {
        result = await task(item);
      } catch (error) {
        result = await options.onError(item, error);
      }
      await options.onResult?.(result, item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, items.length) }, lane));
}

/**
 * A limiter: at most `concurrency` of the works given to it run at once, the rest wait in order (p-limit).
 * The same trap as runPool: a work must not wait for the limiter it runs under.
 */
export function requestLimiter(concurrency: number): <T>(work: () => Promise<T>) => Promise<T> {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new TypeError(`Expected \`concurrency\` to be a whole number from 1 up, got ${concurrency}`);
  }
  const limit = pLimit(concurrency);
  return (work) => limit(work);
}
