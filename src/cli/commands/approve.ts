import path from 'node:path';
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { CONFIG_HELP } from '../options.js';

interface ApproveFlags {
  run?: string;
  baselines?: string;
  reports?: string;
  config?: string;
}

export function registerApprove(program: Command, io: CliIo): void {
  program
    .command('approve')
    .description("promote a finished run's actual images to baselines (nothing is generated)")
    .argument('[patterns...]', 'case ids to approve; "*" matches anything (default: every failing or new image)')
    .option('--run <dir>', 'run folder (default: the newest under reports/)')
    .option('--baselines <dir>', "baselines folder (default: the config's, or baselines/ in the project root)")
    .option('--reports <dir>', "folder for run folders (default: the config's, or reports/ in the project root)")
    .option('--config <file>', CONFIG_HELP)
    .action(async (patterns: string[], flags: ApproveFlags) => {
      const [{ approveRun }, { resolveRunDir }, { openProject }] = await Promise.all([
        import('../../runs/approve.js'),
        import('../../runs/find.js'),
        import('../project.js'),
      ]);
      const project = await openProject({ config: flags.config });
      const runDir = await resolveRunDir(flags.run, flags.reports ?? project.reportsDir);
      const outcome = await approveRun({ runDir, patterns, baselinesDir: flags.baselines ?? project.baselinesDir });
      for (const image of outcome.approved) {
        io.stdout.write(`approved ${image.key} → ${path.relative(process.cwd(), image.path)}\n`);
      }
      for (const { caseId, reason } of outcome.refused) io.stderr.write(`not approved ${caseId}: ${reason}\n`);
      if (outcome.refused.length > 0) io.setExitCode(1);
      const n = outcome.approved.length;
      io.stdout.write(
        n === 0
          ? `nothing to approve in ${outcome.results.runId}: every case passes or was already written\n`
          : `${n} baseline image${n === 1 ? '' : 's'} approved from ${outcome.results.runId}; ${outcome.results.summary.failing} case(s) still failing\n`,
      );
    });
}
