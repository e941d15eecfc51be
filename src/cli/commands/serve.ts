import type { Command } from 'commander';
import type { ServeFlags } from '../../serve/options.js';
import type { CliIo } from '../io.js';

function help(settings: ServeSettings): string {
  return `
The built-in models behind a Together-compatible API (POST /v1/images/generations,
GET /v1/models), for trying the HTTP providers, and testing them, over a real socket:
  seedsnap serve --port 8787      then point a Together client at http://127.0.0.1:8787/v1

Fault flags take the share of requests to hit, 0 to 1; the shares are exclusive and add up to
at most 1. With --fault-seed the same request meets the same faults on every run, whatever the
concurrency. Every flag can also be set by its environment variable (a flag wins):
${Object.values(settings)
  .map((s) => `  ${s.flag.padEnd(24)} ${s.env}`)
  .join('\n')}

Stops on SIGINT/SIGTERM after the requests in flight are answered.`;
}

type ServeSettings = typeof import('../../serve/options.js')['SERVE_SETTINGS'];

/**
 * `settings` is serve/options.js's table, which loads the built-in model: main.ts passes it only when the
 * command line is `seedsnap serve …`. Without it (any other command, `seedsnap --help`) the command is
 * only named, as the list of commands shows it.
 */
export function registerServe(program: Command, io: CliIo, settings?: ServeSettings): void {
  const command = program
    .command('serve')
    .description('serve the built-in models over HTTP with Together request and response shapes');
  if (!settings) {
    // Listed as `serve [options]` all the same.
    command.option('--quiet', 'no line per request');
    return;
  }
  for (const setting of Object.values(settings)) command.option(setting.flag, setting.help);
  command.option('--quiet', 'no line per request');
  command.addHelpText('after', help(settings));
  command.action(async (flags: ServeFlags & { quiet?: boolean }) => {
    const [{ describeServeOptions, resolveServeOptions }, { startServer }] = await Promise.all([
      import('../../serve/options.js'),
      import('../../serve/server.js'),
    ]);
    const options = resolveServeOptions(flags, io.env);
    if (!flags.quiet) options.log = (line) => io.stdout.write(`${line}\n`);
    const server = await startServer(options);
    io.stdout.write(`seedsnap serve listening on ${server.url} (Together base URL ${server.url}/v1)\n`);
    for (const line of describeServeOptions(options)) io.stdout.write(`  ${line}\n`);
    await new Promise<void>((resolve) => {
      if (io.signal.aborted) resolve();
      else io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    io.stdout.write('seedsnap serve: stopping, answering the requests in flight\n');
    await server.close();
    io.stdout.write('seedsnap serve: stopped\n');
    io.setExitCode(0);
  });
}
