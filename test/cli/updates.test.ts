import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const SUITE = `name: upd
models: [sim-dev]
defaults: { width: 64, height: 64, steps: 28, output_format: png }
seeds: [1, 2]
cases:
  - { id: fox, prompt: a red fox sitting in fresh snow }
  - { id: cabin, prompt: a cabin in a forest, seeds: [3] }
`;

/** The summary's lines from the one that starts with `updated` to the end, trimmed. */
function tail(stdout: string): string[] {
  const lines = stdout.trimEnd().split('\n');
  const at = lines.findIndex((l) => /^\s*updated \d+/.test(l));
  return at === -1 ? [] : lines.slice(at).map((l) => l.trim());
}

describe('updates say what they wrote', () => {
  it('-u and --update=failed|new end with "updated N" and the ids, and "all good" says it overwrote baselines', async () => {
    const cwd = await tempDir();
    await writeFile(path.join(cwd, 'suite.yaml'), SUITE);
    // Only fox seed=1 gets a baseline; the drifted model then fails it, and the others are new.
    expect((await runCli(['run', 'suite.yaml', '--grep', 'fox/sim-dev/seed=1'], { cwd })).code).toBe(0);
    const drifted = { SEEDSNAP_LOCAL_REVISION: '2' };

    const onlyNew = await runCli(['run', 'suite.yaml', '--ci', '--update=new'], { cwd, env: drifted });
    expect(onlyNew.code).toBe(1);
    expect(tail(onlyNew.stdout)).toEqual([
      'updated 2 baseline images (new 2):',
      'upd/fox/sim-dev/seed=2  new',
      'upd/cabin/sim-dev/seed=3  new',
    ]);

    const onlyFailed = await runCli(['run', 'suite.yaml', '--ci', '--update=failed'], { cwd, env: drifted });
    expect(onlyFailed.code).toBe(0);
    expect(onlyFailed.stdout).not.toMatch(/all good$/m);
    expect(onlyFailed.stdout).toMatch(/— all good after overwriting 1 baseline image$/m);
    expect(tail(onlyFailed.stdout)).toEqual([
      'updated 1 baseline image (overwritten 1):',
      'upd/fox/sim-dev/seed=1  fail → overwritten',
    ]);

    // Nothing changed: nothing written, no "updated" line.
    const same = await runCli(['run', 'suite.yaml', '-u'], { cwd, env: drifted });
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/— all good$/m);
    expect(tail(same.stdout)).toEqual([]);

    // -u over a changed request and the original model: every baseline is overwritten, and listed.
    await writeFile(path.join(cwd, 'suite.yaml'), SUITE.replace('steps: 28', 'steps: 20'));
    const all = await runCli(['run', 'suite.yaml', '-u'], { cwd });
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/— all good after overwriting 3 baseline images$/m);
    expect(tail(all.stdout)).toEqual([
      'updated 3 baseline images (overwritten 3):',
      'upd/fox/sim-dev/seed=1  stale → overwritten',
      'upd/fox/sim-dev/seed=2  stale → overwritten',
      'upd/cabin/sim-dev/seed=3  stale → overwritten',
    ]);
  });

  it('lists at most 20 ids and says where the rest are', async () => {
    const cwd = await tempDir();
    const seeds = Array.from({ length: 25 }, (_, i) => i + 1).join(', ');
    await writeFile(
      path.join(cwd, 'suite.yaml'),
      SUITE.replace('seeds: [1, 2]', `seeds: [${seeds}]`).replace('steps: 28', 'steps: 4'),
    );
    const first = await runCli(['run', 'suite.yaml', '--grep', 'fox'], { cwd });
    expect(first.code).toBe(0);
    const lines = tail(first.stdout);
    expect(lines[0]).toBe('updated 25 baseline images (new 25):');
    expect(lines.slice(1, 21)).toHaveLength(20);
    expect(lines[21]).toBe('… and 5 more: every written image has "updated": true in results.json');
    expect(lines).toHaveLength(22);
  });
});
