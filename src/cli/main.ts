/**
 * The `seedsnap` command: a thin layer over the library. It parses arguments,
 * calls the same functions the library exports, prints, and sets
 * process.exitCode — it never calls process.exit.
 */
import { Command, CommanderError } from 'commander';
import { useColor } from '../report/terminal.js';
import { VERSION } from '../version.js';
import { normaliseArgv } from './argv.js';
import { registerApprove } from './commands/approve.js';
import { registerReport } from './commands/report.js';
import { registerRun } from './commands/run.js';
import { registerServe } from './commands/serve.js';
import { reportError } from './errors.js';
import type { CliIo } from './io.js';

export function buildProgram(io: CliIo): Command {
  const program = new Command('seedsnap')
    .description('Regression and eval harness for text-to-image APIs: fixed-seed suites, pixel diffs, reports.')
    .version(VERSION, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  registerRun(program, io);
  registerApprove(program, io);
  registerReport(program, io);
  registerServe(program, io);
  for (const command of program.commands) command.exitOverride().showHelpAfterError('(run with --help for usage)');
  return program;
}

export async function main(argv: readonly string[], io: CliIo): Promise<void> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(normaliseArgv(argv), { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end with code 0; anything else commander rejects is bad usage.
      io.setExitCode(error.exitCode === 0 ? 0 : 2);
      return;
    }
    io.setExitCode(reportError(error, io.stderr, useColor(io.stderr, io.env)));
  }
}
