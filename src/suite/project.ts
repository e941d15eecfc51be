/**
 * Where a project lives, so that `cd / && seedsnap run /path/to/project/suites/mine.yaml` writes
 * /path/to/project/baselines and not /baselines. The root is the folder of the project config
 * (`seedsnap.config.*`, found by walking up from the suites, then from the current folder);
 * without one, the nearest folder above the suites holding `suites/` or `package.json`; without
 * either, the current folder (as before there was a config). Config paths resolve from the
 * config's folder; flags typed on the command line resolve from the current folder, as any flag.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { SeedsnapError, UsageError } from '../types/errors.js';
import type { ModelCatalog, ProviderConfig, ProviderDefaults } from '../types/index.js';
import { CONFIG_FILES, type LoadConfigOptions, loadProjectConfig, type ProjectConfig } from './config.js';
import { DEFAULT_BASELINES_DIR, DEFAULT_REPORTS_DIR, DEFAULT_SUITE_PATTERNS } from './defaults.js';
import type { LoadedSuite } from './load.js';

export interface Project {
  /** Absolute; every default path is inside it. */
  root: string;
  /** Why this folder is the root: the config file, the marker found, or the current folder. */
  basis: 'config' | 'suites/' | 'package.json' | 'cwd';
  config?: ProjectConfig;
  /** Globs (relative to root) of the suites run when none are named. */
  suitePatterns: string[];
  baselinesDir: string;
  reportsDir: string;
  /** Reporters to write when none are asked for; undefined: the built-in default. */
  reporters?: string[];
  /** Concurrency for suites that set none. */
  concurrency?: number;
  providers: Record<string, ProviderDefaults>;
}

export interface ResolveProjectOptions extends LoadConfigOptions {
  /** Suites named on the command line (their folders are searched first). */
  suites?: readonly string[];
  /** `--config FILE`: this config, no search. */
  config?: string;
  cwd?: string;
  catalog?: ModelCatalog;
}

export { DEFAULT_BASELINES_DIR, DEFAULT_REPORTS_DIR, DEFAULT_SUITE_PATTERNS } from './defaults.js';

const isDir = (p: string) =>
  stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
const isFile = (p: string) =>
  stat(p).then(
    (s) => s.isFile(),
    () => false,
  );

function ancestors(from: string): string[] {
  const out: string[] = [];
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    out.push(dir);
    if (path.dirname(dir) === dir) return out;
  }
}

/** The nearest config file at or above `from`. Two config files in one folder are an error. */
export async function findConfigFile(from: string): Promise<string | undefined> {
  for (const dir of ancestors(from)) {
    const names = new Set(await readdir(dir).catch(() => [] as string[]));
    const found = CONFIG_FILES.filter((name) => names.has(name));
    if (found.length > 1) {
      throw new SeedsnapError('CONFIG_AMBIGUOUS', `${dir} holds ${found.join(' and ')}`, {
        hint: 'keep one project config file per folder',
      });
    }
    const [name] = found;
    if (name && (await isFile(path.join(dir, name)))) return path.join(dir, name);
  }
  return undefined;
}

/** Without a config: the nearest folder at or above `from` holding `suites/` or `package.json`. */
export async function findProjectRoot(from: string): Promise<{ root: string; basis: Project['basis'] } | undefined> {
  for (const dir of ancestors(from)) {
    if (await isDir(path.join(dir, 'suites'))) return { root: dir, basis: 'suites/' };
    if (await isFile(path.join(dir, 'package.json'))) return { root: dir, basis: 'package.json' };
  }
  return undefined;
}

export async function resolveProject(options: ResolveProjectOptions = {}): Promise<Project> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const starts = [...new Set((options.suites ?? []).map((s) => path.dirname(path.resolve(cwd, s))))];
  let configFile = options.config === undefined ? undefined : path.resolve(cwd, options.config);
  if (configFile === undefined) {
    const found = new Set<string>();
    for (const start of starts) {
      const file = await findConfigFile(start);
      if (file) found.add(file);
    }
    if (found.size > 1) {
      throw new UsageError(
        `the suites belong to different projects: ${[...found].join(' and ')}`,
        'run each project on its own, or pick one with --config FILE',
      );
    }
    configFile = [...found][0] ?? (await findConfigFile(cwd));
  }
  if (configFile !== undefined) {
    const config = await loadProjectConfig(configFile, options);
    const root = path.dirname(config.file);
    const { input } = config;
    return {
      root,
      basis: 'config',
      config,
      suitePatterns: input.suites === undefined ? DEFAULT_SUITE_PATTERNS : [input.suites].flat(),
      baselinesDir: path.resolve(root, input.baselines ?? DEFAULT_BASELINES_DIR),
      reportsDir: path.resolve(root, input.reports ?? DEFAULT_REPORTS_DIR),
      ...(input.reporters ? { reporters: input.reporters } : {}),
      ...(input.concurrency ? { concurrency: input.concurrency } : {}),
      providers: input.providers ?? {},
    };
  }
  const marked = await findProjectRoot(starts[0] ?? cwd);
  const root = marked?.root ?? cwd;
  return {
    root,
    basis: marked?.basis ?? 'cwd',
    suitePatterns: DEFAULT_SUITE_PATTERNS,
    baselinesDir: path.join(root, DEFAULT_BASELINES_DIR),
    reportsDir: path.join(root, DEFAULT_REPORTS_DIR),
    providers: {},
  };
}

/** The project's suites (its `suites:` globs, or suites/*.yaml), shown relative to the current folder when inside it. */
export async function projectSuites(project: Project, cwd = process.cwd()): Promise<string[]> {
  const files = (
    await glob(project.suitePatterns, { cwd: project.root, absolute: true, onlyFiles: true, expandDirectories: false })
  ).sort();
  if (files.length === 0) {
    const where = project.config ? path.relative(cwd, project.config.file) || project.config.file : project.root;
    throw new UsageError(
      `no suite given and none matches ${project.suitePatterns.join(', ')} in ${where}`,
      project.config
        ? 'fix "suites:" in the project config, or name a suite: seedsnap run suites/mine.yaml'
        : 'name a suite file (seedsnap run suites/mine.yaml), or seedsnap init to write a first one',
    );
  }
  return files.map((file) => {
    const relative = path.relative(cwd, file);
    return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
  });
}

export interface SuiteDefaults {
  /** Concurrency for suites that set none of their own. */
  defaultConcurrency?: number;
  /** Per provider name: keys a suite's own `provider:` does not set. */
  providerDefaults?: Record<string, ProviderDefaults>;
}

/** The project's defaults under each suite: what the suite says itself always wins. */
export function applySuiteDefaults(suites: readonly LoadedSuite[], defaults: SuiteDefaults): LoadedSuite[] {
  return suites.map((suite) => {
    const preset = defaults.providerDefaults?.[suite.provider.name];
    const own = suite.provider;
    const options = preset?.options || own.options ? { ...preset?.options, ...own.options } : undefined;
    const provider: ProviderConfig = { ...preset, ...own, ...(options ? { options } : {}) };
    const concurrency =
      suite.concurrencySet === false && defaults.defaultConcurrency ? defaults.defaultConcurrency : suite.concurrency;
    return { ...suite, concurrency, provider };
  });
}
