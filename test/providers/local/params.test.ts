/**
 * Every documented parameter of the built-in model moves the image in the
 * documented direction, measured on the decoded pixels (docs/local-model.md).
 */
import { describe, expect, it } from 'vitest';
import { comparePixels } from '../../../src/compare/compare.js';
import { encodePng } from '../../../src/image/png-encode.js';
import { LocalModel } from '../../../src/providers/local/provider.js';
import { imageSeed } from '../../../src/providers/local/random.js';
import { ProviderError } from '../../../src/types/errors.js';
import type { ImageRequest } from '../../../src/types/index.js';
import { decode, edgeEnergy, rmsDiff, stats } from '../../helpers/measure.js';

const model = new LocalModel({ revision: 1 });
const base: ImageRequest = {
  model: 'sim-dev',
  prompt: 'a lighthouse on a cliff at sunset',
  seed: 42,
  width: 128,
  height: 128,
  steps: 28,
  guidance_scale: 3.5,
  output_format: 'png',
};

function image(request: Partial<ImageRequest>, m = model) {
  const [first] = m.generate({ ...base, ...request });
  if (!first) throw new Error('no image');
  return decode(first.bytes);
}

function refusal(request: Partial<ImageRequest>): ProviderError {
  try {
    model.generate({ ...base, ...request });
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error(`expected a refusal for ${JSON.stringify(request)}`);
}

function diffRatio(a: ReturnType<typeof image>, b: ReturnType<typeof image>): number {
  return comparePixels(a, b, { threshold: 0.1, include_aa: false }).metrics.diffRatio;
}

function strictlyDecreasing(values: number[]): boolean {
  return values.every((v, i) => i === 0 || v < (values[i - 1] ?? Number.POSITIVE_INFINITY));
}

describe('steps', () => {
  it('denoises: noise energy falls as steps rise, and sim-dev has converged by 30', () => {
    const converged = image({ steps: 50 });
    const steps = [1, 2, 4, 8, 12, 16, 20, 24];
    const energy = steps.map((s) => rmsDiff(image({ steps: s }), converged));
    expect(strictlyDecreasing(energy), energy.join(', ')).toBe(true);
    expect(energy[0]).toBeGreaterThan(30); // one step is visibly noisy
    expect(rmsDiff(image({ steps: 30 }), converged)).toBe(0);
  });

  it('has diminishing returns: each extra step changes the image less than the one before', () => {
    const changes: number[] = [];
    let previous = image({ steps: 1 });
    for (let s = 2; s <= 16; s++) {
      const current = image({ steps: s });
      changes.push(rmsDiff(current, previous));
      previous = current;
    }
    expect(strictlyDecreasing(changes), changes.join(', ')).toBe(true);
  });

  it('converges after ~4 steps on the Schnell-like model', () => {
    const schnell = { model: 'sim-schnell', width: undefined, height: undefined, aspect_ratio: '1:1' };
    const converged = image({ ...schnell, steps: 12 });
    expect(rmsDiff(image({ ...schnell, steps: 1 }), converged)).toBeGreaterThan(10);
    expect(rmsDiff(image({ ...schnell, steps: 4 }), converged)).toBe(0);
  });
});

describe('guidance_scale', () => {
  it('raises mean saturation with guidance; low washes out, high clips ("burned")', () => {
    const scales = [0, 1.5, 3.5, 8, 15];
    const measured = scales.map((g) => stats(image({ guidance_scale: g })));
    const saturation = measured.map((m) => m.saturation);
    expect(strictlyDecreasing(saturation.map((s) => -s)), saturation.join(', ')).toBe(true);
    const [washed, , usual, , burned] = measured;
    expect(washed?.contrast).toBeLessThan((usual?.contrast ?? 0) / 2);
    expect(usual?.clipped).toBeLessThan(0.05);
    expect(burned?.clipped).toBeGreaterThan(0.25);
  });
});

describe('prompt words', () => {
  it('tells scenes apart: a sunset is warm, a night street is dark with lights, a forest is green', () => {
    const sunset = stats(image({ prompt: 'a sunset over the sea' }));
    expect(sunset.r - sunset.b).toBeGreaterThan(25);
    const night = stats(image({ prompt: 'a street at night' }));
    expect(night.luma).toBeLessThan(60);
    expect(night.bright).toBeGreaterThan(0.005);
    const forest = stats(image({ prompt: 'a forest' }));
    expect(forest.green).toBeGreaterThan(0.4);
    expect(forest.g).toBeGreaterThan(Math.max(forest.r, forest.b));
    const day = stats(image({ prompt: 'a street' }));
    expect(day.luma).toBeGreaterThan(night.luma + 40);
  });

  it('colours things with the colour word before them', () => {
    const red = stats(image({ prompt: 'a red car on a road' }));
    const blue = stats(image({ prompt: 'a blue car on a road' }));
    expect(red.red).toBeGreaterThan(0.01);
    expect(blue.red).toBeLessThan(red.red / 5);
    expect(blue.b).toBeGreaterThan(red.b);
  });

  it('places things by the seed: another seed, another layout', () => {
    const prompt = 'a red fox in a forest';
    expect(diffRatio(image({ prompt, seed: 1 }), image({ prompt, seed: 2 }))).toBeGreaterThan(0.1);
  });

  it('changes texture with style words', () => {
    const plain = image({ prompt: 'a cabin in a forest' });
    const mono = stats(image({ prompt: 'a cabin in a forest, monochrome' }));
    expect(mono.saturation).toBeLessThan(0.02);
    expect(edgeEnergy(image({ prompt: 'a cabin in a forest, watercolor' }))).toBeLessThan(edgeEnergy(plain) * 0.8);
    const pixel = image({ prompt: 'a cabin in a forest, pixel art' });
    // Pixel art is flat 8×8 blocks: neighbours inside a block are equal.
    expect(edgeEnergy(pixel)).toBeLessThan(edgeEnergy(plain));
    expect(pixel.data.subarray(0, 4)).toEqual(pixel.data.subarray(7 * 4, 8 * 4));
  });
});

describe('negative_prompt', () => {
  it('removes a named colour: negative "red" lowers the red share', () => {
    const prompt = 'a red car on a road';
    const withRed = stats(image({ prompt }));
    const without = stats(image({ prompt, negative_prompt: 'red' }));
    expect(without.red).toBeLessThan(withRed.red / 10);
  });

  it('takes a colour out of the whole palette, sky included', () => {
    const sky = stats(image({ prompt: 'a field' }));
    const noBlue = stats(image({ prompt: 'a field', negative_prompt: 'blue' }));
    expect(noBlue.b - noBlue.r).toBeLessThan((sky.b - sky.r) / 2);
  });

  it('removes named elements', () => {
    const sun = stats(image({ prompt: 'a sunset over the sea' }));
    const noSun = stats(image({ prompt: 'a sunset over the sea', negative_prompt: 'sun' }));
    expect(noSun.bright).toBeLessThan(sun.bright / 4);
    const prompt = 'a cabin and trees in the snow';
    const trees = stats(image({ prompt }));
    const bare = stats(image({ prompt, negative_prompt: 'trees' }));
    expect(trees.green).toBeGreaterThan(0.03);
    expect(bare.green).toBeLessThan(trees.green / 10);
  });

  it('cleans up grain when it asks for quality', () => {
    const prompt = 'a fox in the snow, photograph';
    const grainy = edgeEnergy(image({ prompt }));
    expect(edgeEnergy(image({ prompt, negative_prompt: 'grainy, noise, low quality' }))).toBeLessThan(grainy);
  });
});

describe('n', () => {
  it('gives n distinct images; the first is the n=1 image and image i is seeded by imageSeed(seed, i)', () => {
    const images = model.generate({ ...base, n: 3 }).map((i) => decode(i.bytes));
    expect(images).toHaveLength(3);
    for (let i = 0; i < 3; i++) {
      for (let j = i + 1; j < 3; j++) {
        const [a, b] = [images[i], images[j]];
        if (!a || !b) throw new Error('missing image');
        expect(diffRatio(a, b)).toBeGreaterThan(0.01);
      }
    }
    expect(rmsDiff(images[0] ?? image({}), image({}))).toBe(0);
    expect(rmsDiff(images[2] ?? image({}), image({ seed: imageSeed(42, 2) }))).toBe(0);
  });

  it('refuses more images than the model returns', () => {
    expect(refusal({ n: 5 })).toMatchObject({ kind: 'invalid', status: 400 });
    expect(refusal({ model: 'sim-schnell-free', width: undefined, height: undefined, n: 2 })).toMatchObject({
      kind: 'invalid',
    });
  });
});

describe('size', () => {
  const aspect = { model: 'sim-schnell', width: undefined, height: undefined, steps: 4 };

  it('sizes aspect-ratio models by ratio', () => {
    for (const [ratio, expected] of [
      ['1:1', 1],
      ['16:9', 16 / 9],
      ['9:16', 9 / 16],
      ['4:3', 4 / 3],
      ['3:2', 3 / 2],
    ] as const) {
      const { width, height } = image({ ...aspect, aspect_ratio: ratio });
      expect(Math.abs(width / height - expected), ratio).toBeLessThan(0.02);
      expect(width % 8 === 0 && height % 8 === 0).toBe(true);
    }
  });

  it('sizes width/height models exactly, and refuses the other size mode', () => {
    expect(image({ width: 200, height: 64 })).toMatchObject({ width: 200, height: 64 });
    expect(refusal({ width: 100 })).toMatchObject({ kind: 'invalid', status: 400 });
    expect(refusal({ width: 4096 }).message).toMatch(/multiple of 8 from 64 to 2048/);
    expect(refusal({ aspect_ratio: '16:9' }).message).toMatch(/does not accept "aspect_ratio"/);
    expect(refusal({ ...aspect, width: 512 }).message).toMatch(/does not accept "width"/);
    expect(refusal({ ...aspect, aspect_ratio: '5:4' }).message).toMatch(/aspect_ratio "5:4"/);
  });
});

describe('sim-kontext references', () => {
  const kontext = { model: 'sim-kontext', width: undefined, height: undefined, steps: 12 };
  const redPng = encodePng(
    { width: 8, height: 8, data: new Uint8Array(8 * 8 * 3).fill(0).map((_, i) => (i % 3 === 0 ? 230 : 20)) },
    3,
  );
  const dataUrl = `data:image/png;base64,${Buffer.from(redPng).toString('base64')}`;

  it('blends image_url into the result, and reference_images less strongly', () => {
    const plain = stats(image({ ...kontext, prompt: 'a forest' }));
    const edited = stats(image({ ...kontext, prompt: 'a forest', image_url: dataUrl }));
    const guided = stats(image({ ...kontext, prompt: 'a forest', reference_images: [dataUrl] }));
    expect(edited.r - plain.r).toBeGreaterThan(40);
    expect(guided.r - plain.r).toBeGreaterThan(20);
    expect(guided.r).toBeLessThan(edited.r);
  });

  it('resolves references through loadReference (the server uses it for its own URLs)', () => {
    const served = new LocalModel({ revision: 1, loadReference: (ref) => (ref === 'mem://red' ? redPng : undefined) });
    const viaLoader = image({ ...kontext, image_url: 'mem://red' }, served);
    expect(rmsDiff(viaLoader, image({ ...kontext, image_url: dataUrl }))).toBe(0);
  });

  it('refuses references it cannot load, and models that take none', () => {
    expect(refusal({ ...kontext, image_url: 'https://example.com/a.png' }).message).toMatch(/cannot load image_url/);
    expect(refusal({ ...kontext, image_url: 'data:image/png;base64,aGVsbG8=' }).message).toMatch(/not a PNG or JPEG/);
    expect(refusal({ image_url: dataUrl }).message).toMatch(/does not accept "image_url"/);
  });
});

describe('image_loras', () => {
  it('shifts the style in proportion to the scale', () => {
    const plain = image({});
    const shift = (scale: number) => rmsDiff(plain, image({ image_loras: [{ path: 'sim/sepia', scale }] }));
    const shifts = [0.25, 0.5, 1, 2].map(shift);
    expect(strictlyDecreasing(shifts.map((s) => -s)), shifts.join(', ')).toBe(true);
    expect(shift(0)).toBe(0);
  });

  it('refuses an unknown LoRA or a bad scale with a 400 that lists the built-in ones', () => {
    const unknown = refusal({ image_loras: [{ path: 'someone/flux-lora', scale: 1 }] });
    expect(unknown).toMatchObject({ kind: 'invalid', status: 400 });
    expect(unknown.message).toMatch(/sim\/watercolor/);
    expect(refusal({ image_loras: [{ path: 'sim/sepia', scale: -1 }] }).message).toMatch(/scale/);
  });
});

describe('output format, safety and validation', () => {
  it('answers JPEG by default, as the API does, and PNG when asked', () => {
    const [jpeg] = model.generate({ ...base, output_format: undefined });
    expect([...(jpeg?.bytes.subarray(0, 3) ?? [])]).toEqual([0xff, 0xd8, 0xff]);
    expect(jpeg?.format).toBe('jpeg');
    const [png] = model.generate(base);
    expect(png?.format).toBe('png');
  });

  it('refuses every word of the safety list unless disabled; sim-schnell-free cannot disable it', () => {
    for (const word of ['nsfw', 'nude', 'gore', 'blood', 'violence', 'weapon', 'explicit', 'unsafe']) {
      expect(refusal({ prompt: `a ${word} scene` })).toMatchObject({ kind: 'blocked', status: 422 });
    }
    expect(image({ prompt: 'a gore scene', disable_safety_checker: true }).width).toBe(128);
    const free = { model: 'sim-schnell-free', width: undefined, height: undefined, steps: 4 };
    expect(refusal({ ...free, prompt: 'a gore scene', disable_safety_checker: true }).message).toMatch(
      /cannot disable/,
    );
  });

  it('refuses what the capabilities rule out, as a 400 naming the parameter', () => {
    expect(refusal({ steps: 51 }).message).toMatch(/steps must be an integer from 1 to 50/);
    expect(refusal({ steps: 2.5 })).toMatchObject({ status: 400 });
    expect(refusal({ guidance_scale: 25 }).message).toMatch(/guidance_scale/);
    expect(refusal({ prompt: ' ' }).message).toMatch(/prompt/);
    expect(refusal({ model: 'sim-nope' })).toMatchObject({ kind: 'invalid', status: 404 });
  });
});
