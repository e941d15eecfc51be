import { encodePng } from '../../src/image/png-encode.js';
import { localProviderFactory } from '../../src/providers/local/factory.js';
import { ProviderRegistry } from '../../src/providers/registry.js';
import { ProviderError } from '../../src/types/errors.js';
import type { Generation, ImageProvider, ImageRequest, ModelCapabilities } from '../../src/types/index.js';

export const TEST_CAPS: ModelCapabilities = {
  id: 'fake',
  sizeMode: 'width_height',
  steps: { min: 1, max: 50, default: 4 },
  guidance: { min: 0, max: 20, default: 3.5 },
  maxImages: 4,
  params: ['prompt', 'negative_prompt', 'width', 'height', 'steps', 'guidance_scale', 'n', 'output_format'],
  safetyChecker: 'optional',
  defaultOutputFormat: 'png',
};

/** A provider that records calls and in-flight requests, answering after `delayMs`. */
export class CountingProvider implements ImageProvider {
  readonly name = 'counting';
  inFlight = 0;
  maxInFlight = 0;
  calls: ImageRequest[] = [];

  constructor(
    private readonly delayMs = 15,
    private readonly behaviour: (request: ImageRequest, attempt: number) => void = () => {},
  ) {}

  async generate(request: ImageRequest, context: { signal: AbortSignal; attempt: number }): Promise<Generation> {
    this.calls.push(request);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      this.behaviour(request, context.attempt);
      const value = (request.seed * 37) % 256;
      const width = request.width ?? 16;
      const height = request.height ?? 16;
      const images = Array.from({ length: request.n ?? 1 }, (_, i) => ({
        bytes: encodePng({ width, height, data: new Uint8Array(width * height * 3).fill((value + i * 50) % 256) }, 3),
        format: 'png' as const,
      }));
      return { images, modelRevision: 'fake@1' };
    } finally {
      this.inFlight--;
    }
  }
}

/** A registry of the built-in models and `provider`, which knows the one model `fake` (TEST_CAPS). */
export function registryWith(provider: ImageProvider): ProviderRegistry {
  return new ProviderRegistry().register(localProviderFactory).register({
    name: provider.name,
    allowsUnknownModels: false,
    capabilities: (model) => (model === 'fake' ? TEST_CAPS : undefined),
    knownModels: () => ['fake'],
    create: () => provider,
  });
}

export function failFor(prompt: string, error: () => Error) {
  return (request: ImageRequest) => {
    if (request.prompt === prompt) throw error();
  };
}

export { ProviderError };
