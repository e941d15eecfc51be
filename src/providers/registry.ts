/**
 * Providers by name. A provider is registered as a factory that can describe
 * models without credentials (for suite validation, before anything is sent)
 * and create a live provider when a run starts. Users register their own with
 * `registerProvider` without editing seedsnap.
 */
import { SeedsnapError } from '../errors.js';
import type { ImageProvider, ModelCatalog, ModelDescription, ProviderConfig, ProviderFactory } from '../types.js';
import { a1111Factory, openAiFactory, togetherFactory } from './http-factories.js';
import { ASPECT_SIZES, SIM_MODELS } from './local/models.js';
import { LocalProvider, parseJitter, parseRevision } from './local/provider.js';

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
    return {
      ...(capabilities ? { capabilities } : {}),
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

export const localProviderFactory: ProviderFactory = {
  name: 'local',
  allowsUnknownModels: false,
  // The built-in models cost nothing, which --dry-run and --max-cost should say rather than "unknown".
  capabilities: (model) => {
    const caps = SIM_MODELS[model]?.capabilities;
    return caps ? { ...caps, pricing: { perMegapixel: 0 } } : undefined;
  },
  knownModels: () => Object.keys(SIM_MODELS),
  outputSize(request) {
    const caps = SIM_MODELS[request.model]?.capabilities;
    if (caps?.sizeMode === 'aspect_ratio') return ASPECT_SIZES[request.aspect_ratio ?? '1:1'];
    return [request.width ?? 1024, request.height ?? 1024];
  },
  create(config, env) {
    const options = (config.options.options ?? {}) as Record<string, unknown>;
    const revision =
      options.revision !== undefined
        ? parseRevision(options.revision as number, 'provider.options.revision')
        : parseRevision(env.SEEDSNAP_LOCAL_REVISION, 'SEEDSNAP_LOCAL_REVISION');
    const jitter =
      options.jitter !== undefined
        ? parseJitter(options.jitter as number, 'provider.options.jitter')
        : parseJitter(env.SEEDSNAP_LOCAL_JITTER, 'SEEDSNAP_LOCAL_JITTER');
    return new LocalProvider({ revision, jitter });
  },
};

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
