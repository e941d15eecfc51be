import { type Project, projectSuites } from '../suite/project.js';

/** The suites a command runs: the ones named, or the project's (its `suites:` globs, or suites/*.yaml). */
export async function suitesToRun(named: readonly string[], project: Project): Promise<string[]> {
  return named.length > 0 ? [...named] : projectSuites(project);
}
