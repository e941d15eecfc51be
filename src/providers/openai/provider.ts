/**
 * `provider: openai` — OpenAI-compatible `POST {base}/images/generations`
 * (LocalAI, stable-diffusion.cpp's server and similar). The request is
 * `{model, prompt, n, size: "WxH", response_format: "b64_json", seed}`; other
 * fields (negative prompt, steps…) go through `extra:` as each server names them.
 *
 * OpenAI's own models take no seed: their outputs are not reproducible, so a
 * suite against api.openai.com can only make sense with loose tolerances
 * (e.g. min_ssim or a large max_diff_ratio); seedsnap warns about it.
 */
import { ProviderError } from '../../types/errors.js';
import type { GeneratedImage, Generation, ImageProvider, ImageRequest, ModelCapabilities } from '../../types/index.js';
import { Redactor } from '../../util/redact.js';
import { imageFormatOf } from '../http/base64.js';
import type { HttpSettings } from '../http/config.js';
import { imageFromItem } from '../http/download.js';
import { postJson } from '../http/request.js';
import type { StatusRules } from '../http/status.js';

export const OPENAI_DEFAULT_BASE = 'https://api.openai.com/v1';

const OPENAI_RULES: StatusRules = {
  blocked: [],
  isRefusal: (body) => /content_policy_violation|moderation_blocked|safety system/i.test(body),
};

/** OpenAI's hosted models: no seed, fixed sizes. */
const HOSTED: Record<string, ModelCapabilities> = Object.fromEntries(
  (['dall-e-2', 'dall-e-3', 'gpt-image-1'] as const).map((id) => [
    id,
    {
      id,
      sizeMode: 'width_height',
      steps: { min: 1, max: 1, default: 1 },
      maxImages: id === 'dall-e-3' ? 1 : 4,
      params: ['prompt', 'width', 'height', 'n', 'output_format'],
      safetyChecker: 'always',
      defaultOutputFormat: 'png',
    } satisfies ModelCapabilities,
  ]),
);

export function isOpenAiHosted(baseUrl: string): boolean {
  try {
    return new URL(baseUrl).hostname === 'api.openai.com';
  } catch {
    return false;
  }
}

export function openAiBody(request: ImageRequest, options: { sendSeed: boolean }): Record<string, unknown> {
  const body: Record<string, unknown> = {
    ...(request.extra ?? {}),
    model: request.model,
    prompt: request.prompt,
    n: request.n ?? 1,
    response_format: 'b64_json',
  };
  if (request.width !== undefined && request.height !== undefined) body.size = `${request.width}x${request.height}`;
  if (options.sendSeed) body.seed = request.seed;
  return body;
}

export class OpenAiProvider implements ImageProvider {
  readonly name = 'openai';
  private readonly redactor: Redactor;
  private readonly sendSeed: boolean;

  constructor(
    private readonly settings: HttpSettings,
    options: { sendSeed?: boolean } = {},
  ) {
    this.redactor = new Redactor(settings.apiKey ? [settings.apiKey] : []);
    this.sendSeed = options.sendSeed ?? !isOpenAiHosted(settings.baseUrl);
  }

  secrets(): readonly string[] {
    return this.settings.apiKey ? [this.settings.apiKey] : [];
  }

  async generate(request: ImageRequest, context: { signal: AbortSignal }): Promise<Generation> {
    const label = 'OpenAI-compatible API';
    const json = await postJson(
      `${this.settings.baseUrl}/images/generations`,
      openAiBody(request, { sendSeed: this.sendSeed }),
      {
        headers: this.settings.apiKey ? { authorization: `Bearer ${this.settings.apiKey}` } : {},
        signal: context.signal,
        redactor: this.redactor,
        label,
        rules: OPENAI_RULES,
      },
    );
    const data = (json as { data?: unknown }).data;
    if (!Array.isArray(data) || data.length === 0)
      throw new ProviderError('response', `${label}: the answer has no images`);
    const images: GeneratedImage[] = [];
    for (const item of data as { b64_json?: string; url?: string }[]) {
      const bytes = await imageFromItem(item, {
        signal: context.signal,
        timeoutMs: this.settings.downloadTimeoutMs,
        maxBytes: this.settings.maxImageBytes,
        label,
      });
      images.push({ bytes, format: imageFormatOf(bytes, label) });
    }
    return { images };
  }
}

export { HOSTED as OPENAI_HOSTED_MODELS };
