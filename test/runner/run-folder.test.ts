import { readFileSync } from 'node:fs';
import { lstat, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JOURNAL_FILE, RunFolder } from '../../src/runner/run-folder.js';
import { tempDir } from '../helpers/tmp.js';

describe('RunFolder journal', () => {
  it('writes a burst of entries whole and in order, each promise resolving once its line is written', async () => {
    const folder = new RunFolder(await tempDir());
    const file = path.join(folder.dir, JOURNAL_FILE);
    const seenOnResolve: boolean[] = [];
    const writes = Array.from({ length: 20 }, (_, i) =>
      folder.journal({ type: 'case', n: i }).then(() => {
        seenOnResolve[i] = readFileSync(file, 'utf8').includes(`{"type":"case","n":${i}}\n`);
      }),
    );
    await Promise.all(writes);
    await folder.flushJournal();
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { n: number }).n)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(seenOnResolve.every(Boolean)).toBe(true);
  });
});

describe('RunFolder.linkImage', () => {
  it('links a file that holds the bytes compared; writes the bytes when the file holds anything else', async () => {
    const dir = await tempDir();
    const folder = new RunFolder(path.join(dir, 'run'));
    const bytes = new TextEncoder().encode('the baseline that was compared');
    const source = path.join(dir, 'baseline.png');
    await writeFile(source, bytes);
    const linked = await folder.linkImage('expected', 's/a', 'png', { source, bytes });
    expect((await stat(folder.resolve(linked))).ino).toBe((await stat(source)).ino);

    // Replaced between the read and the link: the run folder shows what was compared, not the newer file.
    await writeFile(source, 'a newer baseline');
    const written = await folder.linkImage('expected', 's/b', 'png', { source, bytes });
    expect((await stat(folder.resolve(written))).ino).not.toBe((await stat(source)).ino);
    expect(readFileSync(folder.resolve(written), 'utf8')).toBe('the baseline that was compared');

    // A symbolic link would be linked as a link (link(2) does not follow it): the bytes are written instead.
    const pointer = path.join(dir, 'pointer.png');
    await writeFile(source, bytes);
    await symlink(source, pointer);
    const viaLink = await folder.linkImage('expected', 's/c', 'png', { source: pointer, bytes });
    expect((await lstat(folder.resolve(viaLink))).isFile()).toBe(true);
    expect(readFileSync(folder.resolve(viaLink), 'utf8')).toBe('the baseline that was compared');

    // A source that is gone: the bytes are written.
    const gone = await folder.linkImage('expected', 's/d', 'png', { source: path.join(dir, 'nope.png'), bytes });
    expect(readFileSync(folder.resolve(gone), 'utf8')).toBe('the baseline that was compared');
  });
});
