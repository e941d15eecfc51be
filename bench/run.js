// `npm run bench`: every benchmark, one after the other, each in its own process, printing its figures
// (markdown tables, each figure beside the load average when it was taken). Figures are never judged here:
// a slow figure is printed, never failed. A bench that crashes is reported and the others still run.
// At the end, issue 15's goals, each figure beside its anchor, all from this run (lib/goals.mjs).
// `npm run bench -- compare memory` runs only those.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { printGoals } from './lib/goals.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BENCHES = {
  compare: 'compare.mjs',
  startup: 'startup.mjs',
  scale: 'scale.mjs',
  runner: 'runner.mjs',
  memory: 'memory.mjs',
  quickstart: 'quickstart.mjs',
  report: 'report.mjs',
  metrics: 'metrics.mjs',
  model: 'model.js',
  calibrate: 'calibrate.mjs',
  bombs: 'bombs.mjs',
  video: 'video.mjs',
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  console.error(`unknown bench ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
const crashed = [];
const figuresDir = mkdtempSync(path.join(os.tmpdir(), 'seedsnap-bench-figures-'));
const figures = path.join(figuresDir, 'figures.jsonl');
for (const [name, file] of Object.entries(BENCHES)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const script = path.join(HERE, file);
  if (!existsSync(script)) {
    // The report bench (first screen in headless Chromium) lives with the report UI work; it slots in here.
    console.log(`\n## ${name}\n\nsee bench/${file} (not in this checkout yet)`);
    continue;
  }
  console.log(`\n<!-- bench/${file} -->`);
  const result = spawnSync(process.execPath, [script], {
    stdio: 'inherit',
    cwd: path.dirname(HERE),
    env: { ...process.env, BENCH_FIGURES: figures },
  });
  if (result.status !== 0) crashed.push(`${file} (exit ${result.status ?? result.signal})`);
}
printGoals(figures);
rmSync(figuresDir, { recursive: true, force: true });
if (crashed.length > 0) {
  console.error(`\nbenchmarks that crashed: ${crashed.join(', ')}`);
  process.exitCode = 1;
}
