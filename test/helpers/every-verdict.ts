/**
 * One real run holding every verdict the report draws, made with the real CLI on the built-in model:
 * a first run writes the baselines (revision 1); the suites then change a little (a parameter, a new
 * case) and a second run on revision 2 with `--repeat 2 --ci` gives pass, fail, stale, new, blocked,
 * error, flaky, a 2 × 2 sweep and a case of n = 2. A third run stops at `--max-failures 1`, so its
 * report holds cases that did not run.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RunResults } from '../../src/types/index.js';
import { runCli } from './cli.js';

const UI = (steps: number, extra = '') => `name: ui
provider: local
models: [sim-dev]
defaults: { width: 64, height: 64, steps: 20, output_format: png }
seeds: [1]
cases:
  - id: calm-lake
    prompt: a calm lake at dawn
    tolerance: { max_diff_ratio: 0.9 }
  - id: fox
    prompt: a red fox sitting in fresh snow
  - id: lighthouse
    prompt: a lighthouse on a cliff at sunset
    steps: ${steps}
  - id: refused
    prompt: a gore scene
    expect: blocked
  - id: two-cats
    prompt: two cats on a sofa
    n: 2
  - id: sailboat-sweep
    prompt: a sailboat on the ocean with birds
    sweep:
      steps: [4, 12]
      guidance_scale: [2, 7]
${extra}`;

const NEW_CASE = `  - id: castle
    prompt: a castle on a hill under a stormy sky
`;

/** An edit model given an image_url that is no image: the API answers 400, the case is `error`. */
const EDITS = `name: edits
provider: local
models: [sim-kontext]
defaults: { aspect_ratio: "1:1", steps: 8, output_format: png }
seeds: [1]
cases:
  - id: broken-edit
    prompt: a portrait in oil
    image_url: "data:image/png;base64,bm90IGFuIGltYWdl"
`;

/** GPU-like jitter and a tolerance tighter than it: two generations of one request disagree, `flaky`. */
const NOISY = `name: noisy
provider: { name: local, options: { jitter: 2 } }
models: [sim-dev]
defaults: { width: 64, height: 64, steps: 20, output_format: png }
seeds: [1]
tolerance: { max_mean_abs: 0.05 }
cases:
  - id: jittery
    prompt: a forest path in autumn
`;

export interface EveryVerdict {
  cwd: string;
  /** The second run: every verdict. */
  runDir: string;
  results: RunResults;
  /** The third run: stopped by --max-failures, with cases that did not run. */
  stoppedDir: string;
  stopped: RunResults;
  remove(): Promise<void>;
}

async function latest(cwd: string): Promise<{ dir: string; results: RunResults }> {
  const name = (await readFile(path.join(cwd, 'reports', '.latest-run'), 'utf8')).trim();
  const dir = path.join(cwd, 'reports', name);
  return { dir, results: JSON.parse(await readFile(path.join(dir, 'results.json'), 'utf8')) as RunResults };
}

export async function buildEveryVerdict(): Promise<EveryVerdict> {
  const cwd = await mkdtemp(path.join(os.tmpdir(), 'seedsnap-verdicts-'));
  const suites = ['ui.yaml', 'edits.yaml', 'noisy.yaml'];
  await writeFile(path.join(cwd, 'ui.yaml'), UI(20));
  await writeFile(path.join(cwd, 'edits.yaml'), EDITS);
  await writeFile(path.join(cwd, 'noisy.yaml'), NOISY);
  // The edit case errors on every run, so the first run exits 1 too; it still writes every other baseline.
  const first = await runCli(['run', ...suites], { cwd, env: { SEEDSNAP_LOCAL_REVISION: '1' } });
  if (first.code !== 1 || first.stderr.includes('internal error')) {
    throw new Error(`first fixture run: exit ${first.code}: ${first.stderr}`);
  }
  await writeFile(path.join(cwd, 'ui.yaml'), UI(24, NEW_CASE));
  const drifted = { SEEDSNAP_LOCAL_REVISION: '2' };
  const second = await runCli(['run', ...suites, '--repeat', '2', '--ci'], { cwd, env: drifted });
  if (second.code !== 1) throw new Error(`second fixture run: exit ${second.code}: ${second.stderr}`);
  const run = await latest(cwd);
  const third = await runCli(['run', 'ui.yaml', '--ci', '--max-failures', '1', '--concurrency', '1'], {
    cwd,
    env: drifted,
  });
  if (third.code !== 1) throw new Error(`third fixture run: exit ${third.code}: ${third.stderr}`);
  const stopped = await latest(cwd);
  return {
    cwd,
    runDir: run.dir,
    results: run.results,
    stoppedDir: stopped.dir,
    stopped: stopped.results,
    remove: () => rm(cwd, { recursive: true, force: true }),
  };
}
