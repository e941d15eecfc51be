/**
 * `seedsnap init [DIR]`: a first suite that runs offline on the built-in
 * model, the project config (so seedsnap finds the project from any folder),
 * the JSON Schemas of both for editors, and `reports/` in .gitignore.
 * Existing files are never overwritten.
 */
import { access, appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SeedsnapError } from '../types/errors.js';
import { configJsonSchema } from './config-schema.js';
import { suiteJsonSchema } from './schema.js';

export const FIRST_SUITE = `# yaml-language-server: $schema=./suite.schema.json
#
# A first seedsnap suite. It runs on the built-in model (provider: local), with no
# network and no key. Point it at a real API by changing provider and models,
# e.g. provider: together and models: [black-forest-labs/FLUX.1-schnell].
name: first
provider: local
models:
  - id: sim-schnell            # sized by aspect ratio, clean after ~4 steps
    defaults: { aspect_ratio: "1:1", steps: 4 }
defaults:
  guidance_scale: 3.5
  output_format: png
seeds: [1, 42]
cases:
  - id: lighthouse
    prompt: a lighthouse on a cliff at sunset
  - id: red-fox
    prompt: a red fox sitting in fresh snow
    negative_prompt: blurry
  - id: steps-sweep            # one case per cell
    prompt: a sailboat on the ocean, watercolor
    seeds: [7]
    sweep:
      steps: [2, 4, 8]
`;

export const FIRST_CONFIG = `# yaml-language-server: $schema=./seedsnap.config.schema.json
#
# seedsnap's project config. Paths are relative to this file, so seedsnap finds the
# suites, baselines and reports from any folder; command-line flags override them.
suites: [suites/*.yaml]
baselines: baselines
reports: reports
# reporters: [html, json, junit, markdown]   # what a run writes without --reporter
# concurrency: 4                             # requests in flight, for suites that set none
# providers:                                 # defaults for every suite of a provider
#   together: { timeout_ms: 120000, images_per_minute: 60 }
`;

export interface InitOutcome {
  dir: string;
  written: string[];
  /** The commands to run next, in order. */
  next: string[];
  /** Whether the project (or a folder above it) has seedsnap in node_modules, so the commands will run. */
  installed: boolean;
}

/**
 * `npx --no-install` runs the project's own seedsnap and never fetches a package of that name from
 * the registry (a bare `npx seedsnap` would, when the install is missing or broken).
 */
export const RUN_SEEDSNAP = 'npx --no-install seedsnap';

/** Quote a path for a POSIX shell when it needs it. */
function shellPath(p: string): string {
  return /^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replaceAll("'", `'\\''`)}'`;
}

async function installedAbove(dir: string): Promise<boolean> {
  for (let at = dir; ; at = path.dirname(at)) {
    if (await exists(path.join(at, 'node_modules', '.bin', 'seedsnap'))) return true;
    if (path.dirname(at) === at) return false;
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

export async function initProject(dir = '.'): Promise<InitOutcome> {
  const root = path.resolve(dir);
  const suite = path.join(root, 'suites', 'first.yaml');
  const schema = path.join(root, 'suites', 'suite.schema.json');
  const config = path.join(root, 'seedsnap.config.yaml');
  const configSchema = path.join(root, 'seedsnap.config.schema.json');
  const taken = [];
  for (const file of [suite, schema, config, configSchema]) {
    if (await exists(file)) taken.push(path.relative(process.cwd(), file) || file);
  }
  if (taken.length > 0) {
    throw new SeedsnapError('INIT_EXISTS', `refusing to overwrite ${taken.join(', ')}`, {
      hint: 'init only creates files; move them away, or run init in another folder',
    });
  }
  await mkdir(path.dirname(suite), { recursive: true });
  await writeFile(suite, FIRST_SUITE, { flag: 'wx' });
  await writeFile(schema, `${JSON.stringify(suiteJsonSchema(), null, 2)}\n`, { flag: 'wx' });
  await writeFile(config, FIRST_CONFIG, { flag: 'wx' });
  await writeFile(configSchema, `${JSON.stringify(configJsonSchema(), null, 2)}\n`, { flag: 'wx' });
  const written = [config, configSchema, suite, schema];
  const gitignore = path.join(root, '.gitignore');
  const current = await readFile(gitignore, 'utf8').catch(() => undefined);
  if (current === undefined) {
    await writeFile(gitignore, 'reports/\n', { flag: 'wx' });
    written.push(gitignore);
  } else if (!/^\/?reports\/?\s*$/m.test(current)) {
    // Appending a line changes nothing already there.
    await appendFile(gitignore, `${current.endsWith('\n') || current === '' ? '' : '\n'}reports/\n`);
    written.push(gitignore);
  }
  const inDir = path.relative(process.cwd(), root);
  const prefix = inDir && inDir !== '.' ? `cd ${shellPath(inDir)} && ` : '';
  return {
    dir: root,
    written,
    next: [`${prefix}${RUN_SEEDSNAP} run suites/first.yaml`, `${prefix}${RUN_SEEDSNAP} run suites/first.yaml --ci`],
    installed: await installedAbove(root),
  };
}
