/**
 * The report page in a real Chromium, opened from file:// as a user opens it,
 * on real runs of the built-in model. Screenshots go to test-output/report/.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/types/index.js';
import { type Browser, drawAll, fileUrl, launchBrowser, screenshot, type WatchedPage } from '../helpers/browser.js';
import { runCli } from '../helpers/cli.js';
import { buildFixture, type Fixture, HOSTILE_PROMPT } from '../helpers/report-fixture.js';

let fixture: Fixture;
let browser: Browser;

beforeAll(async () => {
  fixture = await buildFixture();
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await fixture?.remove();
});

async function open(runDir = fixture.runDir, all = true): Promise<WatchedPage> {
  const watched = await browser.page();
  await watched.page.goto(fileUrl(path.join(runDir, 'index.html')));
  await watched.page.waitForSelector('article.case');
  if (all) await drawAll(watched.page);
  return watched;
}

/** Every case the filters show, drawn first: the page draws long lists in chunks as the reader scrolls. */
async function cards(page: Page, attribute: string): Promise<string[]> {
  await drawAll(page);
  return page.$$eval('article.case', (nodes, name) => nodes.map((c) => c.getAttribute(name) ?? ''), attribute);
}
const statuses = (page: Page) => cards(page, 'data-status');
const ids = (page: Page) => cards(page, 'data-key');
const shown = (page: Page) => page.textContent('#shown');

describe('the report page', () => {
  it('sums up by verdict and model, lists failures first, and filters change the visible cases', async () => {
    const { page, errors } = await open();
    expect(await page.textContent('h1')).toContain('16 of 18 cases failing');
    const chip = (s: string) => page.locator(`.counts [data-status="${s}"] .n`).textContent();
    expect([await chip('fail'), await chip('new'), await chip('blocked'), await chip('pass')]).toEqual([
      '15',
      '1',
      '1',
      '1',
    ]);
    expect(await page.locator('table.by-model tbody tr').count()).toBe(2);
    const all = await statuses(page);
    expect(all).toHaveLength(18);
    // Failures first: every failing verdict comes before the blocked-as-expected and passing cases.
    expect(all.slice(-2).sort()).toEqual(['blocked', 'pass']);
    await screenshot(page, 'overview');

    await page.click('.counts [data-status="new"]');
    expect(await statuses(page)).toEqual(['new']);
    expect(await shown(page)).toBe('1 of 18 cases');
    await page.click('.counts [data-status="new"]');
    expect(await statuses(page)).toHaveLength(18);

    await page.selectOption('#model-filter', 'dev-fast');
    expect((await ids(page)).every((id) => id.includes('/dev-fast/'))).toBe(true);
    expect(await ids(page)).toHaveLength(4);
    await page.selectOption('#model-filter', '');

    await page.check('#failures-only');
    const failing = await statuses(page);
    expect(failing).toHaveLength(16);
    expect(failing).not.toContain('pass');
    expect(failing).not.toContain('blocked');
    await page.uncheck('#failures-only');

    await page.selectOption('#suite-filter', 'ui');
    expect(await statuses(page)).toHaveLength(18);
    expect(errors).toEqual([]);
  });

  it('search finds a case by words of its prompt', async () => {
    const { page } = await open();
    await page.fill('#search', 'sailboat BIRDS');
    const found = await ids(page);
    expect(found).toHaveLength(6);
    expect(found.every((id) => id.startsWith('ui/sailboat-sweep/'))).toBe(true);
    await page.fill('#search', 'calm dawn');
    expect(await ids(page)).toEqual(['ui/calm-lake/sim-dev/seed=4']);
    await page.fill('#search', 'no such words');
    expect(await ids(page)).toEqual([]);
    expect(await page.isVisible('#empty')).toBe(true);
  });

  it('moves between cases with the keyboard', async () => {
    const { page } = await open();
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-key') ?? null);
    const order = await ids(page);
    await page.keyboard.press('j');
    expect(await focused()).toBe(order[0]);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    expect(await focused()).toBe(order[2]);
    await page.keyboard.press('k');
    expect(await focused()).toBe(order[1]);
    await page.keyboard.press('2');
    expect(await page.getAttribute(`[data-key="${order[1]}"] .viewer`, 'data-mode')).toBe('slider');
    await page.keyboard.press('f');
    expect(await page.isChecked('#failures-only')).toBe(true);
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search');
  });

  it('the slider, blink and onion-skin views respond', async () => {
    const { page } = await open();
    const card = page.locator('article.case').first();
    await card.locator('.modes [data-mode="slider"]').click();
    const stage = card.locator('.slider .stage');
    expect(await stage.getAttribute('data-position')).toBe('50');
    const box = await stage.boundingBox();
    if (!box) throw new Error('the slider stage is not visible');
    await page.mouse.click(box.x + box.width * 0.8, box.y + box.height / 2);
    expect(Number(await stage.getAttribute('data-position'))).toBeGreaterThanOrEqual(79);
    expect(await card.locator('.slider img.top').evaluate((img) => (img as HTMLElement).style.clipPath)).toMatch(
      /inset\(0(px)? 0(px)? 0(px)? 8\d(\.\d+)?%\)/,
    );
    await card.locator('.slider-range').focus();
    await page.keyboard.press('Home');
    expect(await stage.getAttribute('data-position')).toBe('0');
    await card.locator('.slider-range').evaluate((input) => {
      (input as HTMLInputElement).value = '30';
      input.dispatchEvent(new Event('input'));
    });
    expect(await stage.getAttribute('data-position')).toBe('30');
    await screenshot(page, 'slider');

    await card.locator('.modes [data-mode="blink"]').click();
    const blink = card.locator('.blink .stage');
    const first = await blink.getAttribute('data-side');
    await blink.click();
    expect(await blink.getAttribute('data-side')).not.toBe(first);

    await card.locator('.modes [data-mode="onion"]').click();
    await card.locator('.onion-range').evaluate((input) => {
      (input as HTMLInputElement).value = '20';
      input.dispatchEvent(new Event('input'));
    });
    expect(await card.locator('.onion img.top').evaluate((img) => (img as HTMLElement).style.opacity)).toBe('0.2');
  });

  it('draws cases and loads their images only when they are scrolled to', async () => {
    const { page } = await open(fixture.runDir, false);
    await page.setViewportSize({ width: 1280, height: 600 });
    const order = fixture.results.cases.length;
    const drawn = await page.locator('article.case').count();
    expect(drawn).toBeLessThan(order);
    expect(await page.locator('article.case img:not([loading="lazy"])').count()).toBe(0);
    // The case listed last is not in the page yet, so nothing of it can have loaded.
    const last = 'ui/calm-lake/sim-dev/seed=4';
    expect(await page.locator(`article.case[data-key="${last}"]`).count()).toBe(0);
    await page.evaluate(async (key) => {
      while (!document.querySelector(`[data-key="${key}"]`)) {
        window.scrollBy(0, 400);
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
    }, last);
    const card = page.locator(`article.case[data-key="${last}"]`);
    await card.scrollIntoViewIfNeeded();
    await page.waitForFunction(
      (key) =>
        Array.from(document.querySelectorAll(`[data-key="${key}"] img`)).every(
          (img) => (img as HTMLImageElement).naturalWidth > 0,
        ),
      last,
    );
    expect(await card.locator('img').count()).toBe(2);
  });

  it('shows a hostile prompt as text and runs nothing from it', async () => {
    const { page, dialogs, errors } = await open();
    await page.fill('#search', 'cabin forest');
    const card = page.locator('article.case[data-key="ui/hostile/sim-dev/seed=3"]');
    expect(await card.locator('.prompt span').last().textContent()).toBe(HOSTILE_PROMPT);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await card.locator('.more summary').click();
    expect(await card.locator('pre.request').textContent()).toContain('onerror=alert(1)');
    // Give an injected onerror every chance to fire: load all images.
    await card.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => Array.from(document.images).every((img) => img.complete));
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await screenshot(page, 'hostile-prompt');
  });

  it('draws a two-parameter sweep as rows × columns, with a convergence view', async () => {
    const { page } = await open();
    await page.click('#view-sweeps');
    const grid = page.locator('table.sweep-grid');
    expect(await grid.count()).toBe(1);
    expect(await grid.locator('tbody th[scope="row"]').allTextContents()).toEqual(['steps=4', 'steps=12', 'steps=28']);
    expect(await grid.locator('thead th[scope="col"]').allTextContents()).toEqual([
      'guidance_scale=2',
      'guidance_scale=7',
    ]);
    const rows = await grid
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.querySelectorAll('td.cell').length));
    expect(rows).toEqual([2, 2, 2]);
    // The references are the most expensive cells: steps=28, one per guidance value.
    expect(await grid.locator('tbody tr').nth(2).locator('.mark.ref').count()).toBe(2);
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('.sweep-grid img')).every((i) => (i as HTMLImageElement).complete),
    );
    await screenshot(page, 'sweep-grid', true);

    await page.click('.sweep [data-view="convergence"]');
    const deltas = await grid.locator('.delta').allTextContents();
    expect(deltas).toHaveLength(6);
    expect(deltas.every((d) => d.startsWith('Δ '))).toBe(true);
    expect(await grid.locator('tbody tr').first().locator('img').first().getAttribute('src')).toMatch(/^sweeps\//);
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('.sweep-grid img')).every((i) => (i as HTMLImageElement).complete),
    );
    await screenshot(page, 'sweep-convergence', true);

    // A cell links to its case.
    await grid.locator('td.cell a').first().click();
    await page.waitForSelector('#cases:not([hidden])');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-key'))).toBe(
      'ui/sailboat-sweep/sim-dev/steps=4,guidance_scale=2/seed=5',
    );
  });

  it('shows the spread of repeated generations, the baseline variant and orphaned baselines', async () => {
    const copy = path.join(fixture.cwd, 'reports', 'with-repeats');
    await cp(fixture.runDir, copy, { recursive: true });
    const file = path.join(copy, 'results.json');
    const results = JSON.parse(await readFile(file, 'utf8')) as RunResults;
    const target = results.cases.find((c) => c.id === 'ui/fox/sim-dev/seed=1');
    if (!target) throw new Error('the fixture case is missing');
    target.repeat = { count: 3, distinct: 2, maxDiffPixels: 42, maxDiffRatio: 0.0105, stable: false };
    target.baselineVariant = 'a100';
    results.orphanBaselines = 5;
    await writeFile(file, JSON.stringify(results));
    expect((await runCli(['report', '--run', copy], { cwd: fixture.cwd })).code).toBe(0);
    const { page } = await open(copy);
    expect(await page.textContent('header')).toContain('5 orphaned baselines');
    const card = page.locator('article.case[data-key="ui/fox/sim-dev/seed=1"]');
    const rows = await card
      .locator('table.metrics tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [tr.querySelector('th')?.textContent, tr.querySelector('td')?.textContent]),
      );
    expect(rows).toEqual(
      expect.arrayContaining([
        ['repeats', '3 (2 distinct)'],
        ['repeat spread', '42 px (1.050%)'],
        ['baseline variant', 'a100'],
      ]),
    );
  });

  it('shows every metric the compare stage wrote, whatever its name', async () => {
    const copy = path.join(fixture.cwd, 'reports', 'with-metrics');
    await cp(fixture.runDir, copy, { recursive: true });
    const file = path.join(copy, 'results.json');
    const results = JSON.parse(await readFile(file, 'utf8')) as RunResults;
    const target = results.cases.find((c) => c.id === 'ui/fox/sim-dev/seed=1');
    const metrics = target?.images[0]?.metrics as Record<string, number> | undefined;
    if (!metrics) throw new Error('the fixture case has no metrics');
    Object.assign(metrics, { ssim: 0.97312, psnrDb: 31.25 });
    await writeFile(file, JSON.stringify(results));
    expect((await runCli(['report', '--run', copy], { cwd: fixture.cwd })).code).toBe(0);
    const { page } = await open(copy);
    const card = page.locator('article.case[data-key="ui/fox/sim-dev/seed=1"]');
    await card.waitFor();
    const rows = await card
      .locator('table.metrics tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [tr.querySelector('th')?.textContent, tr.querySelector('td')?.textContent]),
      );
    expect(rows).toEqual(
      expect.arrayContaining([
        ['diff pixels', `${metrics.diffPixels} px`],
        ['ssim', '0.9731'],
        ['psnr db', '31.25'],
        ['attempts', '1'],
      ]),
    );
    expect(rows.map((r) => r[0])).toContain('latency');
  });
});
