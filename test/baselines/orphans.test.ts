/**
 * The orphan count of a run lists file names and reads only the sidecars no loaded suite's key names
 * (issue 15 goal 4): it finds what listBaselines finds, without opening the produced baselines' files.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listBaselines, listOrphans } from '../../src/baselines/inventory.js';
import { BaselineStore } from '../../src/baselines/store.js';
import { encodePng } from '../../src/image/png-encode.js';
import { tempDir } from '../helpers/tmp.js';

const png = encodePng({ width: 2, height: 2, data: new Uint8Array(12).fill(9) }, 3);

async function store(root: string, key: string, variant?: string) {
  const s = new BaselineStore(root, variant === undefined ? {} : { variant });
  await s.write({
    key,
    bytes: png,
    format: 'png',
    request: { model: 'sim-dev', prompt: 'p', seed: 1 },
    fingerprint: 'f',
    provider: 'local',
  });
  return s;
}

describe('listOrphans', () => {
  it('finds the orphans listBaselines finds, and reads none of the produced baselines', async () => {
    const root = await tempDir();
    const used = [
      's/fox/sim-dev/seed=1',
      's/fox/sim-dev/seed=2',
      's/fox/sim-dev/seed=2#1',
      's/odd name?/sim-dev/seed=3',
    ];
    for (const key of used) await store(root, key);
    await store(root, 's/fox/sim-dev/seed=1', 'a100');
    await store(root, 's/gone/sim-dev/seed=1');
    await store(root, 'other/fox/sim-dev/seed=1');
    const produced = new Set(used);
    const options = { root, produced, loadedSuites: new Set(['s']) };
    const all = await listBaselines(options);
    const expected = all.filter((e) => e.status === 'orphan').map((e) => e.key);
    expect(expected).toEqual(['s/gone/sim-dev/seed=1']);
    expect((await listOrphans(options)).map((e) => e.key)).toEqual(expected);

    // A produced baseline's sidecar made unreadable: listBaselines opens it (and tells), listOrphans does not.
    const first = new BaselineStore(root).sidecarPath('s/fox/sim-dev/seed=1');
    await writeFile(first, 'null');
    const told: string[] = [];
    await listBaselines({ ...options, onSkipped: (f) => told.push(path.basename(f.path)) });
    expect(told).toEqual(['seed=1.json']);
    const toldByCount: string[] = [];
    const orphans = await listOrphans({ ...options, onSkipped: (f) => toldByCount.push(f.path) });
    expect(toldByCount).toEqual([]);
    expect(orphans.map((e) => e.key)).toEqual(expected);
  });
});
