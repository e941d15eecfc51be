/**
 * The report's video card in a real Chromium, opened from file:// on a real run of sim-kling against its
 * revision-2 drift: both clips load and follow each other, the strip marks the failing frames, choosing a
 * frame seeks both clips to it and shows that frame's diff, and the keyframe fidelity row is there.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/types/index.js';
import { type Browser, fileUrl, launchBrowser, screenshot } from '../helpers/browser.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const SUITE = `name: card
provider: local
models: [sim-kling]
seeds: [2]
cases:
  - id: harbour
    prompt: slow push in
    width: 128
    height: 128
    seconds: 2
    fps: 6
    frame_images: [{ input_image: harbour.png }]
`;

let browser: Browser;
let runDir: string;
let results: RunResults;

beforeAll(async () => {
  const cwd = await tempDir();
  await copyFile(path.join(ROOT, 'suites', 'keyframes', 'harbour.png'), path.join(cwd, 'harbour.png'));
  await writeFile(path.join(cwd, 'card.yaml'), SUITE);
  await mkdir(path.join(cwd, 'reports'), { recursive: true });
  expect((await runCli(['run', 'card.yaml'], { cwd })).code).toBe(0);
  expect((await runCli(['run', 'card.yaml'], { cwd, env: { SEEDSNAP_LOCAL_REVISION: '2' } })).code).toBe(1);
  runDir = path.join(cwd, 'reports', (await readFile(path.join(cwd, 'reports', '.latest-run'), 'utf8')).trim());
  results = JSON.parse(await readFile(path.join(runDir, 'results.json'), 'utf8')) as RunResults;
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('the video card', () => {
  it('plays both clips, marks failing frames, and shows the chosen frame’s diff', async () => {
    const video = results.cases[0]?.images[0]?.video;
    if (!video) throw new Error('no video in results.json');
    const { page, errors } = await browser.page();
    await page.goto(fileUrl(path.join(runDir, 'index.html')));
    const card = page.locator('article.case').first();
    await card.waitFor();
    // Both clips load from the run folder (the page's policy allows media from 'self').
    await page.waitForFunction(() => Array.from(document.querySelectorAll('video')).every((v) => v.readyState >= 2));
    expect(await card.locator('video').count()).toBe(2);
    expect(await card.locator('figure.player figcaption').allTextContents()).toEqual(['expected', 'actual']);

    // The strip: one cell per compared frame, failing ones marked as results.json says.
    const cells = card.locator('.frame-strip .frame');
    expect(await cells.count()).toBe(12);
    const failing = await card
      .locator('.frame-strip .frame.fail')
      .evaluateAll((n) => n.map((e) => e.getAttribute('data-frame')));
    expect(failing).toEqual(video.frames.filter((f) => f.verdict === 'fail').map((f) => String(f.index)));
    expect(failing.length).toBeGreaterThan(0);

    // It opens on the worst frame, with that frame's diff.
    const worst = String(video.worst?.index);
    await page.waitForFunction((w) => document.querySelector('.video-viewer')?.getAttribute('data-frame') === w, worst);
    expect(await card.locator(`.frame-strip .frame[data-frame="${worst}"]`).getAttribute('aria-pressed')).toBe('true');
    expect(await card.locator('img.frame-diff').getAttribute('src')).toContain('.frames/');

    // Choosing another failing frame seeks both clips to the middle of that frame and shows its diff.
    const other = failing.find((f) => f !== worst) ?? worst;
    await card.locator(`.frame-strip .frame[data-frame="${other}"]`).click();
    const times = await card
      .locator('video')
      .evaluateAll((nodes) => nodes.map((v) => (v as HTMLVideoElement).currentTime));
    expect(times[0]).toBeCloseTo((Number(other) + 0.5) / 6, 3);
    expect(times[1]).toBeCloseTo(times[0] ?? -1, 3);
    expect(await card.locator('img.frame-diff').getAttribute('src')).toContain(`${other.padStart(5, '0')}.png`);
    expect(await card.locator('.frame-note').textContent()).toContain(`frame ${other}`);

    // A passing frame has no diff, and says so.
    const passing = video.frames.find((f) => f.verdict === 'pass');
    if (passing) {
      await card.locator(`.frame-strip .frame[data-frame="${passing.index}"]`).click();
      expect(await card.locator('img.frame-diff').isHidden()).toBe(true);
      expect(await card.locator('.frame-note').textContent()).toContain('within tolerance');
    }

    // Play both: they run together.
    await card.locator('button.play').click();
    await page.waitForFunction(() => Array.from(document.querySelectorAll('video')).every((v) => !v.paused));
    await card.locator('button.play').click();
    expect(await card.locator('video').evaluateAll((n) => n.every((v) => (v as HTMLVideoElement).paused))).toBe(true);

    expect(await card.locator('table.keyframes tr[data-keyframe="0"]').textContent()).toMatch(
      /frame_images\[0\] → frame 0.*holds/,
    );
    await screenshot(page, 'video-card');
    expect(errors).toEqual([]);
  });
});
