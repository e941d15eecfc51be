/** `provider: local` in the registry: the built-in models, described without creating them. */
import { z } from 'zod';
import type { ProviderFactory } from '../../types/index.js';
import { providerOptions } from '../options.js';
import { ASPECT_SIZES, SIM_MODELS } from './models.js';
import { LocalProvider, parseJitter, parseRevision } from './provider.js';
import { SIM_VIDEO_MODELS } from './video/models.js';

/** `provider.options` of the built-in model: which revision, how much jitter (each checked by the model). */
const LocalOptionsSchema = z.looseObject({
  revision: z.union([z.number(), z.string()]).optional(),
  jitter: z.union([z.number(), z.string()]).optional(),
});

export const localProviderFactory: ProviderFactory = {
  name: 'local',
  allowsUnknownModels: false,
  // The built-in models cost nothing, which --dry-run and --max-cost should say rather than "unknown".
  capabilities: (model) => {
    const caps = SIM_MODELS[model]?.capabilities;
    return caps ? { ...caps, pricing: { perMegapixel: 0 } } : undefined;
  },
  videoCapabilities: (model) => {
    const caps = SIM_VIDEO_MODELS[model]?.capabilities;
    return caps ? { ...caps, pricing: { perVideo: 0 } } : undefined;
  },
  knownModels: () => [...Object.keys(SIM_MODELS), ...Object.keys(SIM_VIDEO_MODELS)],
  outputSize(request) {
    const video = SIM_VIDEO_MODELS[request.model]?.capabilities;
    if (video) return [request.width ?? video.defaultSize[0], request.height ?? video.defaultSize[1]];
    const caps = SIM_MODELS[request.model]?.capabilities;
    if (caps?.sizeMode === 'aspect_ratio') return ASPECT_SIZES[request.aspect_ratio ?? '1:1'];
    return [request.width ?? 1024, request.height ?? 1024];
  },
  create(config, env) {
    const options = providerOptions(config, LocalOptionsSchema, 'the built-in model');
    const revision =
      options.revision !== undefined
        ? parseRevision(options.revision, 'provider.options.revision')
        : parseRevision(env.SEEDSNAP_LOCAL_REVISION, 'SEEDSNAP_LOCAL_REVISION');
    const jitter =
      options.jitter !== undefined
        ? parseJitter(options.jitter, 'provider.options.jitter')
        : parseJitter(env.SEEDSNAP_LOCAL_JITTER, 'SEEDSNAP_LOCAL_JITTER');
    return new LocalProvider({ revision, jitter });
  },
};
