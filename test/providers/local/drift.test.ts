/**
 * The two ways the built-in model changes on purpose: a new revision behind the
 * same model names (a few percent of pixels), and jitter (±1–2 levels that do
 * not come from the seed, like GPU nondeterminism).
 */
import { describe, expect, it } from 'vitest';
import { comparePixels } from '../../../src/compare/compare.js';
import { localProviderFactory } from '../../../src/providers/local/factory.js';
import { LocalModel } from '../../../src/providers/local/provider.js';
import { SeedsnapError } from '../../../src/types/errors.js';
import type { ImageRequest } from '../../../src/types/index.js';
import { decode, maxDiff, rmsDiff } from '../../helpers/measure.js';

const request: ImageRequest = {
  model: 'sim-dev',
  prompt: 'a lighthouse on a cliff at sunset',
  seed: 42,
  width: 192,
  height: 192,
  steps: 28,
  guidance_scale: 3.5,
  output_format: 'png',
};

function one(model: LocalModel, overrides: Partial<ImageRequest> = {}) {
  const [image] = model.generate({ ...request, ...overrides });
  if (!image) throw new Error('no image');
  return { bytes: image.bytes, pixels: decode(image.bytes) };
}

const tolerance = { threshold: 0.1, include_aa: false };

describe('revisions', () => {
  const QUICKSTART_PROMPTS = [
    'a red fox sitting in fresh snow, studio photograph',
    'a lighthouse on a cliff at sunset',
    'a neon city street at night, rain, cinematic',
    'a cabin in a forest with mountains, oil painting',
    'a sailboat on the ocean with birds and clouds, watercolor',
  ];

  it('revision 2 drifts by a few percent of pixels from revision 1, on every quickstart prompt', () => {
    const r1 = new LocalModel({ revision: 1 });
    const r2 = new LocalModel({ revision: 2 });
    for (const prompt of QUICKSTART_PROMPTS) {
      const ratio = comparePixels(one(r1, { prompt }).pixels, one(r2, { prompt }).pixels, tolerance).metrics.diffRatio;
      expect(ratio, prompt).toBeGreaterThan(0.005);
      expect(ratio, prompt).toBeLessThan(0.1);
    }
  });

  it('is chosen by SEEDSNAP_LOCAL_REVISION or the provider options, and a bad one is refused', () => {
    const fromEnv = localProviderFactory.create({ name: 'local' }, { SEEDSNAP_LOCAL_REVISION: '2' });
    const fromOptions = localProviderFactory.create(
      { name: 'local', options: { revision: 2 } },
      { SEEDSNAP_LOCAL_REVISION: '1' },
    );
    const signal = new AbortController().signal;
    return Promise.all([
      fromEnv.generate(request, { signal, attempt: 1 }),
      fromOptions.generate(request, { signal, attempt: 1 }),
    ]).then(([a, b]) => {
      expect(a.modelRevision).toBe('sim-dev@2');
      expect(b.modelRevision).toBe('sim-dev@2');
      expect(() => localProviderFactory.create({ name: 'local' }, { SEEDSNAP_LOCAL_REVISION: '3' })).toThrow(
        SeedsnapError,
      );
    });
  });
});

describe('jitter', () => {
  it('changes the bytes on every call by at most ±jitter levels, within any pixelmatch tolerance', () => {
    const model = new LocalModel({ revision: 1, jitter: 2 });
    const clean = one(new LocalModel({ revision: 1 }));
    const a = one(model);
    const b = one(model);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(false);
    expect(maxDiff(a.pixels, clean.pixels)).toBeLessThanOrEqual(2);
    expect(rmsDiff(a.pixels, clean.pixels)).toBeGreaterThan(0.5);
    expect(maxDiff(a.pixels, b.pixels)).toBeLessThanOrEqual(4);
    expect(comparePixels(a.pixels, b.pixels, tolerance).metrics.diffPixels).toBe(0);
    // A zero tolerance sees it, as a byte or sha comparison would.
    expect(comparePixels(a.pixels, b.pixels, { threshold: 0, include_aa: true }).metrics.diffRatio).toBeGreaterThan(
      0.3,
    );
  });

  it('comes from its own seed, not the request seed, and is repeatable given that seed', () => {
    const pattern = (seed: number) => {
      const jittered = one(new LocalModel({ revision: 1, jitter: 1, jitterSeed: 7 }), { seed }).pixels;
      const clean = one(new LocalModel({ revision: 1 }), { seed }).pixels;
      return jittered.data.map((v, i) => v - (clean.data[i] ?? 0) + 1);
    };
    // Same jitter seed, different request seeds: the same noise (apart from clipped pixels).
    const [p1, p2] = [pattern(1), pattern(2)];
    const same = p1.filter((v, i) => v === p2[i]).length / p1.length;
    expect(same).toBeGreaterThan(0.97);
    const other = one(new LocalModel({ revision: 1, jitter: 1, jitterSeed: 8 }), { seed: 1 }).pixels;
    const again = one(new LocalModel({ revision: 1, jitter: 1, jitterSeed: 7 }), { seed: 1 }).pixels;
    expect(rmsDiff(again, one(new LocalModel({ revision: 1, jitter: 1, jitterSeed: 7 }), { seed: 1 }).pixels)).toBe(0);
    expect(rmsDiff(again, other)).toBeGreaterThan(0);
  });

  it('is an option of the provider and of SEEDSNAP_LOCAL_JITTER, from 0 to 4', () => {
    expect(() => new LocalModel({ jitter: 5 })).toThrow(/0 to 4/);
    expect(() => localProviderFactory.create({ name: 'local' }, { SEEDSNAP_LOCAL_JITTER: 'x' })).toThrow(
      /SEEDSNAP_LOCAL_JITTER/,
    );
    const provider = localProviderFactory.create({ name: 'local', options: { jitter: 2 } }, {});
    expect(provider).toMatchObject({ model: { jitter: 2 } });
  });
});
