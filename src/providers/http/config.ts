/** Reading an HTTP provider's settings: base URL, key from the environment only, limits. */
import { z } from 'zod';
import { SeedsnapError } from '../../types/errors.js';
import type { ProviderConfig } from '../../types/index.js';
import { providerOptions } from '../options.js';
import { DEFAULT_MAX_IMAGE_BYTES } from './download.js';

/** `provider.options` every HTTP provider reads. */
export const HttpOptionsSchema = z.looseObject({
  max_image_bytes: z.int().min(1).optional(),
});

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
  const baseUrl = (config.base_url ?? env[names.baseEnv] ?? names.defaultBase).replace(/\/+$/, '');
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
  const options = providerOptions(config, HttpOptionsSchema, names.label);
  return {
    baseUrl,
    apiKey,
    downloadTimeoutMs: config.timeout_ms ?? 60_000,
    maxImageBytes: options.max_image_bytes ?? DEFAULT_MAX_IMAGE_BYTES,
  };
}
