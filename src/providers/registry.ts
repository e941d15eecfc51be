/**
 * Providers by name. A provider is registered as a factory that can describe
 * models without credentials (for suite validation, before anything is sent)
 * and create a live provider when a run starts. Users register their own with
 * `registerProvider` without editing seedsnap.
 */
import { SeedsnapError } from '../types/errors.js';
import type { ImageProvider, ModelCatalog, ModelDescription, ProviderConfig, ProviderFactory } from '../types/index.js';
import { a1111Factory } from './a1111/factory.js';
import { localProviderFactory } from './local/factory.js';
import { openAiFactory } from './openai/factory.js';
import { togetherFactory } from './together/factory.js';

export class ProviderRegistry implements ModelCatalog {
  private readonly factories = new Map<string, ProviderFactory>();

  register(factory: ProviderFactory): this {
    this.factories.set(factory.name, factory);
    return this;
  }

  get(name: string): ProviderFactory | undefined {
    return this.factories.get(name);
  }

  providerNames(): readonly string[] {
    return [...this.factories.keys()];
  }

  describe(provider: ProviderConfig, model: string): ModelDescription {
    const factory = this.factories.get(provider.name);
    if (!factory) return { knownModels: [], allowsUnknownModels: false };
    const capabilities = factory.capabilities(model, provider);
    const video = factory.videoCapabilities?.(model, provider);
    return {
      ...(capabilities ? { capabilities } : {}),
      ...(video ? { video } : {}),
      knownModels: factory.knownModels(provider),
      allowsUnknownModels: factory.allowsUnknownModels,
    };
  }

  create(config: ProviderConfig, env: NodeJS.ProcessEnv = process.env): ImageProvider {
    const factory = this.factories.get(config.name);
    if (!factory) {
      throw new SeedsnapError('PROVIDER_UNKNOWN', `unknown provider "${config.name}"`, {
        hint: `registered providers: ${this.providerNames().join(', ')}`,
      });
    }
    return factory.create(config, env);
  }
}

/** The registry seedsnap's CLI uses; the library's `registerProvider` adds to it. */
export const defaultRegistry = new ProviderRegistry()
  .register(localProviderFactory)
  .register(togetherFactory)
  .register(openAiFactory)
  .register(a1111Factory);

export type { ProviderFactory };

export function registerProvider(factory: ProviderFactory): void {
  defaultRegistry.register(factory);
}
