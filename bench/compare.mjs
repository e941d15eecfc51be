// Issue 15 goal 1: compare throughput on the real workload, beside odiff and reg-cli measured in the same run.
// The workload (lib/model-runs.mjs): 48 pairs of the built-in model's 1024×1024 outputs, 28 steps, revision 1
// against revision 2 (every pair differs), as RGB PNGs and as JPEGs, made by `seedsnap run`. Every tool decodes
// both images, compares them and writes a diff image; seedsnap also computes every metric.
//
// - odiff (the native binary, not its Node wrapper): one process per pair, two at a time.
// - reg-cli with `-C 2`: the whole CLI over the two folders (it writes its report too).
// - `seedsnap compare RUN_A RUN_B`: the whole CLI, end to end (pairing, report, copies if any).
// - the compare stage of `seedsnap run`: ComparePool with one worker per core (2 here), bytes read from disk.
// Tools take turns, ROUNDS times; the best round of each is printed (the machine is shared: the best round is
// the one least disturbed), with every round's figure beside it. CPU is user + system of all threads and
// child processes. Then the cost of each step on one thread, for the profile.
// Run: npm run build && node bench/compare.mjs   (ROUNDS=n, FORMATS=png,jpeg)
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pixelmatch from 'pixelmatch';
import { ComparePool } from '../dist/compare/compare-pool.js';
import { encodeDrawnDiff } from '../dist/compare/drawn-diff.js';
import { findingsOf } from '../dist/compare/findings/comparator.js';
import { measureFindings } from '../dist/compare/findings/figures.js';
import { pixelPass, pixelPassJs } from '../dist/compare/pixel-pass.js';
import { DEFAULT_TOLERANCE } from '../dist/compare/tolerance.js';
import { decodeImageAsync } from '../dist/image/decode.js';
import { loadNativeDecoder } from '../dist/image/native-decode.js';
import { encodePngQuick } from '../dist/image/png-encode.js';
import { decodeImage } from '../dist/index.js';
import { useWasmKernels } from '../dist/util/wasm-kernels.js';
import { anchors, childCpuSeconds } from './lib/anchors.mjs';
import { record } from './lib/figures.mjs';
import { BIN, modelRuns, totalBytes } from './lib/model-runs.mjs';
import { header, machine, row, timeIt } from './lib/print.mjs';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const FORMATS = (process.env.FORMATS ?? 'png,jpeg').split(',');
const THREADS = Math.min(8, os.availableParallelism());
const tools = anchors();
const runs = await modelRuns();
const scratch = mkdtempSync(path.join(os.tmpdir(), 'seedsnap-bench-compare-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

function exec(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], ...options });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** Wall seconds and CPU seconds (this process and its waited-for children) of fn. */
async function timed(fn) {
  const cpu = process.cpuUsage();
  const children = childCpuSeconds();
  const started = performance.now();
  const result = await fn();
  const wall = (performance.now() - started) / 1000;
  const own = process.cpuUsage(cpu);
  return { wall, cpu: (own.user + own.system) / 1e6 + childCpuSeconds() - children, result };
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

const contenders = {
  async odiff(set) {
    const out = await mkdir(path.join(scratch, `odiff-${Date.now()}`), { recursive: true });
    let next = 0;
    const lane = async () => {
      while (next < set.pairs.length) {
        const [a, b] = set.pairs[next];
        const diff = path.join(out, `${next++}.png`);
        const r = await exec(tools.odiff, [a, b, diff]);
        if (r.code !== 22) throw new Error(`odiff should find a difference (exit ${r.code}): ${r.stderr}`);
      }
    };
    await Promise.all([lane(), lane()]);
  },
  async regCli(set) {
    const out = path.join(scratch, `reg-${Date.now()}`);
    const r = await exec(process.execPath, [
      tools.regCli,
      path.join(set.runB, 'actual'),
      path.join(set.runA, 'actual'),
      path.join(out, 'diff'),
      '-R',
      path.join(out, 'report.html'),
      '-J',
      path.join(out, 'reg.json'),
      '-C',
      '2',
    ]);
    const reg = JSON.parse(readFileSync(path.join(out, 'reg.json'), 'utf8'));
    if (reg.failedItems.length !== set.pairs.length) {
      throw new Error(`reg-cli should find ${set.pairs.length} changed, found ${reg.failedItems.length}: ${r.stderr}`);
    }
  },
  async seedsnapCompare(set) {
    const out = path.join(scratch, `compare-${Date.now()}`);
    const r = await exec(process.execPath, [BIN, 'compare', set.runA, set.runB, '--out', out], {
      env: { ...process.env, NO_COLOR: '1', CI: '' },
    });
    if (r.code !== 0 && r.code !== 1) throw new Error(`seedsnap compare failed (${r.code}): ${r.stderr}`);
    const comparison = JSON.parse(readFileSync(path.join(out, 'comparison.json'), 'utf8'));
    const changed = comparison.pairs.filter((p) => p.status === 'changed').length;
    if (changed !== set.pairs.length) throw new Error(`seedsnap compare found ${changed} changed pairs`);
    return { written: bytesUnder(out) };
  },
  async pool(set) {
    const pool = new ComparePool({ threads: THREADS });
    const tolerance = DEFAULT_TOLERANCE;
    let next = 0;
    const lane = async () => {
      while (next < set.pairs.length) {
        const [a, b] = set.pairs[next++];
        const result = await pool.compare({ expected: readFileSync(a), actual: readFileSync(b), tolerance });
        if (result.match || !result.diff) throw new Error('every pair of the workload should fail with a diff');
      }
    };
    await Promise.all(Array.from({ length: THREADS * 2 }, lane));
    await pool.close();
    return { mode: pool.mode };
  },
};

const LABELS = {
  odiff: `odiff ${tools.versions.odiff}, one process per pair, two at a time`,
  regCli: `reg-cli ${tools.versions.regCli}, \`-C 2\``,
  seedsnapCompare: '`seedsnap compare RUN_A RUN_B` (CLI, end to end)',
  pool: `compare stage of \`seedsnap run\` (ComparePool, ${THREADS} workers)`,
};

console.log(`## Compare (issue 15 goal 1)\n\n${machine()}; ${ROUNDS} rounds, tools taking turns; best round shown`);
for (const format of FORMATS) {
  const set = runs[format];
  const n = set.pairs.length;
  const sizeA = totalBytes(set.pairs.map(([a]) => a)) / n;
  console.log(
    `\n${n} ${format.toUpperCase()} pairs, 1024×1024, built-in model revision 1 vs 2, ${(sizeA / 1e3).toFixed(0)} kB per image on average`,
  );
  const rounds = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  let written = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(contenders)) {
      const t = await timed(() => run(set));
      rounds[name].push({ perSecond: n / t.wall, cpuMs: (t.cpu * 1000) / n, load: os.loadavg()[0] });
      if (t.result?.written) written = t.result.written;
    }
  }
  const best = Object.fromEntries(
    Object.entries(rounds).map(([k, rs]) => [k, rs.reduce((a, b) => (b.perSecond > a.perSecond ? b : a))]),
  );
  header(`${format.toUpperCase()} pairs that differ: decode both, compare, diff image`, [
    'what',
    'pairs/s (best)',
    'every round',
    'CPU ms/pair',
    '× odiff',
    '× reg-cli',
  ]);
  for (const name of Object.keys(contenders)) {
    const b = best[name];
    const bold = name === 'seedsnapCompare' || name === 'pool';
    const cell = (x) => (bold ? `**${x}**` : x);
    row(
      LABELS[name],
      cell(b.perSecond.toFixed(1)),
      rounds[name].map((r) => r.perSecond.toFixed(1)).join(' / '),
      b.cpuMs.toFixed(0),
      cell(`${(b.perSecond / best.odiff.perSecond).toFixed(2)}×`),
      `${(b.perSecond / best.regCli.perSecond).toFixed(2)}×`,
    );
    record('compare', `${format}/${name}`, b.perSecond, 'pairs/s', { cpuMs: b.cpuMs });
  }
  const inputs = totalBytes(set.pairs.flat());
  console.log(
    `\n\`seedsnap compare\` wrote ${(written / 1e6).toFixed(1)} MB (both sides' images together are ${(inputs / 1e6).toFixed(1)} MB)`,
  );
  record('no-copies', `${format}/written`, written, 'bytes', { inputs });
}

/** fn with the WebAssembly kernels off on this thread: the JavaScript loops they stand in for. */
function withoutKernels(fn) {
  useWasmKernels(false);
  try {
    return fn();
  } finally {
    useWasmKernels(true);
  }
}

header('Each step alone, one thread (ms per image or pair; the model PNGs, pair 1)', ['step', 'median ms', 'best ms']);
{
  const [pa, pb] = runs.png.pairs[0].map((file) => readFileSync(file));
  const ja = readFileSync(runs.jpeg.pairs[0][0]);
  const a = decodeImage(pa);
  const b = decodeImage(pb);
  const drawn = new Uint8Array(a.data.length);
  pixelmatch(a.data, b.data, drawn, a.width, a.height, { threshold: 0.1 });
  const fused = pixelPass(a, b, { threshold: 0.1, draw: true, findings: true });
  const gathered = { expected: a, actual: b, sums: fused.findingSums, diffMask: fused.mask };
  const figured = { diffPixels: 1, diffRatio: 0.004, ...measureFindings(gathered) };
  const { decoder: libvips } = await loadNativeDecoder();
  const steps = [
    ['decode PNG (RGB, the model encoder)', () => decodeImage(pa)],
    ['decode PNG, the JavaScript unfilter (kernels off)', () => withoutKernels(() => decodeImage(pa))],
    ['decode JPEG, the comparator (libjpeg-turbo)', () => decodeImageAsync(ja)],
    ['decode JPEG, libvips (what libjpeg-turbo refuses)', () => libvips.decode(ja, { maxPixels: 64e6 })],
    ['decode JPEG, jpeg-js (decodeImage, synchronous)', () => decodeImage(ja)],
    ['pixelmatch, count only', () => pixelmatch(a.data, b.data, undefined, a.width, a.height, { threshold: 0.1 })],
    [
      'pixelmatch, drawing the diff',
      () => pixelmatch(a.data, b.data, new Uint8Array(a.data.length), a.width, a.height, { threshold: 0.1 }),
    ],
    ['the one pass without the diff (the count and the metrics)', () => pixelPass(a, b, { threshold: 0.1 })],
    [
      'the one pass, the diff drawn (the count, the sums of the metrics)',
      () => pixelPass(a, b, { threshold: 0.1, draw: true }),
    ],
    [
      "the one pass the comparator runs (the above, and the findings' sums and mask)",
      () => pixelPass(a, b, { threshold: 0.1, draw: true, findings: true }),
    ],
    [
      'the same pass in JavaScript (pixelPassJs, what images with transparent pixels get)',
      () => pixelPassJs(a, b, { threshold: 0.1, draw: true, findings: true }),
    ],
    // The rest of the findings' figures (issue 16), as compareImages computes them from the pass's sums and
    // mask: part of every pair that is decoded, pass or fail.
    ["findings: every figure from the pass's sums", () => measureFindings(gathered)],
    [
      'findings: the findings of a failing pair (classify)',
      () => findingsOf({ metrics: figured, width: a.width, height: a.height }),
    ],
    [
      "encode diff, as the comparator does (the kernel's palette indices, native zlib)",
      () => encodeDrawnDiff(fused.diff, a.width, a.height),
    ],
    [
      'encode an RGBA diff (its palette found first: the JavaScript pass)',
      () => encodePngQuick({ width: a.width, height: a.height, data: drawn }),
    ],
  ];
  for (const [label, fn] of steps) {
    const { median, best } = await timeIt(fn, 7);
    row(label, median.toFixed(1), best.toFixed(1));
  }
}
