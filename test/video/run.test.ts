/** Running ffmpeg: a hung child is killed at the timeout or on abort, a missing one is a clear error. */
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ffmpegComplaint, runFfmpeg } from '../../src/video/run.js';
import { tempDir } from '../helpers/tmp.js';

async function script(body: string): Promise<string> {
  const file = path.join(await tempDir(), 'ffmpeg');
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
  return file;
}

describe('runFfmpeg', () => {
  it('kills a child that never finishes at the timeout', async () => {
    const binary = await script('exec sleep 60');
    await expect(runFfmpeg({ binary, args: [], label: 'hanging', timeoutMs: 100 })).rejects.toThrow(
      /ffmpeg took more than 0 s hanging/,
    );
  });

  it('kills it when the caller aborts, with the caller’s reason', async () => {
    const binary = await script('exec sleep 60');
    const controller = new AbortController();
    const running = runFfmpeg({ binary, args: [], label: 'x', signal: controller.signal });
    controller.abort(new Error('run interrupted'));
    await expect(running).rejects.toThrow('run interrupted');
  });

  it('stops the child when the stdout consumer refuses more', async () => {
    const binary = await script('yes frame');
    await expect(
      runFfmpeg({
        binary,
        args: [],
        label: 'x',
        onStdout: () => {
          throw new Error('over the limit');
        },
      }),
    ).rejects.toThrow('over the limit');
  });

  it('a binary that is not there', async () => {
    await expect(runFfmpeg({ binary: '/nonexistent/ffmpeg', args: [], label: 'x' })).rejects.toThrow(
      /cannot run ffmpeg \(\/nonexistent\/ffmpeg\): ENOENT/,
    );
  });

  it('keeps exit code and stderr, and survives a child that closes stdin early', async () => {
    const binary = await script('echo "line one" >&2; echo "Invalid data found" >&2; exit 3');
    const input = Array.from({ length: 64 }, () => new Uint8Array(65536));
    const result = await runFfmpeg({ binary, args: [], label: 'x', input });
    expect(result.code).toBe(3);
    expect(ffmpegComplaint(result.stderr)).toBe('line one / Invalid data found');
  });
});
