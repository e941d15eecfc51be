import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResults } from '../../src/report/results-file.js';
import { RESULTS_SCHEMA_VERSION, type RunResults } from '../../src/types/index.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

/** A results.json as seedsnap 0.1 wrote it: schema version 1, no gates, the sweep tolerance without a name. */
const VERSION_1 = {
  schemaVersion: 1,
  tool: { name: 'seedsnap', version: '0.1.0' },
  runId: 'old-run',
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: '2026-01-01T00:00:02.000Z',
  durationMs: 2000,
  status: 'complete',
  options: { ci: false, update: 'none' },
  suites: [{ name: 's', file: 's.yaml', provider: 'local', models: ['sim-dev'], cases: 1 }],
  summary: {
    total: 1,
    images: 1,
    failing: 1,
    updated: 0,
    byVerdict: { error: 0, fail: 1, stale: 0, flaky: 0, new: 0, blocked: 0, pass: 0 },
  },
  cases: [
    {
      id: 's/fox/sim-dev/steps=4/seed=1',
      suite: 's',
      case: 'fox',
      model: 'sim-dev',
      modelLabel: 'sim-dev',
      seed: 1,
      sweep: { steps: 4 },
      provider: 'local',
      request: { model: 'sim-dev', prompt: 'a fox', seed: 1, steps: 4 },
      fingerprint: 'sha256:0',
      expect: 'image',
      verdict: 'fail',
      failing: true,
      reason: '500 pixels differ (0.19%), more than max_diff_ratio 0.100%',
      images: [{ index: 0, verdict: 'fail', metrics: { diffPixels: 500, diffRatio: 0.0019 } }],
      attempts: 1,
      durationMs: 10,
    },
  ],
  sweeps: [
    {
      id: 's/fox/sim-dev/seed=1',
      suite: 's',
      case: 'fox',
      model: 'sim-dev',
      modelLabel: 'sim-dev',
      seed: 1,
      axes: [{ param: 'steps', values: [4] }],
      tolerance: { threshold: 0.1, max_diff_ratio: 0.01, min_psnr: 32 },
      cells: [{ id: 's/fox/sim-dev/steps=4/seed=1', values: { steps: 4 }, verdict: 'fail', cost: 4 }],
    },
  ],
};

async function runFolder(value: unknown): Promise<string> {
  const dir = path.join(await tempDir(), 'run');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'results.json'), JSON.stringify(value));
  return dir;
}

describe('results.json read back', () => {
  it('reads a version 1 file in the version 2 shape: figures without gates, sweeps under sweep-close', async () => {
    const results = await readResults(await runFolder(VERSION_1));
    expect(results.schemaVersion).toBe(RESULTS_SCHEMA_VERSION);
    expect(results.cases[0]?.images[0]?.gates).toBeUndefined();
    expect(results.sweeps?.[0]?.tolerance).toEqual({
      name: 'sweep-close',
      threshold: 0.1,
      include_aa: false,
      max_diff_ratio: 0.01,
      min_psnr: 32,
    });
  });

  it('and seedsnap report redraws a version 1 run, writing it back as version 2', async () => {
    const dir = await runFolder(VERSION_1);
    const result = await runCli(['report', '--run', dir, '--reporter', 'html,markdown'], { cwd: path.dirname(dir) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect((await readResults(dir)).runId).toBe('old-run');
  });

  it('refuses a version it does not know, naming it', async () => {
    const dir = await runFolder({ ...VERSION_1, schemaVersion: 7 });
    await expect(readResults(dir)).rejects.toThrow(/has schemaVersion 7; this seedsnap reads 2 and 1/);
  });

  it('refuses a damaged file, saying where it is wrong', async () => {
    const broken = structuredClone(VERSION_1) as unknown as RunResults;
    (broken.cases[0] as unknown as { verdict: string }).verdict = 'meh';
    const error = await readResults(await runFolder(broken)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'RESULTS_INVALID' });
    expect(String((error as Error).message)).toMatch(/is not a seedsnap results file: cases\[0\]\.verdict: /);
    const noCases = { ...VERSION_1, cases: undefined };
    await expect(readResults(await runFolder(noCases))).rejects.toThrow(/cases: /);
  });

  it('keeps keys it does not know, so a newer file loses nothing when written back', async () => {
    const newer = { ...VERSION_1, schemaVersion: 2, sweeps: undefined, findings: { note: 'from a later seedsnap' } };
    const results = (await readResults(await runFolder(newer))) as RunResults & { findings?: unknown };
    expect(results.findings).toEqual({ note: 'from a later seedsnap' });
  });
});
