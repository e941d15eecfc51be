// Report at scale: builds a 1,000-case run folder (synthetic results.json, small real PNGs), writes the report
// with the built code, and measures it in headless Chromium: page and data sizes, first-screen render time,
// and frame times while scrolling. Prints figures; never fails. Run after `npm run build`:
//   node bench/report.mjs [cases]
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { encodePng, writeReports } from '../dist/index.js';

const CASES = Number(process.argv[2] ?? 1000);
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
    // A fast wheel scroll (120 px a frame) over the first part of the list: frame times say how smooth it is.
    const scroll = await page.evaluate(async () => {
      const frames = [];
      let last = performance.now();
      for (let i = 0; i < 300; i++) {
        window.scrollBy(0, 120);
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        frames.push(now - last);
        last = now;
      }
      frames.sort((a, b) => a - b);
      return {
        frames: frames.length,
        p50: frames[Math.floor(frames.length * 0.5)],
        p95: frames[Math.floor(frames.length * 0.95)],
        max: frames[frames.length - 1],
      };
    });
    // Jump to the last case by its link: every chunk before it is drawn first.
    const jump = await page.evaluate(async () => {
      const cards = document.querySelectorAll('article.case');
      const key = window.seedsnapReport.cases.at(-1).id;
      const started = performance.now();
      location.hash = encodeURIComponent(key);
      while (document.activeElement?.getAttribute('data-key') !== key) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => requestAnimationFrame(r));
      return {
        ms: performance.now() - started,
        before: cards.length,
        after: document.querySelectorAll('article.case').length,
      };
    });
    return { firstScreen, loaded, script, cards, scroll, jump };
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
  let t = performance.now();
  await buildRun(dir);
  const buildMs = performance.now() - t;
  t = performance.now();
  await writeReports(dir, (await import(path.join(dir, 'results.json'), { with: { type: 'json' } })).default, ['html']);
  const htmlMs = performance.now() - t;
  const m = await measure(dir);
  console.log(`report of ${CASES} cases`);
  console.log(`  index.html       ${kb(path.join(dir, 'index.html'))}`);
  console.log(`  report-data.js   ${kb(path.join(dir, 'report-data.js'))}`);
  console.log(`  results.json     ${kb(path.join(dir, 'results.json'))}`);
  console.log(`  write html+data  ${htmlMs.toFixed(0)} ms   (whole synthetic run folder: ${buildMs.toFixed(0)} ms)`);
  console.log(
    `  first screen     median ${median(m.firstScreen).toFixed(0)} ms after navigation start, of 5 loads (${m.firstScreen.map((x) => x.toFixed(0)).join(', ')})`,
  );
  console.log(
    `    page script    median ${median(m.script).toFixed(0)} ms of it; ${m.cards} cards in the page when measured`,
  );
  console.log(`  load event       median ${median(m.loaded).toFixed(0)} ms`);
  console.log(
    `  scroll           ${m.scroll.frames} frames at 120 px: frame p50 ${m.scroll.p50.toFixed(1)} ms, p95 ${m.scroll.p95.toFixed(1)} ms, max ${m.scroll.max.toFixed(1)} ms`,
  );
  console.log(`  jump to last     ${m.jump.ms.toFixed(0)} ms (cards in the page ${m.jump.before} → ${m.jump.after})`);
} finally {
  if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
}
