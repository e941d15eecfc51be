import path from 'node:path';
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { CONFIG_HELP } from '../options.js';

export function registerReport(program: Command, io: CliIo): void {
  program
    .command('report')
    .description("rebuild a run's reports from its results.json")
    .option('--run <dir>', 'run folder (default: the newest under reports/)')
    .option('--reports <dir>', "folder for run folders (default: the config's, or reports/ in the project root)")
    .option(
      '--reporter <list>',
      "reports to write: html,json,junit,markdown (default: the config's reporters, or all); github prints GitHub Actions annotations",
    )
    .option('--config <file>', CONFIG_HELP)
    .action(async (flags: { run?: string; reports?: string; reporter?: string; config?: string }) => {
      const [
        { renderGithubAnnotations },
        { parseReporters, writeReports },
        { updateResults },
        { resolveRunDir },
        { openProject },
      ] = await Promise.all([
        import('../../report/github.js'),
        import('../../report/reporters.js'),
        import('../../report/results-update.js'),
        import('../../runs/find.js'),
        import('../project.js'),
      ]);
      const project = await openProject({ config: flags.config });
      const runDir = await resolveRunDir(flags.run, flags.reports ?? project.reportsDir);
      const names =
        flags.reporter === undefined && project.reporters ? project.reporters : parseReporters(flags.reporter);
      // Under the run folder's lock: an approve or review of this run meanwhile is not written over.
      const { results, written } = await updateResults(runDir, async (results) => ({
        results,
        written: await writeReports(runDir, results, names),
      }));
      for (const file of Object.values(written)) io.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
      if (names.includes('github')) io.stdout.write(renderGithubAnnotations(results, { env: io.env }));
    });
}
