/**
 * Real runs of the built-in model for report tests, made with the real CLI:
 * a first run writes the baselines (revision 1), a second run on the drifted
 * revision 2 fails, so the report holds fail, pass, new, blocked and a 3 × 2 sweep.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RunResults } from '../../src/types/index.js';
import { runCli } from './cli.js';

export const HOSTILE_PROMPT = '<img src=x onerror=alert(1)> a cabin in a forest';

const CASES = `cases:
  - id: fox
    prompt: a red fox sitting in fresh snow
  - id: lighthouse
    prompt: a lighthouse on a cliff at sunset
  - id: hostile
    prompt: "${HOSTILE_PROMPT}"
    models: [sim-dev]
    seeds: [3]
  - id: sailboat-sweep
    prompt: a sailboat on the ocean with birds
    models: [sim-dev]
    seeds: [5]
    sweep:
      steps: [4, 12, 28]
      guidance_scale: [2, 7]
  - id: calm-lake
    prompt: a calm lake at dawn
    models: [sim-dev]
    seeds: [4]
    tolerance: { max_diff_ratio: 0.5 }
  - id: refused
    prompt: a gore scene
    models: [sim-dev]
    seeds: [1]
    expect: blocked
`;

export const SUITE = `name: ui
provider: local
models:
  - sim-dev
  - id: sim-dev
    label: dev-fast
    defaults: { steps: 8 }
defaults: { width: 64, height: 64, steps: 20, output_format: png }
seeds: [1, 2]
${CASES}`;

/** A case added for the second run only, so that it is `new` there. */
const EXTRA = `  - id: castle
    prompt: a castle on a hill under a stormy sky
    models: [sim-dev]
    seeds: [9]
`;

export interface Fixture {
  cwd: string;
  /** The drifted run: fail, new, blocked. */
  runDir: string;
  /** The first run, everything new on revision 1. */
  firstDir: string;
  results: RunResults;
  /** The fixture outlives single tests (it is built once per file), so it is removed by hand. */
  remove(): Promise<void>;
}

async function latest(cwd: string): Promise<string> {
  const name = (await readFile(path.join(cwd, 'reports', '.latest-run'), 'utf8')).trim();
  return path.join(cwd, 'reports', name);
}

export async function buildFixture(): Promise<Fixture> {
  const cwd = await mkdtemp(path.join(os.tmpdir(), 'seedsnap-ui-'));
  await writeFile(path.join(cwd, 'suite.yaml'), SUITE);
  const first = await runCli(['run', 'suite.yaml'], { cwd, env: { SEEDSNAP_LOCAL_REVISION: '1' } });
  if (first.code !== 0) throw new Error(`first fixture run failed (${first.code}): ${first.stderr}`);
  const firstDir = await latest(cwd);
  await writeFile(path.join(cwd, 'suite.yaml'), `${SUITE}${EXTRA}`);
  const second = await runCli(['run', 'suite.yaml', '--ci'], { cwd, env: { SEEDSNAP_LOCAL_REVISION: '2' } });
  if (second.code !== 1)
    throw new Error(`drifted fixture run should fail (exit 1), got ${second.code}: ${second.stderr}`);
  const runDir = await latest(cwd);
  const results = JSON.parse(await readFile(path.join(runDir, 'results.json'), 'utf8')) as RunResults;
  return { cwd, runDir, firstDir, results, remove: () => rm(cwd, { recursive: true, force: true }) };
}
