import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdir, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { STALE_MS, withLock } from '../../src/baselines/lock.js';
import { sweepStale } from '../../src/baselines/recover.js';
import { until } from '../helpers/spawn.js';
import { tempDir } from '../helpers/tmp.js';

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function livePid(): number {
  const child: ChildProcess = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  onTestFinished(() => {
    child.kill();
  });
  return child.pid ?? 0;
}

async function aged(file: string, ms: number): Promise<void> {
  const then = new Date(Date.now() - ms);
  await utimes(file, then, then);
}

describe('cleaning up after a killed seedsnap', () => {
  it('removes temporaries and locks whose process is gone or that are older than the lock timeout', async () => {
    const root = await tempDir();
    const dir = path.join(root, 's/fox/m');
    await mkdir(dir, { recursive: true });
    const [dead, live] = [deadPid(), livePid()];
    const now = new Date().toISOString();
    const files: Record<string, { text: string; ageMs?: number; kept: boolean }> = {
      [`.seedsnap-tmp-seed=1.png.${dead}.0a1b2c3d`]: { text: 'half an image', kept: false },
      [`.seedsnap-tmp-seed=2.png.${live}.0a1b2c3d`]: { text: 'being written', kept: true },
      [`.seedsnap-tmp-seed=3.png.${live}.0a1b2c3d`]: { text: 'hung writer', ageMs: 2 * STALE_MS, kept: false },
      [`.seedsnap-tmp-results.json.${process.pid}.0a1b2c3d`]: { text: 'ours, now', kept: true },
      'seed=4.json.lock': { text: `${dead} ${now}`, kept: false },
      'seed=5.json.lock': { text: `${live} ${now}`, kept: true },
      'seed=6.json.lock': { text: `${live} ${now}`, ageMs: 2 * STALE_MS, kept: false },
      // Our pid without our nonce: an earlier process with the same pid (a container, run after run).
      'seed=7.json.lock': { text: `${process.pid} ${now} 000000000000`, kept: false },
      'seed=8.json.lock': { text: '', kept: true },
      'seed=9.json.lock': { text: '', ageMs: 10_000, kept: false },
      'notes.txt': { text: 'the user’s', ageMs: 10 * STALE_MS, kept: true },
      'seed=1.png': { text: 'not ours to judge', ageMs: 10 * STALE_MS, kept: true },
    };
    for (const [name, file] of Object.entries(files)) {
      await writeFile(path.join(dir, name), file.text);
      if (file.ageMs) await aged(path.join(dir, name), file.ageMs);
    }
    const outcome = await sweepStale(root);
    const left = (await readdir(dir)).sort();
    const kept = Object.entries(files)
      .filter(([, f]) => f.kept)
      .map(([name]) => name)
      .sort();
    expect(left).toEqual(kept);
    expect(outcome.removed.length).toBe(Object.keys(files).length - kept.length);
  });

  it('a lock left by an earlier process with this pid does not block, one this process holds does', async () => {
    const dir = await tempDir();
    const lock = path.join(dir, 'seed=1.json.lock');
    await writeFile(lock, `${process.pid} 2026-01-01T00:00:00.000Z`);
    expect(await withLock(lock, async () => 'taken', { timeoutMs: 1_000 })).toBe('taken');
    // Two holders in this process: the second waits for the first (its lock has our pid and nonce).
    const order: string[] = [];
    const hold = (name: string) =>
      withLock(lock, async () => {
        order.push(`${name} in`);
        await new Promise((resolve) => setTimeout(resolve, 30));
        order.push(`${name} out`);
      });
    await Promise.all([hold('a'), hold('b')]);
    expect(['a in a out b in b out', 'b in b out a in a out']).toContain(order.join(' '));
  });

  it('an owner keeps its lock fresh while it holds it, so a long approval is not taken for a dead one', async () => {
    const dir = await tempDir();
    const lock = path.join(dir, 'results.json.lock');
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    await withLock(lock, async () => {
      await aged(lock, 2 * STALE_MS);
      const old = (await stat(lock)).mtimeMs;
      vi.advanceTimersByTime(STALE_MS / 4);
      // Resolves only once the owner has touched its lock again.
      await until(async () => (await stat(lock)).mtimeMs > old);
    });
  });
});
