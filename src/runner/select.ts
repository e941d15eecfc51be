/**
 * Choosing which cases a run covers: --grep and --grep-invert over id and prompt, --model by id or label,
 * and a list of ids (--last-failed). A filter that names nothing that exists is bad usage, never an empty
 * green run: the error lists what does exist.
 */
import { createHash } from 'node:crypto';
import { suggest } from '../suite/suggest.js';
import { UsageError } from '../types/errors.js';
import type { CaseSpec, NotRunCase, Shard } from '../types/index.js';

export interface CaseFilter {
  /** Cases whose id or prompt matches any of these patterns. */
  grep?: string | readonly string[];
  /** Leave out cases whose id or prompt matches any of these patterns. */
  grepInvert?: string | readonly string[];
  /** Only these models (ids or labels). */
  models?: readonly string[];
  /** Only these case ids (--last-failed). */
  ids?: readonly string[];
}

/** A pattern is a case-insensitive regular expression; text that is not a valid one matches literally. */
export function matcher(pattern: string): (text: string) => boolean {
  try {
    const regex = new RegExp(pattern, 'i');
    return (text) => regex.test(text);
  } catch {
    const needle = pattern.toLowerCase();
    return (text) => text.toLowerCase().includes(needle);
  }
}

export function patternsOf(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  return (typeof value === 'string' ? [value] : [...value]).filter((p) => p !== '');
}

const matchesCase = (test: (text: string) => boolean) => (c: CaseSpec) => test(c.id) || test(c.request.prompt);

export function selectCases(cases: readonly CaseSpec[], filter: CaseFilter): CaseSpec[] {
  const grep = patternsOf(filter.grep).map((p) => matchesCase(matcher(p)));
  const invert = patternsOf(filter.grepInvert).map((p) => matchesCase(matcher(p)));
  const models = filter.models && filter.models.length > 0 ? new Set(filter.models) : undefined;
  const ids = filter.ids ? new Set(filter.ids) : undefined;
  return cases.filter(
    (c) =>
      (grep.length === 0 || grep.some((g) => g(c))) &&
      !invert.some((g) => g(c)) &&
      (!models || models.has(c.model) || models.has(c.modelLabel)) &&
      (!ids || ids.has(c.id)),
  );
}

/** At most this many names in an error message; the rest are counted. */
const LISTED = 20;

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, LISTED).join(', ');
  return names.length > LISTED ? `${shown}, … (${names.length - LISTED} more)` : shown;
}

/** `suite/case` of every case, once each: what a user would type into --grep. */
export function caseNames(cases: readonly CaseSpec[]): string[] {
  return [...new Set(cases.map((c) => `${c.suite}/${c.caseId}`))];
}

/**
 * Each --model and each --grep pattern must match some case of the suites loaded (before the other
 * filters): a typo must not shrink a run silently to the cases the other values happen to match.
 */
export function checkFilter(cases: readonly CaseSpec[], filter: CaseFilter): void {
  const models = [...new Set(cases.flatMap((c) => (c.model === c.modelLabel ? [c.model] : [c.model, c.modelLabel])))];
  for (const model of filter.models ?? []) {
    if (models.includes(model)) continue;
    const close = suggest(model, models);
    throw new UsageError(
      `--model ${model} matches no model of the suites run; they have ${listNames(models)}`,
      `${close ? `did you mean ${close}? ` : ''}--model takes one model id or label (repeat it, or separate with commas)`,
    );
  }
  if (filter.ids && filter.ids.length > 0) {
    const wanted = new Set(filter.ids);
    if (!cases.some((c) => wanted.has(c.id))) {
      throw new UsageError(
        `none of the ${wanted.size} case(s) to run again is in the suites run: ${listNames([...wanted])}`,
        'the cases were renamed or their suite is not loaded; name the suites, or run them all',
      );
    }
  }
  for (const pattern of patternsOf(filter.grep)) {
    if (cases.some(matchesCase(matcher(pattern)))) continue;
    throw new UsageError(
      `--grep "${pattern}" matches no case id or prompt; the cases are ${listNames(caseNames(cases))}`,
      'a pattern is a case-insensitive regular expression over the id (suite/case/model/…/seed=N) and the prompt; seedsnap run --dry-run lists every id',
    );
  }
}

/** The error for filters that each match something but leave no case together. */
export function noCaseError(cases: readonly CaseSpec[]): UsageError {
  return new UsageError(
    `no case matches the filters; the cases are ${listNames(caseNames(cases))}`,
    'check --grep, --grep-invert, --model and --shard against the suite (seedsnap run --dry-run lists the cases)',
  );
}

export function notRunCase(spec: CaseSpec, reason: string): NotRunCase {
  return {
    id: spec.id,
    suite: spec.suite,
    case: spec.caseId,
    model: spec.model,
    modelLabel: spec.modelLabel,
    seed: spec.seed,
    ...(spec.sweep ? { sweep: spec.sweep } : {}),
    request: spec.request,
    reason,
  };
}

export function parseShard(value: string): Shard | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  return index >= 1 && count >= 1 && index <= count ? { index, count } : undefined;
}

/**
 * Shard i of n: cases ordered by a hash of their id, cut into n contiguous slices whose sizes
 * differ by at most one (as Jest shards test files). The order depends on ids only, so every
 * machine computes the same split, and a new case moves at most one case per shard boundary.
 */
export function shardCases(cases: readonly CaseSpec[], shard: Shard): CaseSpec[] {
  const ordered = cases
    .map((c) => ({ c, key: createHash('sha1').update(c.id).digest('hex') }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const start = Math.floor((ordered.length * (shard.index - 1)) / shard.count);
  const end = Math.floor((ordered.length * shard.index) / shard.count);
  const chosen = new Set(ordered.slice(start, end).map((o) => o.c.id));
  // Keep the suite's own order inside the shard, so reports read the same as unsharded ones.
  return cases.filter((c) => chosen.has(c.id));
}
