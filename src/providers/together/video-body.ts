/**
 * A video request as Together's `POST /v2/videos` takes it: `seconds` as a string, `output_format` in
 * capitals, keyframes and reference images under `media: {…}` or at the top level as the model's
 * capabilities say (unknown models get `media`, the current form), `extra` fields as they are.
 */
import type { VideoModelCapabilities, VideoRequest } from '../../video/request.js';

export const TOGETHER_VIDEO_DEFAULT_BASE = 'https://api.together.xyz/v2';

export function togetherVideoBody(
  request: VideoRequest,
  caps: VideoModelCapabilities | undefined,
): Record<string, unknown> {
  const body: Record<string, unknown> = { ...(request.extra ?? {}), model: request.model, seed: request.seed };
  const plain = [
    'prompt',
    'negative_prompt',
    'width',
    'height',
    'fps',
    'steps',
    'guidance_scale',
    'output_quality',
  ] as const;
  for (const key of plain) if (request[key] !== undefined) body[key] = request[key];
  if (request.seconds !== undefined) body.seconds = String(request.seconds);
  if (request.output_format !== undefined) body.output_format = request.output_format.toUpperCase();
  const media: Record<string, unknown> = {};
  if (request.frame_images?.length) {
    media.frame_images = request.frame_images.map((f) => ({
      input_image: f.input_image,
      ...(f.frame === undefined ? {} : { frame: f.frame }),
    }));
  }
  if (request.reference_images?.length) media.reference_images = request.reference_images;
  if (Object.keys(media).length > 0) {
    if ((caps?.mediaField ?? 'media') === 'media')
      body.media = { ...((body.media as object | undefined) ?? {}), ...media };
    else Object.assign(body, media);
  }
  return body;
}

/**
 * The video API's base from the image API's: Together serves videos on v2 and images on v1, so a base
 * ending in `/v1` becomes `/v2`; any other base (a proxy, `seedsnap serve` on another path) is kept.
 */
export function videoBaseUrl(imageBase: string | undefined, override?: string): string {
  if (override) return override.replace(/\/+$/, '');
  if (!imageBase) return TOGETHER_VIDEO_DEFAULT_BASE;
  return imageBase.replace(/\/+$/, '').replace(/\/v1$/, '/v2');
}
