import { spawn, spawnSync } from 'node:child_process';
import { readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { withLock } from '../../src/baselines/lock.js';
import { tempDir } from '../helpers/tmp.js';

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('baseline locks', () => {
  it('is never seen without its owner pid, and leaves nothing behind', async () => {
    const dir = await tempDir();
    const lock = path.join(dir, 'seed=1.json.lock');
    const seen = await withLock(lock, () => readFile(lock, 'utf8'));
    expect(seen.split(' ')[0]).toBe(String(process.pid));
    expect(await readdir(dir)).toEqual([]);
  });

  it('breaks a lock left by a dead process at once', async () => {
    const dir = await tempDir();
    const lock = path.join(dir, 'seed=1.json.lock');
    await writeFile(lock, `${deadPid()} 2026-01-01T00:00:00.000Z`);
    // A 1 s timeout: waiting for the lock instead of breaking it would throw BASELINE_LOCKED.
    expect(await withLock(lock, async () => 'done', { timeoutMs: 1_000 })).toBe('done');
    expect(await readdir(dir)).toEqual([]);
  });

  it('breaks a lock without a pid once it is a few seconds old (its owner died before writing it)', async () => {
    const dir = await tempDir();
    const lock = path.join(dir, 'seed=1.json.lock');
    await writeFile(lock, '');
    const tenSecondsAgo = new Date(Date.now() - 10_000);
    await utimes(lock, tenSecondsAgo, tenSecondsAgo);
    expect(await withLock(lock, async () => 'done', { timeoutMs: 1_000 })).toBe('done');
  });

  it('waits for a live owner, then reports the lock with a hint', async () => {
    const dir = await tempDir();
    const lock = path.join(dir, 'seed=1.json.lock');
    const owner = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    onTestFinished(() => {
      owner.kill();
    });
    await writeFile(lock, `${owner.pid} ${new Date().toISOString()}`);
    await expect(withLock(lock, async () => 'never', { timeoutMs: 200 })).rejects.toMatchObject({
      code: 'BASELINE_LOCKED',
    });
    expect(await readdir(dir)).toEqual(['seed=1.json.lock']);
  });
});
