/** The default --max-cases: its own module, so `seedsnap run --help` can show it without loading the suite code. */
export const DEFAULT_MAX_CASES = 10_000;
