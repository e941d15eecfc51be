/**
 * How fast is the built-in model? Prints the median time per image and the
 * file size for the sizes the docs promise (512×512 at 4 steps under 50 ms,
 * 1024×1024 at 28 steps under 1 s), in PNG and in JPEG, plus the quickstart
 * suite end to end. Figures only: nothing here fails a run.
 *
 *   npm run build && node bench/model.js
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalModel } from '../dist/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REPEATS = Number(process.env.BENCH_REPEATS ?? 9);

const CASES = [
  ['sim-schnell 512×512, 4 steps', { model: 'sim-schnell', aspect_ratio: '1:1', steps: 4 }],
  ['sim-dev 512×512, 4 steps (noisy)', { model: 'sim-dev', width: 512, height: 512, steps: 4 }],
  ['sim-dev 512×512, 28 steps', { model: 'sim-dev', width: 512, height: 512, steps: 28 }],
  ['sim-dev 1024×1024, 28 steps', { model: 'sim-dev', width: 1024, height: 1024, steps: 28 }],
];
const PROMPTS = ['a lighthouse on a cliff at sunset', 'a neon city street at night, rain, cinematic'];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const model = new LocalModel({ revision: 1 });
const rows = [];
const combinations = CASES.flatMap(([label, params]) =>
  ['jpeg', 'png'].flatMap((output_format) => PROMPTS.map((prompt) => ({ label, params, output_format, prompt }))),
);
// Warm the JIT on every path first (other seeds), so the figures are steady-state.
for (let round = 0; round < 2; round++) {
  for (const { params, output_format, prompt } of combinations) {
    model.generate({ prompt, seed: 1000 + round, guidance_scale: 3.5, output_format, ...params });
  }
}
for (const { label, params, output_format, prompt } of combinations) {
  const request = (seed) => ({ prompt, seed, guidance_scale: 3.5, output_format, ...params });
  const times = [];
  let bytes = 0;
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    const [image] = model.generate(request(i));
    times.push(performance.now() - start);
    bytes = image.bytes.length;
  }
  rows.push({
    label,
    output_format,
    prompt: prompt.slice(0, 24),
    min: Math.min(...times),
    ms: median(times),
    kb: bytes / 1024,
  });
}

// On a shared machine the median shows contention; the minimum is closer to the cost itself.
console.log(`built-in model, ${REPEATS} images each (node ${process.version}): min / median ms, size of the last`);
for (const r of rows) {
  const times = `${r.min.toFixed(1).padStart(6)} / ${r.ms.toFixed(1).padStart(6)} ms`;
  console.log(
    `${r.label.padEnd(34)} ${r.output_format.padEnd(5)} ${r.prompt.padEnd(25)} ${times} ${r.kb.toFixed(0).padStart(5)} KB`,
  );
}

// The quickstart suite end to end: the real binary, a fresh copy of the baselines.
const dir = mkdtempSync(path.join(tmpdir(), 'seedsnap-bench-'));
try {
  const start = performance.now();
  const child = spawnSync(
    process.execPath,
    [path.join(ROOT, 'bin/seedsnap.js'), 'run', path.join(ROOT, 'suites/quickstart.yaml'), '--out', dir],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: '', NO_COLOR: '1' } },
  );
  const seconds = (performance.now() - start) / 1000;
  console.log(`quickstart suite end to end: ${seconds.toFixed(2)} s (exit ${child.status})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
