/**
 * zod issues turned into positioned problems with a fix: the key or value is
 * located in the YAML, unknown keys get a "did you mean", enums list their values.
 */
import type { z } from 'zod';
import type { Problem } from '../types/errors.js';
import { type SuiteInput, SuiteSchema } from './schema.js';
import { didYouMean } from './suggest.js';
import { locate, type YamlPath, type YamlSource } from './yaml-source.js';

type Issue = z.core.$ZodIssue;

export function validateSuite(source: YamlSource, value: unknown): { suite: SuiteInput } | { problems: Problem[] } {
  const parsed = SuiteSchema.safeParse(value, { reportInput: true });
  if (parsed.success) return { suite: parsed.data };
  const problems = flattenIssues(parsed.error.issues, value)
    .flatMap(oneKeyEach)
    .map((issue) => toProblem(source, issue));
  const byPosition = (a: Problem, b: Problem) =>
    (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.col ?? 0) - (b.location?.col ?? 0);
  return { problems: dedupe(withoutMissingKeysExplainedByTypos(problems)).sort(byPosition) };
}

/** A union error is replaced by the errors of the branch whose type matched the input. */
function flattenIssues(issues: readonly Issue[], root: unknown): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues) {
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const input = valueAt(root, issue.path);
      const branch =
        issue.errors.find((errors) => !errors.some((e) => e.code === 'invalid_type' && e.path.length === 0)) ??
        issue.errors.find(() => typeof input === 'object' && input !== null);
      if (branch) {
        out.push(
          ...flattenIssues(
            branch.map((e) => ({ ...e, path: [...issue.path, ...e.path] }) as Issue),
            root,
          ),
        );
        continue;
      }
    }
    out.push(issue);
  }
  return out;
}

/** zod reports the unknown keys of a mapping together; each gets its own problem, position and hint. */
function oneKeyEach(issue: Issue): Issue[] {
  if (issue.code !== 'unrecognized_keys') return [issue];
  return issue.keys.map((key) => ({ ...issue, keys: [key] }));
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}

function yamlPath(path: readonly PropertyKey[]): YamlPath {
  return path.filter((p): p is string | number => typeof p !== 'symbol');
}

function describePath(path: YamlPath): string {
  if (path.length === 0) return 'the suite';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function toProblem(source: YamlSource, issue: Issue): Problem {
  const path = yamlPath(issue.path);
  const where = describePath(path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0] ?? '';
      const allowed = allowedKeysAt(path);
      const hint = /key|token|secret|password|auth/i.test(key)
        ? 'never put credentials in a suite: seedsnap reads them from the environment (TOGETHER_API_KEY, OPENAI_API_KEY)'
        : (didYouMean(key, allowed) ?? (allowed.length > 0 ? `allowed here: ${allowed.join(', ')}` : undefined));
      return {
        code: 'SUITE_UNKNOWN_KEY',
        message: `unknown key "${key}" in ${where}`,
        location: locate(source, [...path, key], { key: true }),
        ...(hint ? { hint } : {}),
      };
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => JSON.stringify(v));
      const input = (issue as { input?: unknown }).input;
      const suggestion =
        typeof input === 'string'
          ? didYouMean(
              input,
              issue.values.map((v) => String(v)),
            )
          : undefined;
      return {
        code: 'SUITE_VALUE',
        message: `${where} must be one of ${values.join(', ')}${input === undefined ? '' : `, not ${JSON.stringify(input)}`}`,
        location: locate(source, path),
        hint: suggestion ?? `use one of ${values.join(', ')}`,
      };
    }
    case 'invalid_type': {
      const input = (issue as { input?: unknown }).input;
      if (input === undefined) {
        const key = path[path.length - 1];
        return {
          code: 'SUITE_MISSING_KEY',
          message: `${where} is required`,
          location: locate(source, path.slice(0, -1)),
          hint: `add "${String(key)}:" here`,
        };
      }
      return {
        code: 'SUITE_TYPE',
        message: `${where} must be ${article(issue.expected)}, not ${describeValue(input)}`,
        location: locate(source, path),
        hint: typeHint(issue.expected, input),
      };
    }
    default: {
      const input = (issue as { input?: unknown }).input;
      const scalar = input !== undefined && typeof input !== 'object';
      const key = path[path.length - 1];
      const requirement = ownWords(issue);
      // The schema's own messages name their key; zod's generic ones ("Too small: …") are reworded.
      const message = requirement
        ? `${where} ${requirement}${scalar && input !== '' ? `, not ${JSON.stringify(input)}` : ''}`
        : `${typeof key === 'string' && issue.message.startsWith(key) ? '' : `${where}: `}${issue.message}${scalar && input !== '' ? `, got ${JSON.stringify(input)}` : ''}`;
      return { code: 'SUITE_VALUE', message, location: locate(source, path), hint: rangeHint(issue, key) };
    }
  }
}

function article(expected: string): string {
  const names: Record<string, string> = {
    object: 'a mapping (key: value)',
    array: 'a list',
    string: 'a string',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
  };
  return names[expected] ?? `a ${expected}`;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'empty (null)';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function typeHint(expected: string, input: unknown): string {
  if (expected === 'array') return 'write a YAML list, e.g. [1, 42] or one "- item" per line';
  if (expected === 'object') return 'write "key: value" pairs indented under this key';
  if (expected === 'number' || expected === 'int') {
    if (typeof input === 'string' && input.trim() !== '' && Number.isFinite(Number(input))) {
      return 'write the number without quotes';
    }
    if (typeof input === 'number') return `use a whole number, e.g. ${Math.round(input)}`;
    return `write ${article(expected)} in digits, without quotes`;
  }
  if (expected === 'string') {
    return typeof input === 'object'
      ? 'write the text itself, quoted if it holds ":" or "#"'
      : `quote it: "${String(input)}"`;
  }
  return `write ${article(expected)}`;
}

/** zod's generic wording of a range or format issue in the suite's words; undefined for the schema's own messages. */
function ownWords(issue: Issue): string | undefined {
  if (!/^(Too small|Too big|Invalid)\b/.test(issue.message)) return undefined;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  switch (issue.code) {
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string')
        return min <= 1 ? 'must not be empty' : `must be at least ${plural(min, 'character')}`;
      if (issue.origin === 'array') return `must list at least ${min <= 1 ? 'one value' : plural(min, 'value')}`;
      return issue.inclusive === false ? `must be more than ${min}` : `must be at least ${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `must be at most ${plural(max, 'character')}`;
      if (issue.origin === 'array') return `must list at most ${plural(max, 'value')}`;
      return issue.inclusive === false ? `must be less than ${max}` : `must be at most ${max}`;
    }
    case 'invalid_format':
      if (issue.format === 'url') return 'must be a full URL';
      if (issue.format === 'regex' && String(issue.pattern).includes(':[1-9]')) return 'must look like "16:9"';
      return issue.format === 'regex' ? `must match ${String(issue.pattern)}` : undefined;
    default:
      return undefined;
  }
}

function rangeHint(issue: Issue, key: string | number | undefined): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string')
        return key === 'prompt' ? 'write the prompt text' : 'write a value, or remove the key';
      if (issue.origin === 'array') return 'add a value to the list, or remove the key';
      return issue.inclusive === false
        ? `use a value above ${String(issue.minimum)}`
        : `use a value of at least ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'array') return `list at most ${String(issue.maximum)} values`;
      return issue.inclusive === false
        ? `use a value below ${String(issue.maximum)}`
        : `use a value of at most ${String(issue.maximum)}`;
    case 'not_multiple_of':
      return `use a multiple of ${String(issue.divisor)}, e.g. 512, 768 or 1024`;
    case 'invalid_format':
      if (issue.format === 'url') return 'write it with http:// or https://, e.g. https://api.example.com/v1';
      if (issue.message.includes('may hold only')) return 'rename it with those characters only, e.g. red-fox';
      if (issue.format === 'regex' && String(issue.pattern).includes(':[1-9]')) {
        return 'write width:height in whole numbers, quoted, e.g. "16:9"';
      }
      return 'see suites/suite.schema.json for the format';
    default:
      return 'see suites/suite.schema.json for the allowed values';
  }
}

/** "promt" is unknown and "prompt" is missing: one mistake, so report it once, as the typo. */
function withoutMissingKeysExplainedByTypos(problems: Problem[]): Problem[] {
  const suggested = new Set(
    problems
      .filter((p) => p.code === 'SUITE_UNKNOWN_KEY' && p.hint?.startsWith('did you mean'))
      .map((p) => {
        const where = p.message.slice(p.message.lastIndexOf(' in ') + 4);
        const key = /"([^"]+)"\?$/.exec(p.hint ?? '')?.[1];
        return where === 'the suite' ? `${key}` : `${where}.${key}`;
      }),
  );
  return problems.filter(
    (p) => !(p.code === 'SUITE_MISSING_KEY' && suggested.has(p.message.replace(/ is required$/, ''))),
  );
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.location?.line}:${p.location?.col}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---------------------------------------------------------------- schema walking

interface Def {
  type: string;
  shape?: Record<string, { _zod: { def: Def } }>;
  element?: { _zod: { def: Def } };
  innerType?: { _zod: { def: Def } };
  options?: { _zod: { def: Def } }[];
  valueType?: { _zod: { def: Def } };
  in?: { _zod: { def: Def } };
}

/** Keys an object at `path` accepts, read from the schema itself so hints never drift from it. */
export function allowedKeysAt(path: YamlPath): string[] {
  const defs = defsAt((SuiteSchema as unknown as { _zod: { def: Def } })._zod.def, path);
  const keys = new Set<string>();
  for (const def of defs) for (const key of Object.keys(def.shape ?? {})) keys.add(key);
  keys.delete('$schema');
  return [...keys];
}

function unwrap(def: Def): Def[] {
  if (def.innerType) return unwrap(def.innerType._zod.def);
  if (def.type === 'union' && def.options) return def.options.flatMap((o) => unwrap(o._zod.def));
  if (def.type === 'pipe' && def.in) return unwrap(def.in._zod.def);
  return [def];
}

function defsAt(root: Def, path: YamlPath): Def[] {
  let current = unwrap(root);
  for (const segment of path) {
    const next: Def[] = [];
    for (const def of current) {
      if (def.type === 'object' && typeof segment === 'string' && def.shape?.[segment]) {
        next.push(...unwrap(def.shape[segment]._zod.def));
      } else if (def.type === 'array' && typeof segment === 'number' && def.element) {
        next.push(...unwrap(def.element._zod.def));
      } else if (def.type === 'record' && def.valueType) {
        next.push(...unwrap(def.valueType._zod.def));
      }
    }
    current = next;
  }
  return current.filter((d) => d.type === 'object');
}
