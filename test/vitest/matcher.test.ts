import { spawn } from 'node:child_process';
import { access, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ComparePool } from '../../src/compare/compare-pool.js';
import { LocalModel } from '../../src/providers/local/provider.js';
import { sha256 } from '../../src/util/hash.js';
import { baselineName, matchImageBaseline } from '../../src/vitest/matcher.js';
import { ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const VITEST = path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');

function runVitest(cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [VITEST, 'run', '--root', cwd, ...args], {
      cwd,
      env: { ...process.env, CI: '', NO_COLOR: '1', ...env },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

const TEST_FILE = `import { readFileSync } from 'node:fs';
import 'seedsnap/vitest';
import { expect, test } from 'vitest';

test('lighthouse at sunset', async () => {
  await expect(readFileSync(process.env.IMAGE_FILE)).toMatchImageBaseline();
});

test('a jpeg as Uint8Array', async () => {
  await expect(new Uint8Array(readFileSync(process.env.JPEG_FILE))).toMatchImageBaseline({ max_diff_ratio: 0.05 });
});
`;

describe('toMatchImageBaseline (vitest matcher)', () => {
  it('writes on first run, passes, fails with figures and a diff, updates with -u, refuses new under CI', async () => {
    const project = await tempDir();
    await mkdir(path.join(project, 'node_modules'), { recursive: true });
    await symlink(ROOT, path.join(project, 'node_modules', 'seedsnap'), 'dir');
    await writeFile(path.join(project, 'render.test.ts'), TEST_FILE);
    const request = {
      model: 'sim-dev',
      prompt: 'a lighthouse on a cliff at sunset',
      seed: 4,
      width: 128,
      height: 128,
      steps: 28,
    };
    const images = path.join(project, 'images');
    await mkdir(images);
    const write = async (name: string, revision: number, format: 'png' | 'jpeg') => {
      const [image] = new LocalModel({ revision }).generate({ ...request, output_format: format });
      await writeFile(path.join(images, name), image?.bytes ?? new Uint8Array());
      return path.join(images, name);
    };
    const env = { IMAGE_FILE: await write('a.png', 1, 'png'), JPEG_FILE: await write('a.jpg', 1, 'jpeg') };
    const drifted = await write('b.png', 2, 'png');
    const baseline = path.join(project, '__image_baselines__', 'render.test.ts', 'lighthouse-at-sunset.png');

    const first = await runVitest(project, [], env);
    expect(first.code, first.out).toBe(0);
    await access(baseline);
    await access(path.join(project, '__image_baselines__', 'render.test.ts', 'a-jpeg-as-Uint8Array.jpg'));
    expect((await runVitest(project, [], env)).code).toBe(0);

    const failing = await runVitest(project, [], { ...env, IMAGE_FILE: drifted });
    expect(failing.code).toBe(1);
    expect(failing.out).toContain(
      'image differs from its baseline __image_baselines__/render.test.ts/lighthouse-at-sunset.png',
    );
    expect(failing.out).toMatch(/\d+ pixels differ \([\d.]+%\), more than max_diff_ratio/);
    expect(failing.out).toMatch(/figures: diffPixels=\d+/);
    // What changed leads the reason, and the figures that are not numbers read as figures.
    expect(failing.out).toMatch(/^\s+\S.* — \d+ pixels differ \([\d.]+%\), more than max_diff_ratio/m);
    expect(failing.out).toMatch(/channelShift=\{r: [-\d.]+, g: [-\d.]+, b: [-\d.]+\}/);
    expect(failing.out).not.toContain('[object Object]');
    await access(
      path.join(project, '__image_baselines__', '__diff_output__', 'render.test.ts', 'lighthouse-at-sunset.diff.png'),
    );

    const updated = await runVitest(project, ['-u'], { ...env, IMAGE_FILE: drifted });
    expect(updated.code).toBe(0);
    expect(sha256(await readFile(baseline))).toBe(sha256(await readFile(drifted)));

    await writeFile(
      path.join(project, 'render.test.ts'),
      `${TEST_FILE}\ntest('brand new', async () => { await expect(readFileSync(process.env.IMAGE_FILE)).toMatchImageBaseline(); });\n`,
    );
    const ci = await runVitest(project, [], { ...env, IMAGE_FILE: drifted, CI: 'true' });
    expect(ci.code).toBe(1);
    expect(ci.out).toContain('new baselines are not written in CI');
  });

  it("keeps its baselines in the same store as a suite's, and reads the sidecars seedsnap 0.1 wrote", async () => {
    const dir = await tempDir();
    const comparator = new ComparePool({ threads: 0 });
    const [image] = new LocalModel({ revision: 1 }).generate({
      model: 'sim-dev',
      prompt: 'a fox',
      seed: 1,
      width: 64,
      height: 64,
      output_format: 'png',
    });
    const bytes = image?.bytes ?? new Uint8Array();
    const context = { testPath: path.join(dir, 'fox.test.ts'), testName: 'a fox', update: 'new' as const };
    const first = await matchImageBaseline(bytes, { dir }, context, comparator);
    expect(first).toMatchObject({ pass: true, written: true });
    const sidecar = JSON.parse(await readFile(path.join(dir, 'fox.test.ts', 'a-fox.json'), 'utf8'));
    expect(sidecar).toMatchObject({ schemaVersion: 1, id: 'fox.test.ts/a-fox', image: 'a-fox.png', test: 'a fox' });
    // The sidecar of seedsnap 0.1's matcher: no id, no schema version, no byte count.
    await writeFile(
      path.join(dir, 'fox.test.ts', 'a-fox.json'),
      JSON.stringify({
        test: 'a fox',
        image: 'a-fox.png',
        sha256: sha256(bytes),
        width: 64,
        height: 64,
        format: 'png',
        approvedAt: 'then',
      }),
    );
    // Another test file of the same name (a second call in one test would be baseline a-fox-2).
    const later = { ...context, testPath: path.join(dir, 'later', 'fox.test.ts'), update: 'none' as const };
    const again = await matchImageBaseline(bytes, { dir }, later, comparator);
    expect(again).toMatchObject({ pass: true });
    expect(again.message).toMatch(/^matches /);
  });

  it('names baselines safely and distinctly', () => {
    expect(baselineName('lighthouse at sunset')).toBe('lighthouse-at-sunset');
    const climbing = baselineName('renders > ../../etc');
    expect(climbing).toMatch(/^renders-[A-Za-z0-9._-]+-[0-9a-f]{8}$/);
    expect(climbing).not.toContain('/');
    expect(baselineName('../..')).not.toMatch(/^\./);
    expect(baselineName('x'.repeat(300))).toHaveLength(109);
  });
});
