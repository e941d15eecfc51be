/**
 * A baseline is replaced as a pair, whatever moment the writer dies. A real child process (the
 * built store in dist/) replaces an approved pair and is SIGKILLed after each step of the write in
 * turn; after every kill a reader gets the old pair or the new pair, whole — never an image with
 * another image's sidecar — and a later write of the same case is not blocked.
 */
import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sweepStale } from '../../src/baselines/recover.js';
import { BASELINE_WRITE_STEPS, BaselineStore, type BaselineWriteStep } from '../../src/baselines/store.js';
import { encodeJpeg } from '../../src/image/jpeg-encode.js';
import { encodePng } from '../../src/image/png-encode.js';
import type { ImageFormat } from '../../src/types/index.js';
import { sha256 } from '../../src/util/hash.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const KEY = 's/fox/sim-dev/seed=1';
const request = { model: 'sim-dev', prompt: 'a fox', seed: 1 };

function image(format: ImageFormat, level: number): Uint8Array {
  const rgb = { width: 16, height: 16, data: new Uint8Array(16 * 16 * 3).fill(level) };
  return format === 'png' ? encodePng(rgb, 3) : encodeJpeg(rgb);
}

/** The child: write a baseline with the built store, and SIGKILL itself right after `killAt`. */
const CHILD = `
const [storeUrl, root, key, format, bytesFile, killAt] = process.argv.slice(2);
const { readFileSync } = await import('node:fs');
const { BaselineStore } = await import(storeUrl);
const store = new BaselineStore(root, {
  onStep(step) {
    if (step === killAt) process.kill(process.pid, 'SIGKILL');
  },
});
await store.write({
  key,
  bytes: new Uint8Array(readFileSync(bytesFile)),
  format,
  request: { model: 'sim-dev', prompt: 'a fox', seed: 1 },
  fingerprint: 'new',
  provider: 'local',
});
`;

async function writeInChild(
  dir: string,
  root: string,
  next: { format: ImageFormat; bytes: Uint8Array },
  killAt: BaselineWriteStep | 'never',
): Promise<NodeJS.Signals | null> {
  const script = path.join(dir, 'child.mjs');
  const bytesFile = path.join(dir, 'next.bin');
  await writeFile(script, CHILD);
  await writeFile(bytesFile, next.bytes);
  const storeUrl = pathToFileURL(path.join(ROOT, 'dist/baselines/store.js')).href;
  const child = spawn(process.execPath, [script, storeUrl, root, KEY, next.format, bytesFile, killAt], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal === null && code !== 0) reject(new Error(`child failed (${code}): ${stderr}`));
      else resolve(signal);
    });
  });
}

const COMMIT: BaselineWriteStep = 'committed' as BaselineWriteStep;

describe('a baseline is replaced as a pair', () => {
  for (const [from, to] of [
    ['png', 'png'],
    ['png', 'jpeg'],
    ['jpeg', 'png'],
  ] as const) {
    it(`killed after any step of replacing a ${from} pair with a ${to} pair, the reader sees one whole pair`, async () => {
      const committedAt = BASELINE_WRITE_STEPS.indexOf(COMMIT);
      expect(committedAt).toBeGreaterThan(0);
      for (const step of BASELINE_WRITE_STEPS) {
        const dir = await tempDir();
        const root = path.join(dir, 'baselines');
        const store = new BaselineStore(root);
        const old = { format: from, bytes: image(from, 40) };
        const next = { format: to, bytes: image(to, 200) };
        await store.write({ key: KEY, ...old, request, fingerprint: 'old', provider: 'local' });

        const signal = await writeInChild(dir, root, next, step);
        expect({ step, signal }).toEqual({ step, signal: 'SIGKILL' });

        const expected = BASELINE_WRITE_STEPS.indexOf(step) >= committedAt ? next : old;
        const read = await store.read(KEY);
        expect({ step, sha: read?.sidecar.sha256 }).toEqual({ step, sha: sha256(expected.bytes) });
        expect(Buffer.from(read?.bytes ?? []).equals(Buffer.from(expected.bytes))).toBe(true);
        expect(read && 'fingerprint' in read.sidecar ? read.sidecar.fingerprint : undefined).toBe(
          expected === next ? 'new' : 'old',
        );
        expect(read?.sidecar.format).toBe(expected.format);

        // What the killed writer left is tidied (finished or thrown away), and the reader sees the same pair.
        const folder = path.dirname(store.sidecarPath(KEY));
        await sweepStale(root);
        const kept = expected.format === 'png' ? 'png' : 'jpg';
        expect({ step, files: (await readdir(folder)).sort() }).toEqual({
          step,
          files: ['seed=1.json', `seed=1.${kept}`].sort(),
        });
        expect((await store.read(KEY))?.sidecar.sha256).toBe(sha256(expected.bytes));

        // The dead writer's lock does not block the next write, which leaves exactly one pair behind.
        const last = { format: to, bytes: image(to, 120) };
        await store.write({ key: KEY, ...last, request, fingerprint: 'last', provider: 'local' });
        const ext = to === 'png' ? 'png' : 'jpg';
        expect({ step, files: (await readdir(folder)).sort() }).toEqual({
          step,
          files: ['seed=1.json', `seed=1.${ext}`].sort(),
        });
        const sidecar = JSON.parse(await readFile(store.sidecarPath(KEY), 'utf8'));
        expect(sidecar.sha256).toBe(sha256(last.bytes));
      }
    });
  }

  it('the next seedsnap command finishes a change whose writer was killed after the commit', async () => {
    const dir = await tempDir();
    const root = path.join(dir, 'baselines');
    const store = new BaselineStore(root);
    const old = { format: 'png' as const, bytes: image('png', 40) };
    await store.write({ key: KEY, ...old, request, fingerprint: 'old', provider: 'local' });
    const next = { format: 'jpeg' as const, bytes: image('jpeg', 200) };
    expect(await writeInChild(dir, root, next, 'image-in-place')).toBe('SIGKILL');
    const folder = path.dirname(store.sidecarPath(KEY));
    expect((await readdir(folder)).sort()).toEqual(
      ['.seedsnap-staged-seed=1.json', 'seed=1.jpg', 'seed=1.json', 'seed=1.json.lock', 'seed=1.png'].sort(),
    );
    await writeFile(path.join(dir, 's.yaml'), 'name: s\nmodels: [sim-dev]\ncases:\n  - { id: fox, prompt: a fox }\n');
    const list = await runCli(['baselines', 'list', 's.yaml'], { cwd: dir });
    expect(list.stderr).toBe('');
    expect(list.stdout).toMatch(/^orphan {2}s\/fox\/sim-dev\/seed=1 /m);
    expect((await readdir(folder)).sort()).toEqual(['seed=1.jpg', 'seed=1.json']);
    const sidecar = JSON.parse(await readFile(path.join(folder, 'seed=1.json'), 'utf8'));
    expect(sidecar).toMatchObject({ sha256: sha256(next.bytes), image: 'seed=1.jpg', fingerprint: 'new' });
  });

  it('a write that is not killed leaves one pair and nothing else', async () => {
    const dir = await tempDir();
    const root = path.join(dir, 'baselines');
    const next = { format: 'jpeg' as const, bytes: image('jpeg', 90) };
    expect(await writeInChild(dir, root, next, 'never')).toBeNull();
    const store = new BaselineStore(root);
    expect((await store.read(KEY))?.sidecar.sha256).toBe(sha256(next.bytes));
    expect((await readdir(path.dirname(store.sidecarPath(KEY)))).sort()).toEqual(['seed=1.jpg', 'seed=1.json']);
  });
});
