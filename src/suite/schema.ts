/**
 * The suite format as a zod schema: the one place where suite keys, their types,
 * ranges and defaults are declared. `suites/suite.schema.json` is generated from it.
 */
import { z } from 'zod';

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const SAFE_NAME_HINT = 'letters, digits, ".", "_" and "-", starting with a letter or digit';

const size = (axis: string) =>
  z
    .int({ error: `${axis} must be a whole number of pixels` })
    .min(64, { error: `${axis} must be at least 64` })
    .max(2048, { error: `${axis} must be at most 2048` })
    .multipleOf(8, { error: `${axis} must be a multiple of 8` });

const keyframes = z
  .array(
    z.strictObject({
      input_image: z
        .string()
        .min(1)
        .describe('The keyframe: a path relative to the suite file, an http(s) URL, or base64 (data:image/…).'),
      frame: z
        .union([z.int().min(0), z.enum(['first', 'last'])])
        .optional()
        .describe(
          'Frame number, "first" or "last"; omitted: one image is first, two first and last, more evenly spaced.',
        ),
    }),
  )
  .min(1)
  .describe('Video: keyframes the clip passes through.');

/** Request parameters a suite may set (everything but `prompt`, which belongs to a case). */
export const paramShape = {
  negative_prompt: z.string().describe('What the image should not contain.'),
  width: size('width').describe('Output width in pixels (models sized by width/height).'),
  height: size('height').describe('Output height in pixels (models sized by width/height).'),
  aspect_ratio: z
    .string()
    .regex(/^[1-9][0-9]*:[1-9][0-9]*$/, { error: 'aspect_ratio must look like "16:9"' })
    .describe('Output shape for models sized by aspect ratio, e.g. "1:1", "16:9".'),
  steps: z
    .int({ error: 'steps must be a whole number' })
    .min(1, { error: 'steps must be at least 1' })
    .describe('Denoising steps.'),
  guidance_scale: z
    .number()
    .min(0, { error: 'guidance_scale must be 0 or more' })
    .max(100, { error: 'guidance_scale must be at most 100' })
    .describe('How strongly the prompt steers the image.'),
  n: z
    .int({ error: 'n must be a whole number' })
    .min(1, { error: 'n must be between 1 and 4' })
    .max(4, { error: 'n must be between 1 and 4' })
    .describe('Images per request, 1 to 4.'),
  response_format: z.enum(['base64', 'url']).describe('How the API returns images.'),
  output_format: z
    .enum(['jpeg', 'png', 'mp4', 'webm'])
    .describe('Encoded format: jpeg or png (images), mp4 or webm (video).'),
  disable_safety_checker: z.boolean().describe('Ask the API not to run its safety checker.'),
  image_url: z.string().min(1).describe('Reference image for image-to-image models (Kontext).'),
  reference_images: z.array(z.string().min(1)).min(1).describe('Reference images for models that take several.'),
  image_loras: z
    .array(
      z.strictObject({
        path: z.string().min(1).describe('LoRA name or URL.'),
        scale: z.number().min(-4).max(4).describe('LoRA strength.'),
      }),
    )
    .describe('LoRA adapters to apply.'),
  frame_images: keyframes,
  media: z
    .strictObject({ frame_images: keyframes, reference_images: z.array(z.string().min(1)).min(1) })
    .partial()
    .describe('Video: the newer form of frame_images and reference_images (give one form, not both).'),
  seconds: z
    .number()
    .positive({ error: 'seconds must be above 0' })
    .max(600)
    .describe('Video: clip length in seconds.'),
  fps: z
    .int({ error: 'fps must be a whole number' })
    .min(1, { error: 'fps must be at least 1' })
    .max(240)
    .describe('Video: frames per second.'),
  output_quality: z.int().min(0).max(100).describe("Video: the API's compression quality."),
  extra: z
    .record(z.string(), z.json())
    .describe('Provider-specific fields sent as they are (nothing undocumented is sent otherwise).'),
} as const;

export const ParamsSchema = z.strictObject(paramShape).partial();
export type SuiteParams = z.infer<typeof ParamsSchema>;

/** Parameters a sweep may vary. */
export const SWEEPABLE = [
  'steps',
  'guidance_scale',
  'width',
  'height',
  'aspect_ratio',
  'negative_prompt',
  'output_format',
  'n',
  'seconds',
  'fps',
  'output_quality',
] as const;

export const ToleranceSchema = z
  .strictObject({
    threshold: z.number().min(0).max(1).describe('pixelmatch colour threshold, 0..1; smaller is more sensitive.'),
    include_aa: z.boolean().describe('Count anti-aliased pixels as differences.'),
    max_diff_pixels: z.int().min(0).describe('Differing pixels allowed.'),
    max_diff_ratio: z.number().min(0).max(1).describe('Share of pixels allowed to differ, 0..1.'),
    min_ssim: z.number().min(-1).max(1).describe('Lowest SSIM of the luminance allowed, -1..1 (1 = identical).'),
    min_psnr: z.number().min(0).max(100).describe('Lowest PSNR allowed, in dB (identical images score 100).'),
    max_mean_abs: z
      .number()
      .min(0)
      .max(255)
      .describe('Highest mean absolute difference allowed, in 8-bit levels per channel.'),
    max_colour_shift: z
      .number()
      .min(0)
      .max(255)
      .describe(
        'Largest move of the mean of R, G or B allowed, in 8-bit levels (a colour cast or an exposure change).',
      ),
    max_local_colour_shift: z
      .number()
      .min(0)
      .max(255)
      .describe(
        "Largest move of a 16×16 block's mean R, G or B beyond the picture's own, in levels (a changed object).",
      ),
    max_shift_px: z
      .number()
      .int()
      .min(0)
      .describe('Largest translation of the whole picture allowed, in pixels along either axis (0: none).'),
    min_edge_ratio: z
      .number()
      .min(0)
      .describe("Lowest edge energy allowed, as a share of the baseline's (a blur lowers it; 1 = as sharp)."),
    max_gmsd: z
      .number()
      .min(0)
      .max(1)
      .describe('Highest GMSD (gradient magnitude similarity deviation) allowed, 0..1 (0 = same structure).'),
    keyframe_max_mean_abs: z
      .number()
      .min(0)
      .max(255)
      .describe("Video: highest mean absolute difference between a keyframe's image and its frame (default 12)."),
  })
  .partial();
// Its output is TolerancePatch (types/model.ts); the defaults are the comparator's (compare/tolerance.ts).

const coordinate = (name: string) =>
  z.int({ error: `${name} must be a whole number of pixels` }).min(0, { error: `${name} must be 0 or more` });
const extent = (name: string) =>
  z.int({ error: `${name} must be a whole number of pixels` }).min(1, { error: `${name} must be at least 1` });

export const IgnoreSchema = z
  .array(
    z.strictObject({
      x: coordinate('x').describe('Left edge, in pixels from the left.'),
      y: coordinate('y').describe('Top edge, in pixels from the top.'),
      width: extent('width'),
      height: extent('height'),
    }),
  )
  .describe('Rectangles left out of every metric (a watermark, a timestamp); suite, model and case regions add up.');

const range = z.strictObject({ min: z.number().min(0), max: z.number().min(0), default: z.number().min(0) });

/** Overrides of what seedsnap knows of a model (providers change; unknown models become checked ones). */
export const CapabilitiesSchema = z
  .strictObject({
    size_mode: z.enum(['width_height', 'aspect_ratio']),
    aspect_ratios: z.array(z.string().regex(/^[1-9][0-9]*:[1-9][0-9]*$/)).min(1),
    steps: range,
    guidance: z.union([range, z.literal(false)]).describe('false: the model takes no guidance_scale.'),
    max_images: z.int().min(1).max(16),
    params: z.array(z.enum(Object.keys({ prompt: 0, ...paramShape }) as [string, ...string[]])).min(1),
    safety_checker: z.enum(['optional', 'always', 'none']),
    default_output_format: z.enum(['jpeg', 'png']),
    price_per_megapixel: z.number().min(0).describe('USD per megapixel, for --dry-run and --max-cost.'),
    price_per_image: z.number().min(0).describe('USD per image, for --dry-run and --max-cost.'),
  })
  .partial();
export type CapabilitiesPatch = z.infer<typeof CapabilitiesSchema>;

export const ModelObjectSchema = z.strictObject({
  id: z.string().min(1).describe('Model id as the provider names it.'),
  label: z
    .string()
    .regex(SAFE_NAME, { error: `label may hold only ${SAFE_NAME_HINT}` })
    .optional()
    .describe('Short name used in case ids; default: the part of the id after the last "/".'),
  defaults: ParamsSchema.optional().describe(
    'Parameters for this model; a size field here replaces the other size mode.',
  ),
  tolerance: ToleranceSchema.optional(),
  capabilities: CapabilitiesSchema.optional().describe("Override or supply the model's capabilities."),
  ignore: IgnoreSchema.optional(),
});

export const ModelEntrySchema = z.union([z.string().min(1), ModelObjectSchema]);

export const ProviderObjectSchema = z.strictObject({
  name: z.string().min(1).describe('local | together | openai | a1111, or a registered provider.'),
  base_url: z.url().optional().describe('API base URL.'),
  timeout_ms: z.int().min(1).optional().describe('Per-request timeout.'),
  max_attempts: z.int().min(1).max(20).optional().describe('Tries per case, retries included.'),
  max_retry_wait_ms: z
    .int()
    .min(0)
    .optional()
    .describe('Longest pause before a retry, whatever Retry-After asks (default 60 s, or timeout_ms if less).'),
  images_per_minute: z.number().positive().optional().describe('Cap on images requested per minute.'),
  job_timeout_ms: z
    .int()
    .min(1)
    .optional()
    .describe('Video: longest a job may take from create to completed (default 10 minutes).'),
  video_base_url: z.url().optional().describe('Video API base URL (default: base_url with /v1 replaced by /v2).'),
  options: z.record(z.string(), z.json()).optional().describe('Provider-specific options.'),
});

export const ProviderEntrySchema = z.union([z.string().min(1), ProviderObjectSchema]);

const sweepValue = z.union([z.number(), z.string(), z.boolean()]);

export const CaseSchema = z.strictObject({
  id: z
    .string()
    .regex(SAFE_NAME, { error: `case id may hold only ${SAFE_NAME_HINT}` })
    .describe('Stable id, part of every case id and baseline path.'),
  prompt: z
    .string()
    .min(1, { error: 'prompt must not be empty' })
    .optional()
    .describe('Required, except for video models driven by keyframes (Kling).'),
  ...ParamsSchema.shape,
  seeds: z
    .array(z.int().min(0).max(4294967295))
    .min(1)
    .optional()
    .describe('Seeds for this case; default: the suite seeds.'),
  models: z.array(z.string().min(1)).min(1).optional().describe('Run only on these models (ids or labels).'),
  sweep: z
    .record(z.string(), z.array(sweepValue).min(1))
    .optional()
    .describe('Cartesian product of parameter values, one case per cell.'),
  tolerance: ToleranceSchema.optional(),
  ignore: IgnoreSchema.optional(),
  expect: z.enum(['image', 'blocked']).optional().describe('`blocked`: passes only if the API refuses.'),
  description: z.string().optional(),
});
export type CaseInput = z.infer<typeof CaseSchema>;

export const SuiteSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z
    .string()
    .regex(SAFE_NAME, { error: `name may hold only ${SAFE_NAME_HINT}` })
    .optional()
    .describe('Default: the file name without extension.'),
  provider: ProviderEntrySchema.default('local'),
  models: z.array(ModelEntrySchema).min(1, { error: 'a suite needs at least one model' }),
  defaults: ParamsSchema.default({}),
  seeds: z.array(z.int().min(0).max(4294967295)).min(1).default([0]).describe('Default seeds for every case.'),
  concurrency: z.int().min(1).max(256).default(4).describe('At most this many requests in flight.'),
  tolerance: ToleranceSchema.default({}),
  ignore: IgnoreSchema.optional(),
  cases: z.array(CaseSchema).min(1, { error: 'a suite needs at least one case' }),
});
export type SuiteInput = z.infer<typeof SuiteSchema>;

/** JSON Schema for editors (yaml-language-server), generated from the zod schema. */
export function suiteJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(SuiteSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://seedsnap.dev/suite.schema.json',
    title: 'seedsnap suite',
    description: 'A suite of fixed-seed text-to-image cases (see DESIGN.md).',
  };
}
