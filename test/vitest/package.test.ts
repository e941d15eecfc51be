/**
 * The vitest matcher as a user gets it: `npm pack` makes the tarball, a scratch project installs it (extracted
 * into node_modules as npm does; its dependencies, vitest and TypeScript linked from this repository's
 * node_modules so the test runs offline), `tsc --noEmit` type-checks a test file using the matcher with
 * camelCase and snake_case options, and vitest runs it.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { LocalModel } from '../../src/providers/local/provider.js';
import { ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const run = promisify(execFile);

interface Outcome {
  code: number;
  out: string;
}

async function node(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, args, {
      cwd,
      env: { ...process.env, CI: '', NO_COLOR: '1', ...env },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, out: `${failed.stdout}${failed.stderr}` };
  }
}

/** `npm pack` of this repository (dist/ as built), extracted into `project/node_modules/seedsnap`. */
async function installPacked(project: string): Promise<void> {
  const packs = await tempDir('seedsnap-pack-');
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packs], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  if (!packed) throw new Error(`npm pack printed no file: ${stdout}`);
  const target = path.join(project, 'node_modules', 'seedsnap');
  await mkdir(target, { recursive: true });
  await run('tar', ['-xzf', path.join(packs, packed.filename), '-C', target, '--strip-components=1']);
  const manifest = JSON.parse(await readFile(path.join(target, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const linked = [...Object.keys(manifest.dependencies ?? {}), 'vitest', 'typescript', '@types/node'];
  for (const name of linked) {
    const to = path.join(project, 'node_modules', name);
    await mkdir(path.dirname(to), { recursive: true });
    await symlink(path.join(ROOT, 'node_modules', name), to, 'dir');
  }
}

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
  },
  include: ['*.test.ts'],
};

const TEST_FILE = `import { readFileSync } from 'node:fs';
import { configureImageBaselines, type ImageBaselineOptions } from 'seedsnap/vitest';
import { expect, test } from 'vitest';

configureImageBaselines({ dir: '__image_baselines__', threshold: 0.1 });

const loose: ImageBaselineOptions = { maxDiffRatio: 0.5 };

test('gates in camelCase, as Playwright and jest-image-snapshot name them', async () => {
  const png: Buffer = readFileSync(process.env.IMAGE_FILE ?? '');
  await expect(png).toMatchImageBaseline({ name: 'camel', ...loose });
  await expect(png).toMatchImageBaseline({ name: 'playwright', maxDiffPixelRatio: 0.5, includeAA: false });
  await expect(new Uint8Array(png)).toMatchImageBaseline({ name: 'suite-style', max_diff_ratio: 0.5 });
});

// Compiled, never run: every form the matcher is used in. It is asynchronous, as Playwright's toHaveScreenshot.
export async function typesOnly(png: Uint8Array): Promise<void> {
  await expect(png).toMatchImageBaseline();
  await expect(png).not.toMatchImageBaseline({ maxDiffPixels: 0, minPsnr: 40, minSsim: 0.99, maxMeanAbs: 1 });
  await expect.soft(png).toMatchImageBaseline({ min_psnr: 38 });
  const pending: Promise<void> = expect(png).toMatchImageBaseline();
  await pending;
  // @ts-expect-error an option that does not exist is a type error, not silently ignored
  await expect(png).toMatchImageBaseline({ maxDiffRatoi: 0.5 });
  // @ts-expect-error a ratio is a number
  await expect(png).toMatchImageBaseline({ maxDiffRatio: '1%' });
}
`;

describe('seedsnap/vitest from the packed tarball', () => {
  it('type-checks with tsc and honours camelCase options when run', async () => {
    const project = await tempDir('seedsnap-scratch-');
    await writeFile(path.join(project, 'package.json'), '{ "name": "scratch", "private": true, "type": "module" }\n');
    await writeFile(path.join(project, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
    await writeFile(path.join(project, 'image.test.ts'), TEST_FILE);
    await installPacked(project);

    const tsc = await node(project, [path.join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']);
    expect(tsc.out).toBe('');
    expect(tsc.code).toBe(0);

    const request = { model: 'sim-dev', prompt: 'a calm lake at dawn', seed: 4, width: 64, height: 64, steps: 20 };
    const files: string[] = [];
    for (const revision of [1, 2]) {
      const [image] = new LocalModel({ revision }).generate({ ...request, output_format: 'png' });
      const file = path.join(project, `rev${revision}.png`);
      await writeFile(file, image?.bytes ?? new Uint8Array());
      files.push(file);
    }
    const vitest = (image: string) =>
      node(project, [path.join(project, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', project], {
        IMAGE_FILE: image,
      });
    const first = await vitest(files[0] ?? '');
    expect(first.code, first.out).toBe(0);
    // The drifted revision differs beyond the default tolerance, within the options' 50%: only honoured
    // options let it pass.
    const drifted = await vitest(files[1] ?? '');
    expect(drifted.code, drifted.out).toBe(0);
  });
});
