/**
 * Where a project's files are when its config says nothing (relative to the project root, or the current
 * folder). In a file of their own, so that commands that only need a folder name (`compare`, finding the
 * newest run) do not load the config reader, its YAML parser and its schema.
 */
export const DEFAULT_SUITE_PATTERNS = ['suites/*.yaml', 'suites/*.yml'];
/** Where baselines and run folders live when nothing says otherwise. */
export const DEFAULT_BASELINES_DIR = 'baselines';
export const DEFAULT_REPORTS_DIR = 'reports';
