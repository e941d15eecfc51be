import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { ComparePool } from '../../compare/compare-pool.js';
import { formatRatio } from '../../report/format.js';
import { UsageError } from '../../types/errors.js';
import { takeComparePool } from '../early-pool.js';
import type { CliIo } from '../io.js';
import { CONFIG_HELP, parseRatio } from '../options.js';

async function isFolder(candidate: string): Promise<boolean> {
  return (await stat(candidate).catch(() => undefined))?.isDirectory() === true;
}

/** A run is a folder path, or the name of a folder under the reports folder. */
async function runFolder(run: string, reportsDir: string): Promise<string> {
  for (const candidate of [run, path.join(reportsDir, run)]) {
    if ((await stat(candidate).catch(() => undefined))?.isDirectory()) return candidate;
  }
  throw new UsageError(`run folder not found: ${run}`, `pass a run folder, e.g. ${reportsDir}/<run-id>`);
}

interface CompareFlags {
  out?: string;
  threshold: string;
  maxDiffRatio: string;
  reports?: string;
  config?: string;
}

async function compareWith(comparator: ComparePool, runA: string, runB: string, flags: CompareFlags) {
  const { compareRuns } = await import('../../runs/compare-runs.js');
  // The project (its config: YAML and a schema to load) is opened when --config names one, when a run is
  // named by id, or when the output goes under the reports folder: two run folders and --out need none.
  let reports: Promise<string> | undefined;
  const reportsDir = () =>
    (reports ??=
      flags.reports !== undefined
        ? Promise.resolve(flags.reports)
        : import('../project.js').then(
            async ({ openProject }) => (await openProject({ config: flags.config })).reportsDir,
          ));
  if (flags.config !== undefined) await reportsDir();
  const folder = async (run: string) => ((await isFolder(run)) ? run : runFolder(run, await reportsDir()));
  return compareRuns({
    runA: await folder(runA),
    runB: await folder(runB),
    ...(flags.out ? { outDir: flags.out } : { reportsDir: await reportsDir() }),
    threshold: parseRatio(flags.threshold, '--threshold'),
    maxDiffRatio: parseRatio(flags.maxDiffRatio, '--max-diff-ratio'),
    comparator,
  });
}

export function registerCompare(program: Command, io: CliIo): void {
  program
    .command('compare')
    .description('A/B report of two finished runs, cases matched by prompt, seed and parameters (no baselines)')
    .argument('<runA>', 'run folder A (or a run id under reports/)')
    .argument('<runB>', 'run folder B')
    .option('--out <dir>', 'output folder (default: reports/compare-<A>--<B>)')
    .option('--threshold <n>', 'pixelmatch colour threshold, 0..1', '0.1')
    .option('--max-diff-ratio <n>', 'share of pixels that may differ for a case to count as the same', '0')
    .option('--reports <dir>', "folder for run folders (default: the config's, or reports/ in the project root)")
    .option('--config <file>', CONFIG_HELP)
    .option(
      '--fail-on-change',
      'exit 1 when any pair is not the same (changed, only in one run, or not comparable), so A/B can gate CI',
    )
    .action(
      async (
        runA: string,
        runB: string,
        flags: {
          out?: string;
          threshold: string;
          maxDiffRatio: string;
          reports?: string;
          config?: string;
          failOnChange?: boolean;
        },
      ) => {
        // The workers start first and load their code while this thread reads both runs.
        const comparator = await takeComparePool();
        const outcome = await compareWith(comparator, runA, runB, flags).finally(() => comparator.close());
        const { comparison } = outcome;
        const counts = Object.entries(comparison.summary.byStatus)
          .filter(([, n]) => n > 0)
          .map(([status, n]) => `${status} ${n}`)
          .join(' · ');
        io.stdout.write(
          `A ${comparison.a.runId} ⇄ B ${comparison.b.runId}: ${comparison.summary.total} cases — ${counts}\n`,
        );
        const most = comparison.pairs
          .filter((p) => p.status === 'changed')
          .sort((x, y) => y.diffRatio - x.diffRatio)
          .slice(0, 5);
        for (const p of most) io.stdout.write(`  ${formatRatio(p.diffRatio).padStart(8)}  ${p.id}\n`);
        io.stdout.write(`report: ${path.relative(process.cwd(), outcome.reports.html)}\n`);
        if (flags.failOnChange) {
          // Anything but "same" fails the gate: a pair missing on one side or not comparable is no proof of sameness.
          const differ = comparison.summary.total - comparison.summary.byStatus.same;
          if (differ > 0) {
            io.stdout.write(`${differ} of ${comparison.summary.total} cases differ (--fail-on-change)\n`);
            io.setExitCode(1);
          }
        }
      },
    );
}
