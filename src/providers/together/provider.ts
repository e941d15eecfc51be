/**
 * `provider: together` — POST {base}/images/generations with plain fetch.
 *
 * Why not the official together-ai SDK: the harness needs to own retries (the
 * SDK retries on its own, which would multiply attempts and hide them from
 * results.json), to see every status and Retry-After header as they are, to
 * send exactly the documented fields and nothing else, and to cancel with the
 * run's AbortSignal. That is ~100 lines over fetch, with no dependency;
 * the SDK is still used in tests, to check `seedsnap serve` speaks its dialect.
 */
import { ProviderError } from '../../types/errors.js';
import {
  type GeneratedImage,
  type Generation,
  type ImageProvider,
  type ImageRequest,
  REQUEST_PARAMS,
  type RequestParamName,
} from '../../types/index.js';
import { Redactor } from '../../util/redact.js';
import { videoRequestOf } from '../../video/request.js';
import { imageFormatOf } from '../http/base64.js';
import type { HttpSettings } from '../http/config.js';
import { imageFromItem } from '../http/download.js';
import { postJson } from '../http/request.js';
import { TOGETHER_VIDEO_MODELS } from './video-models.js';
import { TogetherVideoClient, type TogetherVideoSettings } from './video-provider.js';

export const TOGETHER_DEFAULT_BASE = 'https://api.together.xyz/v1';

/** The request fields Together documents; nothing else is sent unless the suite names it under `extra:`. */
export const TOGETHER_FIELDS: readonly (RequestParamName | 'model' | 'seed')[] = ['model', 'seed', ...REQUEST_PARAMS];

export function togetherBody(request: ImageRequest): Record<string, unknown> {
  const body: Record<string, unknown> = { ...(request.extra ?? {}) };
  for (const field of TOGETHER_FIELDS) {
    const value = (request as unknown as Record<string, unknown>)[field];
    if (value !== undefined) body[field] = value;
  }
  body.response_format ??= 'base64';
  return body;
}

interface TogetherItem {
  index?: number;
  b64_json?: string;
  url?: string;
}

export class TogetherProvider implements ImageProvider {
  readonly name = 'together';
  private readonly redactor: Redactor;

  private readonly videos: TogetherVideoClient;

  constructor(
    private readonly settings: HttpSettings,
    video: TogetherVideoSettings = { baseUrl: settings.baseUrl.replace(/\/v1$/, '/v2'), apiKey: settings.apiKey },
  ) {
    this.redactor = new Redactor(settings.apiKey ? [settings.apiKey] : []);
    this.videos = new TogetherVideoClient(video);
  }

  secrets(): readonly string[] {
    return this.settings.apiKey ? [this.settings.apiKey] : [];
  }

  async generate(request: ImageRequest, context: { signal: AbortSignal; key?: string }): Promise<Generation> {
    const video = TOGETHER_VIDEO_MODELS[request.model];
    if (video) {
      const clip = await this.videos.generateVideo(
        videoRequestOf(request),
        { signal: context.signal, ...(context.key === undefined ? {} : { jobKey: context.key }) },
        video,
      );
      return {
        images: [{ bytes: clip.bytes, format: clip.format }],
        ...(clip.modelRevision ? { modelRevision: clip.modelRevision } : {}),
      };
    }
    const label = 'Together';
    const json = await postJson(`${this.settings.baseUrl}/images/generations`, togetherBody(request), {
      headers: this.settings.apiKey ? { authorization: `Bearer ${this.settings.apiKey}` } : {},
      signal: context.signal,
      redactor: this.redactor,
      label,
    });
    const data = (json as { data?: unknown }).data;
    if (!Array.isArray(data)) throw new ProviderError('response', `${label}: the answer has no data list`);
    const wanted = request.n ?? 1;
    if (data.length < wanted) {
      throw new ProviderError('response', `${label}: asked for ${wanted} image(s), got ${data.length}`);
    }
    const items = (data as TogetherItem[]).slice().sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    const images: GeneratedImage[] = [];
    for (const item of items.slice(0, wanted)) {
      const bytes = await imageFromItem(item, {
        signal: context.signal,
        timeoutMs: this.settings.downloadTimeoutMs,
        maxBytes: this.settings.maxImageBytes,
        label,
      });
      images.push({ bytes, format: imageFormatOf(bytes, label) });
    }
    const model = (json as { model?: unknown }).model;
    return { images, ...(typeof model === 'string' && model !== request.model ? { modelRevision: model } : {}) };
  }
}
