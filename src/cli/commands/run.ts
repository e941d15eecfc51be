import path from 'node:path';
import type { Command } from 'commander';
import { formatSummary, TerminalProgress, useColor } from '../../report/terminal.js';
import { parseShard } from '../../runner/select.js';
import { DEFAULT_MAX_CASES } from '../../suite/max-cases.js';
import { UsageError } from '../../types/errors.js';
import type { Shard, UpdateMode } from '../../types/index.js';
import { thousands } from '../../util/thousands.js';
import type { CliIo } from '../io.js';
import { CONFIG_HELP, collect, isCi, parsePositiveInt, parsePositiveNumber } from '../options.js';

interface RunFlags {
  update?: string;
  ci?: boolean;
  grep: string[];
  grepInvert: string[];
  model: string[];
  lastFailed?: boolean;
  maxFailures?: string;
  concurrency?: string;
  reporter?: string;
  out?: string;
  baselines?: string;
  reports?: string;
  config?: string;
  dryRun?: boolean;
  maxCost?: string;
  repeat?: string;
  shard?: string;
  variant?: string;
  resume?: boolean;
  run?: string;
  maxMegapixels?: string;
  maxCases?: string;
}

const UPDATE_MODES: Record<string, UpdateMode> = { all: 'all', failed: 'failed', new: 'new', none: 'none' };

export function parseUpdate(value: string | undefined): UpdateMode {
  if (value === undefined) return 'none';
  const mode = UPDATE_MODES[value];
  if (!mode) {
    throw new UsageError(
      `--update takes all, failed, new or none, not "${value}"`,
      'use -u to accept every change, --update=failed for failing and stale cases, --update=new for new ones',
    );
  }
  return mode;
}

function parseShardFlag(value: string): Shard {
  const shard = parseShard(value);
  if (!shard) throw new UsageError(`--shard must look like i/n with 1 ≤ i ≤ n, got "${value}"`, 'e.g. --shard 2/4');
  return shard;
}

function parseUsd(value: string): number {
  const amount = Number(value.replace(/^\$/, ''));
  if (!Number.isFinite(amount) || amount < 0)
    throw new UsageError(`--max-cost must be an amount of US dollars, got "${value}"`);
  return amount;
}

export function registerRun(program: Command, io: CliIo): void {
  program
    .command('run')
    .description('generate every case, compare with the baselines, write the report')
    .argument('[suites...]', "suite files (default: the project config's suites, or suites/*.yaml)")
    .option('-u, --update [mode]', 'write baselines: -u for all, --update=failed (fail, stale) or --update=new')
    .option('--ci', 'CI mode: a missing baseline is a failure and is not written (default when CI is set)')
    .option(
      '--grep <pattern>',
      'only cases whose id or prompt matches this regular expression (repeat: any of them)',
      collect,
      [],
    )
    .option('--grep-invert <pattern>', 'leave out cases whose id or prompt matches (repeatable)', collect, [])
    .option('--model <model>', 'only this model, id or label (repeat, or separate with commas)', collect, [])
    .option('--last-failed', 'run again only the cases that failed (or did not run) in the newest run')
    .option('--max-failures <n>', 'start no more cases after n have failed; the rest are reported as not run')
    .option('--concurrency <n>', "requests in flight (overrides the suites' concurrency)")
    .option(
      '--reporter <list>',
      'reports to write: html,json,junit,markdown (results.json always); github prints GitHub Actions annotations',
    )
    .option('--out <dir>', 'run folder (default: reports/<run-id>)')
    .option('--baselines <dir>', "baselines folder (default: the config's, or baselines/ in the project root)")
    .option('--reports <dir>', "folder for run folders (default: the config's, or reports/ in the project root)")
    .option('--config <file>', CONFIG_HELP)
    .option('--dry-run', 'list cases, images, megapixels and estimated cost; send nothing')
    .option('--max-cost <usd>', 'refuse to start when the estimated cost is above this many US dollars')
    .option('--repeat <k>', 'generate each case k times; outputs that differ among themselves are "flaky"')
    .option('--shard <i/n>', 'run only shard i of n (split by case id; merge the shards with seedsnap merge)')
    .option(
      '--variant <name>',
      'compare with the baselines of this variant, e.g. a GPU type (default: $SEEDSNAP_VARIANT)',
    )
    .option('--resume', 'finish an interrupted run without regenerating what it already did (with --run DIR)')
    .option('--run <dir>', 'with --resume: the run folder (default: the newest under reports/)')
    .option('--max-megapixels <mp>', 'refuse images whose header claims more megapixels than this (default 64)')
    .option(
      '--max-cases <n>',
      `refuse suites that would expand to more cases than this, before expanding them (default ${thousands(DEFAULT_MAX_CASES)})`,
    )
    .action(async (suiteArgs: string[], flags: RunFlags) => {
      // Loaded here, not at start-up: `seedsnap --help` and the other commands need none of it.
      const [
        { renderGithubAnnotations },
        { parseReporters },
        { formatUsd },
        { planRun },
        { runSuites },
        { resolveRunDir },
        { lastFailed },
        { openProject },
        { suitesToRun },
      ] = await Promise.all([
        import('../../report/github.js'),
        import('../../report/reporters.js'),
        import('../../runner/cost.js'),
        import('../../runner/plan.js'),
        import('../../runner/run.js'),
        import('../../runs/find.js'),
        import('../../runs/last-failed.js'),
        import('../project.js'),
        import('../suites.js'),
      ]);
      if (flags.resume && suiteArgs.length > 0) {
        throw new UsageError(
          '--resume finishes a run as it was started; do not name suites',
          'seedsnap run --resume [--run DIR]',
        );
      }
      if (flags.resume && flags.lastFailed) {
        throw new UsageError('--resume and --last-failed do not go together', 'finish the run first, then re-run');
      }
      // Paths come from the project (its config, or the folder above the suites); flags win.
      const project = await openProject({ config: flags.config, suites: suiteArgs });
      const reportsDir = flags.reports ?? project.reportsDir;
      const resume = flags.resume ? await resolveRunDir(flags.run, reportsDir) : undefined;
      const last = flags.lastFailed ? await lastFailed({ reportsDir }) : undefined;
      if (last && last.ids.length === 0) {
        io.stdout.write(`the newest run (${last.runId}) has no failing case: nothing to run again\n`);
        return;
      }
      const suites =
        resume || (last && suiteArgs.length === 0)
          ? (last?.suites ?? suiteArgs)
          : await suitesToRun(suiteArgs, project);
      const single = (values: string[]) => (values.length === 1 ? values[0] : values);
      const models = flags.model.flatMap((m) => m.split(',')).map((m) => m.trim());
      const maxCases = flags.maxCases ? { maxCases: parsePositiveInt(flags.maxCases, '--max-cases') } : {};
      const filter = {
        ...(flags.grep.length > 0 ? { grep: single(flags.grep) } : {}),
        ...(flags.grepInvert.length > 0 ? { grepInvert: single(flags.grepInvert) } : {}),
        ...(models.length > 0 ? { models } : {}),
        ...(last ? { ids: last.ids } : {}),
      };
      if (flags.dryRun) {
        const plan = await planRun({
          suites,
          ...filter,
          ...maxCases,
          ...(flags.shard ? { shard: parseShardFlag(flags.shard) } : {}),
        });
        for (const suite of plan.suites) {
          io.stdout.write(`${suite.name} (${suite.file}, provider ${suite.provider}): ${suite.cases.length} cases\n`);
          for (const c of suite.cases)
            io.stdout.write(`  ${c.id}${(c.request.n ?? 1) > 1 ? `  (n=${c.request.n})` : ''}\n`);
        }
        const mp = plan.megapixels === undefined ? 'unknown' : plan.megapixels.toFixed(2);
        const unpriced = plan.unpriced > 0 ? ` (+ ${plan.unpriced} case(s) without a known price)` : '';
        io.stdout.write(
          `\n${plan.cases} cases, ${plan.images} images, ${mp} megapixels, estimated cost ${formatUsd(plan.cost)}${unpriced}; nothing was sent\n`,
        );
        return;
      }
      const reporters =
        flags.reporter === undefined && project.reporters ? project.reporters : parseReporters(flags.reporter);
      const variant = flags.variant ?? (io.env.SEEDSNAP_VARIANT || undefined);
      const color = useColor(io.stderr, io.env);
      const progress = new TerminalProgress({
        stream: io.stderr,
        live: io.stderr.isTTY === true && !isCi(io.env),
        color,
      });
      const outcome = await runSuites({
        suites,
        ...filter,
        ci: flags.ci ?? isCi(io.env),
        update: parseUpdate(flags.update),
        ...(flags.concurrency ? { concurrency: parsePositiveInt(flags.concurrency, '--concurrency') } : {}),
        reporters,
        ...(flags.out ? { outDir: flags.out } : {}),
        ...(flags.maxCost !== undefined ? { maxCost: parseUsd(flags.maxCost) } : {}),
        ...(flags.repeat ? { repeat: parsePositiveInt(flags.repeat, '--repeat') } : {}),
        ...(flags.shard ? { shard: parseShardFlag(flags.shard) } : {}),
        ...(variant ? { variant } : {}),
        ...(flags.maxMegapixels ? { maxMegapixels: parsePositiveNumber(flags.maxMegapixels, '--max-megapixels') } : {}),
        ...(resume ? { resume } : {}),
        ...(last ? { lastFailedOf: last.runId } : {}),
        ...(flags.maxFailures ? { maxFailures: parsePositiveInt(flags.maxFailures, '--max-failures') } : {}),
        ...maxCases,
        ...(project.concurrency ? { defaultConcurrency: project.concurrency } : {}),
        providerDefaults: project.providers,
        baselinesDir: flags.baselines ?? project.baselinesDir,
        reportsDir,
        listeners: [progress],
        signal: io.signal,
        env: io.env,
      });
      const html = outcome.reports.html ?? outcome.reports.json;
      const reportPath = html ? path.relative(process.cwd(), html) : undefined;
      if (reporters.includes('github')) {
        io.stdout.write(
          renderGithubAnnotations(outcome.streamed, { env: io.env, ...(reportPath ? { reportPath } : {}) }),
        );
      }
      io.stdout.write(
        formatSummary(outcome.streamed, { color: useColor(io.stdout, io.env), ...(reportPath ? { reportPath } : {}) }),
      );
      const dir = path.relative(process.cwd(), outcome.runDir) || '.';
      let stopped = 0;
      for (const c of outcome.streamed.cases) if (c.stopped) stopped++;
      if (stopped > 0) {
        io.stderr.write(
          `${stopped} case(s) could not be written or recorded (their reasons say why): free space, then finish them with  seedsnap run --resume --run ${dir}\n`,
        );
      }
      if (outcome.results.status === 'interrupted') {
        io.stderr.write(`interrupted: finish it with  seedsnap run --resume --run ${dir}\n`);
        io.setExitCode(130);
        return;
      }
      io.setExitCode(outcome.results.summary.failing > 0 ? 1 : 0);
    });
}
