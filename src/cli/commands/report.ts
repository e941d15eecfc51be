import path from 'node:path';
import type { Command } from 'commander';
import { resolveRunDir } from '../../pipeline/runs.js';
import { parseReporters, writeReports } from '../../report/reporters.js';
import { updateResults } from '../../report/results-file.js';
import type { CliIo } from '../io.js';

export function registerReport(program: Command, io: CliIo): void {
  program
    .command('report')
    .description("rebuild a run's reports from its results.json")
    .option('--run <dir>', 'run folder (default: the newest under reports/)')
    .option('--reports <dir>', 'folder for run folders', 'reports')
    .option('--reporter <list>', 'reports to write: html,json,junit,markdown')
    .action(async (flags: { run?: string; reports: string; reporter?: string }) => {
      const runDir = await resolveRunDir(flags.run, flags.reports);
      const reporters = parseReporters(flags.reporter);
      const written = await updateResults(runDir, (results) => writeReports(runDir, results, reporters));
      for (const file of Object.values(written)) io.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
    });
}
