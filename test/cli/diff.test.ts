import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withOffsets } from '../../src/compare/findings/variants.js';
import { decodeImage } from '../../src/image/decode.js';
import { encodePng } from '../../src/image/png-encode.js';
import { LocalModel } from '../../src/providers/local/provider.js';
import type { ImageRequest } from '../../src/types/index.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const REQUEST: ImageRequest = {
  model: 'sim-dev',
  prompt: 'a red fox sitting in fresh snow',
  seed: 1,
  width: 128,
  height: 128,
  steps: 28,
};

function render(options: { revision?: number; jitter?: number }, format: 'png' | 'jpeg' = 'png'): Uint8Array {
  const [image] = new LocalModel({ revision: 1, jitter: 0, jitterSeed: 5, ...options }).generate({
    ...REQUEST,
    output_format: format,
  });
  return image?.bytes ?? new Uint8Array();
}

describe('seedsnap diff', () => {
  let files: Record<string, Uint8Array> = {};
  let cwd = '';
  beforeAll(() => {
    const base = render({});
    files = {
      'base.png': base,
      'jitter.png': render({ jitter: 2 }),
      'base.jpg': render({}, 'jpeg'),
      'drift.png': render({ revision: 2 }),
      'notes.txt': new TextEncoder().encode('not an image'),
      'truncated.png': base.subarray(0, 60),
    };
  });
  // tempDir() folders are removed after each test, so every test gets its own copy of the files.
  beforeEach(async () => {
    cwd = await tempDir('seedsnap-diff-');
    for (const [name, bytes] of Object.entries(files)) await writeFile(path.join(cwd, name), bytes);
  });

  it('exit 0 for noise, printing every metric and the default tolerance', async () => {
    const result = await runCli(['diff', 'base.png', 'jitter.png'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const label of ['differing pixels', 'max channel diff', 'mean abs error', 'PSNR', 'SSIM', 'pHash distance']) {
      expect(result.stdout).toContain(label);
    }
    expect(result.stdout).toMatch(/max channel diff +2 of 255/);
    expect(result.stdout).toMatch(
      /default tolerance: max_diff_ratio 0\.150%, max_colour_shift 2, max_local_colour_shift 8, max_shift_px 0, min_edge_ratio 0\.9 \(threshold 0\.1\)/,
    );
    // The findings' figures, beside the gates that read them.
    expect(result.stdout).toMatch(
      /channel shift +R [+−]\d\.\d\d, G [+−]\d\.\d\d, B [+−]\d\.\d\d +max_colour_shift 2 ok/,
    );
    expect(result.stdout).toMatch(/edge ratio +\d\.\d{3} +min_edge_ratio 0\.9 ok/);
    expect(result.stdout).toMatch(/shift +none +max_shift_px 0 ok/);
    expect(result.stdout).toMatch(/^match$/m);
  });

  it('exit 0 for the same picture as PNG and JPEG', async () => {
    const result = await runCli(['diff', 'base.png', 'base.jpg'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/actual +base\.jpg +128×128 jpeg/);
  });

  it('exit 1 for a real change, with the figures, and --out writes the diff', async () => {
    const result = await runCli(['diff', 'base.png', 'drift.png', '--out', 'out/diff.png'], { cwd });
    expect(result.code).toBe(1);
    // The principal finding leads, the gates' figures follow; every finding is listed above.
    expect(result.stdout).toMatch(/^differ: .*\d.* — \d+ pixels differ \([\d.]+%\), more than max_diff_ratio 0\.150%/m);
    expect(result.stdout).toMatch(/^changes:\n {2}1\. (region|content|colour|exposure|blur|shift): /m);
    expect(result.stdout).toContain('wrote out/diff.png');
    const diff = decodeImage(await readFile(path.join(cwd, 'out', 'diff.png')));
    expect([diff.width, diff.height]).toEqual([128, 128]);
  });

  it('a gate given on the command line replaces the default gates', async () => {
    const result = await runCli(['diff', 'base.png', 'drift.png', '--max-diff-ratio', '0.5'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^tolerance: max_diff_ratio 50\.00% \(threshold 0\.1\)$/m);
    const strict = await runCli(['diff', 'base.png', 'jitter.png', '--min-ssim', '0.999'], { cwd });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/below min_ssim 0\.999/);
  });

  it('ignores the regions given with --ignore', async () => {
    const whole = await runCli(['diff', 'base.png', 'drift.png', '--ignore', '0,0,128,128'], { cwd });
    expect(whole.code).toBe(0);
    expect(whole.stdout).toMatch(/ignored pixels +16,384/);
  });

  it('prints { verdict, metrics, changes } with --json', async () => {
    const result = await runCli(['diff', 'base.png', 'drift.png', '--json'], { cwd });
    expect(result.code).toBe(1);
    const parsed = JSON.parse(result.stdout) as {
      verdict: string;
      match: boolean;
      metrics: Record<string, unknown>;
      changes: { kind: string; summary: string }[];
    };
    expect(parsed.verdict).toBe('fail');
    expect(parsed.match).toBe(false);
    expect(parsed.metrics.psnr).toBeLessThan(38);
    expect(parsed.metrics.phashDistance).toBeGreaterThanOrEqual(0);
    expect(parsed.metrics.edgeRatio).toEqual(expect.any(Number));
    expect(parsed.changes.length).toBeGreaterThan(0);
    expect(parsed.changes[0]?.summary).toMatch(/\d/);
    expect(Object.keys(parsed).slice(0, 3)).toEqual(['verdict', 'metrics', 'changes']);

    const same = JSON.parse((await runCli(['diff', 'base.png', 'jitter.png', '--json'], { cwd })).stdout);
    expect(same).toMatchObject({ verdict: 'pass', changes: [] });
  });

  it('a colour cast: the finding in words, in JSON, and a gate in the same terms', async () => {
    const base = decodeImage(files['base.png'] ?? new Uint8Array());
    await writeFile(path.join(cwd, 'warm.png'), encodePng(withOffsets(base, { r: 8, g: 0, b: -4 }), 4));
    const human = await runCli(['diff', 'base.png', 'warm.png'], { cwd });
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/^differ: warmer: red \+\d\.\d, blue −\d\.\d levels — mean red moved/m);
    expect(human.stdout).toMatch(/^ {2}1\. colour: warmer: red/m);
    const json = JSON.parse((await runCli(['diff', 'base.png', 'warm.png', '--json'], { cwd })).stdout);
    expect(json.changes[0]).toMatchObject({ kind: 'colour', r: expect.any(Number), b: expect.any(Number) });
    const loose = await runCli(['diff', 'base.png', 'warm.png', '--max-colour-shift', '10'], { cwd });
    expect(loose.code).toBe(0);
    expect(loose.stdout).toMatch(/^tolerance: max_colour_shift 10 \(threshold 0\.1\)$/m);
    const sharp = await runCli(['diff', 'base.png', 'base.png', '--min-edge-ratio', 'soft'], { cwd });
    expect(sharp.code).toBe(2);
    expect(sharp.stderr).toMatch(/--min-edge-ratio must be a number/);
  });

  it('exit 2 for bad input: a missing file, not an image, a broken PNG, a bad flag', async () => {
    const cases: [string[], RegExp][] = [
      [['diff', 'base.png', 'missing.png'], /DIFF_INPUT: cannot read missing\.png \(ENOENT\)/],
      [['diff', 'notes.txt', 'base.png'], /DIFF_INPUT: notes\.txt is not a PNG or JPEG image/],
      [
        ['diff', 'base.png', 'truncated.png'],
        /DIFF_INPUT: truncated\.png: png header claims 128×128 .* a truncated file/,
      ],
      [['diff', 'base.png', 'jitter.png', '--min-psnr', 'high'], /--min-psnr must be a number/],
      [['diff', 'base.png', 'jitter.png', '--min-ssim', '2'], /min_ssim: Too big/],
      [['diff', 'base.png', 'jitter.png', '--ignore', '1,2,3'], /--ignore takes x,y,width,height/],
      [['diff', 'base.png'], /missing required argument/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args, { cwd });
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(message);
    }
  });
});
