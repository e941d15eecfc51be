/**
 * Types that cross stages: requests, models, providers and cases. Each stage
 * keeps its private types to itself; what one stage hands to the next is
 * declared here (results in results.ts), once.
 */
import type { SourceLocation } from './errors.js';
import type { FrameImage, VideoFormat, VideoModelCapabilities } from './video.js';

// ---------------------------------------------------------------- requests

export interface ImageLora {
  path: string;
  scale: number;
}

/** Request parameters, named as Together's image API documents them. */
export interface RequestParams {
  prompt?: string;
  negative_prompt?: string;
  width?: number;
  height?: number;
  aspect_ratio?: string;
  steps?: number;
  guidance_scale?: number;
  n?: number;
  response_format?: 'base64' | 'url';
  /** `png` | `jpeg` for images, `mp4` | `webm` for video. */
  output_format?: MediaFormat;
  disable_safety_checker?: boolean;
  image_url?: string;
  reference_images?: string[];
  image_loras?: ImageLora[];
  /** Video: keyframes (see docs/video.md). */
  frame_images?: FrameImage[];
  /** Video: clip length in seconds. */
  seconds?: number;
  /** Video: frames per second. */
  fps?: number;
  /** Video: the API's compression quality. */
  output_quality?: number;
  /** Provider-specific fields sent as they are; nothing else beyond the documented ones is sent. */
  extra?: Record<string, unknown>;
}

export type RequestParamName = keyof RequestParams;

/** Every documented request parameter (`extra` is not one: it carries undocumented fields). */
export const REQUEST_PARAMS = [
  'prompt',
  'negative_prompt',
  'width',
  'height',
  'aspect_ratio',
  'steps',
  'guidance_scale',
  'n',
  'response_format',
  'output_format',
  'disable_safety_checker',
  'image_url',
  'reference_images',
  'image_loras',
  'frame_images',
  'seconds',
  'fps',
  'output_quality',
] as const satisfies readonly RequestParamName[];

// A parameter added to RequestParams but not to REQUEST_PARAMS fails to compile here.
type MissingParam = Exclude<RequestParamName, (typeof REQUEST_PARAMS)[number] | 'extra'>;
const _allParamsListed: [MissingParam] extends [never] ? true : MissingParam = true;
void _allParamsListed;

/** One fully resolved request: everything that is sent for one case. */
export interface ImageRequest extends RequestParams {
  model: string;
  prompt: string;
  seed: number;
}

export type ImageFormat = 'png' | 'jpeg';

/** What a generation is stored as: an image or a video clip. */
export type MediaFormat = ImageFormat | VideoFormat;

export function isVideoFormat(format: MediaFormat | undefined): format is VideoFormat {
  return format === 'mp4' || format === 'webm';
}

// ---------------------------------------------------------------- models

/**
 * What a model accepts. The built-in models and real ones (FLUX on Together…)
 * are described in this same shape, and suite validation reads it before any
 * request is sent.
 */
export interface ModelCapabilities {
  id: string;
  /** How the output size is chosen: `width`/`height`, or `aspect_ratio`. */
  sizeMode: 'width_height' | 'aspect_ratio';
  /** Accepted ratios when sized by aspect ratio. */
  aspectRatios?: readonly string[];
  steps: { min: number; max: number; default: number };
  /** Absent when the model takes no guidance. */
  guidance?: { min: number; max: number; default: number };
  /** Largest `n`. */
  maxImages: number;
  /** Every request parameter the model accepts (prompt and the size fields included). */
  params: readonly RequestParamName[];
  /** `always`: the safety checker cannot be disabled (like FLUX.1 Schnell Free). */
  safetyChecker: 'optional' | 'always' | 'none';
  /** Output format when the request names none. */
  defaultOutputFormat: ImageFormat;
  /** List price, for --dry-run estimates and --max-cost (USD). */
  pricing?: { perMegapixel?: number; perImage?: number };
}

// ---------------------------------------------------------------- providers

/** A value JSON can hold: what a suite's `provider.options` and a request's `extra` carry. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A suite's `provider:` as validated (suite/schema.ts ProviderObjectSchema), with the project's defaults under it. */
export interface ProviderConfig {
  /** Registry name: `local`, `together`, `openai`, `a1111`, or one a user registered. */
  name: string;
  /** API base URL (HTTP providers; else an environment variable or the provider's default). */
  base_url?: string;
  /** Per-request timeout, ms. */
  timeout_ms?: number;
  /** Tries per case, retries included. */
  max_attempts?: number;
  /** Longest pause before a retry, whatever Retry-After asks. */
  max_retry_wait_ms?: number;
  /** Cap on images requested per minute from this endpoint. */
  images_per_minute?: number;
  /** Video: longest a job may take from create to completed, ms (default 10 minutes). */
  job_timeout_ms?: number;
  /** Video API base URL (default: base_url with /v1 replaced by /v2). */
  video_base_url?: string;
  /** Provider-specific options; each provider reads and checks its own (e.g. `revision` for `local`). */
  options?: Record<string, JsonValue>;
}

export interface GenerateContext {
  signal: AbortSignal;
  /** 1 for the first try; the runner counts retries. */
  attempt: number;
  /**
   * Names one generation of one case across its retries (the case id, and the repetition under --repeat):
   * a video job made by an earlier try is picked up again instead of paying for another.
   */
  key?: string;
}

export interface GeneratedImage {
  bytes: Uint8Array;
  /** A video model's clip is one "image" of format `mp4` or `webm`. */
  format: MediaFormat;
}

export interface Generation {
  images: GeneratedImage[];
  /** Which revision answered, when the provider tells (information only, never part of a key). */
  modelRevision?: string;
}

/**
 * One image API behind one interface, as its factory creates it when a run starts. Providers throw
 * `ProviderError` for anything the API refused. What models it knows is its factory's to say (ProviderFactory),
 * before any provider exists.
 */
export interface ImageProvider {
  readonly name: string;
  generate(request: ImageRequest, context: GenerateContext): Promise<Generation>;
  /** Values that must never appear in any output (API keys); they are redacted everywhere. */
  secrets?(): readonly string[];
  close?(): Promise<void>;
}

export interface ModelDescription {
  /** Undefined when the provider does not know the model. */
  capabilities?: ModelCapabilities;
  /** Set when the model makes video: its cases are video cases, checked against these. */
  video?: VideoModelCapabilities;
  knownModels: readonly string[];
  allowsUnknownModels: boolean;
}

/** What suite validation needs to know of providers, without creating one (no credentials needed). */
export interface ModelCatalog {
  providerNames(): readonly string[];
  describe(provider: ProviderConfig, model: string): ModelDescription;
}

/**
 * A provider as registered by name: it can describe models without
 * credentials (suite validation happens before anything is sent) and create
 * the live provider when a run starts.
 */
export interface ProviderFactory {
  name: string;
  /** Capabilities of a model (no network, no credentials); undefined when unknown. */
  capabilities(model: string, config: ProviderConfig): ModelCapabilities | undefined;
  knownModels(config: ProviderConfig): readonly string[];
  /** What a video model accepts (no network, no credentials); undefined for image models and unknown ones. */
  videoCapabilities?(model: string, config: ProviderConfig): VideoModelCapabilities | undefined;
  /** Whether unknown models may run (with a warning, without capability checks). */
  allowsUnknownModels: boolean;
  /** Pixel size a request will produce, when the provider can tell without asking (for --dry-run). */
  outputSize?(request: ImageRequest, config: ProviderConfig): readonly [number, number] | undefined;
  /** A warning about the configuration worth showing before a run (e.g. a model without seeds). */
  warnings?(config: ProviderConfig, env: NodeJS.ProcessEnv): string[];
  /** Create the live provider. Throw a SeedsnapError (exit 2) for missing credentials. */
  create(config: ProviderConfig, env: NodeJS.ProcessEnv): ImageProvider;
}

// ---------------------------------------------------------------- cases

/** Tolerances seedsnap judges by on its own: its default gates, a sweep cell's "close", an A/B pair's "same". */
export type ToleranceName = 'default' | 'sweep-close' | 'ab-same' | 'keyframe';

/** How far an image may be from the one it is compared with: every gate that is set must hold. */
export interface Tolerance {
  /** Set when seedsnap chose the gates (no layer of the suite set one), and on its own named checks. */
  name?: ToleranceName;
  /** pixelmatch colour threshold, 0..1; smaller is more sensitive. */
  threshold: number;
  /** Count anti-aliased pixels as differences too. */
  include_aa: boolean;
  max_diff_pixels?: number;
  max_diff_ratio?: number;
  /** Lowest SSIM (luminance, 8×8 windows) allowed, −1..1. */
  min_ssim?: number;
  /** Lowest PSNR allowed, in dB (identical pixels score 100). */
  min_psnr?: number;
  /** Highest mean absolute difference allowed, in 8-bit levels per channel. */
  max_mean_abs?: number;
  /** Largest move of the mean of R, G or B allowed, in levels (a colour cast or an exposure change). */
  max_colour_shift?: number;
  /** Largest move of a 16×16 block's mean R, G or B beyond the picture's own, in levels (a changed object). */
  max_local_colour_shift?: number;
  /** Largest translation of the whole picture allowed, in pixels along either axis. */
  max_shift_px?: number;
  /** Lowest edge energy allowed, as a share of the baseline's (a blur lowers it). */
  min_edge_ratio?: number;
  /** Highest GMSD (gradient magnitude similarity deviation) allowed: structure. */
  max_gmsd?: number;
  /**
   * Video: highest mean absolute difference between a keyframe's input image and the frame it was placed at
   * (keyframe fidelity), in 8-bit levels; not a gate of the frames themselves.
   */
  keyframe_max_mean_abs?: number;
}

/** The gates a tolerance can set, in the order they are judged and shown. */
export const TOLERANCE_GATES = [
  'max_diff_pixels',
  'max_diff_ratio',
  'min_ssim',
  'min_psnr',
  'max_mean_abs',
  'max_colour_shift',
  'max_local_colour_shift',
  'max_shift_px',
  'min_edge_ratio',
  'max_gmsd',
] as const;
export type GateName = (typeof TOLERANCE_GATES)[number];

/**
 * A tolerance as a suite (or `seedsnap diff`, or the vitest matcher) writes it: any of its keys, the layers
 * merged. The comparator fills in the defaults (compare/tolerance.ts).
 */
export type TolerancePatch = Partial<Omit<Tolerance, 'name'>>;

/** A rectangle of pixels left out of every metric (a watermark, a timestamp). */
export interface IgnoreRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type SweepValue = string | number | boolean;

/** One case: suite case × model × seed × sweep cell, fully resolved. */
export interface CaseSpec {
  /** Stable, readable id, e.g. `quickstart/lighthouse/sim-dev/steps=4,guidance_scale=3.5/seed=42`. */
  id: string;
  suite: string;
  suiteFile: string;
  caseId: string;
  model: string;
  modelLabel: string;
  seed: number;
  /** The sweep cell, in the order the suite declares the sweep's parameters. */
  sweep?: Record<string, SweepValue>;
  request: ImageRequest;
  /** Hash of the request as the suite asks for it (see `requestFingerprint`). */
  fingerprint: string;
  provider: ProviderConfig;
  /** The tolerance keys suite, model and case set, merged; the comparator adds the defaults. */
  tolerance: TolerancePatch;
  /** Regions of suite, model and case together; absent when none. */
  ignore?: IgnoreRegion[];
  expect: 'image' | 'blocked';
  location?: SourceLocation;
}
