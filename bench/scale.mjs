// Issue 15 goals 2, 3 and 4 at scale: a suite of 1,000 and one of 10,000 cases on the built-in model (64×64,
// 4 steps, PNG), each run twice by the real CLI in a child process — `-u` (writes every baseline), then a
// plain run (every case passes, byte-identical to its baseline). Printed: the peak RSS of each run (goal 3:
// 10,000 ≤ 1.3 × 1,000), its wall time, the size of the passing run's folder (goal 2: nothing copied for a
// byte-identical pass), and at 10,000 baselines the orphan count as a run makes it (goal 4: ≤ 0.2 s) beside
// listing the file names alone. Run: npm run build && node bench/scale.mjs   (SIZES=1000,10000)
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { orphansOf } from '../dist/baselines/housekeeping.js';
import { defaultRegistry, inventory, loadSuiteFiles } from '../dist/index.js';
import { record } from './lib/figures.mjs';
import { tempDir } from './lib/harness.mjs';
import { header, machine, row, timeIt } from './lib/print.mjs';

const SIZES = (process.env.SIZES ?? '1000,10000').split(',').map(Number);

function suite(cases) {
  const seeds = Array.from({ length: cases }, (_, i) => i + 1);
  return `name: scale
provider: local
models: [sim-dev]
defaults: { width: 64, height: 64, steps: 4, output_format: png }
seeds: [${seeds.join(', ')}]
concurrency: 8
cases:
  - id: lighthouse
    prompt: a lighthouse on a cliff at sunset
`;
}

function cli(args, cwd, rssFile) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [new URL('./lib/maxrss.mjs', import.meta.url).pathname, ...args], {
      cwd,
      env: { ...process.env, MAXRSS_FILE: rssFile, NO_COLOR: '1', CI: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('exit', async (code) => {
      const seconds = (performance.now() - started) / 1000;
      const rss = Number(await readFile(rssFile, 'utf8').catch(() => 0)) / 1024;
      resolve({ code, stderr, seconds, rss });
    });
  });
}

/** Bytes of the files under dir that were written there: a hard link (more than one name) wrote none. */
function bytesUnder(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const stats = statSync(path.join(entry.parentPath, entry.name));
    if (stats.nlink === 1) total += stats.size;
  }
  return total;
}

console.log(`## Scale (issue 15 goals 2, 3, 4)\n\n${machine()}; built-in model, 64×64 PNG, one case per seed`);
header('Whole runs (child process, real CLI)', [
  'cases',
  '`run -u`: peak RSS MB / s',
  'passing run: peak RSS MB / s',
  'ms per case',
  'passing run folder MB',
  'RSS vs smallest',
]);
let smallest;
let largest;
for (const cases of SIZES) {
  const dir = await tempDir(`scale-${cases}`);
  await writeFile(path.join(dir, 'scale.yaml'), suite(cases));
  const rssFile = path.join(dir, 'maxrss');
  const update = await cli(['run', 'scale.yaml', '-u', '--out', 'update'], dir, rssFile);
  if (update.code !== 0) throw new Error(`run -u failed (${update.code}): ${update.stderr}`);
  const pass = await cli(['run', 'scale.yaml', '--out', 'pass'], dir, rssFile);
  if (pass.code !== 0) throw new Error(`the passing run failed (${pass.code}): ${pass.stderr}`);
  smallest ??= pass.rss;
  const folder = bytesUnder(path.join(dir, 'pass'));
  row(
    cases,
    `${update.rss.toFixed(0)} / ${update.seconds.toFixed(1)}`,
    `**${pass.rss.toFixed(0)}** / ${pass.seconds.toFixed(1)}`,
    ((pass.seconds * 1000) / cases).toFixed(2),
    (folder / 1e6).toFixed(1),
    `**${(pass.rss / smallest).toFixed(2)}×**`,
  );
  record('memory', `rss-${cases}`, pass.rss, 'MB', { updateRss: update.rss, seconds: pass.seconds });
  record('no-copies', `run-folder-${cases}`, folder, 'bytes');
  largest = { cases, dir };
}

if (largest) {
  const { cases, dir } = largest;
  const baselines = path.join(dir, 'baselines');
  const file = path.join(dir, 'scale.yaml');
  const names = await timeIt(() => readdir(baselines, { recursive: true }), 5, 1);
  const load = await timeIt(() => loadSuiteFiles([file], { catalog: defaultRegistry }), 5, 1);
  const suites = await loadSuiteFiles([file], { catalog: defaultRegistry });
  // What a run does at its end (run-results.ts): names listed, sidecars read only for what no suite produces.
  const count = await timeIt(() => orphansOf(suites, baselines), 5, 1);
  // What it did before issue 15: every sidecar read (still what `seedsnap baselines list` does, by design).
  const before = await timeIt(
    async () => (await inventory({ suites: [file], baselinesDir: baselines })).filter((e) => e.status === 'orphan'),
    5,
    1,
  );
  const orphanMs = count.median;
  header(`Orphan count at ${cases} baselines (median of 5, in this process)`, ['what', 'ms', 'target']);
  row('list the file names under baselines/ (the anchor)', names.median.toFixed(0), '');
  row('load and expand the suite (not part of the count)', load.median.toFixed(0), '');
  row('the orphan count of a run (orphansOf: names, no sidecar read)', `**${orphanMs.toFixed(0)}**`, '≤ 200 ms');
  row(
    'before: every sidecar read (inventory, minus loading the suite)',
    Math.max(0, before.median - load.median).toFixed(0),
    '',
  );
  record('orphans', `count-${cases}`, orphanMs, 'ms', { names: names.median });
}
