// The quickstart end to end (target: under 10 s) — the real CLI on a copy of suites/quickstart.yaml and its
// committed baselines, in a temporary folder — and the built-in model alone at 512×512, 4 steps (target:
// under 50 ms per image).
// Run: npm run build && node bench/quickstart.mjs
import { spawn } from 'node:child_process';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalModel } from '../dist/index.js';
import { tempDir } from './lib/harness.mjs';
import { header, machine, row, timeIt } from './lib/print.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function runCli(args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'seedsnap.js'), ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', CI: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

console.log(`## Quickstart and the built-in model\n\n${machine()}`);
header('Quickstart end to end (spawned CLI, temp copy)', ['what', 'seconds', 'exit code']);
const dir = await tempDir('quickstart');
await cp(path.join(ROOT, 'suites', 'quickstart.yaml'), path.join(dir, 'suites', 'quickstart.yaml'));
// The video case's keyframe sits beside the suite.
await cp(path.join(ROOT, 'suites', 'keyframes'), path.join(dir, 'suites', 'keyframes'), { recursive: true });
await cp(path.join(ROOT, 'baselines', 'quickstart'), path.join(dir, 'baselines', 'quickstart'), { recursive: true });
for (let i = 1; i <= 2; i++) {
  const started = performance.now();
  const { code, output } = await runCli(['run', 'suites/quickstart.yaml'], dir);
  const seconds = (performance.now() - started) / 1000;
  row(`seedsnap run suites/quickstart.yaml (run ${i})`, seconds.toFixed(2), code);
  if (code !== 0) console.log(`\n(the quickstart did not pass; its output:)\n${output}`);
}

header('The built-in model alone, one image, in this thread', ['request', 'median ms', 'best ms']);
const model = new LocalModel({ revision: 1 });
let seed = 0;
// sim-schnell is sized by aspect ratio (1:1 is 512×512); sim-dev by width/height.
const requests = [
  ['sim-schnell 512×512 (1:1), 4 steps', { model: 'sim-schnell', aspect_ratio: '1:1', steps: 4 }],
  ['sim-dev 512×512, 4 steps', { model: 'sim-dev', width: 512, height: 512, steps: 4 }],
];
for (const [label, size] of requests) {
  for (const format of ['png', 'jpeg']) {
    const request = { ...size, prompt: 'a lighthouse on a cliff at sunset', output_format: format };
    const { median, best } = await timeIt(() => model.generate({ ...request, seed: ++seed }), 15);
    row(`${label}, ${format}`, median.toFixed(1), best.toFixed(1));
  }
}
