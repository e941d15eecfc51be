/**
 * `provider: a1111` — AUTOMATIC1111 / Forge `POST {base}/sdapi/v1/txt2img`.
 * The suite's model is sent as `override_settings.sd_model_checkpoint` (use
 * the model id `default` to keep whatever checkpoint the server has loaded).
 * With batch_size > 1 the server may prepend a grid image; it is dropped.
 * Basic auth, when the server runs with --api-auth, comes from SEEDSNAP_A1111_AUTH.
 */
import { ProviderError } from '../../types/errors.js';
import type { GeneratedImage, Generation, ImageProvider, ImageRequest } from '../../types/index.js';
import { Redactor } from '../../util/redact.js';
import { decodeBase64Image, imageFormatOf } from '../http/base64.js';
import type { HttpSettings } from '../http/config.js';
import { postJson } from '../http/request.js';
import type { StatusRules } from '../http/status.js';

export const A1111_DEFAULT_BASE = 'http://127.0.0.1:7860';

/** A1111 answers 422 for a malformed request (FastAPI validation), not for a safety refusal. */
const A1111_RULES: StatusRules = { blocked: [] };

export function a1111Body(request: ImageRequest): Record<string, unknown> {
  const n = request.n ?? 1;
  const body: Record<string, unknown> = {
    ...(request.extra ?? {}),
    prompt: request.prompt,
    negative_prompt: request.negative_prompt ?? '',
    seed: request.seed,
    batch_size: n,
    n_iter: 1,
    send_images: true,
    save_images: false,
  };
  if (request.steps !== undefined) body.steps = request.steps;
  if (request.guidance_scale !== undefined) body.cfg_scale = request.guidance_scale;
  if (request.width !== undefined) body.width = request.width;
  if (request.height !== undefined) body.height = request.height;
  if (request.model !== 'default') {
    body.override_settings = { sd_model_checkpoint: request.model };
    body.override_settings_restore_afterwards = false;
  }
  return body;
}

export class A1111Provider implements ImageProvider {
  readonly name = 'a1111';
  private readonly redactor: Redactor;

  constructor(private readonly settings: HttpSettings) {
    this.redactor = new Redactor(settings.apiKey ? [settings.apiKey] : []);
  }

  secrets(): readonly string[] {
    return this.settings.apiKey ? [this.settings.apiKey, Buffer.from(this.settings.apiKey).toString('base64')] : [];
  }

  async generate(request: ImageRequest, context: { signal: AbortSignal }): Promise<Generation> {
    const label = 'AUTOMATIC1111';
    const headers: Record<string, string> = this.settings.apiKey
      ? { authorization: `Basic ${Buffer.from(this.settings.apiKey).toString('base64')}` }
      : {};
    const json = await postJson(`${this.settings.baseUrl}/sdapi/v1/txt2img`, a1111Body(request), {
      headers,
      signal: context.signal,
      redactor: this.redactor,
      label,
      rules: A1111_RULES,
    });
    const list = (json as { images?: unknown }).images;
    const n = request.n ?? 1;
    if (!Array.isArray(list) || list.length < n) {
      throw new ProviderError(
        'response',
        `${label}: asked for ${n} image(s), got ${Array.isArray(list) ? list.length : 0}`,
      );
    }
    // A batch may come with a grid of the batch first: keep the last n, which are the images themselves.
    const images: GeneratedImage[] = list.slice(list.length - n).map((item) => {
      const bytes = decodeBase64Image(item, label);
      return { bytes, format: imageFormatOf(bytes, label) };
    });
    return { images };
  }
}
