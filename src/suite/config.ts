/**
 * Loading the project config (`seedsnap.config.yaml`, `.yml`, `.json` or `.mjs`): parse with
 * positions, validate against the schema, then check what the schema cannot know (provider and
 * reporter names). Every problem is collected and thrown together, with `file:line:col`, as for
 * suites: a config that is wrong stops the command before anything is generated.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { z } from 'zod';
import { configCode } from '../types/codes.js';
import { ConfigError, type Problem, type SourceLocation } from '../types/errors.js';
import type { ModelCatalog } from '../types/index.js';
import { type ProjectConfigInput, ProjectConfigSchema, ProviderDefaultsSchema } from './config-schema.js';
import { didYouMean } from './suggest.js';
import { locate, MAX_SUITE_BYTES, parseYaml, type YamlPath, type YamlSource } from './yaml-source.js';

/** Looked for in this order in each folder; two of them in one folder is an error. */
export const CONFIG_FILES = [
  'seedsnap.config.yaml',
  'seedsnap.config.yml',
  'seedsnap.config.json',
  'seedsnap.config.mjs',
] as const;

export interface ProjectConfig {
  /** Absolute path of the config file. */
  file: string;
  input: ProjectConfigInput;
}

export interface LoadConfigOptions {
  /** Provider names to check `providers:` against (a typo would otherwise apply to nothing). */
  catalog?: ModelCatalog;
  /** Why a reporter name is not accepted, or undefined when it is (the CLI knows its reporters). */
  checkReporter?: (name: string) => string | undefined;
}

type Issue = z.core.$ZodIssue;

/** Where a problem is: positioned in YAML/JSON, or only the file for an `.mjs` config. */
type Locator = (path: YamlPath, options?: { key?: boolean }) => SourceLocation;

export async function loadProjectConfig(file: string, options: LoadConfigOptions = {}): Promise<ProjectConfig> {
  const absolute = path.resolve(file);
  const shown = path.relative(process.cwd(), absolute) || absolute;
  const info = await stat(absolute).catch(() => undefined);
  if (!info?.isFile()) {
    throw new ConfigError([
      {
        code: 'CONFIG_NOT_FOUND',
        message: `config file not found: ${file}`,
        hint: `pass an existing file to --config, or leave it out to use ${CONFIG_FILES[0]} found above the suites`,
      },
    ]);
  }
  let value: unknown;
  let at: Locator;
  if (absolute.endsWith('.mjs')) {
    value = await importConfig(absolute, shown);
    at = () => ({ file: shown, line: 1, col: 1 });
  } else {
    if (info.size > MAX_SUITE_BYTES) {
      throw new ConfigError([{ code: 'CONFIG_TOO_LARGE', message: `${shown} is ${info.size} bytes` }]);
    }
    const parsed = parseYaml(shown, await readFile(absolute, 'utf8'));
    if ('problems' in parsed) throw new ConfigError(parsed.problems.map(asConfigProblem));
    value = parsed.value ?? {};
    const source: YamlSource = parsed.source;
    at = (p, o) => locate(source, p, o);
  }
  const problems = [...schemaProblems(value, at), ...nameProblems(value, at, options)];
  const byPosition = (a: Problem, b: Problem) =>
    (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.col ?? 0) - (b.location?.col ?? 0);
  if (problems.length > 0) throw new ConfigError(problems.sort(byPosition));
  return { file: absolute, input: ProjectConfigSchema.parse(value) };
}

async function importConfig(file: string, shown: string): Promise<unknown> {
  try {
    const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
    return module.default ?? {};
  } catch (error) {
    throw new ConfigError([
      {
        code: 'CONFIG_LOAD',
        message: `${shown} could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
        location: { file: shown, line: 1, col: 1 },
        hint: 'an .mjs config is a module whose default export is the config object',
      },
    ]);
  }
}

function asConfigProblem(problem: Problem): Problem {
  return { ...problem, code: configCode(problem.code) };
}

function describePath(p: YamlPath): string {
  return p.length === 0
    ? 'the config'
    : p.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

const TOP_KEYS = Object.keys(ProjectConfigSchema.shape).filter((k) => k !== '$schema');
const PROVIDER_KEYS = Object.keys(ProviderDefaultsSchema.shape);

function schemaProblems(value: unknown, at: Locator): Problem[] {
  const parsed = ProjectConfigSchema.safeParse(value, { reportInput: true });
  if (parsed.success) return [];
  return parsed.error.issues.flatMap((issue) => toProblems(issue, at));
}

function toProblems(issue: Issue, at: Locator): Problem[] {
  const p = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
  const where = describePath(p);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = p[0] === 'providers' ? PROVIDER_KEYS : TOP_KEYS;
      return issue.keys.map((key) => ({
        code: 'CONFIG_UNKNOWN_KEY',
        message: `unknown key "${key}" in ${where}`,
        location: at([...p, key], { key: true }),
        hint: didYouMean(key, allowed) ?? `allowed here: ${allowed.join(', ')}`,
      }));
    }
    case 'invalid_union':
      return [
        {
          code: 'CONFIG_TYPE',
          message: `${where} must be a glob or a list of globs, not ${describeValue(input)}`,
          location: at(p),
          hint: 'e.g. suites: ["suites/**/*.yaml"]',
        },
      ];
    case 'invalid_type': {
      // The schema's own words when it has them ("concurrency must be a whole number"), zod's are generic.
      const said = /^Invalid/.test(issue.message) ? `${where} must be ${article(issue.expected)}` : issue.message;
      return [
        {
          code: 'CONFIG_TYPE',
          message: `${said}, not ${describeValue(input)}`,
          location: at(p),
          hint: 'see seedsnap.config.schema.json (seedsnap init writes it) for every key and its type',
        },
      ];
    }
    default: {
      const key = p[p.length - 1];
      const subject = typeof key === 'string' && issue.message.startsWith(key) ? '' : `${where}: `;
      return [{ code: 'CONFIG_VALUE', message: `${subject}${issue.message}`, location: at(p) }];
    }
  }
}

/** Provider and reporter names, checked wherever the values have the right shape (all problems at once). */
function nameProblems(value: unknown, at: Locator, options: LoadConfigOptions): Problem[] {
  if (value === null || typeof value !== 'object') return [];
  const config = value as Record<string, unknown>;
  const problems: Problem[] = [];
  const providers = config.providers;
  const known = options.catalog?.providerNames() ?? [];
  if (known.length > 0 && providers && typeof providers === 'object' && !Array.isArray(providers)) {
    for (const name of Object.keys(providers)) {
      if (known.includes(name)) continue;
      problems.push({
        code: 'CONFIG_PROVIDER',
        message: `unknown provider "${name}" in providers`,
        location: at(['providers', name], { key: true }),
        hint: didYouMean(name, known) ?? `use one of ${known.join(', ')}`,
      });
    }
  }
  const reporters = config.reporters;
  if (options.checkReporter && Array.isArray(reporters)) {
    reporters.forEach((name, i) => {
      if (typeof name !== 'string') return;
      const hint = options.checkReporter?.(name);
      if (hint === undefined) return;
      problems.push({
        code: 'CONFIG_VALUE',
        message: `unknown reporter "${name}"`,
        location: at(['reporters', i]),
        hint,
      });
    });
  }
  return problems;
}

function article(expected: string): string {
  const names: Record<string, string> = {
    object: 'a mapping (key: value)',
    array: 'a list',
    string: 'a string',
    number: 'a number',
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
