// Runner overhead where latency dominates: 400 images at concurrency 8 against an API that answers every
// request after 200 ms with a pre-rendered 1024×1024 PNG (bench/lib/fake-together.mjs, in its own process).
// The ideal is 400 × 0.2 s / 8 = 10 s; the target is within 5% of it. The harness's own CPU per image comes
// from process.cpuUsage() around runSuites (this process only: the fake API's CPU is not counted); "above
// the floor" subtracts what a bare fetch loop spends on the same answers (HTTP, JSON, base64).
// Run 1 has no baselines (every image is new: saved, and written as a baseline; nothing to compare).
// Run 2 finds the baselines, and the images are byte-identical, so compare is a hash check, no decode.
// Run: npm run build && node bench/runner.mjs   (IMAGES, CONCURRENCY, LATENCY_MS to change the set-up)
import path from 'node:path';
import { runSuites } from '../dist/index.js';
import { startFakeTogether, tempDir, writeRemoteSuite } from './lib/harness.mjs';
import { testPair } from './lib/images.mjs';
import { header, machine, row } from './lib/print.mjs';

const IMAGES = Number(process.env.IMAGES ?? 400);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const LATENCY_MS = Number(process.env.LATENCY_MS ?? 200);
const ideal = (IMAGES * LATENCY_MS) / CONCURRENCY / 1000;
let floorCpu = 0;

console.log(`## Runner overhead\n\n${machine()}`);
console.log(`${IMAGES} images, concurrency ${CONCURRENCY}, ${LATENCY_MS} ms per request: ideal ${ideal.toFixed(2)} s`);

header('Wall time and the harness CPU', [
  'image',
  'run',
  'wall s',
  'over ideal',
  'CPU ms/image',
  'CPU above the floor',
  'summary',
]);
// jpeg@1024 and png@1024 are full-size answers; jpeg@256 is a small one, where latency dominates
// most and what is left above the ideal is the HTTP round trip and the harness.
for (const spec of (process.env.FORMATS ?? 'jpeg@256,jpeg@1024,png@1024').split(',')) {
  const [format, side = '1024'] = spec.split('@');
  await measureFormat(format, side);
}

function over(wall) {
  return `${(((wall - ideal) / ideal) * 100).toFixed(1)}%`;
}

async function measureFormat(format, side) {
  const api = await startFakeTogether({ LATENCY_MS: String(LATENCY_MS), FORMAT: format, SIZE: side });
  const dir = await tempDir('runner');
  const suite = await writeRemoteSuite(dir, { url: api.url, cases: IMAGES, concurrency: CONCURRENCY });
  const bytes = testPair(Number(side))[format === 'png' ? 'png' : 'jpeg'][0].byteLength;
  const kind = `${side}² ${format.toUpperCase()}, ${(bytes / 1024).toFixed(0)} kB`;
  // The floor: the same requests from a bare fetch loop (parse the JSON, decode the base64, nothing else).
  // What the machine's scheduling and the loopback cost is in it; the harness's overhead is above it.
  {
    const cpu = process.cpuUsage();
    const started = performance.now();
    let next = 0;
    const lane = async () => {
      while (next++ < IMAGES) {
        const response = await fetch(`${api.url}/images/generations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'black-forest-labs/FLUX.1-dev', prompt: 'a lighthouse', seed: next }),
        });
        const json = await response.json();
        Buffer.from(json.data[0].b64_json, 'base64');
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    const wall = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const perImage = (used.user + used.system) / 1000 / IMAGES;
    floorCpu = perImage;
    row(kind, '0: bare fetch loop (the floor)', wall.toFixed(2), over(wall), perImage.toFixed(2), '', '');
  }
  for (const label of ['1: no baselines (new, written)', '2: byte-identical to the baselines']) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const { results } = await runSuites({
      suites: [suite],
      baselinesDir: path.join(dir, 'baselines'),
      reportsDir: path.join(dir, 'reports'),
      update: 'new',
      env: { ...process.env, TOGETHER_API_KEY: '' },
    });
    const wall = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const perImage = (used.user + used.system) / 1000 / IMAGES;
    const verdicts = Object.entries(results.summary)
      .filter(([key, n]) => typeof n === 'number' && n > 0 && key !== 'total')
      .map(([key, n]) => `${key} ${n}`)
      .join(', ');
    row(kind, label, wall.toFixed(2), over(wall), perImage.toFixed(2), (perImage - floorCpu).toFixed(2), verdicts);
  }
  await api.stop();
}
