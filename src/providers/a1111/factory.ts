/** `provider: a1111` in the registry: settings from the suite and the environment, basic auth from the environment only. */
import type { ProviderFactory } from '../../types/index.js';
import { httpSettings } from '../http/config.js';
import { A1111_DEFAULT_BASE, A1111Provider } from './provider.js';

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
