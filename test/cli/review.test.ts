/**
 * `seedsnap review` and `seedsnap compare` end to end: the real binary, a real
 * Chromium clicking the buttons, the baselines on disk, and a re-run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/types/index.js';
import { type Browser, drawAll, fileUrl, launchBrowser, screenshot } from '../helpers/browser.js';
import { BIN, runCli } from '../helpers/cli.js';
import { buildFixture, type Fixture } from '../helpers/report-fixture.js';

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

/** Start `seedsnap review` on a free port and wait for the address it prints. */
async function startReview(runDir: string): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [BIN, 'review', '--run', runDir, '--port', '0'], {
    cwd: fixture.cwd,
    env: { ...process.env, NO_COLOR: '1', CI: '' },
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (match) resolve(match[0]);
    });
    child.on('exit', (code) => reject(new Error(`review exited with ${code}: ${output}`)));
  });
  return { url, child, output: () => output };
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });
}

const readRun = async (dir: string) => JSON.parse(await readFile(path.join(dir, 'results.json'), 'utf8')) as RunResults;
const drifted = { SEEDSNAP_LOCAL_REVISION: '2' };

describe('seedsnap review', () => {
  it('approves one case into the baselines, rejects another, approves all failing; re-runs pass', async () => {
    const { url, child, output } = await startReview(fixture.runDir);
    try {
      const { page, errors, dialogs } = await browser.page();
      await page.goto(url);
      await page.waitForSelector('article.case');
      await drawAll(page);
      expect(await page.textContent('h1')).toContain('16 of 18 cases failing');

      const fox = page.locator('article.case[data-key="ui/fox/sim-dev/seed=1"]');
      await fox.locator('button.approve').click();
      await page.waitForSelector('article.case[data-key="ui/fox/sim-dev/seed=1"] .review-state.approved');
      expect(await page.textContent('h1')).toContain('15 of 18 cases failing');
      const actual = await readFile(path.join(fixture.runDir, 'actual/ui/fox/sim-dev/seed=1.png'));
      const baseline = await readFile(path.join(fixture.cwd, 'baselines/ui/fox/sim-dev/seed=1.png'));
      expect(baseline.equals(actual)).toBe(true);
      const sidecar = JSON.parse(
        await readFile(path.join(fixture.cwd, 'baselines/ui/fox/sim-dev/seed=1.json'), 'utf8'),
      );
      expect(sidecar.approvedFrom).toBe(fixture.results.runId);
      let results = await readRun(fixture.runDir);
      const approved = results.cases.find((c) => c.id === 'ui/fox/sim-dev/seed=1');
      expect(approved?.review?.decision).toBe('approved');
      expect(approved?.failing).toBe(false);
      expect(results.summary.failing).toBe(15);

      const lighthouse = page.locator('article.case[data-key="ui/lighthouse/sim-dev/seed=1"]');
      await lighthouse.locator('button.reject').click();
      await page.waitForSelector('article.case[data-key="ui/lighthouse/sim-dev/seed=1"] .review-state.rejected');
      results = await readRun(fixture.runDir);
      const rejected = results.cases.find((c) => c.id === 'ui/lighthouse/sim-dev/seed=1');
      expect(rejected?.review?.decision).toBe('rejected');
      expect(rejected?.failing).toBe(true);
      await screenshot(page, 'review');

      // The approved case passes on the drifted model now; the others still fail.
      const again = await runCli(['run', 'suite.yaml', '--ci', '--grep', 'fox/sim-dev/seed=1$'], {
        cwd: fixture.cwd,
        env: drifted,
      });
      expect(again.stdout).toMatch(/pass 1/);
      expect(again.code).toBe(0);

      await page.click('button.approve-all');
      expect(await page.textContent('button.approve-all')).toContain('Confirm: approve 15 failing');
      await page.click('button.approve-all');
      await page.waitForFunction(() => document.querySelector('h1')?.textContent?.includes('all 18 cases good'));
      expect((await readRun(fixture.runDir)).summary.failing).toBe(0);
      expect(output()).toContain('approved ui/castle/sim-dev/seed=9');
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await stop(child);
    }
    // The static report on disk shows the decisions too.
    const { page } = await browser.page();
    await page.goto(fileUrl(path.join(fixture.runDir, 'index.html')));
    await page.waitForSelector('article.case');
    await drawAll(page);
    expect(await page.locator('.review-state.approved').count()).toBe(16);
    expect(await page.locator('button.approve').count()).toBe(0);

    const full = await runCli(['run', 'suite.yaml', '--ci'], { cwd: fixture.cwd, env: drifted });
    expect(full.stdout).toMatch(/blocked 1 · pass 17/);
    expect(full.code).toBe(0);
  });

  it('refuses a change without the page token, from another Host, or outside the run folder', async () => {
    const { url, child } = await startReview(fixture.firstDir);
    try {
      const post = (headers: Record<string, string>) =>
        fetch(`${url}api/approve`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ all: true }),
        });
      expect((await post({})).status).toBe(403);
      expect((await post({ 'x-seedsnap-token': 'guess' })).status).toBe(403);
      const page = await (await fetch(url)).text();
      const token = page.match(/name="seedsnap-review" content="([^"]+)"/)?.[1] ?? '';
      expect(token).not.toBe('');
      expect((await fetch(`${url}actual/..%2f..%2fsuite.yaml`)).status).toBe(404);
      expect((await fetch(`${url}actual/ui/fox/sim-dev/seed%3D1.png`)).status).toBe(200);
      const wrong = await post({ 'x-seedsnap-token': token, 'content-type': 'text/plain' });
      expect(wrong.status).toBe(415);
      const unknown = await fetch(`${url}api/reject`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-seedsnap-token': token },
        body: JSON.stringify({ ids: ['ui/nope'] }),
      });
      expect(unknown.status).toBe(400);
      expect(((await unknown.json()) as { error: string }).error).toMatch(/no case .* has the id ui\/nope/);
    } finally {
      await stop(child);
    }
  });
});

describe('seedsnap compare', () => {
  it('writes an A/B report of two runs, paired by prompt, seed and parameters', async () => {
    const out = path.join(fixture.cwd, 'ab');
    const result = await runCli(['compare', fixture.firstDir, fixture.runDir, '--out', out], { cwd: fixture.cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/18 cases — changed 16 · only-b 1 · same 1/);
    const summary = await readFile(path.join(out, 'summary.md'), 'utf8');
    expect(summary).toContain('16 of 18 cases changed');
    expect(summary).toContain('sim-dev@1 → sim-dev@2');

    const { page, errors } = await browser.page();
    await page.goto(fileUrl(path.join(out, 'index.html')));
    await page.waitForSelector('article.case');
    expect(await page.textContent('h1')).toContain('17 of 18 cases differ');
    expect(await page.locator('.changed-most li').count()).toBe(10);
    expect(await page.locator('.counts [data-status="only-b"] .n').textContent()).toBe('1');
    const first = page.locator('article.case').first();
    expect(await first.getAttribute('data-status')).toBe('changed');
    expect(await first.locator('figcaption').allTextContents()).toEqual([
      `A · ${path.basename(fixture.firstDir)}`,
      `B · ${path.basename(fixture.runDir)}`,
      'diff',
    ]);
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('article.case img'))
        .slice(0, 3)
        .every((i) => (i as HTMLImageElement).naturalWidth > 0),
    );
    await screenshot(page, 'compare');
    await page.click('#view-sweeps');
    expect(await page.locator('table.sweep-grid tbody tr').count()).toBe(3);
    expect(errors).toEqual([]);
  });
});
