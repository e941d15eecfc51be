/**
 * The `seedsnap` command: a thin layer over the library. It parses arguments,
 * calls the same functions the library exports, prints, and sets
 * process.exitCode — it never calls process.exit.
 */
import { Command, CommanderError } from 'commander';
import { useColor } from '../report/terminal.js';
import { VERSION } from '../util/version.js';
import { normaliseArgv } from './argv.js';
import { reportError } from './errors.js';
import { type CliIo, terminalIo } from './io.js';

type Register = (program: Command, io: CliIo, parts: ProgramParts) => void;

/**
 * Every command's module, in the order help lists them. A command line that names a command loads and
 * registers that one only (its help, its errors and its parsing are the same with or without the others);
 * any other (help, --version, a typo commander suggests a command for) all of them.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  run: async () => (await import('./commands/run.js')).registerRun,
  approve: async () => (await import('./commands/approve.js')).registerApprove,
  report: async () => (await import('./commands/report.js')).registerReport,
  merge: async () => (await import('./commands/merge.js')).registerMerge,
  baselines: async () => (await import('./commands/baselines.js')).registerBaselines,
  init: async () => (await import('./commands/init.js')).registerInit,
  diff: async () => (await import('./commands/diff.js')).registerDiff,
  review: async () => (await import('./commands/review.js')).registerReview,
  compare: async () => (await import('./commands/compare.js')).registerCompare,
  serve: async () => {
    const { registerServe } = await import('./commands/serve.js');
    return (program, io, parts) => registerServe(program, io, parts.serveSettings);
  },
};

export interface ProgramParts {
  /** serve's settings table (serve/options.js): loaded only when the command is `serve`. */
  serveSettings?: Parameters<typeof import('./commands/serve.js').registerServe>[2];
  /** The commands to register, by name (default: all). */
  commands?: readonly string[];
}

export async function buildProgram(io: CliIo, parts: ProgramParts = {}): Promise<Command> {
  const program = new Command('seedsnap')
    .description('Regression and eval harness for text-to-image APIs: fixed-seed suites, pixel diffs, reports.')
    .version(VERSION, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  const registers = await Promise.all((parts.commands ?? Object.keys(COMMANDS)).map((name) => COMMANDS[name]?.()));
  for (const register of registers) register?.(program, io, parts);
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
  const named = args[0] !== undefined && Object.hasOwn(COMMANDS, args[0]) ? { commands: [args[0]] } : {};
  const program = await buildProgram(io, { ...(serveSettings ? { serveSettings } : {}), ...named });
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
