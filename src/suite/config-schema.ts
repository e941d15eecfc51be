/**
 * The project config (`seedsnap.config.yaml`, `.json` or `.mjs`) as a zod schema: the one place
 * its keys, types and ranges are declared. `seedsnap.config.schema.json` is generated from it.
 */
import { z } from 'zod';
import { ProviderObjectSchema } from './schema.js';

/** What a project may preset for every suite that uses a provider; a suite's own `provider:` keys win. */
export const ProviderDefaultsSchema = ProviderObjectSchema.omit({ name: true }).describe(
  'Defaults for every suite using this provider (base_url, timeout_ms, max_attempts, images_per_minute, options); keys the suite sets itself win.',
);

const folder = (what: string) =>
  z
    .string()
    .min(1, { error: `${what} must name a folder` })
    .describe(`${what}, relative to this file.`);

export const ProjectConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  suites: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .optional()
    .describe(
      'Suite files or globs (`*`, `**`, `{a,b}`) relative to this file, run when no suite is named. Default: suites/*.yaml and suites/*.yml.',
    ),
  baselines: folder('Folder of approved baselines').optional().describe('Default: baselines'),
  reports: folder('Folder for run folders').optional().describe('Default: reports'),
  reporters: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe('Reports a run writes when --reporter is not given, e.g. [html, json, junit, markdown].'),
  concurrency: z
    .int({ error: 'concurrency must be a whole number' })
    .min(1, { error: 'concurrency must be at least 1' })
    .max(256, { error: 'concurrency must be at most 256' })
    .optional()
    .describe(
      'Requests in flight for suites that set no concurrency of their own (--concurrency overrides both). Default: 4.',
    ),
  providers: z
    .record(z.string(), ProviderDefaultsSchema)
    .optional()
    .describe('Per provider name (local, together, openai, a1111, …): defaults for its suites.'),
});
export type ProjectConfigInput = z.infer<typeof ProjectConfigSchema>;

/** JSON Schema for editors (yaml-language-server), generated from the zod schema. */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ProjectConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return {
    ...schema,
    $id: 'https://seedsnap.dev/seedsnap.config.schema.json',
    title: 'seedsnap project config',
    description: 'Where a seedsnap project keeps its suites, baselines and reports, and its defaults (see README).',
  };
}
