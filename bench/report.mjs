// Report at scale (issue 15 goal 5): builds a 10,000-case run folder (synthetic results.json, small real PNGs),
// writes the report with the built code, and measures it in headless Chromium: page and data sizes, first
// screen, cards in the page, jumping to a case by #id (the last, one in the middle), scrolling from top to
// bottom (frame times), and search and filters over every case. Prints figures; never fails.
// Run after `npm run build`:  node bench/report.mjs [cases]
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { encodePng, writeReports } from '../dist/index.js';
import { record } from './lib/figures.mjs';
import { header, machine, row } from './lib/print.mjs';

const CASES = Number(process.argv[2] ?? 10000);
const CHROMIUM = process.env.SEEDSNAP_CHROMIUM ?? '/usr/bin/chromium';
const VERDICTS = ['fail', 'pass', 'pass', 'pass', 'new', 'stale', 'pass', 'blocked', 'error', 'pass'];
const MODELS = ['sim-dev', 'sim-schnell', 'flux-dev'];

function png(seed) {
  const data = new Uint8Array(64 * 64 * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * (seed + 3) + seed * 17) & 255;
  return encodePng({ width: 64, height: 64, data }, 3, { level: 1 });
}

async function buildRun(dir) {
  const cases = [];
  for (let n = 0; n < CASES; n++) {
    const verdict = VERDICTS[n % VERDICTS.length];
    const model = MODELS[n % MODELS.length];
    const id = `bench/case-${String(Math.floor(n / 3)).padStart(4, '0')}/${model}/seed=${n % 7}`;
    const image = { index: 0, verdict, width: 64, height: 64, format: 'png' };
    if (verdict !== 'blocked' && verdict !== 'error') {
      image.actual = `actual/${id}.png`;
      await mkdir(path.dirname(path.join(dir, image.actual)), { recursive: true });
      await writeFile(path.join(dir, image.actual), png(n));
    }
    if (verdict === 'fail' || verdict === 'pass' || verdict === 'stale') {
      image.expected = `expected/${id}.png`;
      image.metrics = {
        diffPixels: verdict === 'pass' ? 0 : 40 + (n % 300),
        diffRatio: verdict === 'pass' ? 0 : (40 + (n % 300)) / 4096,
      };
      await mkdir(path.dirname(path.join(dir, image.expected)), { recursive: true });
      await writeFile(path.join(dir, image.expected), png(n + 1));
    }
    if (verdict === 'fail') {
      image.diff = `diff/${id}.png`;
      await mkdir(path.dirname(path.join(dir, image.diff)), { recursive: true });
      await writeFile(path.join(dir, image.diff), png(n + 2));
    }
    cases.push({
      id,
      suite: 'bench',
      case: `case-${n}`,
      model,
      modelLabel: model,
      seed: n % 7,
      provider: 'local',
      request: {
        model,
        prompt: `a lighthouse on a cliff at sunset number ${n}, oil painting, dramatic clouds, seagulls`,
        seed: n % 7,
        width: 64,
        height: 64,
        steps: 28,
        guidance_scale: 3.5,
        output_format: 'png',
      },
      fingerprint: `sha256:${n.toString(16).padStart(32, '0')}`,
      expect: verdict === 'blocked' ? 'blocked' : 'image',
      verdict,
      failing: ['fail', 'new', 'stale', 'error'].includes(verdict),
      ...(verdict === 'fail' ? { reason: `${image.metrics.diffPixels} pixels differ` } : {}),
      images: verdict === 'blocked' || verdict === 'error' ? [] : [image],
      attempts: 1,
      durationMs: 100 + (n % 50),
      generateMs: 90,
    });
  }
  const byVerdict = { error: 0, fail: 0, stale: 0, flaky: 0, new: 0, blocked: 0, pass: 0 };
  for (const c of cases) byVerdict[c.verdict]++;
  const results = {
    schemaVersion: 1,
    tool: { name: 'seedsnap', version: 'bench' },
    runId: 'bench',
    startedAt: new Date().toISOString(),
    finishedAt: new Date().toISOString(),
    durationMs: 1,
    status: 'complete',
    options: { ci: true, update: 'none' },
    suites: [{ name: 'bench', file: 'bench.yaml', provider: 'local', models: MODELS, cases: CASES }],
    summary: {
      total: CASES,
      images: cases.length,
      failing: cases.filter((c) => c.failing).length,
      updated: 0,
      byVerdict,
    },
    cases,
  };
  await writeReports(dir, results, ['html', 'json', 'junit', 'markdown']);
}

// In the page: jump to a case by its #id (as a link does) and wait until it is focused and painted.
async function jumpTo(which) {
  const ids = window.seedsnapReport.cases.map((c) => c.id);
  const key = which === 'last' ? ids.at(-1) : which === 'middle' ? ids[Math.floor(ids.length / 2)] : ids[0];
  const started = performance.now();
  location.hash = encodeURIComponent(key);
  while (document.activeElement?.getAttribute('data-key') !== key) await new Promise((r) => setTimeout(r, 1));
  await new Promise((r) => requestAnimationFrame(r));
  return { ms: performance.now() - started, cards: document.querySelectorAll('article.case').length };
}

// In the page: from the top to the bottom in steps of 1,500 px a frame (a fast wheel), every frame timed.
async function scrollThrough() {
  window.scrollTo(0, 0);
  await new Promise((r) => requestAnimationFrame(r));
  const frames = [];
  let most = 0;
  let last = performance.now();
  const started = last;
  for (let y = -1; window.scrollY !== y && performance.now() - started < 120_000; ) {
    y = window.scrollY;
    window.scrollBy(0, 1500);
    await new Promise((r) => requestAnimationFrame(r));
    const now = performance.now();
    frames.push(now - last);
    last = now;
    most = Math.max(most, document.querySelectorAll('article.case').length);
  }
  const reachedEnd = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
  frames.sort((a, b) => a - b);
  return {
    frames: frames.length,
    p50: frames[Math.floor(frames.length * 0.5)],
    p95: frames[Math.floor(frames.length * 0.95)],
    max: frames.at(-1),
    most,
    reachedEnd,
    seconds: (performance.now() - started) / 1000,
  };
}

// In the page: each filter as the reader uses it, timed from the event to the next painted frame.
async function filterTimes() {
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const timed = async (label, act) => {
    const started = performance.now();
    act();
    await frame();
    return { label, ms: performance.now() - started, shown: document.getElementById('shown')?.textContent };
  };
  const search = document.getElementById('search');
  const type = (text) => () => {
    search.value = text;
    search.dispatchEvent(new Event('input'));
  };
  const key = (k) => () => document.dispatchEvent(new KeyboardEvent('keydown', { key: k }));
  return [
    await timed('search "seagulls 42"', type('seagulls 42')),
    await timed('search cleared', type('')),
    await timed('failures only (f)', key('f')),
    await timed('failures only off (f)', key('f')),
  ];
}

const kb = (file) => `${(statSync(file).size / 1024).toFixed(1)} KB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(dir) {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'seedsnap-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
  try {
    const firstScreen = [];
    const loaded = [];
    const script = [];
    let page;
    for (let i = 0; i < 5; i++) {
      page = await context.newPage();
      await page.goto(`file://${path.join(dir, 'index.html')}`);
      await page.waitForFunction(() => performance.getEntriesByName('seedsnap:first-screen').length > 0);
      const t = await page.evaluate(() => ({
        mark: performance.getEntriesByName('seedsnap:first-screen')[0].startTime,
        start: performance.getEntriesByName('seedsnap:start')[0].startTime,
      }));
      firstScreen.push(t.mark);
      script.push(t.mark - t.start);
      await page.waitForFunction(() => performance.getEntriesByType('navigation')[0].loadEventEnd > 0);
      loaded.push(await page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd));
      if (i < 4) await page.close();
    }
    const cards = await page.locator('article.case').count();
    const jumps = [];
    for (const which of ['last', 'middle', 'first']) {
      jumps.push({ which, ...(await page.evaluate(jumpTo, which)) });
    }
    const scroll = await page.evaluate(scrollThrough);
    const filters = await page.evaluate(filterTimes);
    return { firstScreen, loaded, script, cards, jumps, scroll, filters };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

if (!existsSync(CHROMIUM)) {
  console.log(`no Chromium at ${CHROMIUM}; install it (apt-get install chromium) or set SEEDSNAP_CHROMIUM`);
  process.exit(0);
}
// BENCH_KEEP=DIR keeps the run folder there, to open it by hand.
const dir = process.env.BENCH_KEEP ?? mkdtempSync(path.join(os.tmpdir(), 'seedsnap-bench-report-'));
try {
  await buildRun(dir);
  const t = performance.now();
  await writeReports(dir, (await import(path.join(dir, 'results.json'), { with: { type: 'json' } })).default, ['html']);
  const htmlMs = performance.now() - t;
  const m = await measure(dir);
  console.log(`## Report (issue 15 goal 5)\n\n${machine()}; ${CASES} cases, headless Chromium, 1280×900`);
  console.log(
    `index.html ${kb(path.join(dir, 'index.html'))}, report-data.js ${kb(path.join(dir, 'report-data.js'))}, results.json ${kb(path.join(dir, 'results.json'))}; html + data written in ${htmlMs.toFixed(0)} ms`,
  );
  header(`${CASES}-case report`, ['what', 'figure', 'target']);
  row('first screen (median of 5 loads, from navigation start)', `${median(m.firstScreen).toFixed(0)} ms`, '—');
  row('  of which the page script', `${median(m.script).toFixed(0)} ms`, '—');
  row('cards in the page after the first screen', m.cards, 'constant');
  for (const j of m.jumps) {
    row(
      `jump to the ${j.which} case by #id (cards in the page after)`,
      `**${j.ms.toFixed(0)} ms** (${j.cards})`,
      '≤ 200 ms',
    );
    record('report', `jump-${j.which}`, j.ms, 'ms', { cards: j.cards });
  }
  const s = m.scroll;
  row(
    `scroll top to bottom, 1,500 px a frame: ${s.frames} frames in ${s.seconds.toFixed(1)} s${s.reachedEnd ? '' : ' (did not reach the end)'}`,
    `p50 ${s.p50.toFixed(1)} / **p95 ${s.p95.toFixed(1)}** / max ${s.max.toFixed(1)} ms; at most ${s.most} cards`,
    'p95 ≤ 50 ms',
  );
  record('report', 'scroll-p95', s.p95, 'ms', { most: s.most, reachedEnd: s.reachedEnd });
  for (const f of m.filters) {
    row(`${f.label} → ${f.shown}`, `**${f.ms.toFixed(0)} ms**`, '≤ 100 ms');
  }
  record('report', 'filter-worst', Math.max(...m.filters.map((f) => f.ms)), 'ms');
} finally {
  if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
}
