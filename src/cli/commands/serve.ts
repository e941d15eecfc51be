import type { Command } from 'commander';
import { describeServeOptions, resolveServeOptions, SERVE_SETTINGS, type ServeFlags } from '../../serve/options.js';
import { startServer } from '../../serve/server.js';
import type { CliIo } from '../io.js';

const HELP = `
The built-in models behind a Together-compatible API (POST /v1/images/generations,
GET /v1/models), for trying the HTTP providers, and testing them, over a real socket:
  seedsnap serve --port 8787      then point a Together client at http://127.0.0.1:8787/v1

Fault flags take the share of requests to hit, 0 to 1; the shares are exclusive and add up to
at most 1. With --fault-seed the same request meets the same faults on every run, whatever the
concurrency. Every flag can also be set by its environment variable (a flag wins):
${Object.values(SERVE_SETTINGS)
  .map((s) => `  ${s.flag.padEnd(24)} ${s.env}`)
  .join('\n')}

Stops on SIGINT/SIGTERM after the requests in flight are answered.`;

export function registerServe(program: Command, io: CliIo): void {
  const command = program
    .command('serve')
    .description('serve the built-in models over HTTP with Together request and response shapes');
  for (const setting of Object.values(SERVE_SETTINGS)) command.option(setting.flag, setting.help);
  command.option('--quiet', 'no line per request');
  command.addHelpText('after', HELP);
  command.action(async (flags: ServeFlags & { quiet?: boolean }) => {
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
