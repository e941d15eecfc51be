/**
 * A long report stays light: the list keeps a bounded number of cards in the page wherever the reader
 * is (top, middle, bottom, after a jump by #id, after a search), and never shows a blank screen while
 * scrolling. The run is a real one of the built-in model (report-fixture.ts), its cases repeated to
 * 3,000 with ids of their own, in headless Chromium from file://. No timing is asserted here:
 * bench/report.mjs measures the times on 10,000 cases.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReports } from '../../src/index.js';
import type { CaseResult, RunResults } from '../../src/types/index.js';
import { type Browser, fileUrl, launchBrowser, type WatchedPage } from '../helpers/browser.js';
import { buildFixture, type Fixture } from '../helpers/report-fixture.js';

const COPIES = 3000;
/** The most cards the page may hold at once (list.js MAX_CARDS). */
const BOUND = 40;

let fixture: Fixture;
let browser: Browser;
let dir: string;
let ids: string[];

beforeAll(async () => {
  fixture = await buildFixture();
  browser = await launchBrowser();
  dir = await mkdtemp(path.join(os.tmpdir(), 'seedsnap-window-'));
  await cp(fixture.runDir, dir, { recursive: true });
  const source = fixture.results.cases;
  const cases: CaseResult[] = Array.from({ length: COPIES }, (_, n) => {
    const c = source[n % source.length] as CaseResult;
    // One case in 500 has a word of its own, for the search.
    const prompt = n % 500 === 7 ? `${c.request.prompt ?? ''} zebra` : c.request.prompt;
    return { ...c, id: `${c.id}/copy=${n}`, request: { ...c.request, prompt } };
  });
  const byVerdict = { ...fixture.results.summary.byVerdict };
  for (const key of Object.keys(byVerdict) as (keyof typeof byVerdict)[]) byVerdict[key] = 0;
  for (const c of cases) byVerdict[c.verdict] = (byVerdict[c.verdict] ?? 0) + 1;
  const results: RunResults = {
    ...fixture.results,
    cases,
    summary: { ...fixture.results.summary, total: COPIES, failing: cases.filter((c) => c.failing).length, byVerdict },
  };
  await writeReports(dir, results, ['html']);
  ids = cases.map((c) => c.id);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await fixture?.remove();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const cardCount = (page: Page) => page.locator('article.case').count();
const nextFrame = (page: Page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));

async function open(): Promise<WatchedPage> {
  const watched = await browser.page();
  await watched.page.goto(fileUrl(path.join(dir, 'index.html')));
  await watched.page.waitForSelector('article.case');
  return watched;
}

async function jump(page: Page, id: string): Promise<void> {
  await page.evaluate((key) => {
    location.hash = encodeURIComponent(key);
  }, id);
  await page.waitForFunction((key) => document.activeElement?.getAttribute('data-key') === key, id);
  await nextFrame(page);
}

describe('a 3,000-case report', () => {
  it('holds a bounded number of cards at the top, after jumps by #id, and back at the top', async () => {
    const { page, errors } = await open();
    expect(await page.locator('#shown').textContent()).toBe(`${COPIES} of ${COPIES} cases`);
    expect(await cardCount(page)).toBeLessThanOrEqual(BOUND);
    // The list is sorted (failures first), so the last id of the data is somewhere; the last of the list is not drawn.
    const order = await page.evaluate(() =>
      Array.from(document.querySelectorAll('article.case')).map((c) => c.getAttribute('data-key')),
    );
    expect(order.length).toBeGreaterThan(0);
    for (const id of [ids[COPIES - 1], ids[1500], ids[3], ids[2999 - 17]] as string[]) {
      await jump(page, id);
      const card = page.locator(`article.case[data-key="${id}"]`);
      expect(await card.count()).toBe(1);
      // The card is on screen, not merely in the page.
      const box = await card.boundingBox();
      expect(box && box.y >= -1 && box.y < 900).toBe(true);
      expect(await cardCount(page)).toBeLessThanOrEqual(BOUND);
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForFunction((first) => document.querySelector(`article.case[data-key="${first}"]`), order[0]);
    expect(await cardCount(page)).toBeLessThanOrEqual(BOUND);
    expect(errors).toEqual([]);
  });

  it('scrolls from top to bottom with a card on screen at every step and never more than the bound', async () => {
    const { page, errors } = await open();
    const outcome = await page.evaluate(async () => {
      let most = 0;
      let blanks = 0;
      let steps = 0;
      const onScreen = () =>
        Array.from(document.querySelectorAll('article.case')).some((c) => {
          const r = c.getBoundingClientRect();
          return r.bottom > 0 && r.top < window.innerHeight;
        });
      for (let last = -1; window.scrollY !== last; steps++) {
        last = window.scrollY;
        window.scrollBy(0, 6000);
        await new Promise((r) => requestAnimationFrame(r));
        await new Promise((r) => requestAnimationFrame(r));
        most = Math.max(most, document.querySelectorAll('article.case').length);
        if (!onScreen()) blanks++;
      }
      // At the bottom of the page the list's last card must be drawn, ending on screen: no spacer below it.
      const last = Array.from(document.querySelectorAll('article.case')).at(-1)?.getBoundingClientRect();
      return { most, blanks, steps, lastBottom: last ? last.bottom : -1 };
    });
    expect(outcome.steps).toBeGreaterThan(50);
    expect(outcome.blanks).toBe(0);
    expect(outcome.most).toBeLessThanOrEqual(BOUND);
    expect(outcome.lastBottom).toBeGreaterThan(0);
    expect(outcome.lastBottom).toBeLessThanOrEqual(900);
    expect(errors).toEqual([]);
  });

  it('search and filters narrow the list; clearing them brings the whole list back, bounded', async () => {
    const { page, errors } = await open();
    await page.fill('#search', 'zebra');
    await page.waitForFunction(() => document.getElementById('shown')?.textContent === '6 of 3000 cases');
    // Only the six cases with that word, drawn as far as the screen reaches.
    const keys = await page.$$eval('article.case', (nodes) => nodes.map((c) => c.getAttribute('data-key') ?? ''));
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.length).toBeLessThanOrEqual(6);
    for (const key of keys) expect(key).toMatch(/\/copy=(7|507|1007|1507|2007|2507)$/);
    await page.fill('#search', '');
    await page.waitForFunction(() => document.getElementById('shown')?.textContent === '3000 of 3000 cases');
    expect(await cardCount(page)).toBeLessThanOrEqual(BOUND);
    await page.keyboard.press('f');
    const failing = await page.locator('#shown').textContent();
    expect(failing).toMatch(/^\d+ of 3000 cases$/);
    expect(Number(failing?.split(' ')[0])).toBeLessThan(3000);
    expect(await cardCount(page)).toBeLessThanOrEqual(BOUND);
    expect(errors).toEqual([]);
  });
});
