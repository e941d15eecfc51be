import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { linkOrCopy } from '../../src/util/link.js';
import { tempDir } from '../helpers/tmp.js';

describe('linkOrCopy', () => {
  it('links on the same device: one inode, nothing copied; the link outlives the original', async () => {
    const dir = await tempDir();
    const source = path.join(dir, 'a.png');
    const target = path.join(dir, 'run', 'deep', 'a.png');
    await writeFile(source, 'pixels');
    expect(await linkOrCopy({ source, target })).toBe('linked');
    const [s, t] = await Promise.all([stat(source), stat(target)]);
    expect(t.ino).toBe(s.ino);
    expect(t.nlink).toBe(2);
    // Replacing an existing target works too (a compare run again into the same folder).
    expect(await linkOrCopy({ source, target })).toBe('linked');
    await rm(source);
    expect(await readFile(target, 'utf8')).toBe('pixels');
  });

  it('copies across devices (tmpfs /dev/shm against the temp folder), and where links are refused', async () => {
    const dir = await tempDir();
    const source = path.join(dir, 'a.png');
    await writeFile(source, 'pixels');
    const shm = '/dev/shm';
    if (
      (await stat(shm).catch(() => undefined))?.dev !== undefined &&
      (await stat(shm)).dev !== (await stat(dir)).dev
    ) {
      const other = await mkdtemp(path.join(shm, 'seedsnap-link-'));
      try {
        const target = path.join(other, 'a.png');
        expect(await linkOrCopy({ source, target })).toBe('copied');
        expect((await stat(target)).ino).not.toBe((await stat(source)).ino);
        expect(await readFile(target, 'utf8')).toBe('pixels');
      } finally {
        await rm(other, { recursive: true, force: true });
      }
    }
    const refused = Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' });
    const target = path.join(dir, 'copy', 'a.png');
    expect(await linkOrCopy({ source, target, linkFile: () => Promise.reject(refused) })).toBe('copied');
    expect(await readFile(target, 'utf8')).toBe('pixels');
    expect((await stat(target)).nlink).toBe(1);
  });

  it('a missing source is an error, and leaves nothing behind', async () => {
    const dir = await tempDir();
    await expect(
      linkOrCopy({ source: path.join(dir, 'nope.png'), target: path.join(dir, 'out', 'x.png') }),
    ).rejects.toThrow(/ENOENT/);
    expect(await readdir(path.join(dir, 'out'))).toEqual([]);
  });
});
