import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CalibrationPhoto } from '../../src/compare/findings/calibration.js';
import { decodeImage } from '../../src/image/decode.js';
import type { RgbaImage } from '../../src/image/types.js';
import { LocalModel } from '../../src/providers/local/provider.js';
import { ROOT } from './cli.js';

const PHOTOS = path.join(ROOT, 'test/fixtures/photos');

/** The calibration photographs (test/fixtures/photos/README.md), decoded, in name order. */
export function photos(): CalibrationPhoto[] {
  return readdirSync(PHOTOS)
    .filter((f) => f.endsWith('.jpg'))
    .sort()
    .map((f) => ({ name: f.replace(/\.jpg$/, ''), image: decodeImage(readFileSync(path.join(PHOTOS, f))) }));
}

export function photo(name: string): RgbaImage {
  return decodeImage(readFileSync(path.join(PHOTOS, `${name}.jpg`)));
}

/** Scenes of the built-in model at the photographs' size, so they can join the same table. */
export const MODEL_SCENES = [
  { name: 'model-fox', prompt: 'a red fox sitting in fresh snow, studio photograph', seed: 1 },
  { name: 'model-neon', prompt: 'a neon city street at night, rain, cinematic', seed: 7 },
  { name: 'model-sail', prompt: 'a sailboat on the ocean with birds and clouds, watercolor', seed: 5 },
  { name: 'model-cabin', prompt: 'a cabin in a forest with mountains, oil painting', seed: 3 },
] as const;

export function modelImages(size = 384): CalibrationPhoto[] {
  const model = new LocalModel({ revision: 1, jitter: 0 });
  return MODEL_SCENES.map((scene) => {
    const [image] = model.generate({
      model: 'sim-dev',
      prompt: scene.prompt,
      seed: scene.seed,
      steps: 28,
      guidance_scale: 3.5,
      width: size,
      height: size,
      output_format: 'png',
    });
    if (!image) throw new Error(`the built-in model returned no image for ${scene.name}`);
    return { name: scene.name, image: decodeImage(image.bytes) };
  });
}
