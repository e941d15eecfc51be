/**
 * `runSuites` options: one type (RunSettings, plus what only a live call can pass: a registry, listeners, a
 * signal…), checked where it enters the library. A wrong value is a UsageError naming the option and the
 * value, thrown before any file is read or folder made; the checked settings are what the run's journal
 * records and what a resumed run reads back (with the same schema).
 */
import path from 'node:path';
import { z } from 'zod';
import type { ProviderRegistry } from '../providers/registry.js';
import { ProviderDefaultsSchema } from '../suite/config-schema.js';
import { DEFAULT_BASELINES_DIR } from '../suite/project.js';
import { UsageError } from '../types/errors.js';
import type { RunListener, RunSettings } from '../types/index.js';
import type { RetryPolicy } from './retry.js';

export interface RunOptions extends Partial<RunSettings> {
  /** Suite files to run. */
  suites: readonly string[];
  registry?: ProviderRegistry;
  /** Folder for run folders (default `reports`). */
  reportsDir?: string;
  /** Use this run folder instead of a new one under reportsDir. */
  outDir?: string;
  /** Finish this interrupted run folder; its journal says what to run, the settings given here are ignored. */
  resume?: string;
  listeners?: readonly RunListener[];
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  retry?: Partial<RetryPolicy>;
  /** Per-request timeout, ms (default 120 s; a suite's provider.timeout_ms wins). */
  timeoutMs?: number;
  /** Refuse to start when the estimated cost (USD) is above this. */
  maxCost?: number;
  now?: () => Date;
}

export const DEFAULT_TIMEOUT_MS = 120_000;

/** A whole number from 1 up, with p-limit's wording: the option is named in the error. */
const count = (name: string) => {
  const error = `Expected \`${name}\` to be a whole number from 1 up`;
  return z.int({ error }).min(1, { error });
};
const positive = (name: string) =>
  z.number({ error: `Expected \`${name}\` to be a number` }).positive({
    error: `Expected \`${name}\` to be a number above 0`,
  });
const patterns = z.union([z.string(), z.array(z.string())]);
const names = z.array(z.string().min(1));

const SETTINGS_SHAPE = {
  suites: z.array(z.string().min(1, { error: 'Expected every suite to be a file name' })),
  baselinesDir: z.string().min(1),
  ci: z.boolean(),
  update: z.enum(['none', 'all', 'failed', 'new'], { error: 'Expected `update` to be all, failed, new or none' }),
  grep: patterns.optional(),
  grepInvert: patterns.optional(),
  models: names.optional(),
  ids: names.optional(),
  lastFailedOf: z.string().optional(),
  maxFailures: count('maxFailures').optional(),
  concurrency: count('concurrency').optional(),
  defaultConcurrency: count('defaultConcurrency').optional(),
  providerDefaults: z.record(z.string(), ProviderDefaultsSchema).optional(),
  repeat: count('repeat').optional(),
  shard: z
    .strictObject({ index: count('shard.index'), count: count('shard.count') })
    .refine((s) => s.index <= s.count, { error: 'Expected `shard.index` to be at most `shard.count`' })
    .optional(),
  variant: z.string().min(1).optional(),
  maxMegapixels: positive('maxMegapixels').optional(),
  maxCases: count('maxCases').optional(),
  reporters: names.optional(),
} satisfies Record<keyof RunSettings, z.ZodType>;

/** RunSettings as a schema: the same check for a call's options and for a journal read back. */
export const RunSettingsSchema = z.strictObject(SETTINGS_SHAPE);

const HooksSchema = z.object({
  timeoutMs: positive('timeoutMs').optional(),
  maxCost: z.number({ error: 'Expected `maxCost` to be a number of US dollars' }).min(0).optional(),
});

function usageError(error: z.ZodError, given: unknown): UsageError {
  const issue = error.issues[0];
  const at = issue?.path.map(String).join('.') ?? '';
  const value = issue?.path.reduce<unknown>(
    (v, key) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined),
    given,
  );
  const message = issue?.message.startsWith('Expected') ? issue.message : `Expected \`${at}\`: ${issue?.message}`;
  return new UsageError(`runSuites: ${message}, got ${JSON.stringify(value) ?? String(value)}`);
}

/** Only the keys that are set: an undefined option is a default, never a value. */
function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The settings of a new run, checked, with their defaults and with paths made absolute so a resumed run finds
 * the same files. A repeat of 1 is no repeat. Throws UsageError naming the first wrong option.
 */
export function resolveRunSettings(options: RunOptions): RunSettings {
  checkRunHooks(options);
  const given = defined({
    suites: [...options.suites],
    baselinesDir: options.baselinesDir ?? DEFAULT_BASELINES_DIR,
    ci: options.ci ?? false,
    update: options.update ?? 'none',
    grep: typeof options.grep === 'string' || options.grep === undefined ? options.grep : [...options.grep],
    grepInvert:
      typeof options.grepInvert === 'string' || options.grepInvert === undefined
        ? options.grepInvert
        : [...options.grepInvert],
    models: options.models && [...options.models],
    ids: options.ids && [...options.ids],
    lastFailedOf: options.lastFailedOf,
    maxFailures: options.maxFailures,
    concurrency: options.concurrency,
    defaultConcurrency: options.defaultConcurrency,
    providerDefaults: options.providerDefaults,
    repeat: options.repeat,
    shard: options.shard,
    variant: options.variant,
    maxMegapixels: options.maxMegapixels,
    maxCases: options.maxCases,
    reporters: options.reporters && [...options.reporters],
  });
  const parsed = RunSettingsSchema.safeParse(given);
  if (!parsed.success) throw usageError(parsed.error, given);
  const { repeat, ...settings } = parsed.data;
  return {
    ...settings,
    suites: settings.suites.map((s) => path.resolve(s)),
    baselinesDir: path.resolve(settings.baselinesDir),
    ...(repeat !== undefined && repeat > 1 ? { repeat } : {}),
  };
}

/** What only a live call passes (a timeout, a budget), checked the same way; a resumed run checks these too. */
export function checkRunHooks(options: RunOptions): void {
  const hooks = defined({ timeoutMs: options.timeoutMs, maxCost: options.maxCost });
  const parsed = HooksSchema.safeParse(hooks);
  if (!parsed.success) throw usageError(parsed.error, hooks);
}
