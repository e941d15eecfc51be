import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { comparePixels } from '../../../src/compare/compare.js';
import { decodeImage } from '../../../src/image/decode.js';
import { LocalModel } from '../../../src/providers/local/provider.js';
import { ProviderError } from '../../../src/types/errors.js';
import type { ImageRequest } from '../../../src/types/index.js';
import { sha256 } from '../../../src/util/hash.js';
import { ROOT } from '../../helpers/cli.js';

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

function render(request: Partial<ImageRequest>, m = model) {
  const [image] = m.generate({ ...base, ...request });
  if (!image) throw new Error('no image');
  return image;
}

function differs(a: Uint8Array, b: Uint8Array): number {
  return comparePixels(decodeImage(a), decodeImage(b), { threshold: 0.1, include_aa: false }).metrics.diffRatio;
}

describe('built-in model (first version)', () => {
  it('is deterministic for the same request', () => {
    expect(sha256(render({}).bytes)).toBe(sha256(render({}).bytes));
  });

  it('gives byte-identical images in a separate process', () => {
    // The built package (npm test builds it before vitest) in a fresh Node process, over requests that
    // exercise every stage: noise, LoRA styles, negative colours, n > 1, JPEG, a reference image.
    const reference = Buffer.from(render({ width: 64, height: 64 }).bytes).toString('base64');
    const requests: ImageRequest[] = [
      base,
      { ...base, steps: 3, output_format: 'jpeg', n: 2 },
      { ...base, prompt: 'a neon city street at night, rain, cinematic', guidance_scale: 9, negative_prompt: 'red' },
      { ...base, prompt: 'a cabin in a forest, watercolor', image_loras: [{ path: 'sim/pixel-art', scale: 0.7 }] },
      {
        model: 'sim-kontext',
        prompt: 'a forest',
        seed: 3,
        steps: 6,
        output_format: 'png',
        image_url: `data:image/png;base64,${reference}`,
      },
    ];
    const script = `
      import { createHash } from 'node:crypto';
      import { LocalModel } from './dist/providers/local/provider.js';
      const model = new LocalModel({ revision: 1 });
      for (const request of ${JSON.stringify(requests)}) {
        for (const image of model.generate(request)) {
          console.log(createHash('sha256').update(image.bytes).digest('hex'));
        }
      }
    `;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(child.stderr).toBe('');
    const here = requests.flatMap((r) => model.generate(r).map((image) => sha256(image.bytes)));
    expect(here).toHaveLength(6);
    expect(child.stdout.trim().split('\n')).toEqual(here);
  });

  it('changes the image with every parameter that matters', () => {
    const reference = render({}).bytes;
    const variations: Partial<ImageRequest>[] = [
      { prompt: 'a red fox in a forest' },
      { negative_prompt: 'lighthouse' },
      { seed: 43 },
      { width: 136 },
      { steps: 4 },
      { guidance_scale: 8 },
      { output_format: 'jpeg' },
    ];
    for (const variation of variations) {
      const bytes = render(variation).bytes;
      expect(sha256(bytes), JSON.stringify(variation)).not.toBe(sha256(reference));
    }
    const [first, second] = model.generate({ ...base, n: 2 });
    expect(sha256(first?.bytes ?? new Uint8Array())).toBe(sha256(reference));
    expect(sha256(second?.bytes ?? new Uint8Array())).not.toBe(sha256(reference));
  });

  it('drifts by a few percent of pixels in revision 2, behind the same model name', () => {
    const drifted = new LocalModel({ revision: 2 });
    for (const prompt of ['a lighthouse on a cliff at sunset', 'a red fox sitting in fresh snow']) {
      const ratio = differs(render({ prompt }).bytes, render({ prompt }, drifted).bytes);
      expect(ratio).toBeGreaterThan(0.005);
      expect(ratio).toBeLessThan(0.1);
    }
  });

  it('refuses a safety word unless the checker is disabled, and one model cannot disable it', () => {
    expect(() => render({ prompt: 'a gore scene' })).toThrow(ProviderError);
    try {
      render({ prompt: 'a gore scene' });
    } catch (error) {
      expect(error).toMatchObject({ kind: 'blocked', status: 422 });
    }
    expect(render({ prompt: 'a gore scene', disable_safety_checker: true }).bytes.length).toBeGreaterThan(0);
    const free = { model: 'sim-schnell-free', aspect_ratio: '1:1', steps: 4, width: undefined, height: undefined };
    expect(() => render({ ...free, prompt: 'a gore scene', disable_safety_checker: true })).toThrow(/safety checker/);
  });

  it('sizes sim-schnell by aspect ratio', () => {
    const image = render({ model: 'sim-schnell', aspect_ratio: '16:9', steps: 4, width: undefined, height: undefined });
    const decoded = decodeImage(image.bytes);
    expect([decoded.width, decoded.height]).toEqual([688, 384]);
  });
});
