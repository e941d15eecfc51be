/**
 * Providers by name. A provider is registered as a factory that can describe
 * models without credentials (for suite validation, before anything is sent)
 * and create a live provider when a run starts. Users register their own with
 * `registerProvider` without editing seedsnap.
 */
import { SeedsnapError } from '../errors.js';
import type {
  ImageProvider,
  ImageRequest,
  ModelCapabilities,
  ModelCatalog,
  ModelDescription,
  ProviderConfig,
} from '../types.js';
import { ASPECT_SIZES, SIM_MODELS } from './local/models.js';
import { LocalProvider, parseJitter, parseRevision } from './local/provider.js';

export interface ProviderFactory {
  name: string;
  /** Capabilities of a model (no network, no credentials); undefined when unknown. */
  capabilities(model: string, config: ProviderConfig): ModelCapabilities | undefined;
  knownModels(config: ProviderConfig): readonly string[];
  /** Whether unknown models may run (with a warning, without capability checks). */
  allowsUnknownModels: boolean;
  /** Pixel size a request will produce, when the provider can tell without asking (for --dry-run). */
  outputSize?(request: ImageRequest, config: ProviderConfig): readonly [number, number] | undefined;
  /** Create the live provider. Throw a SeedsnapError (exit 2) for missing credentials. */
  create(config: ProviderConfig, env: NodeJS.ProcessEnv): ImageProvider;
}

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
  capabilities: (model) => SIM_MODELS[model]?.capabilities,
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
export const defaultRegistry = new ProviderRegistry().register(localProviderFactory);

export function registerProvider(factory: ProviderFactory): void {
  defaultRegistry.register(factory);
}
