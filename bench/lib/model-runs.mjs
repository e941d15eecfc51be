// The issue-15 workload: two real runs of the built-in model, revision 1 and revision 2, made by the real CLI —
// 1024×1024, 28 steps, the model's own RGB PNGs (and JPEGs, quality as the model writes them), every pair
// different. `seedsnap compare RUN_A RUN_B`, the pool, odiff and reg-cli all read these same files.
// Made once per version of the model's code and kept in the temp folder (REBUILD=1 makes them again).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin', 'seedsnap.js');

// Scenes with different palettes, objects and amounts of detail; 8 seeds each = 48 pairs.
const PROMPTS = [
  ['lighthouse', 'a lighthouse on a cliff at sunset, dramatic clouds, seagulls'],
  ['fox', 'a red fox sitting in fresh snow, studio photograph'],
  ['street', 'a neon city street at night, rain, cinematic'],
  ['cabin', 'a cabin in a forest with mountains, oil painting'],
  ['sailboat', 'a sailboat on the ocean with birds and clouds, watercolor'],
  ['desert', 'a desert with cactus and a red rock arch under a starry sky, film grain'],
];
const SEEDS = [1, 2, 3, 5, 7, 11, 42, 99];

function suiteText(format) {
  return `name: bench-${format}
provider: local
models: [sim-dev]
defaults: { width: 1024, height: 1024, steps: 28, guidance_scale: 3.5, output_format: ${format} }
seeds: [${SEEDS.join(', ')}]
concurrency: 2
cases:
${PROMPTS.map(([id, prompt]) => `  - id: ${id}\n    prompt: ${prompt}`).join('\n')}
`;
}

/** A key that changes when the built-in model's code does: the fixtures are made again then. */
function modelKey() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (name.endsWith('.js')) hash.update(readFileSync(file));
    }
  };
  for (const dir of ['providers/local', 'image']) walk(path.join(ROOT, 'dist', dir));
  hash.update(suiteText('png'));
  return hash.digest('hex').slice(0, 12);
}

function cli(args, cwd, env = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, CI: '', NO_COLOR: '1', ...env },
    encoding: 'utf8',
  });
  return result;
}

/** Every image file under dir, relative to it, sorted. */
export function imagesUnder(dir) {
  const out = [];
  const walk = (at) => {
    for (const name of readdirSync(path.join(dir, at)).sort()) {
      const rel = at ? `${at}/${name}` : name;
      if (statSync(path.join(dir, rel)).isDirectory()) walk(rel);
      else if (/\.(png|jpe?g)$/.test(name)) out.push(rel);
    }
  };
  walk('');
  return out;
}

/**
 * { dir, png: { runA, runB, pairs }, jpeg: { ... } }: run folders made by `seedsnap run` at revisions 1 and 2,
 * and the pairs as [pathA, pathB] of the images in them (same relative path under actual/).
 */
export async function modelRuns() {
  const dir = path.join(os.tmpdir(), `seedsnap-bench-model-runs-${modelKey()}`);
  const done = path.join(dir, 'done');
  if (process.env.REBUILD === '1') rmSync(dir, { recursive: true, force: true });
  if (!existsSync(done)) {
    rmSync(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    for (const format of ['png', 'jpeg']) {
      await writeFile(path.join(dir, `${format}.yaml`), suiteText(format));
      for (const revision of [1, 2]) {
        const out = `${format}-rev${revision}`;
        // Every case is `new` (no baselines here): its image is still written to actual/.
        const r = cli(['run', `${format}.yaml`, '--out', out, '--reporter', 'json'], dir, {
          SEEDSNAP_LOCAL_REVISION: String(revision),
        });
        if (r.status !== 0 && r.status !== 1) throw new Error(`seedsnap run failed (${r.status}): ${r.stderr}`);
        rmSync(path.join(dir, 'baselines'), { recursive: true, force: true });
      }
    }
    await writeFile(done, new Date().toISOString());
  }
  const set = (format) => {
    const runA = path.join(dir, `${format}-rev1`);
    const runB = path.join(dir, `${format}-rev2`);
    const files = imagesUnder(path.join(runA, 'actual'));
    const pairs = files.map((rel) => [path.join(runA, 'actual', rel), path.join(runB, 'actual', rel)]);
    for (const [a, b] of pairs) {
      if (!existsSync(b)) throw new Error(`revision 2 has no ${b}`);
      if (readFileSync(a).equals(readFileSync(b))) throw new Error(`revision 1 and 2 drew the same ${a}`);
    }
    return { runA, runB, files, pairs };
  };
  return { dir, png: set('png'), jpeg: set('jpeg') };
}

/** Sizes in bytes of a set's images, side A. */
export function totalBytes(paths) {
  return paths.reduce((sum, file) => sum + statSync(file).size, 0);
}
