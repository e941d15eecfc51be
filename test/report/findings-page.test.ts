/**
 * The report page leads each failing card with its findings in words and filters by kind, in a real
 * Chromium on a real run: the built-in model draws the same pictures twice, and between the runs each
 * case's baseline is made into what the picture looked like before a known change (cooler, brighter,
 * 2 px to the left, with a patch), its sidecar's hash rewritten to match, as if an older model had
 * made it. The second run then fails each case with a different principal finding.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shifted, withOffsets, withPatch } from '../../src/compare/findings/variants.js';
import { decodeImage } from '../../src/image/decode.js';
import { encodePng } from '../../src/image/png-encode.js';
import type { RgbaImage } from '../../src/image/types.js';
import type { RunResults } from '../../src/types/index.js';
import { sha256 } from '../../src/util/hash.js';
import { type Browser, drawAll, fileUrl, launchBrowser, screenshot } from '../helpers/browser.js';
import { runCli } from '../helpers/cli.js';

const SUITE = `name: kinds
provider: local
models: [sim-dev]
defaults: { width: 128, height: 128, steps: 20, output_format: png }
seeds: [1]
cases:
  - id: warm
    prompt: a cabin in a forest with mountains, oil painting
  - id: dark
    prompt: a calm lake at dawn
  - id: moved
    prompt: a lighthouse on a cliff at sunset
  - id: patched
    prompt: a red fox sitting in fresh snow
  - id: same
    prompt: a sailboat on the ocean with birds
`;

/** What each baseline becomes: the picture before the change the second run will find. */
const BEFORE: Record<string, ((image: RgbaImage) => RgbaImage) | undefined> = {
  warm: (image) => withOffsets(image, { r: -10, g: 0, b: 6 }),
  dark: (image) => withOffsets(image, { r: 14, g: 14, b: 14 }),
  moved: (image) => shifted(image, { dx: -2, dy: 0 }),
  patched: (image) => withPatch(image, { from: withOffsets(image, { r: 90, g: -60, b: 40 }), x: 40, y: 40, size: 32 }),
};

let browser: Browser;
let runDir = '';
let cwd = '';
let results: RunResults;

async function sidecars(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => path.join(e.parentPath, e.name));
}

beforeAll(async () => {
  // Built once for the file (tempDir() folders go after each test), removed by hand after the last.
  cwd = await mkdtemp(path.join(os.tmpdir(), 'seedsnap-findings-page-'));
  await writeFile(path.join(cwd, 'suite.yaml'), SUITE);
  const first = await runCli(['run', 'suite.yaml'], { cwd });
  if (first.code !== 0) throw new Error(`first run: exit ${first.code}: ${first.stderr}`);
  for (const file of await sidecars(path.join(cwd, 'baselines'))) {
    const sidecar = JSON.parse(await readFile(file, 'utf8'));
    const before = BEFORE[String(sidecar.id).split('/')[1] ?? ''];
    if (!before) continue;
    const imageFile = path.join(path.dirname(file), sidecar.image);
    const bytes = encodePng(before(decodeImage(await readFile(imageFile))), 4);
    await writeFile(imageFile, bytes);
    await writeFile(file, JSON.stringify({ ...sidecar, sha256: sha256(bytes), bytes: bytes.byteLength }));
  }
  const second = await runCli(['run', 'suite.yaml', '--ci'], { cwd });
  if (second.code !== 1) throw new Error(`second run should fail: exit ${second.code}: ${second.stderr}`);
  const latest = (await readFile(path.join(cwd, 'reports', '.latest-run'), 'utf8')).trim();
  runDir = path.join(cwd, 'reports', latest);
  results = JSON.parse(await readFile(path.join(runDir, 'results.json'), 'utf8'));
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (cwd) await rm(cwd, { recursive: true, force: true });
});

const principal = (name: string) =>
  results.cases.find((c) => c.case === name)?.images[0]?.findings?.[0]?.kind ?? 'none';

describe('findings in the report page', () => {
  it('the run found each change with the right principal finding', () => {
    expect(['warm', 'dark', 'moved', 'patched', 'same'].map(principal)).toEqual([
      'colour',
      'exposure',
      'shift',
      'region',
      'none',
    ]);
  });

  it('each failing card leads with its findings in words; a filter by kind shows only those cases', async () => {
    const { page, errors } = await browser.page();
    await page.goto(fileUrl(path.join(runDir, 'index.html')));
    await page.waitForSelector('article.case');
    await drawAll(page);
    const card = (name: string) => page.locator(`article.case[data-key="kinds/${name}/sim-dev/seed=1"]`);
    for (const name of ['warm', 'dark', 'moved', 'patched']) {
      const kind = principal(name);
      const first = card(name).locator('ul.findings li').first();
      expect(await first.getAttribute('data-kind')).toBe(kind);
      const summary = results.cases.find((c) => c.case === name)?.images[0]?.findings?.[0]?.summary ?? '';
      expect(await first.textContent()).toContain(summary);
      // Leads: the findings come before the prompt and the images.
      const order = await card(name).evaluate((node) =>
        Array.from(node.children)
          .map((c) => c.className.split(' ')[0])
          .filter((c) => c === 'findings' || c === 'prompt'),
      );
      expect(order[0]).toBe('findings');
    }
    expect(await card('moved').locator('ul.findings li').first().textContent()).toMatch(/moved 2 px right/);
    expect(await card('same').locator('ul.findings').count()).toBe(0);
    // The figures behind them read as words and numbers, not as JSON.
    expect(await card('warm').locator('td[data-metric="channelShift"]').textContent()).toMatch(
      /^R \+\d+\.\d\d · G [+−]\d+\.\d\d · B −\d+\.\d\d levels$/,
    );
    expect(await card('moved').locator('td[data-metric="shift"]').textContent()).toMatch(/^dx 2, dy 0 px/);
    expect(await card('patched').locator('td[data-metric="regions"]').textContent()).toMatch(/^32×32 at \(40, 40\)/);
    await screenshot(page, 'findings');

    // The filter offers the kinds the run found, and shows only the cases with that kind.
    const options = await page.locator('#kind-filter option').allTextContents();
    expect(options).toEqual(['all changes', 'shift', 'exposure', 'colour', 'region']);
    await page.selectOption('#kind-filter', 'shift');
    await drawAll(page);
    expect(await page.$$eval('article.case', (nodes) => nodes.map((n) => n.getAttribute('data-key')))).toEqual([
      'kinds/moved/sim-dev/seed=1',
    ]);
    await page.selectOption('#kind-filter', 'colour');
    await drawAll(page);
    const colour = await page.$$eval('article.case', (nodes) => nodes.map((n) => n.getAttribute('data-key')));
    expect(colour).toContain('kinds/warm/sim-dev/seed=1');
    expect(colour).not.toContain('kinds/moved/sim-dev/seed=1');
    await page.selectOption('#kind-filter', '');
    await drawAll(page);
    expect(await page.locator('article.case').count()).toBe(5);
    expect(errors).toEqual([]);
  });
});
