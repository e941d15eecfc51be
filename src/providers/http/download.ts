/**
 * Downloading an image the API answered with a URL (`response_format: url`):
 * http(s) only, at most 3 redirects (each checked again), a User-Agent (some
 * CDNs refuse requests without one), a timeout and a size limit enforced while
 * reading, so a hostile or broken server cannot exhaust memory.
 */
import { ProviderError } from '../../types/errors.js';
import { VERSION } from '../../util/version.js';
import { decodeBase64Image } from './base64.js';

export interface DownloadOptions {
  signal: AbortSignal;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  label: string;
}

export const USER_AGENT = `seedsnap/${VERSION} (+https://github.com/seedsnap/seedsnap)`;
/** Largest image an API may answer, unless `provider.options.max_image_bytes` says otherwise. */
export const DEFAULT_MAX_IMAGE_BYTES = 64 * 1024 * 1024;

function checkUrl(raw: string, label: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ProviderError('response', `${label}: the image URL is not a URL: ${raw.slice(0, 80)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProviderError('response', `${label}: refusing to download a ${url.protocol} URL (http and https only)`);
  }
  return url;
}

export async function downloadImage(raw: string, options: DownloadOptions): Promise<Uint8Array> {
  const maxRedirects = options.maxRedirects ?? 3;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_IMAGE_BYTES;
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs ?? 60_000)]);
  let url = checkUrl(raw, options.label);
  for (let redirects = 0; ; redirects++) {
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { 'user-agent': USER_AGENT, accept: 'image/*' },
        redirect: 'manual',
        signal,
      });
    } catch (error) {
      if (options.signal.aborted) throw error;
      throw new ProviderError('transient', `${options.label}: image download failed (${(error as Error).message})`, {
        cause: error,
      });
    }
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      const location = response.headers.get('location');
      if (!location) throw new ProviderError('response', `${options.label}: redirect without a Location header`);
      if (redirects >= maxRedirects) {
        throw new ProviderError(
          'response',
          `${options.label}: more than ${maxRedirects} redirects downloading the image`,
        );
      }
      url = checkUrl(new URL(location, url).toString(), options.label);
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      const kind = response.status === 429 || response.status >= 500 ? 'transient' : 'response';
      throw new ProviderError(kind, `${options.label}: image download answered HTTP ${response.status}`, {
        status: response.status,
      });
    }
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > maxBytes) {
      await response.body?.cancel();
      throw new ProviderError(
        'response',
        `${options.label}: the image is ${declared} bytes, over the ${maxBytes} limit`,
      );
    }
    return readLimited(response, maxBytes, options.label);
  }
}

async function readLimited(response: Response, maxBytes: number, label: string): Promise<Uint8Array> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (error) {
      throw new ProviderError('response', `${label}: the image download was cut off after ${total} bytes`, {
        cause: error,
      });
    }
    if (chunk.done) break;
    total += chunk.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new ProviderError('response', `${label}: the image is over the ${maxBytes}-byte limit`);
    }
    chunks.push(chunk.value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** One image of an OpenAI-style `data` list: inline base64, or a URL to download. */
export async function imageFromItem(
  item: { b64_json?: unknown; url?: unknown },
  options: DownloadOptions,
): Promise<Uint8Array> {
  if (item.b64_json === undefined && typeof item.url === 'string') return downloadImage(item.url, options);
  return decodeBase64Image(item.b64_json, options.label);
}
