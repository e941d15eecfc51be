/**
 * Loading suites: read → parse (with positions) → validate → expand. Every
 * problem in every file is collected and thrown together as one `SuiteError`,
 * so a user fixes a suite in one pass and nothing is generated meanwhile.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Problem, type SourceLocation, SuiteError } from '../types/errors.js';
import type { CaseSpec, ModelCatalog, ProviderConfig } from '../types/index.js';
import { expandSuite, providerConfig, type SuiteModel } from './expand.js';
import { caseCountProblems, collisionKey, DEFAULT_MAX_CASES, segmentProblems } from './limits.js';
import { type SuiteParts, salvageSuite, wholeSuite } from './salvage.js';
import type { SuiteInput } from './schema.js';
import { validateSuite } from './validate.js';
import { locate, MAX_SUITE_BYTES, parseYaml, type YamlSource } from './yaml-source.js';

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
  /**
   * Refuse suites that would expand to more cases than this, before expanding them (default 10,000):
   * a few lines of sweep can ask for millions.
   */
  maxCases?: number;
}

/** Load one suite from text; `file` is used for names and positions only. */
export function loadSuiteText(file: string, text: string, options: LoadSuiteOptions): LoadedSuite {
  const problems: Problem[] = [];
  const [suite] = loadTexts([{ file, text }], options, problems);
  if (problems.length > 0 || !suite) throw new SuiteError(problems);
  return suite;
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
  const texts: { file: string; text: string }[] = [];
  for (const file of files) {
    const text = await readSuiteText(file, problems);
    if (text !== undefined) texts.push({ file, text });
  }
  const suites = loadTexts(texts, options, problems);
  if (problems.length > 0) throw new SuiteError(problems);
  return suites;
}

/**
 * Every suite of a run, checked in one pass: each file is parsed and validated, the parts of a broken
 * one are salvaged, every suite is counted (the whole run against `maxCases`) before any is expanded,
 * and expansion's own checks run on everything that parsed. Problems go to `problems`, file by file in
 * source order; a suite is returned only when it has none.
 */
function loadTexts(
  texts: readonly { file: string; text: string }[],
  options: LoadSuiteOptions,
  problems: Problem[],
): LoadedSuite[] {
  const prepared = texts.map(({ file, text }) => prepare(file, text));
  const counted = prepared.flatMap((p) => (p.parts && p.source ? [{ ...p, parts: p.parts, source: p.source }] : []));
  const tooMany = caseCountProblems(
    counted.map((p) => ({ suite: p.parts.suite, file: p.file, locate: (i: number) => caseLocation(p.source, p, i) })),
    options.maxCases ?? DEFAULT_MAX_CASES,
  );
  const suites: LoadedSuite[] = [];
  for (const p of prepared) {
    const own = [...p.problems, ...tooMany.filter((t) => t.location?.file === p.file)];
    if (p.parts && p.source && tooMany.length === 0) {
      const expansion = expandSuite({ source: p.source, parts: p.parts, name: p.name, catalog: options.catalog });
      own.push(...expansion.problems);
      if (own.length === 0 && p.input) {
        suites.push({
          name: p.name,
          file: p.file,
          provider: providerConfig(p.input.provider),
          concurrency: p.input.concurrency,
          concurrencySet: p.concurrencySet,
          models: expansion.models,
          cases: expansion.cases,
          warnings: expansion.warnings,
          input: p.input,
        });
      }
    }
    problems.push(...own.sort(byPosition));
  }
  const byName = new Map<string, LoadedSuite>();
  for (const suite of suites) {
    const other = byName.get(collisionKey(suite.name));
    if (other) {
      problems.push({
        code: 'SUITE_DUPLICATE_ID',
        message:
          other.name === suite.name
            ? `suites ${other.file} and ${suite.file} are both named "${suite.name}"`
            : `suites ${other.file} ("${other.name}") and ${suite.file} ("${suite.name}") have names that differ only in letter case`,
        location: { file: suite.file, line: 1, col: 1 },
        hint: 'set a distinct "name:" in one of them; the name is the first part of every case id',
      });
    }
    byName.set(collisionKey(suite.name), suite);
  }
  return suites;
}

interface Prepared {
  file: string;
  source?: YamlSource;
  name: string;
  /** What can be checked further: the whole suite, or the parts of a broken one that parsed. */
  parts?: SuiteParts;
  /** The suite as a whole, when it parsed. */
  input?: SuiteInput;
  /** The suite sets `concurrency:` itself (else a project config's default may replace it). */
  concurrencySet?: boolean;
  problems: Problem[];
}

function prepare(file: string, text: string): Prepared {
  const name = defaultSuiteName(file);
  const parsed = parseYaml(file, text);
  if ('problems' in parsed) return { file, name, problems: parsed.problems };
  const { source } = parsed;
  const validated = validateSuite(source, parsed.value);
  const input = 'suite' in validated ? validated.suite : undefined;
  const problems = 'problems' in validated ? validated.problems : [];
  const parts = input ? wholeSuite(input) : salvageSuite(parsed.value);
  if (!parts) return { file, source, name, problems };
  const suiteName = parts.suite.name ?? name;
  const at: SourceLocation = parts.suite.name ? locate(source, ['name']) : { file, line: 1, col: 1 };
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(suiteName)) {
    problems.push({
      code: 'SUITE_NAME',
      message: `the file name gives the suite name "${suiteName}", which is not a safe name`,
      location: at,
      hint: 'set "name:" to letters, digits, ".", "_" and "-"',
    });
  } else {
    problems.push(...segmentProblems('suite name', suiteName, at));
  }
  const concurrencySet = typeof parsed.value === 'object' && parsed.value !== null && 'concurrency' in parsed.value;
  return { file, source, name: suiteName, parts, ...(input ? { input } : {}), concurrencySet, problems };
}

/** Where a case that expands too far is: its sweep, or the case itself. */
function caseLocation(source: YamlSource, prepared: { parts: SuiteParts }, index: number): SourceLocation {
  const input = prepared.parts.suite.cases[index];
  return input?.sweep
    ? locate(source, ['cases', index, 'sweep'], { key: true })
    : locate(source, ['cases', index, 'id']);
}

function byPosition(a: Problem, b: Problem): number {
  return (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.col ?? 0) - (b.location?.col ?? 0);
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
        message: `${file} is ${mebibytes(info.size)}; a suite may be at most ${mebibytes(MAX_SUITE_BYTES)}`,
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

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MiB`;
}

export function defaultSuiteName(file: string): string {
  return path.basename(file).replace(/\.(ya?ml)$/i, '');
}
