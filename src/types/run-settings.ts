/**
 * What a run is asked to do: one shape for what `runSuites` is given (runner/options.ts checks it where it
 * enters), what a run's journal records so `--resume` can finish the same run, and — the part that decides
 * which cases ran and how they were judged — what results.json records as `options`.
 */
import type { ProviderConfig } from './model.js';

export type UpdateMode = 'none' | 'all' | 'failed' | 'new';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** A project's defaults for every suite of a provider: any key of `provider:` but the name. */
export type ProviderDefaults = Omit<ProviderConfig, 'name'>;

export interface RunSettings {
  /** Suite files to run (absolute once a run has started, so a resumed run finds the same files). */
  suites: readonly string[];
  /** Folder of approved baselines (default `baselines`; absolute once a run has started). */
  baselinesDir: string;
  /** CI mode: a missing baseline fails and is not written. */
  ci: boolean;
  /** Which baselines a run writes: `all` (-u), `failed`, `new`, or `none`. */
  update: UpdateMode;
  /** Only cases whose id or prompt matches any of these (regular expressions, or plain text). */
  grep?: string | readonly string[];
  /** Leave out cases whose id or prompt matches any of these. */
  grepInvert?: string | readonly string[];
  /** Only these models (ids or labels). */
  models?: readonly string[];
  /** Only these case ids (what `--last-failed` chose). */
  ids?: readonly string[];
  /** The run whose failures `ids` came from. */
  lastFailedOf?: string;
  /** Start no case once this many have failed; the ones in flight finish, the rest are listed as not run. */
  maxFailures?: number;
  /** Requests in flight, overriding every suite's own concurrency. */
  concurrency?: number;
  /** Concurrency for suites that set none of their own (a project config's `concurrency`). */
  defaultConcurrency?: number;
  /** Per provider name, keys for suites whose `provider:` does not set them (a project config's `providers`). */
  providerDefaults?: Readonly<Record<string, ProviderDefaults>>;
  /** Generate each case k times; outputs that disagree make the case `flaky`. */
  repeat?: number;
  /** Run only shard i of n (runner/select.ts shardCases). */
  shard?: Shard;
  /** Compare with (and write) the baselines of this named variant. */
  variant?: string;
  /** Images whose header claims more megapixels are refused before decoding (default 64). */
  maxMegapixels?: number;
  /** Suites that would expand to more cases are refused before expanding (default 10,000). */
  maxCases?: number;
  /** Reports to write (default: html, json, junit, markdown). */
  reporters?: readonly string[];
}

/** The settings results.json records as `options` (with `ci` and `update`), in this order. */
export const RECORDED_SETTINGS = [
  'concurrency',
  'grep',
  'grepInvert',
  'models',
  'lastFailedOf',
  'maxFailures',
  'repeat',
  'shard',
  'variant',
] as const satisfies readonly (keyof RunSettings)[];
