/**
 * A provider's own `provider.options`, checked by the schema that provider declares: what it reads is typed,
 * and a wrong value stops the run before any request (exit 2), naming the key and what it must be.
 */
import type { z } from 'zod';
import { SeedsnapError } from '../types/errors.js';
import type { ProviderConfig } from '../types/index.js';

export function providerOptions<T>(config: ProviderConfig, schema: z.ZodType<T>, label: string): T {
  const parsed = schema.safeParse(config.options ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = issue?.path.map(String).join('.') ?? '';
  throw new SeedsnapError(
    'PROVIDER_CONFIG',
    `provider.options${key ? `.${key}` : ''} of ${label}: ${issue?.message ?? 'invalid'}`,
    { hint: `fix provider.options in the suite (or the project config's providers.${config.name}.options)` },
  );
}
