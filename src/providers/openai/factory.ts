/** `provider: openai` in the registry: settings from the suite and the environment, the key from the environment only. */
import type { ProviderFactory } from '../../types/index.js';
import { httpSettings } from '../http/config.js';
import { isOpenAiHosted, OPENAI_DEFAULT_BASE, OPENAI_HOSTED_MODELS, OpenAiProvider } from './provider.js';

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
