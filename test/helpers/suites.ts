import { defaultRegistry } from '../../src/providers/registry.js';
import { loadSuiteText } from '../../src/suite/load.js';
import { type Problem, SuiteError } from '../../src/types/errors.js';

export function load(text: string, file = 'suites/test.yaml') {
  return loadSuiteText(file, text, { catalog: defaultRegistry });
}

/** The problems a suite text produces (fails the test if it loads fine). */
export function problemsOf(text: string, file = 'suites/test.yaml'): Problem[] {
  try {
    load(text, file);
  } catch (error) {
    if (error instanceof SuiteError) return error.problems;
    throw error;
  }
  throw new Error('expected the suite to be rejected, but it loaded');
}
