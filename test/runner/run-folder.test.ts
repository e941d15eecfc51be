import { readFileSync } from 'node:fs';
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
