import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';

/** Without suite arguments, every suite in ./suites. */
export async function defaultSuites(): Promise<string[]> {
  const entries = await readdir('suites').catch(() => [] as string[]);
  const files = entries.filter((f) => /\.ya?ml$/i.test(f)).sort();
  if (files.length === 0) {
    throw new UsageError(
      'no suite given and no suites/*.yaml here',
      'pass a suite file: seedsnap run suites/quickstart.yaml',
    );
  }
  return files.map((f) => path.join('suites', f));
}
