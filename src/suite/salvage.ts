/**
 * The parts of a suite that parsed, when the suite as a whole did not. The
 * schema problems are reported by validate.ts; this lets expansion still run
 * its sweep, id and model checks on everything else, so a user fixes a suite
 * in one pass rather than in rounds.
 *
 * What did not parse is left out, never guessed: a case or model entry that
 * lost a required key is undefined (its index is kept, so positions stay
 * right), and a request any of whose layers lost a key is not checked against
 * its model — "width without height" after a bad height would only repeat it.
 */
import type { z } from 'zod';
import { type CaseInput, CaseSchema, ModelEntrySchema, ModelObjectSchema, paramShape, SuiteSchema } from './schema.js';

export type ModelEntry = z.infer<typeof ModelEntrySchema>;

const HeadSchema = SuiteSchema.omit({ cases: true, models: true });
type Head = z.infer<typeof HeadSchema>;

/** A suite, or the parts of one that parsed: an entry of `cases` or `models` that did not parse is undefined. */
export type SuiteShape = Head & {
  cases: readonly (CaseInput | undefined)[];
  models: readonly (ModelEntry | undefined)[];
};

export interface SuiteParts {
  suite: SuiteShape;
  /** Cases whose request (a parameter, the prompt, the sweep, the models) lost a key: not checked against a model. */
  uncheckedCases: ReadonlySet<number>;
  /** Models whose id, label, defaults or capabilities lost a key: no request is checked against them. */
  uncheckedModels: ReadonlySet<number>;
  /** False when the suite's defaults lost a key: then no request can be checked against any model. */
  checkRequests: boolean;
  /** False when a model entry did not parse at all: a case naming a model may be naming that one. */
  modelsComplete: boolean;
}

/** A suite that parsed as a whole: every part of it. */
export function wholeSuite(suite: SuiteShape): SuiteParts {
  return { suite, uncheckedCases: new Set(), uncheckedModels: new Set(), checkRequests: true, modelsComplete: true };
}

const REQUEST_KEYS = new Set<string>(['prompt', 'sweep', 'models', ...Object.keys(paramShape)]);
const MODEL_REQUEST_KEYS = new Set<string>(['id', 'label', 'defaults', 'capabilities']);

/** Undefined when nothing can be checked: the suite is not a mapping, or names no provider. */
export function salvageSuite(value: unknown): SuiteParts | undefined {
  if (!isRecord(value)) return undefined;
  const { cases: rawCases, models: rawModels, ...rawHead } = value;
  const head = salvageObject(HeadSchema, rawHead);
  if (!head.value) return undefined;
  let headValue: Head = head.value;
  if (head.removed.includes('provider')) {
    // The provider's default would be a guess: keep the name it gives, or check nothing against a catalog.
    const provider = rawHead.provider;
    const name = typeof provider === 'string' ? provider : isRecord(provider) ? provider.name : undefined;
    if (typeof name !== 'string' || name === '') return undefined;
    headValue = { ...headValue, provider: name };
  }

  const uncheckedModels = new Set<number>();
  let modelsComplete = Array.isArray(rawModels);
  const models = (Array.isArray(rawModels) ? rawModels : []).map((raw, index) => {
    const entry = isRecord(raw) ? salvageObject(ModelObjectSchema, raw) : salvageObject(ModelEntrySchema, raw);
    if (!entry.value) modelsComplete = false;
    if (entry.removed.some((key) => MODEL_REQUEST_KEYS.has(key) || !(key in ModelObjectSchema.shape))) {
      uncheckedModels.add(index);
    }
    return entry.value;
  });

  const uncheckedCases = new Set<number>();
  const cases = (Array.isArray(rawCases) ? rawCases : []).map((raw, index) => {
    const entry = salvageObject(CaseSchema, raw);
    // An unknown key may be a misspelt parameter, so it leaves the request unchecked too.
    if (entry.removed.some((key) => REQUEST_KEYS.has(key) || !(key in CaseSchema.shape))) uncheckedCases.add(index);
    return entry.value;
  });

  return {
    suite: { ...headValue, models, cases },
    uncheckedCases,
    uncheckedModels,
    checkRequests: !head.removed.includes('defaults'),
    modelsComplete,
  };
}

interface Salvaged<T> {
  value?: T;
  /** Top-level keys left out because they (or something under them) did not parse; '*' for the whole value. */
  removed: string[];
}

/** Parse `raw`; failing that, leave out each key with a problem and parse what remains. */
function salvageObject<T>(schema: z.ZodType<T>, raw: unknown): Salvaged<T> {
  const first = schema.safeParse(raw);
  if (first.success) return { value: first.data, removed: [] };
  if (!isRecord(raw)) return { removed: ['*'] };
  const bad = new Set<string>();
  for (const issue of first.error.issues) {
    const [key] = issue.path;
    if (issue.code === 'unrecognized_keys' && issue.path.length === 0) for (const k of issue.keys) bad.add(k);
    else if (typeof key === 'string') bad.add(key);
    else return { removed: ['*'] };
  }
  const pruned = Object.fromEntries(Object.entries(raw).filter(([key]) => !bad.has(key)));
  const second = schema.safeParse(pruned);
  return second.success ? { value: second.data, removed: [...bad] } : { removed: [...bad, '*'] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
