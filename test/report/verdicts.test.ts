/**
 * The report's first impression, in a real Chromium opened from file://: a run holding every verdict
 * (pass, fail, stale, new, blocked, error, flaky, a sweep, n = 2) shows no stray "null" or "undefined",
 * each verdict's own figures, and a case counter that stays right after every keyboard shortcut.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  drawAll,
  fileUrl,
  launchBrowser,
  SCREENSHOTS,
  screenshot,
  type WatchedPage,
} from '../helpers/browser.js';
import { buildEveryVerdict, type EveryVerdict } from '../helpers/every-verdict.js';

let fixture: EveryVerdict;
let browser: Browser;

beforeAll(async () => {
  fixture = await buildEveryVerdict();
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await fixture?.remove();
});

async function open(runDir: string): Promise<WatchedPage> {
  const watched = await browser.page();
  await watched.page.goto(fileUrl(path.join(runDir, 'index.html')));
  await watched.page.waitForSelector('article.case');
  await drawAll(watched.page);
  return watched;
}

/** Text nodes and attribute values of the page that read "null" or "undefined" (scripts and styles aside). */
function strays(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const bad = /\b(null|undefined|NaN)\b/;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(parent.tagName)) continue;
      if (bad.test(node.textContent ?? '')) {
        const where = parent.closest('article.case')?.getAttribute('data-key') ?? parent.tagName;
        found.push(`${where}: ${JSON.stringify(node.textContent)}`);
      }
    }
    for (const element of Array.from(document.body.querySelectorAll('*'))) {
      for (const name of element.getAttributeNames()) {
        const value = element.getAttribute(name) ?? '';
        if (/^(null|undefined|NaN)$/.test(value) || /\/(null|undefined)$/.test(value)) {
          found.push(`<${element.tagName.toLowerCase()} ${name}="${value}">`);
        }
      }
    }
    return found;
  });
}

const card = (page: Page, key: string) => page.locator(`article.case[data-key="${key}"]`);
const metricRows = (page: Page, key: string) =>
  card(page, key)
    .locator('table.metrics tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => [
        tr.querySelector('th')?.textContent ?? '',
        ...Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? ''),
      ]),
    );

describe('a report holding every verdict', () => {
  it('has every verdict kind, and no null or undefined anywhere in the cases or the sweeps', async () => {
    const kinds = new Set(fixture.results.cases.map((c) => c.verdict));
    expect([...kinds].sort()).toEqual(['blocked', 'error', 'fail', 'flaky', 'new', 'pass', 'stale']);
    const { page, errors } = await open(fixture.runDir);
    await screenshot(page, 'every-verdict');
    // One picture per verdict, for a reviewer to look at what the test saw.
    for (const c of fixture.results.cases.filter((x, i, all) => all.findIndex((y) => y.verdict === x.verdict) === i)) {
      await card(page, c.id).screenshot({ path: path.join(SCREENSHOTS, `verdict-${c.verdict}.png`) });
    }
    expect(await strays(page)).toEqual([]);
    await page.keyboard.press('s');
    await page.waitForSelector('table.sweep-grid');
    expect(await strays(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("shows each verdict's figures", async () => {
    const { page } = await open(fixture.runDir);
    const key = (suite: string, name: string) =>
      fixture.results.cases.find((c) => c.suite === suite && c.case === name)?.id ?? `${suite}/${name}`;

    // pass and fail: every metric, the headline figures; a failure also its diff image.
    for (const name of ['calm-lake', 'fox']) {
      const rows = Object.fromEntries((await metricRows(page, key('ui', name))).map(([k, ...v]) => [k, v]));
      expect(rows['diff pixels']?.[0]).toMatch(/^[\d,]+ px$/);
      expect(rows['diff ratio']?.[0]).toMatch(/%$/);
      expect(Number(rows.psnr?.[0])).toBeGreaterThan(0);
      expect(Number(rows.ssim?.[0])).toBeGreaterThan(0);
      expect(await card(page, key('ui', name)).locator('h2 .figures').textContent()).toMatch(/px \(.+%\)/);
    }
    expect(await card(page, key('ui', 'fox')).locator('figure.diff img').count()).toBe(1);
    // The gates as results.json records them: the page shows each one's limit and outcome, and judges nothing.
    const gates = async (name: string) =>
      (await metricRows(page, key('ui', name))).filter(([k]) => /^(max|min)_[a-z_]+ /.test(k ?? ''));
    expect((await gates('calm-lake')).map(([k, v]) => `${k}: ${v}`)).toEqual(['max_diff_ratio 90.00%: ✓ holds']);
    expect((await gates('fox')).map(([k, v]) => `${k}: ${v}`)).toContain('max_diff_ratio 0.150%: ✗ fails');

    // stale: the changed parameter, once.
    const stale = card(page, key('ui', 'lighthouse'));
    expect(await stale.getAttribute('data-status')).toBe('stale');
    expect(await stale.locator('ul.changes').count()).toBe(1);
    expect(await stale.locator('ul.changes li').allTextContents()).toEqual(['steps baseline 20 → now 24']);

    // new: the image that is now waiting for approval, and why there is nothing to compare with.
    const fresh = card(page, key('ui', 'castle'));
    expect(await fresh.getAttribute('data-status')).toBe('new');
    expect(await fresh.locator('.reason').textContent()).toBe('no baseline yet');
    expect(await fresh.locator('figure img').count()).toBe(1);
    expect(await fresh.locator('figcaption').allTextContents()).toEqual(['actual']);

    // blocked as expected, and error: the reason the API gave.
    const blocked = card(page, key('ui', 'refused'));
    expect(await blocked.locator('.badge').first().textContent()).toBe('blocked (expected)');
    expect(await blocked.locator('.reason').textContent()).toContain('safety checker refused');
    const error = card(page, key('edits', 'broken-edit'));
    expect(await error.locator('.reason').textContent()).toContain('image_url is not a PNG or JPEG image');

    // flaky: how much the repeated generations differ.
    const flaky = Object.fromEntries((await metricRows(page, key('noisy', 'jittery'))).map(([k, v]) => [k, v]));
    expect(flaky.repeats).toBe('2 (2 distinct)');
    expect(flaky['repeat spread']).toMatch(/^\d+ px \([\d.]+%\)$/);

    // n = 2: one column of figures and one view per image.
    const pair = card(page, key('ui', 'two-cats'));
    expect(await pair.locator('table.metrics thead th[scope="col"]').allTextContents()).toEqual(['image 0', 'image 1']);
    expect(await pair.locator('section.image h3').allTextContents()).toEqual(['image 0 · fail', 'image 1 · fail']);
    const pixels = (await metricRows(page, key('ui', 'two-cats'))).find(([k]) => k === 'diff pixels');
    expect(pixels?.slice(1)).toHaveLength(2);

    // the sweep: a 2 × 2 grid, each cell with its verdict and its difference from the reference.
    await page.keyboard.press('s');
    const grid = page.locator('table.sweep-grid');
    expect(await grid.locator('td.cell').count()).toBe(4);
    expect(await grid.locator('td.cell .badge').allTextContents()).toEqual(['fail', 'fail', 'fail', 'fail']);
    expect(await grid.locator('td.cell .delta').count()).toBe(4);
  });

  it('keeps the "N of M cases" counter right after every shortcut', async () => {
    const { page } = await open(fixture.runDir);
    const total = fixture.results.cases.length;
    const failing = fixture.results.cases.filter((c) => c.failing).length;
    const all = `${total} of ${total} cases`;
    const counter = () => page.textContent('#shown');
    expect(await counter()).toBe(all);
    const steps: [string, string][] = [
      ['j', all],
      ['j', all],
      ['k', all],
      ['2', all],
      ['3', all],
      ['1', all],
      ['f', `${failing} of ${total} cases`],
      ['j', `${failing} of ${total} cases`],
      ['f', all],
      ['s', '1 of 1 sweeps'],
      ['s', all],
      ['?', all],
      ['Escape', all],
      ['/', all],
      ['Escape', all],
    ];
    const seen: [string, string | null][] = [];
    for (const [key] of steps) {
      await page.keyboard.press(key);
      seen.push([key, await counter()]);
    }
    expect(seen).toEqual(steps);
    // The failures-only box follows the shortcut.
    await page.keyboard.press('f');
    expect(await page.isChecked('#failures-only')).toBe(true);
    expect(await counter()).toBe(`${failing} of ${total} cases`);
  });

  it('shows the cases a --max-failures run did not start, without figures it does not have', async () => {
    const notRun = fixture.stopped.notRun ?? [];
    expect(notRun.length).toBeGreaterThan(0);
    const { page, errors } = await open(fixture.stoppedDir);
    const header = await page.textContent('header');
    expect(header).toContain(`${notRun.length} did not run`);
    expect(await page.locator('.counts [data-status="not-run"] .n').textContent()).toBe(String(notRun.length));
    const shown = fixture.stopped.cases.length + notRun.length;
    expect(await page.textContent('#shown')).toBe(`${shown} of ${shown} cases`);
    const first = card(page, notRun[0]?.id ?? '');
    expect(await first.locator('.badge').first().textContent()).toBe('did not run');
    expect(await first.locator('.reason').textContent()).toBe('--max-failures 1 reached');
    expect(await first.locator('.prompt').textContent()).toContain(notRun[0]?.request.prompt ?? '?');
    expect(await first.locator('img').count()).toBe(0);
    expect(await strays(page)).toEqual([]);
    // Did-not-run cases are not failures: "failures only" hides them.
    await page.keyboard.press('f');
    expect(await page.locator('article.case[data-status="not-run"]').count()).toBe(0);
    await screenshot(page, 'not-run', true);
    expect(errors).toEqual([]);
  });
});
