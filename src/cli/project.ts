/** The project a command works in: `--config FILE`, or the config / root found above the suites and the cwd. */
import type { Command } from 'commander';
import { defaultRegistry } from '../providers/registry.js';
import { parseReporters } from '../report/reporters.js';
import { type Project, resolveProject } from '../suite/project.js';
import { SeedsnapError } from '../types/errors.js';
import { CONFIG_HELP } from './options.js';

export { CONFIG_HELP } from './options.js';

export function withConfig(command: Command): Command {
  return command.option('--config <file>', CONFIG_HELP);
}

/** Why a reporter name from a config is refused, in the words `--reporter` would use. */
function reporterProblem(name: string): string | undefined {
  try {
    parseReporters(name);
    return undefined;
  } catch (error) {
    return error instanceof SeedsnapError ? (error.hint ?? error.message) : String(error);
  }
}

export function openProject(options: { config?: string | undefined; suites?: readonly string[] }): Promise<Project> {
  return resolveProject({
    ...(options.config === undefined ? {} : { config: options.config }),
    ...(options.suites ? { suites: options.suites } : {}),
    catalog: defaultRegistry,
    checkReporter: reporterProblem,
  });
}
