import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BaselineError, BaselineStore } from '../../src/baselines/store.js';
import { encodeJpeg } from '../../src/image/jpeg-encode.js';
import { encodePng } from '../../src/image/png-encode.js';
import { sha256 } from '../../src/util/hash.js';
import { imageKey, imageStem } from '../../src/util/ids.js';
import { tempDir } from '../helpers/tmp.js';

const request = { model: 'sim-dev', prompt: 'a fox', seed: 1, steps: 4 };
const rgb = { width: 8, height: 8, data: new Uint8Array(8 * 8 * 3).fill(77) };

describe('baseline store', () => {
  it('writes image + sidecar under the id path and reads them back', async () => {
    const store = new BaselineStore(await tempDir());
    const bytes = encodePng(rgb, 3);
    const key = 'quickstart/fox/sim-dev/steps=4,guidance_scale=3.5/seed=1';
    const sidecar = await store.write(
      { key, bytes, format: 'png', request, fingerprint: 'sha256:abc', provider: 'local', modelRevision: 'sim-dev@1' },
      new Date('2026-01-02T03:04:05Z'),
    );
    expect(sidecar).toMatchObject({
      id: key,
      image: 'seed=1.png',
      width: 8,
      height: 8,
      format: 'png',
      provider: 'local',
    });
    expect(sidecar.approvedAt).toBe('2026-01-02T03:04:05.000Z');
    expect(store.sidecarPath(key)).toBe(
      path.join(store.root, 'quickstart/fox/sim-dev/steps=4,guidance_scale=3.5/seed=1.json'),
    );
    const read = await store.read(key);
    expect(read?.sidecar).toEqual(sidecar);
    expect(Buffer.from(read?.bytes ?? []).equals(Buffer.from(bytes))).toBe(true);
  });

  it('returns undefined for a missing baseline', async () => {
    const store = new BaselineStore(await tempDir());
    expect(await store.read('s/none/m/seed=1')).toBeUndefined();
  });

  it('detects an image that does not match its sidecar', async () => {
    const store = new BaselineStore(await tempDir());
    const key = 's/a/m/seed=1';
    await store.write({ key, bytes: encodePng(rgb, 3), format: 'png', request, fingerprint: 'f', provider: 'local' });
    await writeFile(store.imagePath(key, 'png'), encodePng({ ...rgb, data: new Uint8Array(192).fill(1) }, 3));
    await expect(store.read(key)).rejects.toThrow(BaselineError);
  });

  it('replaces a PNG baseline with a JPEG one and removes the old file', async () => {
    const store = new BaselineStore(await tempDir());
    const key = 's/a/m/seed=1';
    await store.write({ key, bytes: encodePng(rgb, 3), format: 'png', request, fingerprint: 'f', provider: 'local' });
    await store.write({ key, bytes: encodeJpeg(rgb), format: 'jpeg', request, fingerprint: 'f', provider: 'local' });
    const read = await store.read(key);
    expect(read?.sidecar.image).toBe('seed=1.jpg');
    await expect(readFile(store.imagePath(key, 'png'))).rejects.toThrow(/ENOENT/);
  });

  it('never writes outside its root, whatever the id', async () => {
    const root = await tempDir();
    const store = new BaselineStore(root);
    for (const key of ['../../etc/passwd', '/abs/olute', 'a/../../b', 'ok/%2e%2e/x', 'a/./b']) {
      const target = store.sidecarPath(key);
      expect(target.startsWith(store.root + path.sep)).toBe(true);
    }
    expect(imageStem('s/../x')).toBe('s/%2E%2E/x');
    expect(imageStem(imageKey('s/c/m/seed=1', 2))).toBe('s/c/m/seed=1.img2');
  });
});

describe('concurrent writers', () => {
  it('never leave a sidecar describing another writer’s image', async () => {
    const store = new BaselineStore(await tempDir());
    const key = 's/race/m/seed=1';
    for (let round = 0; round < 4; round++) {
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          store.write({
            key,
            bytes: encodePng({ width: 8, height: 8, data: new Uint8Array(192).fill(round * 12 + i) }, 3),
            format: i % 2 === 0 ? 'png' : 'jpeg',
            request,
            fingerprint: 'f',
            provider: 'local',
          }),
        ),
      );
      const read = await store.read(key);
      expect(read?.sidecar.sha256).toBeDefined();
    }
  });

  it('a reader while writers replace the pair always gets a whole pair, never an error', async () => {
    const store = new BaselineStore(await tempDir());
    const key = 's/race/m/seed=2';
    const images = Array.from({ length: 41 }, (_, i) => ({
      bytes: encodePng({ width: 8, height: 8, data: new Uint8Array(192).fill(i) }, 3),
      format: i % 3 === 0 ? ('jpeg' as const) : ('png' as const),
    }));
    const shas = new Set(images.map((image) => sha256(image.bytes)));
    const write = (i: number) =>
      store.write({ key, ...(images[i] as (typeof images)[number]), request, fingerprint: 'f', provider: 'local' });
    await write(0);
    let writing = true;
    const writers = (async () => {
      for (let i = 1; i < images.length; i++) await write(i);
      writing = false;
    })();
    let reads = 0;
    while (writing) {
      // read() itself checks the image against its sidecar's sha256 and throws on a mismatch.
      const read = await store.read(key);
      expect(shas.has(sha256(read?.bytes ?? new Uint8Array()))).toBe(true);
      reads++;
    }
    await writers;
    expect(reads).toBeGreaterThan(0);
  });
});
