import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BaselineStore } from '../../src/baselines/store.js';
import { decodeImage } from '../../src/image/decode.js';
import type { RunResults } from '../../src/types/index.js';
import { runCli } from '../helpers/cli.js';
import { startCli, until } from '../helpers/spawn.js';
import { tempDir } from '../helpers/tmp.js';

// 4 prompts × 12 seeds of 512² sim-dev images: a few seconds of work, long enough to kill mid-run.
const SUITE = `name: crash
models: [sim-dev]
defaults: { width: 512, height: 512, steps: 28, output_format: png }
seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
concurrency: 2
cases:
  - { id: fox, prompt: a red fox sitting in fresh snow }
  - { id: lighthouse, prompt: a lighthouse on a cliff at sunset }
  - { id: street, prompt: a neon city street at night }
  - { id: cabin, prompt: a cabin in a forest with mountains }
`;
const TOTAL = 48;

async function journalLines(runDir: string): Promise<{ type: string; result?: { id: string } }[]> {
  const text = await readFile(path.join(runDir, 'journal.jsonl'), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((l) => {
      try {
        return [JSON.parse(l)];
      } catch {
        return [];
      }
    });
}

async function runDirOf(cwd: string): Promise<string> {
  const entries = await readdir(path.join(cwd, 'reports'), { withFileTypes: true });
  const dir = entries.find((e) => e.isDirectory());
  if (!dir) throw new Error('no run folder');
  return path.join(cwd, 'reports', dir.name);
}

/** Every baseline sidecar names an image that exists, decodes, and has the sha256 it records. */
async function checkBaselines(root: string): Promise<number> {
  const store = new BaselineStore(root);
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  let checked = 0;
  for (const entry of entries) {
    // Temporaries and staged changes (.seedsnap-*) are not baselines; a reader sees through them.
    if (!entry.isFile() || !entry.name.endsWith('.json') || entry.name.startsWith('.seedsnap-')) continue;
    const rel = path.relative(root, path.join(entry.parentPath, entry.name)).replace(/\.json$/, '');
    const baseline = await store.read(rel.split(path.sep).join('/'));
    expect(baseline, rel).toBeDefined();
    const image = decodeImage(baseline?.bytes ?? new Uint8Array());
    expect([image.width, image.height]).toEqual([512, 512]);
    checked++;
  }
  return checked;
}

describe('crash safety', () => {
  it('survives SIGKILL at random moments: baselines stay whole and --resume finishes without redoing work', async () => {
    // Fixed "random" moments, so a failure can be replayed.
    for (const killAfterCases of [3, 17, 31]) {
      const cwd = await tempDir();
      await writeFile(path.join(cwd, 'suite.yaml'), SUITE);
      const running = startCli(['run', 'suite.yaml'], { cwd });
      await until(async () => {
        const dir = await runDirOf(cwd).catch(() => undefined);
        return dir !== undefined && (await journalLines(dir)).filter((l) => l.type === 'case').length >= killAfterCases;
      });
      running.child.kill('SIGKILL');
      const killed = await running.done;
      expect(killed.signal).toBe('SIGKILL');
      await checkBaselines(path.join(cwd, 'baselines'));
      const runDir = await runDirOf(cwd);
      const before = (await journalLines(runDir)).filter((l) => l.type === 'case').length;
      expect(before).toBeLessThan(TOTAL);

      const resumed = await runCli(['run', '--resume'], { cwd });
      expect(resumed.stderr).not.toMatch(/internal error/);
      expect(resumed.code).toBe(0);
      const lines = await journalLines(runDir);
      const caseIds = lines.filter((l) => l.type === 'case').map((l) => l.result?.id);
      expect(new Set(caseIds).size).toBe(TOTAL);
      // Only the cases the journal did not have were generated again.
      expect(caseIds.length).toBe(TOTAL);
      const results = JSON.parse(await readFile(path.join(runDir, 'results.json'), 'utf8')) as RunResults;
      expect([results.status, results.cases.length]).toEqual(['complete', TOTAL]);
      expect(await checkBaselines(path.join(cwd, 'baselines'))).toBe(TOTAL);
    }
  });

  it('on SIGINT aborts, writes a partial report, exits 130 and can be resumed', async () => {
    const cwd = await tempDir();
    await writeFile(path.join(cwd, 'suite.yaml'), SUITE);
    const running = startCli(['run', 'suite.yaml'], { cwd });
    await until(async () => {
      const dir = await runDirOf(cwd).catch(() => undefined);
      return dir !== undefined && (await journalLines(dir)).filter((l) => l.type === 'case').length >= 5;
    });
    running.child.kill('SIGINT');
    const stopped = await running.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain('interrupted: finish it with  seedsnap run --resume --run reports/');
    const runDir = await runDirOf(cwd);
    const partial = JSON.parse(await readFile(path.join(runDir, 'results.json'), 'utf8')) as RunResults;
    expect(partial.status).toBe('interrupted');
    expect(partial.cases.length).toBeGreaterThanOrEqual(5);
    expect(partial.cases.length).toBeLessThan(TOTAL);
    await readFile(path.join(runDir, 'index.html'));
    const resumed = await runCli(['run', '--resume', '--run', path.relative(cwd, runDir)], { cwd });
    expect(resumed.code).toBe(0);
    const done = JSON.parse(await readFile(path.join(runDir, 'results.json'), 'utf8')) as RunResults;
    expect([done.status, done.cases.length]).toEqual(['complete', TOTAL]);
  });

  it('two approves of different runs at once never pair one run’s image with the other’s sidecar', async () => {
    const cwd = await tempDir();
    await writeFile(
      path.join(cwd, 'suite.yaml'),
      SUITE.replace('seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]', 'seeds: [1, 2, 3]'),
    );
    const a = await runCli(['run', 'suite.yaml', '--ci', '--out', 'run-a'], { cwd });
    const b = await runCli(['run', 'suite.yaml', '--ci', '--out', 'run-b'], {
      cwd,
      env: { SEEDSNAP_LOCAL_REVISION: '2' },
    });
    expect([a.code, b.code]).toEqual([1, 1]);
    for (let round = 0; round < 4; round++) {
      const [x, y] = await Promise.all([
        runCli(['approve', '--run', 'run-a', '*'], { cwd }),
        runCli(['approve', '--run', 'run-b', '*'], { cwd }),
      ]);
      expect([x.code, y.code, x.stderr, y.stderr]).toEqual([0, 0, '', '']);
      expect(await checkBaselines(path.join(cwd, 'baselines'))).toBe(12);
    }
  });
});
