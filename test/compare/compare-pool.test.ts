import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CompareInput,
  CompareInputError,
  type Comparison,
  compareImagesAsync,
} from '../../src/compare/compare.js';
import { ComparePool } from '../../src/compare/compare-pool.js';
import { encodeJpeg } from '../../src/image/jpeg-encode.js';
import { ROOT } from '../helpers/cli.js';
import { png, solid, withPatch } from '../helpers/images.js';

// The worker runs compiled code: the tests use the one `npm run build` left in dist/ (npm test builds first).
const DIST_WORKER = path.join(ROOT, 'dist', 'compare', 'compare-worker.js');
const DIST_POOL = path.join(ROOT, 'dist', 'compare', 'compare-pool.js');

const tolerance = { threshold: 0.1, include_aa: false, max_diff_ratio: 0.001 };
const pools: ComparePool[] = [];

function workerPool(threads = 2): ComparePool {
  if (!existsSync(DIST_WORKER)) throw new Error(`${DIST_WORKER} is missing: run \`npm run build\` first`);
  // Every pair to a worker, however small (by default pairs this small stay in the calling thread).
  const pool = new ComparePool({ threads, workerUrl: pathToFileURL(DIST_WORKER), inThreadPixels: 0 });
  pools.push(pool);
  return pool;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

function textured(width: number, height: number, seed: number) {
  const image = solid(width, height);
  let state = seed;
  for (let i = 0; i < image.data.length; i++) {
    if ((i & 3) === 3) continue;
    state = (state * 1103515245 + 12345) >>> 0;
    image.data[i] = 60 + ((state >>> 24) % 120);
  }
  return image;
}

function rgb(image: { width: number; height: number; data: Uint8Array }) {
  const data = new Uint8Array(image.width * image.height * 3);
  for (let p = 0; p < image.width * image.height; p++) data.set(image.data.subarray(p * 4, p * 4 + 3), p * 3);
  return { width: image.width, height: image.height, data };
}

const base = textured(96, 64, 7);
const patched = withPatch(base, { x: 30, y: 20, width: 12, height: 9 });
const nudged = withPatch(base, { x: 2, y: 2, width: 1, height: 1 }, [61, 61, 61, 255]);
const bad = new TextEncoder().encode('<html>an error page, not an image</html>');

const CASES: Record<string, CompareInput> = {
  'PNG pair that differs (diff image)': { expected: png(base), actual: png(patched), tolerance },
  'PNG pair within tolerance (no diff image)': { expected: png(base), actual: png(nudged), tolerance },
  'JPEG pair that differs': { expected: encodeJpeg(rgb(base), 90), actual: encodeJpeg(rgb(patched), 90), tolerance },
  'identical bytes': { expected: png(base), actual: png(base), tolerance },
  'size mismatch': { expected: png(base), actual: png(textured(64, 64, 7)), tolerance },
  'ignore regions and a diff always drawn': {
    expected: png(base),
    actual: png(patched),
    tolerance,
    ignore: [{ x: 0, y: 0, width: 10, height: 10 }],
    diffImage: 'always',
  },
};

function inThread(input: CompareInput): Promise<Comparison> {
  return compareImagesAsync(input);
}

describe('ComparePool', () => {
  it('gives, from worker threads, the very Comparison computed in this thread', async () => {
    const pool = workerPool();
    expect(pool.mode).toBe('workers');
    for (const [label, input] of Object.entries(CASES)) {
      const expected = await inThread(input);
      const pooled = await pool.compare(input);
      expect(pooled, label).toEqual(expected);
      // toEqual on Uint8Array compares contents: the diff PNGs are byte-equal.
      expect(pooled.diff === undefined, label).toBe(expected.diff === undefined);
    }
    expect((await inThread(CASES['PNG pair that differs (diff image)'] as CompareInput)).diff).toBeDefined();
    // Identical bytes are answered without a worker; everything else went through one.
    expect(pool.stats.compared).toBe(Object.keys(CASES).length - 1);
  });

  it("leaves the caller's bytes alone, Node Buffers included", async () => {
    const pool = workerPool();
    const input = CASES['PNG pair that differs (diff image)'] as CompareInput;
    // Small Buffers share Node's pool slab: a transferred view would detach every Buffer in it.
    const expected = Buffer.from(input.expected);
    const actual = Buffer.from(input.actual);
    const neighbour = Buffer.from('shares the slab');
    const result = await pool.compare({ ...input, expected, actual });
    expect(result).toEqual(await inThread(input));
    expect(Buffer.compare(expected, input.expected)).toBe(0);
    expect(Buffer.compare(actual, input.actual)).toBe(0);
    expect(neighbour.toString()).toBe('shares the slab');
  });

  it('rebuilds a decoding error with its side and message', async () => {
    const pool = workerPool();
    for (const side of ['expected', 'actual'] as const) {
      const input = { expected: png(base), actual: png(base), tolerance, [side]: bad };
      const local = await inThread(input).catch((error: unknown) => error);
      const pooled = await pool.compare(input).catch((error: unknown) => error);
      expect(pooled).toBeInstanceOf(CompareInputError);
      expect(local).toBeInstanceOf(CompareInputError);
      expect((pooled as CompareInputError).side).toBe(side);
      expect((pooled as Error).message).toBe((local as Error).message);
      expect((pooled as CompareInputError).code).toBe('IMAGE_DECODE');
    }
  });

  it('never has more pairs in workers than threads, and finishes them all', async () => {
    const pool = workerPool(2);
    const input = CASES['PNG pair that differs (diff image)'] as CompareInput;
    const pending = Array.from({ length: 12 }, () => pool.compare(input));
    expect(pool.stats.busy).toBe(2);
    expect(pool.stats.queued).toBe(10);
    const results = await Promise.all(pending);
    expect(results.every((r) => r.match === false && r.diff !== undefined)).toBe(true);
    expect(pool.stats).toMatchObject({ busy: 0, queued: 0, maxBusy: 2, compared: 12, workersStarted: 2 });
  });

  it('on close, fails the pairs still in workers or queued instead of leaving them pending', async () => {
    const pool = workerPool(1);
    const input = CASES['PNG pair that differs (diff image)'] as CompareInput;
    const pending = [pool.compare(input), pool.compare(input)].map((p) => p.catch((error: Error) => error.message));
    await pool.close();
    expect(await Promise.all(pending)).toEqual(['the compare pool was closed', 'the compare pool was closed']);
    await expect(pool.compare(input)).rejects.toThrow(/after close/);
  });

  it('compares in this thread when running from the TypeScript sources', async () => {
    const pool = new ComparePool({ threads: 2 });
    pools.push(pool);
    expect(pool.mode).toBe('in-thread');
    const input = CASES['PNG pair that differs (diff image)'] as CompareInput;
    expect(await pool.compare(input)).toEqual(await inThread(input));
    expect(pool.stats.workersStarted).toBe(0);
  });

  it('finds its worker beside itself when built, and uses it', async () => {
    const built = (await import(pathToFileURL(DIST_POOL).href)) as typeof import('../../src/compare/compare-pool.js');
    expect(built.defaultWorkerUrl()?.href).toBe(pathToFileURL(DIST_WORKER).href);
    const pool = new built.ComparePool({ threads: 1, inThreadPixels: 0 });
    try {
      expect(pool.mode).toBe('workers');
      const input = CASES['JPEG pair that differs'] as CompareInput;
      expect(await pool.compare(input)).toEqual(await inThread(input));
      expect(pool.stats.workersStarted).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('start() spawns every worker before the first pair, and the pairs then run on them', async () => {
    const pool = workerPool(2);
    pool.start();
    expect(pool.stats.workersStarted).toBe(2);
    pool.start();
    expect(pool.stats.workersStarted).toBe(2);
    const inputs = Object.values(CASES) as CompareInput[];
    const results = await Promise.all(inputs.map((input) => pool.compare(input)));
    for (const [i, input] of inputs.entries()) expect(results[i]).toEqual(await inThread(input));
    expect(pool.stats.workersStarted).toBe(2);
  });

  it('start() after close() starts nothing', async () => {
    const pool = workerPool(2);
    await pool.close();
    pool.start();
    expect(pool.stats.workersStarted).toBe(0);
  });

  it('falls back to this thread when no worker can start', async () => {
    const pool = new ComparePool({
      threads: 2,
      workerUrl: pathToFileURL(path.join(ROOT, 'dist', 'no-such-worker.js')),
      inThreadPixels: 0,
    });
    pools.push(pool);
    const input = CASES['PNG pair that differs (diff image)'] as CompareInput;
    expect(await pool.compare(input)).toEqual(await inThread(input));
    expect(pool.mode).toBe('in-thread');
    expect(pool.fallbackReason).toMatch(/cannot start/);
  });

  it('fails only the pair of a worker that dies after it has worked, and replaces the worker', async () => {
    // A worker that answers its first pair, then crashes on the next.
    const script = `
      import { parentPort } from 'node:worker_threads';
      let seen = 0;
      parentPort.on('message', (request) => {
        if (seen++ > 0) process.exit(3);
        parentPort.postMessage({ id: request.id, comparison: { match: true } });
      });`;
    const pool = new ComparePool({
      threads: 1,
      workerUrl: new URL(`data:text/javascript,${encodeURIComponent(script)}`),
      inThreadPixels: 0,
    });
    pools.push(pool);
    const input = CASES['PNG pair that differs (diff image)'] as CompareInput;
    await expect(pool.compare(input)).resolves.toEqual({ match: true });
    await expect(pool.compare(input)).rejects.toThrow(/compare worker stopped while comparing/);
    await expect(pool.compare(input)).resolves.toEqual({ match: true });
    expect(pool.stats.workersStarted).toBe(2);
    expect(pool.mode).toBe('workers');
  });
});
