/**
 * The `seedsnap` command: a thin layer over the library. It parses arguments,
 * calls the same functions the library exports, prints, and sets
 * process.exitCode — it never calls process.exit.
 */
import { Command, CommanderError } from 'commander';
import { useColor } from '../report/terminal.js';
import { VERSION } from '../util/version.js';
import { normaliseArgv } from './argv.js';
import { registerApprove } from './commands/approve.js';
import { registerBaselines } from './commands/baselines.js';
import { registerCompare } from './commands/compare.js';
import { registerDiff } from './commands/diff.js';
import { registerInit } from './commands/init.js';
import { registerMerge } from './commands/merge.js';
import { registerReport } from './commands/report.js';
import { registerReview } from './commands/review.js';
import { registerRun } from './commands/run.js';
import { registerServe } from './commands/serve.js';
import { reportError } from './errors.js';
import { type CliIo, terminalIo } from './io.js';

export interface ProgramParts {
  /** serve's settings table (serve/options.js): loaded only when the command is `serve`. */
  serveSettings?: Parameters<typeof registerServe>[2];
}

export function buildProgram(io: CliIo, parts: ProgramParts = {}): Command {
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
  registerMerge(program, io);
  registerBaselines(program, io);
  registerInit(program, io);
  registerDiff(program, io);
  registerReview(program, io);
  registerCompare(program, io);
  registerServe(program, io, parts.serveSettings);
  const configure = (command: Command): void => {
    command.exitOverride().showHelpAfterError('(run with --help for usage)');
    for (const sub of command.commands) configure(sub);
  };
  for (const command of program.commands) configure(command);
  return program;
}

export async function main(argv: readonly string[], rawIo: CliIo): Promise<void> {
  const io = terminalIo(rawIo);
  const args = normaliseArgv(argv);
  // Each command loads what it needs when it runs; only serve's options table is needed to parse its line.
  // Any word `serve` (also `seedsnap help serve`): loading the table for nothing costs time, never a wrong help.
  const serveSettings = args.includes('serve') ? (await import('../serve/options.js')).SERVE_SETTINGS : undefined;
  const program = buildProgram(io, serveSettings ? { serveSettings } : {});
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end with code 0; anything else commander rejects is bad usage.
      io.setExitCode(error.exitCode === 0 ? 0 : 2);
      return;
    }
    io.setExitCode(reportError(error, io.stderr, useColor(io.stderr, io.env)));
  }
}
