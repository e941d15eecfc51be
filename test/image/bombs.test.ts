/**
 * Decompression bombs are refused before they cost memory. Each bomb is made in the test (a PNG
 * whose data inflates to a GiB, a PNG or JPEG whose header claims 8000×8000 over a few bytes) and
 * decoded in a child process by the built decoder; the child's peak RSS is the figure asserted.
 * Real images of every kind (committed fixtures, see test/fixtures/images/make.sh) still decode.
 */
import { readdirSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/image/decode.js';
import type { RunResults } from '../../src/types/index.js';
import {
  decodeInChild,
  FIXTURES,
  fixture,
  forgeJpegSize,
  forgePng,
  peakRssOptions,
  zerosZlib,
} from '../helpers/bombs.js';
import { runCli } from '../helpers/cli.js';
import { sendJson, startServer } from '../helpers/http.js';
import { tempDir } from '../helpers/tmp.js';

const GiB = 1024 * 1024 * 1024;
const RSS_LIMIT_MB = 200;

async function writeAll(files: Record<string, Uint8Array>): Promise<string[]> {
  const dir = await tempDir();
  const paths: string[] = [];
  for (const [name, bytes] of Object.entries(files)) {
    const file = path.join(dir, name);
    await writeFile(file, bytes);
    paths.push(file);
  }
  return paths;
}

describe('decompression bombs', () => {
  it('PNG data that inflates past its header is refused on every decode path, in bounded memory', async () => {
    const gib = zerosZlib(GiB);
    const over = (colorType: number, depth: number, interlace: boolean) =>
      forgePng({ width: 2000, height: 2000, colorType, depth, interlace, idat: gib });
    const bombs = {
      'interlaced-rgba8.png': over(6, 8, true),
      'interlaced-rgb8.png': over(2, 8, true),
      'interlaced-palette8.png': over(3, 8, true),
      'interlaced-rgb16.png': over(2, 16, true),
      'interlaced-grey1.png': over(0, 1, true),
      'interlaced-grey-alpha8.png': over(4, 8, true),
      'rgba8.png': over(6, 8, false),
      'grey16.png': over(0, 16, false),
      'palette4.png': over(3, 4, false),
    };
    for (const bytes of Object.values(bombs)) expect(bytes.length).toBeLessThan(1.2 * 1024 * 1024);
    const { outcomes, peakRssMb } = await decodeInChild(await writeAll(bombs));
    for (const outcome of outcomes) {
      expect({ file: path.basename(outcome.file), code: outcome.code }).toEqual({
        file: path.basename(outcome.file),
        code: 'IMAGE_DECODE',
      });
      expect(outcome.error).toMatch(
        /png image data inflates to more than the [\d,]+ bytes its 2000×2000 header allows/,
      );
    }
    expect(peakRssMb).toBeLessThan(RSS_LIMIT_MB);
  });

  it('a PNG header claiming 8000×8000 over a few bytes of data is refused before anything is inflated', async () => {
    const tiny = zerosZlib(1024 * 1024);
    const claim = (colorType: number, depth: number, interlace: boolean) =>
      forgePng({ width: 8000, height: 8000, colorType, depth, interlace, idat: tiny });
    const bombs = {
      'rgba8.png': claim(6, 8, false),
      'rgb8.png': claim(2, 8, false),
      'interlaced-rgba8.png': claim(6, 8, true),
      'palette8.png': claim(3, 8, false),
      'rgb16.png': claim(2, 16, false),
      'grey8.png': claim(0, 8, false),
      'interlaced-grey1.png': claim(0, 1, true),
    };
    const { outcomes, peakRssMb } = await decodeInChild(await writeAll(bombs));
    for (const outcome of outcomes) {
      expect(outcome.error).toMatch(
        /png header claims 8000×8000 \([\d.]+ MB of pixel data\) but the file holds only [\d,]+ bytes of compressed image data/,
      );
    }
    expect(peakRssMb).toBeLessThan(RSS_LIMIT_MB);
  });

  it('a 1–3 KB JPEG claiming 8000×8000 is refused: baseline, progressive, CMYK, grey', async () => {
    const bombs: Record<string, Uint8Array> = {};
    for (const name of ['baseline', 'progressive', 'cmyk', 'progressive-cmyk', 'grey']) {
      bombs[`${name}.jpg`] = forgeJpegSize(fixture(`jpeg-${name}.jpg`), 8000, 8000);
      expect(bombs[`${name}.jpg`]?.length).toBeLessThan(3 * 1024);
    }
    const { outcomes, peakRssMb } = await decodeInChild(await writeAll(bombs));
    for (const outcome of outcomes) {
      expect(outcome.code).toBe('IMAGE_DECODE');
      expect(outcome.error).toMatch(
        /jpeg header claims 8000×8000 \([\d,]+ blocks of 8×8 pixels\) but the file holds only [\d,]+ bytes of scan data/,
      );
    }
    expect(peakRssMb).toBeLessThan(RSS_LIMIT_MB);
  });

  it('real images of every kind still decode: PNG as pngjs decodes them, JPEG at their size', () => {
    const names = readdirSync(FIXTURES).filter((name) => /\.(png|jpg)$/.test(name));
    expect(names.length).toBeGreaterThanOrEqual(15);
    for (const name of names) {
      const bytes = fixture(name);
      const image = decodeImage(bytes);
      expect({ name, width: image.width, height: image.height }).toEqual({ name, width: 64, height: 48 });
      if (name.endsWith('.png')) {
        expect(Buffer.from(image.data).equals(PNG.sync.read(Buffer.from(bytes)).data)).toBe(true);
      }
    }
  });

  it('an image that inflates to exactly its header’s size decodes, however well it compresses', () => {
    // 1000×1000 RGBA of zeros (filter 0 rows): 4 MB of pixels from about 4 KB — a real, valid PNG.
    const raw = 1000 * (1 + 4000);
    const bytes = forgePng({
      width: 1000,
      height: 1000,
      colorType: 6,
      depth: 8,
      interlace: false,
      idat: zerosZlib(raw),
    });
    expect(bytes.length).toBeLessThan(8 * 1024);
    const image = decodeImage(bytes);
    expect(image.width * image.height).toBe(1_000_000);
    expect(image.data.every((v) => v === 0)).toBe(true);
  });
});

describe('decompression bombs through the CLI', () => {
  it('seedsnap diff refuses a bomb with exit 2 and says which file, in bounded memory', async () => {
    const dir = await tempDir();
    const bomb = forgePng({ width: 8000, height: 8000, colorType: 6, depth: 8, interlace: true, idat: zerosZlib(GiB) });
    await writeFile(path.join(dir, 'bomb.png'), bomb);
    await writeFile(path.join(dir, 'ok.png'), fixture('source.png'));
    await writeFile(path.join(dir, 'bomb.jpg'), forgeJpegSize(fixture('jpeg-cmyk.jpg'), 8000, 8000));
    for (const [expected, actual, pattern] of [
      ['ok.png', 'bomb.png', /bomb\.png: png image data inflates to more than/],
      ['bomb.jpg', 'ok.png', /bomb\.jpg: jpeg header claims 8000×8000/],
    ] as const) {
      const rssFile = path.join(dir, `rss-${actual}`);
      const result = await runCli(['diff', expected, actual], {
        cwd: dir,
        env: { NODE_OPTIONS: peakRssOptions(rssFile) },
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(pattern);
      expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
      expect(Number(await readFile(rssFile, 'utf8'))).toBeLessThan(RSS_LIMIT_MB);
    }
  });

  it('a run: a bomb from the provider is that case’s error, new or compared, and the other cases pass', async () => {
    const good = Buffer.from(fixture('source.png')).toString('base64');
    const bomb = Buffer.from(
      forgePng({ width: 1024, height: 1024, colorType: 6, depth: 8, interlace: true, idat: zerosZlib(GiB) }),
    ).toString('base64');
    let bombs = false;
    const server = await startServer((req, res) => {
      const seed = (req.json as { seed: number }).seed;
      // Seed 2 is a bomb once bombs are on; seed 3 is a bomb from the start, so it never had a baseline.
      const b64 = (bombs && seed === 2) || seed === 3 ? bomb : good;
      sendJson(res, 200, { data: [{ index: 0, b64_json: b64 }] });
    });
    const cwd = await tempDir();
    await writeFile(
      path.join(cwd, 's.yaml'),
      `name: remote\nprovider: { name: together, base_url: ${server.url} }\nmodels: [black-forest-labs/FLUX.1-dev]\ndefaults: { width: 512, height: 512, steps: 28 }\nseeds: [1, 2, 3]\nconcurrency: 1\ncases:\n  - { id: fox, prompt: a red fox }\n`,
    );
    const env = { TOGETHER_API_KEY: 'test-key' };
    // Seed 3 has no baseline: its bomb would have been stored as one without being decoded.
    const first = await runCli(['run', 's.yaml', '--out', 'first'], { cwd, env });
    expect(first.code).toBe(1);
    const firstResults = JSON.parse(await readFile(path.join(cwd, 'first', 'results.json'), 'utf8')) as RunResults;
    expect(firstResults.cases.map((c) => c.images[0]?.verdict)).toEqual(['new', 'new', 'error']);
    bombs = true;
    // One request at a time, so at most one compare worker, whatever the machine: the figure is the bomb's.
    const rssFile = path.join(cwd, 'rss');
    const second = await runCli(['run', 's.yaml', '--out', 'second'], {
      cwd,
      env: { ...env, NODE_OPTIONS: peakRssOptions(rssFile) },
    });
    expect(second.code).toBe(1);
    const results = JSON.parse(await readFile(path.join(cwd, 'second', 'results.json'), 'utf8')) as RunResults;
    const bySeed = Object.fromEntries(results.cases.map((c) => [c.seed, c.images[0]]));
    expect(bySeed[1]?.verdict).toBe('pass');
    expect(bySeed[2]?.verdict).toBe('error');
    expect(bySeed[2]?.reason).toMatch(/^generated image: png image data inflates to more than the [\d,]+ bytes/);
    expect(bySeed[3]?.verdict).toBe('error');
    expect(bySeed[3]?.reason).toMatch(/^generated image: png image data inflates to more than/);
    // A bomb never becomes a baseline: seeds 1 and 2 have theirs from the first run, seed 3 none.
    const stored = (await readdir(path.join(cwd, 'baselines'), { recursive: true })).filter((f) => f.endsWith('.png'));
    expect(stored.map((f) => path.basename(f)).sort()).toEqual(['seed=1.png', 'seed=2.png']);
    // The same run with seed 2 answering a real image again: the bomb cost next to nothing on top of it.
    bombs = false;
    const plainRss = path.join(cwd, 'rss-plain');
    const plain = await runCli(['run', 's.yaml', '--out', 'plain'], {
      cwd,
      env: { ...env, NODE_OPTIONS: peakRssOptions(plainRss) },
    });
    expect(plain.code).toBe(1); // seed 3 is still a bomb
    const [withBomb, without] = [Number(await readFile(rssFile, 'utf8')), Number(await readFile(plainRss, 'utf8'))];
    expect(withBomb).toBeLessThan(without + 50);
  });
});
