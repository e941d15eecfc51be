/**
 * Cost estimates from list prices: per image, or per megapixel with the
 * price rising with steps above the model's default (image APIs bill compute).
 * An estimate, for --dry-run and --max-cost; the provider's invoice is the truth.
 */
import type { ImageRequest, ModelCapabilities, VideoModelCapabilities } from '../types/index.js';
import { videoPrice } from '../video/request.js';

export function estimateCost(
  request: ImageRequest,
  caps: ModelCapabilities | undefined,
  size: readonly [number, number] | undefined,
  /** A video model's capabilities: priced per clip or per second of clip. */
  video?: VideoModelCapabilities,
): number | undefined {
  if (video) return videoPrice(request, video);
  const pricing = caps?.pricing;
  if (!pricing) return undefined;
  const n = request.n ?? 1;
  if (pricing.perImage !== undefined) return pricing.perImage * n;
  if (pricing.perMegapixel === undefined || !size) return undefined;
  const megapixels = (size[0] * size[1]) / 1e6;
  const steps = request.steps ?? caps.steps.default;
  const stepFactor = steps > caps.steps.default ? steps / caps.steps.default : 1;
  return pricing.perMegapixel * megapixels * stepFactor * n;
}

export function formatUsd(amount: number): string {
  return amount < 0.01 && amount > 0 ? `$${amount.toFixed(4)}` : `$${amount.toFixed(2)}`;
}
