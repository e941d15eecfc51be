/** Finding ffmpeg: the npm package's binary, then PATH, else an error that names both and the fixes. */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FfmpegMissingError } from '../../src/video/errors.js';
import { FFMPEG_PACKAGE, findFfmpeg } from '../../src/video/ffmpeg.js';
import { tempDir } from '../helpers/tmp.js';

async function fakeFfmpeg(dir: string, mode = 0o755): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'ffmpeg');
  await writeFile(file, '#!/bin/sh\nexit 0\n');
  await chmod(file, mode);
  return file;
}

describe('findFfmpeg', () => {
  it('uses the binary inside the npm package first, even with nothing on PATH', () => {
    const found = findFfmpeg({ env: { PATH: '' } });
    expect(found.source).toBe('package');
    expect(found.path).toContain(`node_modules${path.sep}@ffmpeg-installer${path.sep}`);
  });

  it('falls back to ffmpeg on PATH, skipping files that are not executable', async () => {
    const dir = await tempDir();
    await fakeFfmpeg(path.join(dir, 'a'), 0o644);
    const good = await fakeFfmpeg(path.join(dir, 'b'));
    const env = { PATH: [path.join(dir, 'missing'), path.join(dir, 'a'), path.join(dir, 'b')].join(':') };
    expect(findFfmpeg({ env, usePackage: false, platform: 'linux' })).toEqual({ path: good, source: 'path' });
  });

  it('with neither, fails with exit code 2, naming the package and PATH, and saying how to get one', () => {
    let error: unknown;
    try {
      findFfmpeg({ env: { PATH: '/nonexistent' }, usePackage: false, platform: 'linux' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FfmpegMissingError);
    const missing = error as FfmpegMissingError;
    expect(missing.exitCode).toBe(2);
    expect(missing.code).toBe('FFMPEG_MISSING');
    expect(missing.message).toMatch(/video cases need ffmpeg.*no ffmpeg is on PATH/);
    expect(missing.hint).toContain(`npm install (it installs ${FFMPEG_PACKAGE}`);
    expect(missing.hint).toContain('apt-get install ffmpeg');
    expect(missing.hint).toContain('SEEDSNAP_FFMPEG');
  });

  it('SEEDSNAP_FFMPEG names a binary outright, and a wrong one is an error, not a silent fallback', async () => {
    const dir = await tempDir();
    const named = await fakeFfmpeg(dir);
    expect(findFfmpeg({ env: { SEEDSNAP_FFMPEG: named } })).toEqual({ path: named, source: 'env' });
    expect(() => findFfmpeg({ env: { SEEDSNAP_FFMPEG: path.join(dir, 'nope') } })).toThrow(
      /SEEDSNAP_FFMPEG is ".*nope", which is not an executable file/,
    );
  });
});
