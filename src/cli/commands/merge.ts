import path from 'node:path';
import type { Command } from 'commander';
import { formatSummary, useColor } from '../../report/terminal.js';
import type { CliIo } from '../io.js';
import { CONFIG_HELP } from '../options.js';

export function registerMerge(program: Command, io: CliIo): void {
  program
    .command('merge')
    .description('merge shard run folders (seedsnap run --shard i/n) into one run folder and report')
    .argument('<runs...>', 'run folders to merge')
    .option('--out <dir>', 'merged run folder (default: reports/<stamp>-merged)')
    .option('--reports <dir>', "folder for run folders (default: the config's, or reports/ in the project root)")
    .option('--reporter <list>', "reports to write: html,json,junit,markdown (default: the config's reporters, or all)")
    .option('--config <file>', CONFIG_HELP)
    .action(async (runs: string[], flags: { out?: string; reports?: string; reporter?: string; config?: string }) => {
      const [{ parseReporters }, { mergeRuns }, { openProject }] = await Promise.all([
        import('../../report/reporters.js'),
        import('../../runs/merge.js'),
        import('../project.js'),
      ]);
      const project = await openProject({ config: flags.config });
      const outcome = await mergeRuns({
        runDirs: runs,
        reportsDir: flags.reports ?? project.reportsDir,
        reporters:
          flags.reporter === undefined && project.reporters ? project.reporters : parseReporters(flags.reporter),
        ...(flags.out ? { outDir: flags.out } : {}),
      });
      const html = outcome.reports.html ?? outcome.reports.json;
      io.stdout.write(`merged ${runs.length} run(s) into ${path.relative(process.cwd(), outcome.runDir) || '.'}\n`);
      io.stdout.write(
        formatSummary(outcome.results, {
          color: useColor(io.stdout, io.env),
          ...(html ? { reportPath: path.relative(process.cwd(), html) } : {}),
        }),
      );
      io.setExitCode(outcome.results.summary.failing > 0 || outcome.results.status !== 'complete' ? 1 : 0);
    });
}
