/**
 * `-u` and `--update` take an optional mode (`--update=failed`). A parser would
 * read `-u suites/x.yaml` as mode "suites/x.yaml", so the bare flags are
 * rewritten to `--update=all` before parsing.
 */
export function normaliseArgv(argv: readonly string[]): string[] {
  return argv.map((arg) => (arg === '-u' || arg === '--update' ? '--update=all' : arg));
}
