// Timings of one comparison at 1024×1024, step by step: decoding, pixelmatch, the metrics pass and
// what is computed from it, a whole compareImages — and a naive full-resolution Gaussian SSIM, to
// show what the box-window SSIM saves and how close it stays.
// Run: npm run build && node bench/metrics.mjs   (figures vary with machine load: look at the median)
import pixelmatch from 'pixelmatch';
import { ssimFromCells } from '../dist/compare/metrics.js';
import { hammingDistance, phash, phashFromCells } from '../dist/compare/phash.js';
import { measure, pixelPass, pixelPassJs } from '../dist/compare/pixel-pass.js';
import { compareImages, comparePixels, decodeImage, encodePng, LocalModel } from '../dist/index.js';
import { gaussianSsim } from './ssim-reference.mjs';

const SIZE = Number(process.env.SIZE ?? 1024);
const request = {
  model: 'sim-dev',
  prompt: 'a lighthouse on a cliff at sunset',
  seed: 42,
  width: SIZE,
  height: SIZE,
  steps: 28,
  output_format: 'png',
};
const [base] = new LocalModel({ revision: 1 }).generate(request);
const [jittered] = new LocalModel({ revision: 1, jitter: 2, jitterSeed: 7 }).generate(request);
const [drifted] = new LocalModel({ revision: 2 }).generate(request);
const a = decodeImage(base.bytes);
const b = decodeImage(jittered.bytes);
const c = decodeImage(drifted.bytes);
const tolerance = { threshold: 0.1, include_aa: false, max_diff_ratio: 0.001 };
// The cells as the JavaScript pass hands them: the kernel's pass computes SSIM and the hashes itself.
const { sums } = pixelPassJs(a, b, { threshold: 0.1 });

function time(label, runs, fn) {
  for (let i = 0; i < 3; i++) fn(); // let the JIT settle
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    fn();
    samples.push(performance.now() - started);
  }
  samples.sort((x, y) => x - y);
  const median = samples[Math.floor(runs / 2)];
  console.log(`| ${label} | ${median.toFixed(1)} | ${samples[0].toFixed(1)} |`);
}

console.log(`node ${process.version}, ${SIZE}×${SIZE} RGBA, ${runsNote()}\n`);
console.log('| step | median ms | best ms |');
console.log('| --- | ---: | ---: |');
time('decode one PNG (decodeImage: native zlib fast path)', 9, () => decodeImage(base.bytes));
time('pixelmatch (count only)', 15, () => pixelmatch(a.data, b.data, undefined, SIZE, SIZE, { threshold: 0.1 }));
time('the one pass, no diff drawn: pixelmatch count + max channel diff, MAE, PSNR sums + SSIM cell sums', 25, () =>
  pixelPass(a, b, { threshold: 0.1 }),
);
time('SSIM from cell sums (8×8 windows, stride 4)', 25, () => ssimFromCells(sums.cells, sums.layout));
time('pHash distance from cell sums (2 × 32×32 DCT)', 25, () =>
  hammingDistance(phashFromCells(sums.cells, sums.layout, 0), phashFromCells(sums.cells, sums.layout, 1)),
);
time('every metric from the one pass (measure)', 25, () => measure(a, b));
time('pHash of one image alone (used when sizes differ)', 25, () => phash(a));
time('comparePixels, jitter ±2: passes, no diff PNG', 9, () => comparePixels(a, b, tolerance));
time('comparePixels, revision drift: fails, diff PNG encoded', 9, () => comparePixels(a, c, tolerance));
time('encode an RGBA PNG (the deterministic encoder, level 1)', 9, () => encodePng(a, 4, { level: 1 }));
time('compareImages from PNG bytes, jitter ±2 (2 decodes included)', 7, () =>
  compareImages({ expected: base.bytes, actual: jittered.bytes, tolerance }),
);
time('reference: naive Gaussian 11×11 SSIM at every pixel', 3, () => gaussianSsim(a, b));

console.log('\n| pair | SSIM (box 8×8, stride 4) | SSIM (Gaussian 11×11 reference) |');
console.log('| --- | ---: | ---: |');
for (const [label, other] of [
  ['jitter ±2', b],
  ['revision drift', c],
]) {
  console.log(`| ${label} | ${measure(a, other).ssim.toFixed(5)} | ${gaussianSsim(a, other).toFixed(5)} |`);
}

function runsNote() {
  return 'median and best of 3–25 runs after 3 warm-ups';
}
