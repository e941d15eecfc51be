/** Registry entries of the HTTP providers: settings from the suite and the environment, keys from the environment only. */
import type { ProviderFactory } from '../types.js';
import { A1111_DEFAULT_BASE, A1111Provider } from './a1111.js';
import { httpSettings, isLoopback } from './http/config.js';
import { isOpenAiHosted, OPENAI_DEFAULT_BASE, OPENAI_HOSTED_MODELS, OpenAiProvider } from './openai.js';
import { FLUX_ASPECT_SIZES, TOGETHER_MODELS } from './together/models.js';
import { TOGETHER_DEFAULT_BASE, TogetherProvider } from './together/provider.js';

export const togetherFactory: ProviderFactory = {
  name: 'together',
  allowsUnknownModels: true,
  capabilities: (model) => TOGETHER_MODELS[model],
  knownModels: () => Object.keys(TOGETHER_MODELS),
  outputSize(request) {
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
    return new TogetherProvider(settings);
  },
};

export const openAiFactory: ProviderFactory = {
  name: 'openai',
  allowsUnknownModels: true,
  capabilities: (model) => OPENAI_HOSTED_MODELS[model],
  knownModels: () => Object.keys(OPENAI_HOSTED_MODELS),
  outputSize: (request) =>
    request.width !== undefined && request.height !== undefined ? [request.width, request.height] : undefined,
  warnings(config, env) {
    const base =
      (typeof config.options.base_url === 'string' ? config.options.base_url : undefined) ?? env.OPENAI_BASE_URL;
    return base === undefined || isOpenAiHosted(base)
      ? [
          "OpenAI's hosted image models take no seed, so their outputs are not reproducible: compare with loose tolerances",
        ]
      : [];
  },
  create(config, env) {
    const settings = httpSettings(config, env, {
      label: 'OpenAI-compatible API',
      baseEnv: 'OPENAI_BASE_URL',
      keyEnv: 'OPENAI_API_KEY',
      defaultBase: OPENAI_DEFAULT_BASE,
      keyRequired: isOpenAiHosted,
    });
    const options = (config.options.options ?? {}) as Record<string, unknown>;
    return new OpenAiProvider(settings, typeof options.send_seed === 'boolean' ? { sendSeed: options.send_seed } : {});
  },
};

export const a1111Factory: ProviderFactory = {
  name: 'a1111',
  allowsUnknownModels: true,
  capabilities: () => undefined,
  knownModels: () => [],
  outputSize: (request) => [request.width ?? 512, request.height ?? 512],
  create(config, env) {
    const settings = httpSettings(config, env, {
      label: 'AUTOMATIC1111',
      baseEnv: 'A1111_BASE_URL',
      keyEnv: 'SEEDSNAP_A1111_AUTH',
      defaultBase: A1111_DEFAULT_BASE,
      keyRequired: () => false,
    });
    return new A1111Provider(settings);
  },
};
