/** `provider: local`: the built-in procedural model, in process, no network, no key. */
import { ProviderError, SeedsnapError } from '../../errors.js';
import { decodeImage } from '../../image/decode.js';
import { encodeJpeg } from '../../image/jpeg-encode.js';
import { encodePng } from '../../image/png-encode.js';
import type { RgbImage } from '../../image/types.js';
import type { GeneratedImage, Generation, ImageProvider, ImageRequest, ModelCapabilities } from '../../types.js';
import { ASPECT_SIZES, LOCAL_REVISIONS, SIM_LORAS, SIM_MODELS } from './models.js';
import { imageSeed } from './random.js';
import { render } from './render.js';
import { type StyleLook, UNSAFE_WORDS, words } from './vocabulary.js';

export interface LocalModelOptions {
  /** Model revision; default from SEEDSNAP_LOCAL_REVISION, else 1. */
  revision?: number;
  /** ±LSB of noise not tied to the seed, like GPU nondeterminism; 0 (default) for none. */
  jitter?: number;
  /** Seed of the jitter; default: a new one per process. */
  jitterSeed?: number;
  /** Resolves `image_url`/`reference_images` to bytes (the HTTP server passes one that reads its uploads). */
  loadReference?: (ref: string) => Uint8Array | undefined;
}

export function parseRevision(value: string | number | undefined, origin: string): number {
  if (value === undefined || value === '') return 1;
  const revision = typeof value === 'number' ? value : Number(value);
  if (!(LOCAL_REVISIONS as readonly number[]).includes(revision)) {
    throw new SeedsnapError(
      'LOCAL_REVISION',
      `${origin} is ${JSON.stringify(value)}; the built-in models have revisions ${LOCAL_REVISIONS.join(' and ')}`,
      {
        hint: `set ${origin} to ${LOCAL_REVISIONS.join(' or ')}`,
      },
    );
  }
  return revision;
}

export class LocalModel {
  readonly revision: number;
  private readonly jitter: number;
  private readonly jitterSeed: number;
  private readonly loadReference: ((ref: string) => Uint8Array | undefined) | undefined;
  private calls = 0;

  constructor(options: LocalModelOptions = {}) {
    this.revision = options.revision ?? parseRevision(process.env.SEEDSNAP_LOCAL_REVISION, 'SEEDSNAP_LOCAL_REVISION');
    this.jitter = options.jitter ?? 0;
    // Jitter imitates nondeterminism, so by default it differs from process to process.
    this.jitterSeed = options.jitterSeed ?? (process.pid * 2654435761 + Date.now()) >>> 0;
    this.loadReference = options.loadReference;
  }

  capabilities(model: string): ModelCapabilities | undefined {
    return SIM_MODELS[model]?.capabilities;
  }

  /** Render every image of a request. Throws ProviderError as the HTTP API would answer. */
  generate(request: ImageRequest): GeneratedImage[] {
    const model = SIM_MODELS[request.model];
    if (!model) {
      throw new ProviderError('invalid', `model "${request.model}" does not exist`, { status: 404 });
    }
    const caps = model.capabilities;
    this.checkSafety(request, caps);
    const [width, height] = this.size(request, caps);
    const n = request.n ?? 1;
    if (n < 1 || n > caps.maxImages) {
      throw new ProviderError('invalid', `n must be between 1 and ${caps.maxImages} for ${caps.id}`, { status: 400 });
    }
    this.calls++;
    const steps = request.steps ?? caps.steps.default;
    const format = request.output_format ?? caps.defaultOutputFormat;
    const loraStyle = this.loraStyle(request);
    const reference = this.reference(request);
    const images: GeneratedImage[] = [];
    for (let index = 0; index < n; index++) {
      const pixels = render({
        prompt: request.prompt,
        negativePrompt: request.negative_prompt ?? '',
        seed: imageSeed(request.seed, index),
        width,
        height,
        steps,
        guidance: caps.guidance ? (request.guidance_scale ?? caps.guidance.default) : undefined,
        convergence: model.convergence,
        family: model.family,
        revision: this.revision,
        ...(loraStyle ? { loraStyle } : {}),
        ...(reference ? { reference } : {}),
        jitter: this.jitter,
        // A new draw for every call, as GPU nondeterminism differs from run to run of the same request.
        jitterSeed: this.jitterSeed + this.calls * 7919 + index,
      });
      images.push({ bytes: format === 'png' ? encodePng(pixels, 3, { level: 4 }) : encodeJpeg(pixels, 90), format });
    }
    return images;
  }

  private checkSafety(request: ImageRequest, caps: ModelCapabilities): void {
    const text = new Set(words(request.prompt));
    const flagged = UNSAFE_WORDS.filter((w) => text.has(w));
    if (flagged.length === 0) return;
    const disabled = request.disable_safety_checker === true && caps.safetyChecker !== 'always';
    if (!disabled) {
      throw new ProviderError('blocked', `the safety checker refused the prompt (flagged: ${flagged.join(', ')})`, {
        status: 422,
      });
    }
  }

  private size(request: ImageRequest, caps: ModelCapabilities): [number, number] {
    if (caps.sizeMode === 'aspect_ratio') {
      const ratio = request.aspect_ratio ?? '1:1';
      const size = ASPECT_SIZES[ratio];
      if (!size)
        throw new ProviderError('invalid', `aspect_ratio "${ratio}" is not supported by ${caps.id}`, { status: 400 });
      return [size[0], size[1]];
    }
    const width = request.width ?? 1024;
    const height = request.height ?? 1024;
    for (const [name, value] of [
      ['width', width],
      ['height', height],
    ] as const) {
      if (!Number.isInteger(value) || value < 64 || value > 2048 || value % 8 !== 0) {
        throw new ProviderError('invalid', `${name} must be a multiple of 8 from 64 to 2048, got ${value}`, {
          status: 400,
        });
      }
    }
    return [width, height];
  }

  private loraStyle(request: ImageRequest): StyleLook | undefined {
    if (!request.image_loras || request.image_loras.length === 0) return undefined;
    const style: StyleLook = {};
    for (const lora of request.image_loras) {
      const look = SIM_LORAS[lora.path];
      if (!look) {
        throw new ProviderError(
          'invalid',
          `unknown LoRA "${lora.path}"; built-in LoRAs: ${Object.keys(SIM_LORAS).join(', ')}`,
          {
            status: 400,
          },
        );
      }
      for (const [key, value] of Object.entries(look) as [keyof StyleLook, number][]) {
        style[key] = (style[key] ?? 0) + value * lora.scale;
      }
    }
    return style;
  }

  private reference(request: ImageRequest): RgbImage | undefined {
    const ref = request.image_url ?? request.reference_images?.[0];
    if (ref === undefined) return undefined;
    const bytes = this.loadReference?.(ref) ?? dataUrlBytes(ref);
    if (!bytes) {
      throw new ProviderError(
        'invalid',
        `cannot load reference image "${ref.slice(0, 60)}" (use a data: URL or a file the server holds)`,
        {
          status: 400,
        },
      );
    }
    try {
      const rgba = decodeImage(bytes);
      const rgb = new Uint8Array(rgba.width * rgba.height * 3);
      for (let i = 0, j = 0; j < rgba.data.length; i += 3, j += 4) {
        rgb[i] = rgba.data[j] ?? 0;
        rgb[i + 1] = rgba.data[j + 1] ?? 0;
        rgb[i + 2] = rgba.data[j + 2] ?? 0;
      }
      return { width: rgba.width, height: rgba.height, data: rgb };
    } catch (error) {
      throw new ProviderError('invalid', `reference image is not a PNG or JPEG: ${(error as Error).message}`, {
        status: 400,
      });
    }
  }
}

function dataUrlBytes(ref: string): Uint8Array | undefined {
  const match = /^data:image\/(png|jpeg);base64,(.+)$/s.exec(ref);
  return match?.[2] ? new Uint8Array(Buffer.from(match[2], 'base64')) : undefined;
}

/** The ImageProvider wrapper: the model in process, with the revision reported for the sidecar. */
export class LocalProvider implements ImageProvider {
  readonly name = 'local';
  readonly allowsUnknownModels = false;
  readonly model: LocalModel;

  constructor(options: LocalModelOptions = {}) {
    this.model = new LocalModel(options);
  }

  capabilities(model: string): ModelCapabilities | undefined {
    return this.model.capabilities(model);
  }

  knownModels(): readonly string[] {
    return Object.keys(SIM_MODELS);
  }

  async generate(request: ImageRequest, context: { signal: AbortSignal }): Promise<Generation> {
    context.signal.throwIfAborted();
    const images = this.model.generate(request);
    return { images, modelRevision: `${request.model}@${this.model.revision}` };
  }
}
