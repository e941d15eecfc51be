import path from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_REVIEW_PORT } from '../../review/port.js';
import type { CliIo } from '../io.js';
import { CONFIG_HELP, parsePort } from '../options.js';

export function registerReview(program: Command, io: CliIo): void {
  program
    .command('review')
    .description("serve a run's report on 127.0.0.1 to approve or reject case by case (Ctrl-C to stop)")
    .option('--run <dir>', 'run folder (default: the newest under reports/)')
    .option('--port <n>', `port on 127.0.0.1; 0 picks a free one (default ${DEFAULT_REVIEW_PORT})`)
    .option('--baselines <dir>', "baselines folder (default: the config's, or baselines/ in the project root)")
    .option('--reports <dir>', "folder for run folders (default: the config's, or reports/ in the project root)")
    .option('--config <file>', CONFIG_HELP)
    .action(async (flags: { run?: string; port?: string; baselines?: string; reports?: string; config?: string }) => {
      const [{ startReviewServer }, { resolveRunDir }, { openProject }] = await Promise.all([
        import('../../review/server.js'),
        import('../../runs/find.js'),
        import('../project.js'),
      ]);
      const project = await openProject({ config: flags.config });
      const runDir = await resolveRunDir(flags.run, flags.reports ?? project.reportsDir);
      const server = await startReviewServer({
        runDir,
        baselinesDir: flags.baselines ?? project.baselinesDir,
        port: flags.port === undefined ? DEFAULT_REVIEW_PORT : parsePort(flags.port),
        onDecision: (message) => io.stdout.write(`${message}\n`),
      });
      io.stdout.write(
        `reviewing ${path.relative(process.cwd(), runDir) || runDir} at ${server.url}  (Ctrl-C to stop)\n`,
      );
      await new Promise<void>((resolve) => {
        if (io.signal.aborted) resolve();
        else io.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      await server.close();
    });
}
