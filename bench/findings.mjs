// The findings (issue 16): the calibration on photographs and on the built-in model — the verdict
// table of docs/findings.md, the figures' ranges per variant, the same photographs judged by the
// defaults before the findings — and what the figures cost per 1024×1024 pair.
// Run: npm run build && node bench/findings.mjs   (TOLERANCE='{"min_edge_ratio":0.85}' tries other gates)
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import { calibratePhotos, PHOTO_VARIANTS, verdictTable } from '../dist/compare/findings/calibration.js';
import { measureFindings } from '../dist/compare/findings/figures.js';
import { measure, pixelPass } from '../dist/compare/pixel-pass.js';
import { DEFAULT_TOLERANCE } from '../dist/compare/tolerance.js';
import { decodeImage } from '../dist/image/decode.js';
import { LocalModel } from '../dist/providers/local/provider.js';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const PHOTOS = path.join(ROOT, 'test/fixtures/photos');
const load = () =>
  os
    .loadavg()
    .map((v) => v.toFixed(1))
    .join(' / ');

const SCENES = [
  ['model-fox', 'a red fox sitting in fresh snow, studio photograph', 1],
  ['model-neon', 'a neon city street at night, rain, cinematic', 7],
  ['model-sail', 'a sailboat on the ocean with birds and clouds, watercolor', 5],
  ['model-cabin', 'a cabin in a forest with mountains, oil painting', 3],
];
function render(prompt, seed, size, revision = 1) {
  const request = {
    model: 'sim-dev',
    prompt,
    seed,
    steps: 28,
    guidance_scale: 3.5,
    width: size,
    height: size,
    output_format: 'png',
  };
  return decodeImage(new LocalModel({ revision, jitter: 0 }).generate(request)[0].bytes);
}
const photos = [
  ...readdirSync(PHOTOS)
    .filter((f) => f.endsWith('.jpg'))
    .sort()
    .map((f) => ({ name: f.replace(/\.jpg$/, ''), image: decodeImage(readFileSync(path.join(PHOTOS, f))) })),
  ...SCENES.map(([name, prompt, seed]) => ({ name, image: render(prompt, seed, 384) })),
];

const tolerance = { ...DEFAULT_TOLERANCE, ...(process.env.TOLERANCE ? JSON.parse(process.env.TOLERANCE) : {}) };
let started = performance.now();
const rows = calibratePhotos({ photos, tolerance });
console.log(`## findings: calibration (load ${load()})\n`);
console.log(`tolerance: ${JSON.stringify(tolerance)}`);
console.log(
  `${photos.length} images × ${PHOTO_VARIANTS.length} variants, ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
);
console.log(verdictTable(rows));

const range = (values, digits) => {
  const lo = Math.min(...values).toFixed(digits);
  const hi = Math.max(...values).toFixed(digits);
  return lo === hi ? lo : `${lo}–${hi}`;
};
console.log(
  '\nFigures per variant, over every image (channel: the largest move of a channel mean; local: of a 16×16 block beyond it; levels):\n',
);
console.log('| variant | diff % | PSNR dB | SSIM | pHash | channel | local | edge ratio | GMSD | shift gain |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const variant of PHOTO_VARIANTS) {
  const mine = rows.filter((r) => r.variant === variant);
  const m = (key) => mine.map((r) => r.metrics[key]);
  const channel = mine.map((r) => Math.max(...Object.values(r.figures.channelShift).map(Math.abs)));
  console.log(
    `| ${variant.label} | ${range(
      m('diffRatio').map((v) => v * 100),
      3,
    )} | ${range(m('psnr'), 1)} | ${range(m('ssim'), 3)} | ${range(m('phashDistance'), 0)} | ${range(channel, 2)} | ${range(
      mine.map((r) => r.figures.localColourShift),
      1,
    )} | ${range(
      mine.map((r) => r.figures.edgeRatio),
      3,
    )} | ${range(
      mine.map((r) => r.figures.gmsd),
      4,
    )} | ${range(
      mine.map((r) => r.figures.shift.gain),
      2,
    )} |`,
  );
}

const before = { threshold: 0.1, include_aa: false, max_diff_ratio: 0.001, min_psnr: 38 };
console.log(`\nThe same images judged by the defaults before the findings, ${JSON.stringify(before)}:\n`);
console.log(verdictTable(calibratePhotos({ photos, tolerance: before })).replaceAll(/fail: \w+/g, 'fail'));

// Cost: the built-in model's revision drift at 1024×1024 (the compare bench's workload), every figure.
const SIZE = 1024;
const expected = render('a lighthouse on a cliff at sunset', 1, SIZE);
const actual = render('a lighthouse on a cliff at sunset', 1, SIZE, 2);
const drawn = new Uint8Array(SIZE * SIZE * 4);
const median = (label, f, runs = 15) => {
  f();
  const times = [];
  for (let i = 0; i < runs; i++) {
    started = performance.now();
    f();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { label, ms: times[Math.floor(runs / 2)], min: times[0] };
};
let pass;
const costs = [
  median('pixelmatch, drawing the diff (for scale)', () =>
    pixelmatch(expected.data, actual.data, drawn, SIZE, SIZE, { threshold: 0.1 }),
  ),
  median('metrics.measure: MAE, PSNR, SSIM, pHash (for scale)', () => measure(expected, actual)),
  median('the one pass, the diff drawn (the count and the metrics)', () =>
    pixelPass(expected, actual, { threshold: 0.1, draw: true }),
  ),
  median("the one pass as the comparator runs it: also the findings' sums and mask", () => {
    pass = pixelPass(expected, actual, { threshold: 0.1, draw: true, findings: true });
  }),
  median("findings: every figure, from the pass's sums and mask", () =>
    measureFindings({ expected, actual, sums: pass.findingSums, diffMask: pass.mask }),
  ),
];
console.log(`\n## findings: cost per ${SIZE}×${SIZE} pair, median of 15, one thread (load ${load()})\n`);
console.log('| step | ms | min ms |');
console.log('| --- | ---: | ---: |');
for (const c of costs) console.log(`| ${c.label} | ${c.ms.toFixed(1)} | ${c.min.toFixed(1)} |`);
const wrong = rows.filter((r) => !r.ok).length;
console.log(
  wrong === 0
    ? '\nevery verdict and principal finding is as it must be'
    : `\n${wrong} row(s) are wrong under this tolerance`,
);
