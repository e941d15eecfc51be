/**
 * Loading suites: read → parse (with positions) → validate → expand. Every
 * problem in every file is collected and thrown together as one `SuiteError`,
 * so a user fixes a suite in one pass and nothing is generated meanwhile.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Problem, SuiteError } from '../errors.js';
import type { CaseSpec, ModelCatalog, ProviderConfig } from '../types.js';
import { expandSuite, providerConfig, type SuiteModel } from './expand.js';
import type { SuiteInput } from './schema.js';
import { validateSuite } from './validate.js';
import { MAX_SUITE_BYTES, parseYaml } from './yaml-source.js';

export interface LoadedSuite {
  name: string;
  file: string;
  provider: ProviderConfig;
  concurrency: number;
  /** The suite sets `concurrency:` itself (else a project config's default may replace it). */
  concurrencySet?: boolean;
  models: SuiteModel[];
  cases: CaseSpec[];
  /** Things that run but deserve a look (e.g. a model the provider does not know). */
  warnings: Problem[];
  input: SuiteInput;
}

export interface LoadSuiteOptions {
  catalog: ModelCatalog;
}

type LoadOutcome = { suite: LoadedSuite } | { problems: Problem[] };

/** Load one suite from text; `file` is used for names and positions only. */
export function loadSuiteText(file: string, text: string, options: LoadSuiteOptions): LoadedSuite {
  const outcome = loadOutcome(file, text, options);
  if ('problems' in outcome) throw new SuiteError(outcome.problems);
  return outcome.suite;
}

/** Load one suite file. Throws `SuiteError` listing every problem found. */
export async function loadSuiteFile(file: string, options: LoadSuiteOptions): Promise<LoadedSuite> {
  const [suite] = await loadSuiteFiles([file], options);
  if (!suite) throw new SuiteError([{ code: 'SUITE_NOT_FOUND', message: `no suite loaded from ${file}` }]);
  return suite;
}

/** Load several suites; problems of all files are reported together, as are two suites with one name. */
export async function loadSuiteFiles(files: readonly string[], options: LoadSuiteOptions): Promise<LoadedSuite[]> {
  const problems: Problem[] = [];
  const suites: LoadedSuite[] = [];
  for (const file of files) {
    const text = await readSuiteText(file, problems);
    if (text === undefined) continue;
    const outcome = loadOutcome(file, text, options);
    if ('problems' in outcome) problems.push(...outcome.problems);
    else suites.push(outcome.suite);
  }
  const byName = new Map<string, LoadedSuite>();
  for (const suite of suites) {
    const other = byName.get(suite.name);
    if (other) {
      problems.push({
        code: 'SUITE_DUPLICATE_ID',
        message: `suites ${other.file} and ${suite.file} are both named "${suite.name}"`,
        location: { file: suite.file, line: 1, col: 1 },
        hint: 'set a distinct "name:" in one of them; the name is the first part of every case id',
      });
    }
    byName.set(suite.name, suite);
  }
  if (problems.length > 0) throw new SuiteError(problems);
  return suites;
}

async function readSuiteText(file: string, problems: Problem[]): Promise<string | undefined> {
  try {
    const info = await stat(file);
    if (!info.isFile()) {
      problems.push({ code: 'SUITE_NOT_FOUND', message: `${file} is not a file`, hint: 'pass a suite .yaml file' });
      return undefined;
    }
    if (info.size > MAX_SUITE_BYTES) {
      problems.push({
        code: 'SUITE_TOO_LARGE',
        message: `${file} is ${info.size} bytes; the limit is ${MAX_SUITE_BYTES}`,
        hint: 'split the suite into several files',
      });
      return undefined;
    }
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problems.push({
      code: 'SUITE_NOT_FOUND',
      message: code === 'ENOENT' ? `suite file not found: ${file}` : `cannot read ${file}: ${String(error)}`,
      hint: 'check the path; suites usually live in suites/*.yaml',
    });
    return undefined;
  }
}

function loadOutcome(file: string, text: string, options: LoadSuiteOptions): LoadOutcome {
  const parsed = parseYaml(file, text);
  if ('problems' in parsed) return parsed;
  const validated = validateSuite(parsed.source, parsed.value);
  if ('problems' in validated) return validated;
  const input = validated.suite;
  const name = input.name ?? defaultSuiteName(file);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    return {
      problems: [
        {
          code: 'SUITE_NAME',
          message: `the file name gives the suite name "${name}", which is not a safe name`,
          location: { file, line: 1, col: 1 },
          hint: 'set "name:" to letters, digits, ".", "_" and "-"',
        },
      ],
    };
  }
  const expansion = expandSuite(parsed.source, input, name, options.catalog);
  if (expansion.problems.length > 0) return { problems: expansion.problems };
  return {
    suite: {
      name,
      file,
      provider: providerConfig(input.provider),
      concurrency: input.concurrency,
      concurrencySet: typeof parsed.value === 'object' && parsed.value !== null && 'concurrency' in parsed.value,
      models: expansion.models,
      cases: expansion.cases,
      warnings: expansion.warnings,
      input,
    },
  };
}

export function defaultSuiteName(file: string): string {
  return path.basename(file).replace(/\.(ya?ml)$/i, '');
}
