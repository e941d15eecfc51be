/** `provider: local`: the built-in procedural model, in process, no network, no key. */

import { decodeImage } from '../../image/decode.js';
import { encodeJpeg } from '../../image/jpeg-encode.js';
import { encodePng } from '../../image/png-encode.js';
import type { RgbImage } from '../../image/types.js';
import { SeedsnapError } from '../../types/errors.js';
import type { GeneratedImage, Generation, ImageProvider, ImageRequest } from '../../types/index.js';
import { videoRequestOf } from '../../video/request.js';
import { LOCAL_REVISIONS } from './models.js';
import { hash2, imageSeed } from './random.js';
import { type Reference, render } from './render.js';
import { checkRequest, checkSafety, findModel, loraStyle, outputSize, ParamError } from './request.js';
import { LocalVideoModel } from './video/model.js';
import { SIM_VIDEO_MODELS } from './video/models.js';

/** Largest jitter, in 8-bit levels: GPU nondeterminism is a level or two, not more. */
export const MAX_JITTER = 4;

/** How strongly `image_url` shows through (Kontext edits keep the input's layout). */
const IMAGE_URL_WEIGHT = 0.5;
/** Total weight of `reference_images`, shared among them (they guide colours, not layout). */
const REFERENCE_IMAGES_WEIGHT = 0.3;

export interface LocalModelOptions {
  /** Model revision; default from SEEDSNAP_LOCAL_REVISION, else 1. */
  revision?: number;
  /** ±LSB of noise not tied to the seed, like GPU nondeterminism; 0 (default) for none. */
  jitter?: number;
  /** Seed of the jitter; default: a new one per process. Each call moves it on, so repeats differ. */
  jitterSeed?: number;
  /** Resolves `image_url`/`reference_images` to bytes (the HTTP server passes one that reads its own files). */
  loadReference?: (ref: string) => Uint8Array | undefined;
}

export function parseRevision(value: string | number | undefined, origin: string): number {
  if (value === undefined || value === '') return 1;
  const revision = typeof value === 'number' ? value : Number(value);
  if (!(LOCAL_REVISIONS as readonly number[]).includes(revision)) {
    throw new SeedsnapError(
      'LOCAL_REVISION',
      `${origin} is ${JSON.stringify(value)}; the built-in models have revisions ${LOCAL_REVISIONS.join(' and ')}`,
      { hint: `set ${origin} to ${LOCAL_REVISIONS.join(' or ')}` },
    );
  }
  return revision;
}

export function parseJitter(value: string | number | undefined, origin: string): number {
  if (value === undefined || value === '') return 0;
  const jitter = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(jitter) || jitter < 0 || jitter > MAX_JITTER) {
    throw new SeedsnapError(
      'LOCAL_JITTER',
      `${origin} is ${JSON.stringify(value)}; jitter is a whole number of 8-bit levels from 0 to ${MAX_JITTER}`,
      { hint: `set ${origin} to 1 or 2 to imitate GPU nondeterminism, or 0 for none` },
    );
  }
  return jitter;
}

export class LocalModel {
  readonly revision: number;
  readonly jitter: number;
  private readonly jitterSeed: number;
  private calls = 0;
  private readonly loadReference: ((ref: string) => Uint8Array | undefined) | undefined;

  constructor(options: LocalModelOptions = {}) {
    this.revision =
      options.revision === undefined
        ? parseRevision(process.env.SEEDSNAP_LOCAL_REVISION, 'SEEDSNAP_LOCAL_REVISION')
        : parseRevision(options.revision, 'revision');
    this.jitter = parseJitter(options.jitter, 'jitter');
    // Jitter imitates nondeterminism, so by default it differs from process to process.
    this.jitterSeed = options.jitterSeed ?? (process.pid * 2654435761 + Date.now()) >>> 0;
    this.loadReference = options.loadReference;
  }

  /** Render every image of a request. Throws ProviderError as the HTTP API would answer. */
  generate(request: ImageRequest): GeneratedImage[] {
    const model = findModel(request.model);
    const caps = model.capabilities;
    checkRequest(request, caps);
    checkSafety(request, caps);
    const [width, height] = outputSize(request, caps);
    const n = request.n ?? 1;
    const steps = request.steps ?? caps.steps.default;
    const format = request.output_format ?? caps.defaultOutputFormat;
    const style = loraStyle(request);
    const references = this.references(request);
    const call = this.calls++;
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
        ...(style ? { loraStyle: style } : {}),
        references,
        jitter: this.jitter,
        jitterSeed: hash2(this.jitterSeed + call, index),
      });
      images.push({ bytes: format === 'png' ? encodePng(pixels, 3, { level: 4 }) : encodeJpeg(pixels, 90), format });
    }
    return images;
  }

  private references(request: ImageRequest): Reference[] {
    const out: Reference[] = [];
    if (request.image_url !== undefined) {
      out.push({ image: this.loadImage(request.image_url, 'image_url'), weight: IMAGE_URL_WEIGHT });
    }
    const extra = request.reference_images ?? [];
    extra.forEach((ref, i) => {
      out.push({
        image: this.loadImage(ref, `reference_images[${i}]`),
        weight: REFERENCE_IMAGES_WEIGHT / extra.length,
      });
    });
    return out;
  }

  private loadImage(ref: string, field: string): RgbImage {
    const bytes = typeof ref === 'string' ? (this.loadReference?.(ref) ?? dataUrlBytes(ref)) : undefined;
    if (!bytes) {
      throw new ParamError(
        `cannot load ${field} "${String(ref).slice(0, 60)}": give a data:image/png or data:image/jpeg base64 URL, or a URL this server returned`,
        field.replace(/\[\d+\]$/, ''),
      );
    }
    try {
      const rgba = decodeImage(bytes, { maxMegapixels: 16 });
      const rgb = new Uint8Array(rgba.width * rgba.height * 3);
      for (let i = 0, j = 0; j < rgba.data.length; i += 3, j += 4) {
        rgb[i] = rgba.data[j] ?? 0;
        rgb[i + 1] = rgba.data[j + 1] ?? 0;
        rgb[i + 2] = rgba.data[j + 2] ?? 0;
      }
      return { width: rgba.width, height: rgba.height, data: rgb };
    } catch (error) {
      throw new ParamError(
        `${field} is not a PNG or JPEG image: ${(error as Error).message}`,
        field.replace(/\[\d+\]$/, ''),
      );
    }
  }
}

export function dataUrlBytes(ref: string): Uint8Array | undefined {
  const match = /^data:image\/(png|jpeg|jpg);base64,(.+)$/s.exec(ref);
  return match?.[2] ? new Uint8Array(Buffer.from(match[2], 'base64')) : undefined;
}

/** The ImageProvider wrapper: the model in process, with the revision reported for the sidecar. */
export class LocalProvider implements ImageProvider {
  readonly name = 'local';
  readonly model: LocalModel;
  readonly video: LocalVideoModel;

  constructor(options: LocalModelOptions = {}) {
    this.model = new LocalModel(options);
    this.video = new LocalVideoModel({ revision: this.model.revision });
  }

  async generate(request: ImageRequest, context: { signal: AbortSignal }): Promise<Generation> {
    context.signal.throwIfAborted();
    if (SIM_VIDEO_MODELS[request.model]) {
      const clip = await this.video.generate(videoRequestOf(request), { signal: context.signal });
      return {
        images: [{ bytes: clip.bytes, format: clip.format }],
        modelRevision: `${request.model}@${this.video.revision}`,
      };
    }
    const images = this.model.generate(request);
    return { images, modelRevision: `${request.model}@${this.model.revision}` };
  }
}
