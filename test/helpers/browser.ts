/**
 * A real Chromium for report tests: Debian's /usr/bin/chromium (installed by
 * .ci/run), driven by playwright-core, which never downloads a browser. Each
 * launch gets a fresh profile, and every flag that would phone home is off.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { ROOT } from './cli.js';

export const CHROMIUM = process.env.SEEDSNAP_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/** Screenshots land here (git-ignored) so a reviewer can look at what the tests saw. */
export const SCREENSHOTS = path.join(ROOT, 'test-output', 'report');

export interface Browser {
  context: BrowserContext;
  /** A new page that records console errors, page errors and any alert/confirm/prompt dialog. */
  page(): Promise<WatchedPage>;
  close(): Promise<void>;
}

export interface WatchedPage {
  page: Page;
  dialogs: string[];
  errors: string[];
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no Chromium at ${CHROMIUM}: install it (apt-get install -y chromium) or set SEEDSNAP_CHROMIUM to its path`,
    );
  }
  const profile = await mkdtemp(path.join(os.tmpdir(), 'seedsnap-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async page() {
      const page = await context.newPage();
      const watched: WatchedPage = { page, dialogs: [], errors: [] };
      page.on('dialog', (dialog) => {
        watched.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
        void dialog.dismiss();
      });
      page.on('pageerror', (error) => watched.errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') watched.errors.push(message.text());
      });
      return watched;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

export function fileUrl(file: string): string {
  return new URL(`file://${path.resolve(file)}`).href;
}

/** Scroll until every case the filters show is drawn (the page draws cards in chunks as the reader scrolls). */
export async function drawAll(page: Page): Promise<number> {
  const count = await page.evaluate(async () => {
    const wanted = () => Number(document.getElementById('shown')?.textContent?.split(' ')[0] ?? 0);
    const drawn = () => document.querySelectorAll('article.case').length;
    for (let i = 0; i < 1000 && drawn() < wanted(); i++) {
      document.querySelector('.sentinel')?.scrollIntoView();
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    window.scrollTo(0, 0);
    return drawn();
  });
  return count;
}
