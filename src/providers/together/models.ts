/**
 * Together's image models as data: how each is sized, its steps, which request
 * parameters it accepts, its list price. Written from Together's model pages
 * and API reference; providers change these, so a suite can override any
 * field (`models: - id: …, capabilities: {…}`) and unknown models still run,
 * with a warning and without checks.
 */
import type { ModelCapabilities, RequestParamName } from '../../types/index.js';

/** FLUX's ~1 megapixel buckets for models sized by aspect ratio (used for --dry-run megapixels and cost). */
export const FLUX_ASPECT_SIZES: Record<string, readonly [number, number]> = {
  '1:1': [1024, 1024],
  '16:9': [1344, 768],
  '9:16': [768, 1344],
  '4:3': [1152, 896],
  '3:4': [896, 1152],
  '3:2': [1216, 832],
  '2:3': [832, 1216],
  '21:9': [1536, 640],
  '9:21': [640, 1536],
};
const RATIOS = Object.keys(FLUX_ASPECT_SIZES);

const BASE: RequestParamName[] = ['prompt', 'n', 'response_format', 'output_format', 'disable_safety_checker'];
const BFL = 'black-forest-labs';

interface Spec {
  sized: 'ratio' | 'wh';
  /** [min, max, default] */
  steps?: readonly [number, number, number];
  guidance?: boolean;
  negative?: boolean;
  loras?: boolean;
  image?: boolean;
  references?: boolean;
  maxImages?: number;
  safety?: ModelCapabilities['safetyChecker'];
  perMegapixel?: number;
  perImage?: number;
}

function model(id: string, spec: Spec): ModelCapabilities {
  const params: RequestParamName[] = [...BASE];
  params.push(...(spec.sized === 'ratio' ? (['aspect_ratio'] as const) : (['width', 'height'] as const)));
  if (spec.steps) params.push('steps');
  if (spec.guidance) params.push('guidance_scale');
  if (spec.negative) params.push('negative_prompt');
  if (spec.loras) params.push('image_loras');
  if (spec.image) params.push('image_url');
  if (spec.references) params.push('reference_images');
  const [min, max, def] = spec.steps ?? [1, 50, 28];
  return {
    id,
    sizeMode: spec.sized === 'ratio' ? 'aspect_ratio' : 'width_height',
    ...(spec.sized === 'ratio' ? { aspectRatios: RATIOS } : {}),
    steps: { min, max, default: def },
    ...(spec.guidance ? { guidance: { min: 0, max: 20, default: 3.5 } } : {}),
    maxImages: spec.maxImages ?? 4,
    params,
    safetyChecker: spec.safety ?? 'optional',
    defaultOutputFormat: 'jpeg',
    pricing: {
      ...(spec.perMegapixel !== undefined ? { perMegapixel: spec.perMegapixel } : {}),
      ...(spec.perImage !== undefined ? { perImage: spec.perImage } : {}),
    },
  };
}

const LIST: ModelCapabilities[] = [
  model(`${BFL}/FLUX.1-schnell`, {
    sized: 'ratio',
    steps: [1, 12, 4],
    guidance: true,
    negative: true,
    perMegapixel: 0.0027,
  }),
  model(`${BFL}/FLUX.1-schnell-Free`, {
    sized: 'ratio',
    steps: [1, 4, 4],
    maxImages: 1,
    safety: 'always',
    perMegapixel: 0,
  }),
  model(`${BFL}/FLUX.1-dev`, { sized: 'wh', steps: [1, 50, 28], guidance: true, negative: true, perMegapixel: 0.025 }),
  model(`${BFL}/FLUX.1-dev-lora`, {
    sized: 'wh',
    steps: [1, 50, 28],
    guidance: true,
    loras: true,
    perMegapixel: 0.035,
  }),
  model(`${BFL}/FLUX.1-krea-dev`, { sized: 'wh', steps: [1, 50, 28], guidance: true, perMegapixel: 0.025 }),
  model(`${BFL}/FLUX.1-pro`, { sized: 'wh', steps: [1, 50, 28], guidance: true, perMegapixel: 0.05 }),
  model(`${BFL}/FLUX.1.1-pro`, { sized: 'wh', perMegapixel: 0.04 }),
  model(`${BFL}/FLUX.1-kontext-pro`, { sized: 'ratio', image: true, perMegapixel: 0.04 }),
  model(`${BFL}/FLUX.1-kontext-max`, { sized: 'ratio', image: true, perMegapixel: 0.08 }),
  model(`${BFL}/FLUX.1-kontext-dev`, {
    sized: 'ratio',
    steps: [1, 50, 28],
    guidance: true,
    image: true,
    perMegapixel: 0.025,
  }),
  model(`${BFL}/FLUX.2-pro`, { sized: 'wh', references: true, perMegapixel: 0.03 }),
  model(`${BFL}/FLUX.2-flex`, {
    sized: 'wh',
    steps: [1, 50, 28],
    guidance: true,
    references: true,
    perMegapixel: 0.06,
  }),
  model(`${BFL}/FLUX.2-dev`, {
    sized: 'wh',
    steps: [1, 50, 28],
    guidance: true,
    references: true,
    perMegapixel: 0.0154,
  }),
  model('google/imagen-4.0-preview', { sized: 'ratio', negative: true, perImage: 0.04 }),
  model('google/imagen-4.0-ultra', { sized: 'ratio', negative: true, maxImages: 1, perImage: 0.06 }),
  model('google/imagen-4.0-fast', { sized: 'ratio', negative: true, perImage: 0.02 }),
  model('google/flash-image-2.5', { sized: 'ratio', image: true, references: true, maxImages: 1, perImage: 0.039 }),
];

export const TOGETHER_MODELS: Record<string, ModelCapabilities> = Object.fromEntries(LIST.map((m) => [m.id, m]));
