import { readdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withLock } from '../../src/baselines/lock.js';
import { tempDir } from '../helpers/tmp.js';

describe('baseline locks', () => {
  it('break a lock left by a dead process, or an empty one, and leave nothing behind', async () => {
    const dir = await tempDir();
    const lock = path.join(dir, 'seed=1.json.lock');
    await writeFile(lock, '2147483646 2026-01-01T00:00:00Z');
    expect(await withLock(lock, async () => 'dead owner', 2_000)).toBe('dead owner');
    await writeFile(lock, '');
    const old = new Date(Date.now() - 10_000);
    await utimes(lock, old, old);
    expect(await withLock(lock, async () => 'empty lock', 2_000)).toBe('empty lock');
    expect(await readdir(dir)).toEqual([]);
  });

  it('wait for a live holder, and give up with a clear error', async () => {
    const dir = await tempDir();
    const lock = path.join(dir, 'seed=1.json.lock');
    const order: string[] = [];
    let release: () => void = () => {};
    const holder = withLock(lock, () => new Promise<void>((resolve) => {
      order.push('first in');
      release = () => {
        order.push('first out');
        resolve();
      };
    }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = withLock(lock, async () => order.push('second in'));
    setTimeout(() => release(), 50);
    await Promise.all([holder, second]);
    expect(order).toEqual(['first in', 'first out', 'second in']);
    await writeFile(lock, `${process.pid} now`);
    await expect(withLock(lock, async () => 'never', 100)).rejects.toThrow(/locked by another process/);
  });
});
