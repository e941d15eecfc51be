/** A suite's `capabilities:` override applied to what the provider knows of a model. */
import { type ModelCapabilities, REQUEST_PARAMS, type RequestParamName } from '../types/index.js';
import type { CapabilitiesPatch } from './schema.js';

/** What an overridden unknown model starts from: accept everything, check only what the suite states. */
function permissive(id: string): ModelCapabilities {
  return {
    id,
    sizeMode: 'width_height',
    steps: { min: 1, max: 1000, default: 28 },
    guidance: { min: 0, max: 100, default: 3.5 },
    maxImages: 4,
    params: [...REQUEST_PARAMS],
    safetyChecker: 'optional',
    defaultOutputFormat: 'jpeg',
  };
}

export function applyCapabilities(
  id: string,
  base: ModelCapabilities | undefined,
  patch: CapabilitiesPatch | undefined,
): ModelCapabilities | undefined {
  if (!patch) return base;
  const caps: ModelCapabilities = { ...(base ?? permissive(id)) };
  if (patch.size_mode) {
    caps.sizeMode = patch.size_mode;
    // A model is sized one way: the other way's fields are not accepted (unless params says otherwise).
    const other: RequestParamName[] = patch.size_mode === 'aspect_ratio' ? ['width', 'height'] : ['aspect_ratio'];
    const mine: RequestParamName[] = patch.size_mode === 'aspect_ratio' ? ['aspect_ratio'] : ['width', 'height'];
    caps.params = [...caps.params.filter((p) => !other.includes(p)), ...mine.filter((p) => !caps.params.includes(p))];
  }
  if (patch.aspect_ratios) caps.aspectRatios = patch.aspect_ratios;
  if (patch.steps) caps.steps = patch.steps;
  if (patch.guidance === false) delete caps.guidance;
  else if (patch.guidance) caps.guidance = patch.guidance;
  if (patch.max_images !== undefined) caps.maxImages = patch.max_images;
  if (patch.params) caps.params = patch.params as RequestParamName[];
  if (patch.safety_checker) caps.safetyChecker = patch.safety_checker;
  if (patch.default_output_format) caps.defaultOutputFormat = patch.default_output_format;
  if (patch.price_per_megapixel !== undefined || patch.price_per_image !== undefined) {
    caps.pricing = {
      ...(patch.price_per_megapixel !== undefined ? { perMegapixel: patch.price_per_megapixel } : {}),
      ...(patch.price_per_image !== undefined ? { perImage: patch.price_per_image } : {}),
    };
  }
  return caps;
}
