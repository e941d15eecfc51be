/**
 * How each kind of difference scores on every metric: the evidence behind the
 * default tolerance. Noise (GPU-like jitter, a JPEG re-encode) must pass the
 * defaults; real changes (a model revision, an object, a colour shift, a shift
 * by 2 pixels, another seed) must fail them. The images come from a renderer
 * the caller passes (the built-in model, in bench/calibrate.mjs and the
 * calibration test); the edits that need no model (object, colour, shift, JPEG)
 * are made here, and every pair is judged by the one comparator.
 */
import { decodeImage } from '../image/decode.js';
import { encodeJpeg } from '../image/jpeg-encode.js';
import { encodePng } from '../image/png-encode.js';
import type { RgbImage } from '../image/types.js';
import type { CompareMetrics, ImageRequest, Tolerance } from '../types/index.js';
import type { ComparePool } from './compare-pool.js';

export interface CalibrationScene {
  prompt: string;
  model: string;
  seed: number;
  steps: number;
}

/** Different palettes, layouts and amounts of detail, so no verdict is one image's accident. */
export const CALIBRATION_SCENES: readonly CalibrationScene[] = [
  { prompt: 'a red fox sitting in fresh snow, studio photograph', model: 'sim-dev', seed: 1, steps: 28 },
  { prompt: 'a neon city street at night, rain, cinematic', model: 'sim-dev', seed: 7, steps: 28 },
  { prompt: 'a cabin in a forest with mountains, oil painting', model: 'sim-schnell', seed: 3, steps: 4 },
  { prompt: 'a sailboat on the ocean with birds and clouds, watercolor', model: 'sim-dev', seed: 5, steps: 28 },
];

export interface DifferenceKind {
  id: string;
  label: string;
  /** What the defaults must say: noise passes, a change fails. */
  expect: 'pass' | 'fail';
}

export const DIFFERENCE_KINDS: readonly DifferenceKind[] = [
  { id: 'jitter-1', label: 'GPU-like jitter ±1', expect: 'pass' },
  { id: 'jitter-2', label: 'GPU-like jitter ±2', expect: 'pass' },
  { id: 'jpeg-90', label: 'JPEG re-encode, quality 90', expect: 'pass' },
  { id: 'revision', label: 'model revision drift (@2)', expect: 'fail' },
  { id: 'object', label: 'small local object (a disc, 0.3% of the image)', expect: 'fail' },
  { id: 'colour-3', label: '3% colour shift (R +8, B −8 levels)', expect: 'fail' },
  { id: 'shift-2', label: '2-pixel shift to the right', expect: 'fail' },
  { id: 'seed', label: 'another seed', expect: 'fail' },
];

export interface CalibrationRow {
  kind: DifferenceKind;
  scene: CalibrationScene;
  metrics: CompareMetrics;
  verdict: 'pass' | 'fail';
  reason?: string;
}

/** How a model renders a request: the model's revision, and GPU-like jitter (with its seed) or none. */
export interface RenderVariant {
  revision: number;
  jitter: number;
  jitterSeed?: number;
}

/** Renders a request to PNG bytes; the calibration scenes are made with the built-in model. */
export type SceneRenderer = (request: ImageRequest, variant: RenderVariant) => Uint8Array;

/** One pair to judge: a scene's image and one kind of difference from it. */
export interface CalibrationSample {
  kind: DifferenceKind;
  scene: CalibrationScene;
  expected: Uint8Array;
  actual: Uint8Array;
}

export interface SampleOptions {
  render: SceneRenderer;
  scenes?: readonly CalibrationScene[];
  /** Side of the square images (default 512, the quickstart's size). */
  size?: number;
}

/** Every kind of difference on every scene. Deterministic: fixed jitter seeds. */
export function calibrationSamples(options: SampleOptions): CalibrationSample[] {
  const size = options.size ?? 512;
  const samples: CalibrationSample[] = [];
  for (const [index, scene] of (options.scenes ?? CALIBRATION_SCENES).entries()) {
    const request = sceneRequest(scene, size);
    const render = (r: ImageRequest, variant: Partial<RenderVariant>) =>
      options.render(r, { revision: 1, jitter: 0, ...variant });
    const base = render(request, {});
    const pixels = rgbOf(base);
    const variants: Record<string, () => Uint8Array> = {
      'jitter-1': () => render(request, { jitter: 1, jitterSeed: 1000 + index }),
      'jitter-2': () => render(request, { jitter: 2, jitterSeed: 2000 + index }),
      'jpeg-90': () => encodeJpeg(pixels, 90),
      revision: () => render(request, { revision: 2 }),
      object: () => png(withObject(pixels)),
      'colour-3': () => png(colourShifted(pixels, 8)),
      'shift-2': () => png(shiftedRight(pixels, 2)),
      seed: () => render({ ...request, seed: request.seed + 1 }, {}),
    };
    for (const kind of DIFFERENCE_KINDS) {
      const make = variants[kind.id];
      if (!make) throw new Error(`calibrate: no variant for ${kind.id}`);
      samples.push({ kind, scene, expected: base, actual: make() });
    }
  }
  return samples;
}

export interface CalibrationOptions {
  tolerance: Tolerance;
  samples: readonly CalibrationSample[];
  comparator: ComparePool;
}

/** Every sample judged under `tolerance` by the comparator, in the order given. */
export function calibrate(options: CalibrationOptions): Promise<CalibrationRow[]> {
  return Promise.all(
    options.samples.map(async ({ kind, scene, expected, actual }): Promise<CalibrationRow> => {
      const comparison = await options.comparator.compare({
        expected,
        actual,
        tolerance: options.tolerance,
        diffImage: 'never',
      });
      return {
        kind,
        scene,
        metrics: comparison.metrics,
        verdict: comparison.match ? 'pass' : 'fail',
        ...(comparison.reason ? { reason: comparison.reason } : {}),
      };
    }),
  );
}

function sceneRequest(scene: CalibrationScene, size: number): ImageRequest {
  const sizing = scene.model === 'sim-dev' ? { width: size, height: size } : { aspect_ratio: '1:1' };
  return {
    model: scene.model,
    prompt: scene.prompt,
    seed: scene.seed,
    steps: scene.steps,
    guidance_scale: 3.5,
    output_format: 'png',
    ...sizing,
  };
}

function rgbOf(bytes: Uint8Array): RgbImage {
  const rgba = decodeImage(bytes);
  const data = new Uint8Array(rgba.width * rgba.height * 3);
  for (let i = 0, j = 0; j < rgba.data.length; i += 3, j += 4) {
    data[i] = rgba.data[j] as number;
    data[i + 1] = rgba.data[j + 1] as number;
    data[i + 2] = rgba.data[j + 2] as number;
  }
  return { width: rgba.width, height: rgba.height, data };
}

function png(image: RgbImage): Uint8Array {
  return encodePng(image, 3, { level: 1 });
}

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** White balance moved warmer: red up, blue down by `levels`. */
function colourShifted(image: RgbImage, levels: number): RgbImage {
  const data = new Uint8Array(image.data);
  for (let i = 0; i < data.length; i += 3) {
    data[i] = clamp((data[i] as number) + levels);
    data[i + 2] = clamp((data[i + 2] as number) - levels);
  }
  return { ...image, data };
}

/** The picture moved right by `dx` pixels, the left edge column repeated. */
function shiftedRight(image: RgbImage, dx: number): RgbImage {
  const { width, height } = image;
  const data = new Uint8Array(image.data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = (y * width + Math.max(0, x - dx)) * 3;
      data.set(image.data.subarray(from, from + 3), (y * width + x) * 3);
    }
  }
  return { ...image, data };
}

const OBJECT_COLOURS: readonly (readonly [number, number, number])[] = [
  [24, 24, 28],
  [236, 232, 220],
  [200, 44, 32],
  [36, 70, 200],
];

/**
 * A small object added at a fixed off-centre spot: an anti-aliased disc of radius 3% of the width (0.28%
 * of the pixels), in whichever of a few colours stands out most from what it covers.
 */
function withObject(image: RgbImage): RgbImage {
  const { width, height } = image;
  const radius = Math.max(2, Math.round(width * 0.03));
  const cx = Math.round(width * 0.68);
  const cy = Math.round(height * 0.36);
  const mean = [0, 0, 0];
  let n = 0;
  for (let y = cy - radius; y <= cy + radius; y++) {
    for (let x = cx - radius; x <= cx + radius; x++) {
      const i = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) mean[c] = (mean[c] as number) + (image.data[i + c] as number);
      n++;
    }
  }
  const local = mean.map((v) => v / n);
  const distance = (colour: readonly number[]) => colour.reduce((s, v, c) => s + Math.abs(v - (local[c] as number)), 0);
  const colour = OBJECT_COLOURS.reduce((best, c) => (distance(c) > distance(best) ? c : best));
  const data = new Uint8Array(image.data);
  for (let y = cy - radius - 1; y <= cy + radius + 1; y++) {
    for (let x = cx - radius - 1; x <= cx + radius + 1; x++) {
      const cover = Math.min(1, Math.max(0, radius + 0.5 - Math.hypot(x - cx, y - cy)));
      if (cover === 0) continue;
      const i = (y * width + x) * 3;
      for (let c = 0; c < 3; c++)
        data[i + c] = clamp((data[i + c] as number) * (1 - cover) + (colour[c] as number) * cover);
    }
  }
  return { ...image, data };
}
