/** Reading an HTTP provider's settings: base URL, key from the environment only, limits. */
import { SeedsnapError } from '../../types/errors.js';
import type { ProviderConfig } from '../../types/index.js';

export interface HttpSettings {
  baseUrl: string;
  apiKey: string | undefined;
  downloadTimeoutMs: number;
  maxImageBytes: number;
}

export function isLoopback(baseUrl: string): boolean {
  try {
    const host = new URL(baseUrl).hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]' || host === '::1';
  } catch {
    return false;
  }
}

/**
 * Base URL: the suite's `base_url`, else the environment variable, else the default.
 * Key: only ever the environment variable — a suite file is committed, a key must not be.
 */
export function httpSettings(
  config: ProviderConfig,
  env: NodeJS.ProcessEnv,
  names: {
    label: string;
    baseEnv: string;
    keyEnv: string;
    defaultBase: string;
    keyRequired: (base: string) => boolean;
  },
): HttpSettings {
  const fromSuite = typeof config.options.base_url === 'string' ? config.options.base_url : undefined;
  const baseUrl = (fromSuite ?? env[names.baseEnv] ?? names.defaultBase).replace(/\/+$/, '');
  try {
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new SeedsnapError('PROVIDER_CONFIG', `${names.label} base URL is not an http(s) URL: ${baseUrl}`, {
      hint: `set provider.base_url in the suite or ${names.baseEnv}, e.g. https://api.example.com/v1`,
    });
  }
  const apiKey = env[names.keyEnv]?.trim() || undefined;
  if (!apiKey && names.keyRequired(baseUrl)) {
    throw new SeedsnapError('CREDENTIALS', `${names.keyEnv} is not set; ${names.label} needs an API key`, {
      hint: `export ${names.keyEnv}=… (seedsnap reads keys only from the environment, never from suite files)`,
    });
  }
  const options = (config.options.options ?? {}) as Record<string, unknown>;
  return {
    baseUrl,
    apiKey,
    downloadTimeoutMs: typeof config.options.timeout_ms === 'number' ? config.options.timeout_ms : 60_000,
    maxImageBytes: typeof options.max_image_bytes === 'number' ? options.max_image_bytes : 64 * 1024 * 1024,
  };
}
