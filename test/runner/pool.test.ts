/**
 * The run's cases go through eachInPool: at most `concurrency` in flight, started in order, each result handed
 * on and kept nowhere (issue 15 goal 3: the p-limit pool held every case result until the last case ended).
 */
import { describe, expect, it } from 'vitest';
import { eachInPool } from '../../src/runner/pool.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('eachInPool', () => {
  it('runs at most `concurrency` at once, starts in order, and hands every result (or error) on', async () => {
    const started: number[] = [];
    const handed: string[] = [];
    let inFlight = 0;
    let most = 0;
    const outcome = await eachInPool(
      [1, 2, 3, 4, 5, 6, 7],
      async (n) => {
        started.push(n);
        inFlight++;
        most = Math.max(most, inFlight);
        await tick((n * 7) % 5);
        inFlight--;
        if (n === 4) throw new Error('four');
        return `r${n}`;
      },
      {
        concurrency: 3,
        onError: (n, error) => `e${n}:${(error as Error).message}`,
        onResult: async (r) => {
          await tick(1);
          handed.push(r);
        },
      },
    );
    expect(outcome).toBeUndefined();
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
    expect([...handed].sort()).toEqual(['e4:four', 'r1', 'r2', 'r3', 'r5', 'r6', 'r7']);
  });

  it('starts the next item only once the last one handed on is recorded, and takes no items when empty', async () => {
    const events: string[] = [];
    await eachInPool([1, 2], async (n) => n, {
      concurrency: 1,
      onError: () => 0,
      onResult: async (n) => {
        events.push(`record ${n}`);
        await tick(2);
        events.push(`recorded ${n}`);
      },
    });
    expect(events).toEqual(['record 1', 'recorded 1', 'record 2', 'recorded 2']);
    await expect(eachInPool([], async () => 1, { concurrency: 2, onError: () => 0 })).resolves.toBeUndefined();
    await expect(eachInPool([1], async () => 1, { concurrency: 0, onError: () => 0 })).rejects.toThrow(/concurrency/);
  });
});
