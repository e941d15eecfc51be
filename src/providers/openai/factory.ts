/** `provider: openai` in the registry: settings from the suite and the environment, the key from the environment only. */
import { z } from 'zod';
import type { ProviderFactory } from '../../types/index.js';
import { HttpOptionsSchema, httpSettings } from '../http/config.js';
import { providerOptions } from '../options.js';
import { isOpenAiHosted, OPENAI_DEFAULT_BASE, OPENAI_HOSTED_MODELS, OpenAiProvider } from './provider.js';

/** `provider.options.send_seed`: send the seed even to a server that looks like OpenAI's own (default: only to others). */
const OpenAiOptionsSchema = HttpOptionsSchema.extend({ send_seed: z.boolean().optional() });

export const openAiFactory: ProviderFactory = {
  name: 'openai',
  allowsUnknownModels: true,
  capabilities: (model) => OPENAI_HOSTED_MODELS[model],
  knownModels: () => Object.keys(OPENAI_HOSTED_MODELS),
  outputSize: (request) =>
    request.width !== undefined && request.height !== undefined ? [request.width, request.height] : undefined,
  warnings(config, env) {
    const base = config.base_url ?? env.OPENAI_BASE_URL;
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
    const options = providerOptions(config, OpenAiOptionsSchema, 'the OpenAI-compatible API');
    return new OpenAiProvider(settings, options.send_seed === undefined ? {} : { sendSeed: options.send_seed });
  },
};
