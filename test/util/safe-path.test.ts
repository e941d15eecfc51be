import { mkdir, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSuites } from '../../src/runner/run.js';
import { mergeRuns } from '../../src/runs/merge.js';
import { mkdirInside, readFileInside, realPathInside } from '../../src/util/safe-path.js';
import { CountingProvider, registryWith } from '../helpers/providers.js';
import { tempDir } from '../helpers/tmp.js';

describe('symlinks out of a root', () => {
  it('are refused; links that stay inside, and a root that is itself a link, are followed', async () => {
    const dir = await tempDir();
    const root = path.join(dir, 'root');
    await mkdir(path.join(root, 'a'), { recursive: true });
    await writeFile(path.join(root, 'a', 'in.txt'), 'inside');
    await writeFile(path.join(dir, 'secret.txt'), 'outside');
    await symlink(path.join(dir, 'secret.txt'), path.join(root, 'a', 'out.txt'));
    await symlink(path.join(root, 'a', 'in.txt'), path.join(root, 'a', 'alias.txt'));
    await symlink(dir, path.join(root, 'up'));

    expect(Buffer.from(await readFileInside(root, 'a/alias.txt')).toString()).toBe('inside');
    await expect(readFileInside(root, 'a/out.txt')).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    await expect(readFileInside(root, 'up/secret.txt')).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    await expect(realPathInside(root, '../secret.txt')).rejects.toMatchObject({ code: 'UNSAFE_PATH' });

    const linkedRoot = path.join(dir, 'linked-root');
    await symlink(root, linkedRoot);
    expect(Buffer.from(await readFileInside(linkedRoot, 'a/in.txt')).toString()).toBe('inside');
  });

  it('mkdirInside makes nothing through a link that leaves the root', async () => {
    const dir = await tempDir();
    const root = path.join(dir, 'root');
    const elsewhere = path.join(dir, 'elsewhere');
    await mkdir(elsewhere);
    await mkdir(root);
    await symlink(elsewhere, path.join(root, 'x'));
    await expect(mkdirInside(root, path.join(root, 'x', 'y', 'z'))).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    expect(await readdir(elsewhere)).toEqual([]);
    await mkdirInside(root, path.join(root, 'p', 'q'));
    expect(await readdir(path.join(root, 'p'))).toEqual(['q']);
  });

  it('merge copies no file from outside a shard folder into the merged run', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 's.yaml');
    await writeFile(
      file,
      'provider: counting\nmodels: [fake]\ndefaults: { width: 64, height: 64 }\nseeds: [1]\ncases:\n  - { id: fox, prompt: a fox }\n',
    );
    const { runDir } = await runSuites({
      suites: [file],
      registry: registryWith(new CountingProvider(1)),
      baselinesDir: path.join(dir, 'baselines'),
      reportsDir: path.join(dir, 'reports'),
      ci: true,
    });
    await writeFile(path.join(dir, 'id_rsa'), 'PRIVATE KEY');
    const image = path.join(runDir, 'actual/s/fox/fake/seed=1.png');
    await rm(image);
    await symlink(path.join(dir, 'id_rsa'), image);
    await expect(mergeRuns({ runDirs: [runDir], outDir: path.join(dir, 'merged') })).rejects.toMatchObject({
      code: 'UNSAFE_PATH',
    });
    expect(await readdir(path.join(dir, 'merged/actual/s/fox/fake')).catch(() => [])).toEqual([]);
  });
});
