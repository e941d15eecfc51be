import { access, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveRunSettings } from '../../src/runner/options.js';
import { runSuites } from '../../src/runner/run.js';
import { UsageError } from '../../src/types/errors.js';
import { tempDir } from '../helpers/tmp.js';

describe('run options are checked where they enter', () => {
  it('refuses a negative concurrency with a UsageError before the run folder exists', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 's.yaml');
    await writeFile(file, 'models: [sim-schnell]\ncases: [{ id: a, prompt: a fox }]\n');
    const reportsDir = path.join(dir, 'reports');
    const run = runSuites({ suites: [file], reportsDir, baselinesDir: path.join(dir, 'b'), concurrency: -1 });
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow('Expected `concurrency` to be a whole number from 1 up, got -1');
    // Nothing was made: no reports folder, no run folder, no journal.
    await expect(access(reportsDir)).rejects.toThrow(/ENOENT/);
  });

  it('names the option and the value, whatever is wrong', () => {
    const wrong: [object, string][] = [
      [{ repeat: 0 }, 'Expected `repeat` to be a whole number from 1 up, got 0'],
      [{ maxFailures: 1.5 }, 'Expected `maxFailures` to be a whole number from 1 up, got 1.5'],
      [{ shard: { index: 3, count: 2 } }, 'Expected `shard.index` to be at most `shard.count`'],
      [{ update: 'sometimes' }, 'Expected `update` to be all, failed, new or none, got "sometimes"'],
      [{ maxMegapixels: -1 }, 'Expected `maxMegapixels` to be a number above 0, got -1'],
      [{ timeoutMs: 0 }, 'Expected `timeoutMs` to be a number above 0, got 0'],
    ];
    for (const [options, message] of wrong) {
      expect(() => resolveRunSettings({ suites: ['s.yaml'], ...options } as never)).toThrow(message);
    }
  });

  it('fills the defaults in, makes paths absolute, and treats a repeat of 1 as none', () => {
    expect(resolveRunSettings({ suites: ['s.yaml'], repeat: 1, grep: ['a', 'b'] })).toEqual({
      suites: [path.resolve('s.yaml')],
      baselinesDir: path.resolve('baselines'),
      ci: false,
      update: 'none',
      grep: ['a', 'b'],
    });
  });
});
