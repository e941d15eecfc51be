/** Printing errors: known ones in a line or two with their fix, unknown ones with the stack. */

import { paint } from '../report/terminal.js';
import { ConfigError, SeedsnapError, SuiteError } from '../types/errors.js';
import { formatProblem } from '../util/format-problem.js';

export function reportError(error: unknown, stream: NodeJS.WritableStream, color: boolean): number {
  if (error instanceof SuiteError) {
    for (const problem of error.problems) stream.write(`${formatProblem(problem)}\n\n`);
    const n = error.problems.length;
    const files = new Set(error.problems.map((p) => p.location?.file).filter((f) => f !== undefined)).size;
    const subject = error instanceof ConfigError ? 'the project config' : files > 1 ? `${files} suites` : 'the suite';
    stream.write(
      `${paint(color, 'fail', `${n} problem${n === 1 ? '' : 's'} in ${subject}`)}; nothing was generated.\n`,
    );
    return 2;
  }
  if (error instanceof SeedsnapError) {
    stream.write(`${paint(color, 'fail', 'error')} ${error.code}: ${error.message}\n`);
    if (error.hint) stream.write(`  hint: ${error.hint}\n`);
    return error.exitCode;
  }
  stream.write(`${paint(color, 'fail', 'internal error')} (please report it):\n`);
  stream.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}
