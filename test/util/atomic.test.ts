import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../helpers/tmp.js';

// Let a test make the rename (the commit step) fail, as a crash or full disk would.
const failRename = { next: false };
// And count the folders made.
const mkdirCalls = { count: 0 };
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    mkdir: (...args: Parameters<typeof actual.mkdir>) => {
      mkdirCalls.count++;
      return actual.mkdir(...args);
    },
    rename: async (from: string, to: string) => {
      if (failRename.next) {
        failRename.next = false;
        throw Object.assign(new Error('simulated crash before rename'), { code: 'EIO' });
      }
      return actual.rename(from, to);
    },
  };
});

const { writeFileAtomic } = await import('../../src/util/atomic.js');
const { BaselineStore } = await import('../../src/baselines/store.js');
const { encodePng } = await import('../../src/image/png-encode.js');

afterEach(() => {
  failRename.next = false;
});

describe('atomic writes', () => {
  it('makes a missing folder, and asks for none where the folder is there', async () => {
    const dir = await tempDir();
    const before = mkdirCalls.count;
    await writeFileAtomic(path.join(dir, 'run', 'diff', 'a.png'), 'one');
    expect(mkdirCalls.count - before).toBe(1);
    for (const name of ['b.png', 'c.png', 'a.png']) await writeFileAtomic(path.join(dir, 'run', 'diff', name), name);
    expect(mkdirCalls.count - before).toBe(1);
    expect((await readdir(path.join(dir, 'run', 'diff'))).sort()).toEqual(['a.png', 'b.png', 'c.png']);
    expect(await readFile(path.join(dir, 'run', 'diff', 'a.png'), 'utf8')).toBe('a.png');
  });

  it('replaces a file in one step', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'a', 'b.txt');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, 'two');
    expect(await readFile(file, 'utf8')).toBe('two');
    expect(await readdir(path.dirname(file))).toEqual(['b.txt']);
  });

  it('leaves the old file intact and no temporary file when the rename fails', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'x.txt');
    await writeFile(file, 'old');
    failRename.next = true;
    await expect(writeFileAtomic(file, 'new')).rejects.toThrow('simulated crash before rename');
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['x.txt']);
  });

  it('keeps the old baseline image and sidecar when writing the new one fails before the rename', async () => {
    const dir = await tempDir();
    const store = new BaselineStore(dir);
    const request = { model: 'sim-dev', prompt: 'a fox', seed: 1 };
    const image = (value: number) => encodePng({ width: 4, height: 4, data: new Uint8Array(48).fill(value) }, 3);
    const entry = {
      key: 's/a/sim-dev/seed=1',
      format: 'png' as const,
      request,
      fingerprint: 'sha256:1',
      provider: 'local',
    };
    await store.write({ ...entry, bytes: image(10) });
    const before = await store.read(entry.key);

    failRename.next = true;
    await expect(store.write({ ...entry, bytes: image(200) })).rejects.toThrow('simulated crash');
    const after = await store.read(entry.key);
    expect(after?.sidecar).toEqual(before?.sidecar);
    expect(Buffer.from(after?.bytes ?? []).equals(Buffer.from(before?.bytes ?? []))).toBe(true);
    expect((await readdir(path.dirname(store.sidecarPath(entry.key)))).sort()).toEqual(['seed=1.json', 'seed=1.png']);
  });
});
