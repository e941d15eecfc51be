// The calibration table behind the default tolerance: every kind of difference, on several images of
// the built-in model, scored on every metric and judged under the defaults (or the gates given as
// JSON in TOLERANCE, to try others). Run: npm run build && node bench/calibrate.mjs [--rows]
import { calibrate, calibrationSamples, DIFFERENCE_KINDS } from '../dist/compare/calibration.js';
import { ComparePool } from '../dist/compare/compare-pool.js';
import { DEFAULT_TOLERANCE } from '../dist/compare/tolerance.js';
import { LocalModel } from '../dist/index.js';

const tolerance = process.env.TOLERANCE
  ? { threshold: 0.1, include_aa: false, ...JSON.parse(process.env.TOLERANCE) }
  : DEFAULT_TOLERANCE;
const started = performance.now();
// The scenes are rendered by the built-in model; calibrate() judges every pair on the comparator's workers.
const render = (request, variant) => new LocalModel(variant).generate(request)[0].bytes;
const comparator = new ComparePool();
const rows = await calibrate({ tolerance, samples: calibrationSamples({ render }), comparator });
await comparator.close();
const seconds = ((performance.now() - started) / 1000).toFixed(1);

const range = (values, digits) => {
  const lo = Math.min(...values).toFixed(digits);
  const hi = Math.max(...values).toFixed(digits);
  return lo === hi ? lo : `${lo}–${hi}`;
};
const percent = (values) =>
  range(
    values.map((v) => v * 100),
    3,
  );

console.log(`default tolerance: ${JSON.stringify(tolerance)}`);
console.log(`${rows.length / DIFFERENCE_KINDS.length} images, ${rows.length} comparisons, ${seconds} s\n`);
console.log(
  '| difference | must | verdicts | diff pixels | diff % | max channel | mean abs | PSNR dB | SSIM | pHash |',
);
console.log('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
let wrong = 0;
for (const kind of DIFFERENCE_KINDS) {
  const mine = rows.filter((r) => r.kind.id === kind.id);
  const m = mine.map((r) => r.metrics);
  const verdicts = mine.map((r) => r.verdict);
  const agree = verdicts.filter((v) => v === kind.expect).length;
  wrong += mine.length - agree;
  console.log(
    `| ${kind.label} | ${kind.expect} | ${agree === mine.length ? `${kind.expect} ×${agree}` : `**${agree}/${mine.length}**`} | ${range(
      m.map((x) => x.diffPixels),
      0,
    )} | ${percent(m.map((x) => x.diffRatio))} | ${range(
      m.map((x) => x.maxChannelDiff),
      0,
    )} | ${range(
      m.map((x) => x.meanAbsError),
      2,
    )} | ${range(
      m.map((x) => x.psnr),
      1,
    )} | ${range(
      m.map((x) => x.ssim),
      4,
    )} | ${range(
      m.map((x) => x.phashDistance),
      0,
    )} |`,
  );
}
if (process.argv.includes('--rows')) {
  console.log('\n| difference | scene | verdict | reason |');
  console.log('| --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.kind.id} | ${r.scene.prompt} | ${r.verdict} | ${r.reason ?? ''} |`);
}
console.log(wrong === 0 ? '\nevery verdict is as it must be' : `\n${wrong} verdict(s) are wrong under this tolerance`);
