// The compare stage, in pairs per second, on 1024×1024 pairs that differ in a 64×64 patch (so every pair
// fails and gets a diff image) — seedsnap's ComparePool against pngjs + pixelmatch + pngjs encode with
// defaults, measured in the same run, on one thread and on as many worker threads as the pool uses.
// Then identical bytes, JPEG pairs, and the cost of each step on its own.
// Run: npm run build && node bench/compare.mjs   (PAIRS=n pairs per figure, THREADS=n workers)
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { ComparePool } from '../dist/compare/compare-pool.js';
import { findingFigures, findingsOf } from '../dist/compare/findings/comparator.js';
import { measure } from '../dist/compare/metrics.js';
import { DEFAULT_TOLERANCE } from '../dist/compare/tolerance.js';
import { encodePngQuick } from '../dist/image/png-encode.js';
import { decodeImage, encodePng } from '../dist/index.js';
import { testPair } from './lib/images.mjs';
import { naiveCompare } from './lib/naive.mjs';
import { header, machine, row, timeIt } from './lib/print.mjs';

const PAIRS = Number(process.env.PAIRS ?? 48);
const THREADS = Number(process.env.THREADS ?? Math.min(8, os.availableParallelism()));
const tolerance = DEFAULT_TOLERANCE;
const pair = testPair();

/** CPU ms per pair of the last rate() call: every thread of this process (workers, GC) counted. */
let lastCpuPerPair = 0;

/** Pairs per second for `count` pairs with at most `inFlight` outstanding. */
async function rate(count, inFlight, compareOne) {
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const lane = async () => {
    while (next < count) {
      next++;
      await compareOne();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  const used = process.cpuUsage(cpu);
  lastCpuPerPair = (used.user + used.system) / 1000 / count;
  return count / ((performance.now() - started) / 1000);
}

/** The reference on `threads` worker threads (bytes copied to the worker, as the pool does). */
async function naiveOnWorkers(threads, [a, b], count) {
  const workers = Array.from({ length: threads }, () => new Worker(new URL('./lib/naive-worker.mjs', import.meta.url)));
  const idle = [...workers];
  const waiting = [];
  let id = 0;
  const run = () =>
    new Promise((resolve) => {
      const go = (worker) => {
        worker.once('message', () => {
          const queued = waiting.shift();
          if (queued) queued(worker);
          else idle.push(worker);
          resolve();
        });
        worker.postMessage({ id: id++, a: a.slice(), b: b.slice() });
      };
      const worker = idle.pop();
      if (worker) go(worker);
      else waiting.push(go);
    });
  await rate(threads * 2, threads * 2, run); // start-up and warm-up
  const perSecond = await rate(count, threads * 2, run);
  const cpu = lastCpuPerPair;
  await Promise.all(workers.map((w) => w.terminate()));
  return { perSecond, cpu };
}

async function poolRate(threads, [a, b], count) {
  const pool = new ComparePool({ threads });
  const one = async () => {
    const result = await pool.compare({ expected: a, actual: b, tolerance });
    if (result.match || !result.diff) throw new Error('the bench pair should fail with a diff image');
  };
  await rate(Math.max(2, threads * 2), Math.max(1, threads * 2), one);
  const perSecond = await rate(count, Math.max(1, threads * 4), one);
  const cpu = lastCpuPerPair;
  await pool.close();
  return { perSecond, cpu, mode: pool.mode };
}

const fmt = (x) => x.toFixed(1);

console.log(`## Compare stage\n\n${machine()}; ${PAIRS} pairs per figure, pool of ${THREADS} worker threads`);
console.log(`PNG pair: ${pair.png.map((b) => (b.length / 1e6).toFixed(2)).join(' + ')} MB (pngjs-encoded, RGBA)`);
console.log(`JPEG pair: ${pair.jpeg.map((b) => (b.length / 1e3).toFixed(0)).join(' + ')} kB (quality 90)`);

for (const format of ['png', 'jpeg']) {
  const bytes = pair[format];
  const count = format === 'png' ? PAIRS : Math.ceil(PAIRS / 2);
  header(`${format.toUpperCase()} pairs that differ (decode both, every metric, diff image)`, [
    'what',
    'pairs/s',
    'CPU ms/pair',
    'vs reference on 1 thread',
    `vs reference on ${THREADS} threads`,
  ]);
  const naive1 = await rate(Math.max(4, count / 4), 1, async () => naiveCompare(bytes[0], bytes[1]));
  const naive1Cpu = lastCpuPerPair;
  row('reference: decode + pixelmatch + pngjs encode, defaults, 1 thread', fmt(naive1), fmt(naive1Cpu), '1.00×', '');
  const naiveN = await naiveOnWorkers(THREADS, bytes, count);
  const vs = (x) => [`${(x / naive1).toFixed(2)}×`, `${(x / naiveN.perSecond).toFixed(2)}×`];
  row(`reference, ${THREADS} worker threads`, fmt(naiveN.perSecond), fmt(naiveN.cpu), ...vs(naiveN.perSecond));
  const inThread = await poolRate(0, bytes, Math.max(4, count / 4));
  row('seedsnap compareImages, calling thread', fmt(inThread.perSecond), fmt(inThread.cpu), ...vs(inThread.perSecond));
  const pooled = await poolRate(THREADS, bytes, count);
  const [v1, vN] = vs(pooled.perSecond);
  row(
    `**seedsnap ComparePool, ${THREADS} workers** (${pooled.mode})`,
    `**${fmt(pooled.perSecond)}**`,
    fmt(pooled.cpu),
    v1,
    `**${vN}**`,
  );
}

header('Identical bytes (two separate buffers, no decode)', ['what', 'pairs/s']);
{
  const pool = new ComparePool({ threads: THREADS });
  const [a] = pair.png;
  const b = a.slice();
  const perSecond = await rate(3000, 8, async () => {
    const result = await pool.compare({ expected: a, actual: b, tolerance });
    if (!result.identical) throw new Error('expected identical');
  });
  await pool.close();
  row(`ComparePool.compare, ${(a.length / 1e6).toFixed(2)} MB PNG`, fmt(perSecond));
}

header('Each step alone, one thread (ms per image or pair)', ['step', 'median ms', 'best ms']);
{
  const [pa, pb] = pair.png;
  const a = decodeImage(pa);
  const b = decodeImage(pb);
  // The diff image of the pair, as compare draws it before encoding.
  const drawn = new Uint8Array(a.data.length);
  pixelmatch(a.data, b.data, drawn, a.width, a.height, { threshold: 0.1 });
  const diff = { width: a.width, height: a.height, data: drawn };
  const figured = { diffPixels: 1, diffRatio: 0.004, ...findingFigures({ expected: a, actual: b, marks: drawn }) };
  const steps = [
    ['decode PNG: pngjs', () => PNG.sync.read(Buffer.from(pa))],
    ['decode PNG: seedsnap (zlib inflate + unfilter, pngjs fallback)', () => decodeImage(pa)],
    ['decode JPEG: jpeg-js', () => decodeImage(pair.jpeg[0])],
    ['pixelmatch, count only', () => pixelmatch(a.data, b.data, undefined, a.width, a.height, { threshold: 0.1 })],
    ['metrics pass (MAE, PSNR, SSIM, pHash)', () => measure(a, b)],
    [
      'pixelmatch, drawing the diff',
      () => pixelmatch(a.data, b.data, new Uint8Array(a.data.length), a.width, a.height, { threshold: 0.1 }),
    ],
    // The findings' figures (issue 16), as compareImages computes them: the mask read off the drawn diff,
    // then every figure; part of every pair that is decoded, pass or fail.
    [
      'findings: mask from the drawn diff + every figure',
      () => findingFigures({ expected: a, actual: b, marks: drawn }),
    ],
    [
      'findings: the findings of a failing pair (classify)',
      () => findingsOf({ metrics: figured, width: a.width, height: a.height }),
    ],
    ['encode diff: seedsnap quick (palette, native zlib level 1)', () => encodePngQuick(diff)],
    ['encode diff: seedsnap deterministic (Paeth, fflate level 1)', () => encodePng(diff, 4, { level: 1 })],
    [
      'encode diff: pngjs defaults',
      () => PNG.sync.write(Object.assign(new PNG({ width: a.width, height: a.height }), { data: Buffer.from(drawn) })),
    ],
  ];
  for (const [label, fn] of steps) {
    const { median, best } = await timeIt(fn, 7);
    row(label, median.toFixed(1), best.toFixed(1));
  }
  let sharp;
  try {
    sharp = (await import('sharp')).default;
  } catch {
    console.log('\n(sharp is not installed: its rows are skipped; `npm i --no-save sharp` to measure it)');
  }
  if (sharp) {
    sharp.concurrency(1);
    for (const [label, bytes] of [
      ['decode PNG: sharp (1 libvips thread)', pa],
      ['decode JPEG: sharp (1 libvips thread)', pair.jpeg[0]],
    ]) {
      const { median, best } = await timeIt(() => sharp(bytes).ensureAlpha().raw().toBuffer(), 7);
      row(label, median.toFixed(1), best.toFixed(1));
    }
  }
}
