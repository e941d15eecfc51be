/** `provider: together` in the registry: settings from the suite and the environment, the key from the environment only. */
import type { ProviderFactory } from '../../types/index.js';
import { httpSettings, isLoopback } from '../http/config.js';
import { FLUX_ASPECT_SIZES, TOGETHER_MODELS } from './models.js';
import { TOGETHER_DEFAULT_BASE, TogetherProvider } from './provider.js';
import { videoBaseUrl } from './video-body.js';
import { TOGETHER_VIDEO_MODELS } from './video-models.js';

export const togetherFactory: ProviderFactory = {
  name: 'together',
  allowsUnknownModels: true,
  capabilities: (model) => TOGETHER_MODELS[model],
  videoCapabilities: (model) => TOGETHER_VIDEO_MODELS[model],
  knownModels: () => [...Object.keys(TOGETHER_MODELS), ...Object.keys(TOGETHER_VIDEO_MODELS)],
  outputSize(request) {
    const video = TOGETHER_VIDEO_MODELS[request.model];
    if (video) return [request.width ?? video.defaultSize[0], request.height ?? video.defaultSize[1]];
    if (request.width !== undefined && request.height !== undefined) return [request.width, request.height];
    return FLUX_ASPECT_SIZES[request.aspect_ratio ?? '1:1'] ?? [1024, 1024];
  },
  create(config, env) {
    const settings = httpSettings(config, env, {
      label: 'Together',
      baseEnv: 'TOGETHER_BASE_URL',
      keyEnv: 'TOGETHER_API_KEY',
      defaultBase: TOGETHER_DEFAULT_BASE,
      // A local server (seedsnap serve, a self-hosted endpoint) may run without a key.
      keyRequired: (base) => !isLoopback(base),
    });
    return new TogetherProvider(settings, {
      baseUrl: videoBaseUrl(settings.baseUrl, config.video_base_url),
      apiKey: settings.apiKey,
      downloadTimeoutMs: settings.downloadTimeoutMs,
      ...(config.job_timeout_ms === undefined ? {} : { jobTimeoutMs: config.job_timeout_ms }),
    });
  },
};
